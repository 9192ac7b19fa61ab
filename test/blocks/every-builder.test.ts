// Every builder on hostile and huge inputs: within Slack's limits, and no markup but our own.
import { describe, expect, it } from 'vitest';
import {
  abstractMessage,
  bibtexMessage,
  checkMessage,
  digestMessage,
  errorMessage,
  helpMessage,
  searchMessage,
  sharedCardMessage,
  similarMessage,
  type Message,
} from '../../src/blocks/index.ts';
import { digestPost, digestReplies, pauseAdvice } from '../../src/blocks/digest-replies.ts';
import { feedbackNoted, forUsMessage } from '../../src/blocks/lab-feed.ts';
import { readingListMessage, savedNoted } from '../../src/blocks/saved.ts';
import { forgottenMessage, nothingToForgetMessage, sharedListMessage, withShares } from '../../src/blocks/shared.ts';
import { trendsMessage } from '../../src/blocks/trends.ts';
import { unfurlAsMessage, unfurlFor } from '../../src/blocks/unfurl.ts';
import { noTitleMatchMessage } from '../../src/blocks/like-messages.ts';
import type { Subscription } from '../../src/store/subscriptions.ts';
import { hit, hits, paper, results } from './fixtures.ts';

const EVIL = '<!channel> <!here> <@U999EVIL> <#C999EVIL> <https://evil.example|click> & <script>alert(1)</script> *bold* `code` |pipe| ';
const hugeQuery = EVIL.repeat(Math.ceil(100_000 / EVIL.length));
const evilPaper = (i: number) =>
  paper({
    id: `${EVIL}${i}`,
    title: EVIL.repeat(50),
    authors: Array.from({ length: 500 }, () => EVIL),
    abstract: EVIL.repeat(Math.ceil(20_000 / EVIL.length)),
    venue: EVIL,
    url: 'https://ok.example/?a=1&b=<2>|3',
    links: [{ kind: 'code', url: 'javascript:alert(1)' }, { kind: 'data', url: 'https://data.example/x' }],
  });
const evilHits = Array.from({ length: 60 }, (_, i) => hit(evilPaper(i), EVIL.repeat(20), 'channel'));

/**
 * Every `<…>` in every mrkdwn text (and the top-level `text`, which Slack parses as mrkdwn) must be one we
 * made: an http(s) link, or a mention of the ids we passed. plain_text (headers, buttons) is never parsed.
 */
function foreignMarkup(msg: Message): string[] {
  const texts: string[] = [msg.text];
  JSON.stringify(msg.blocks ?? [], (_k, v) => {
    if (v && typeof v === 'object' && v.type === 'mrkdwn' && typeof v.text === 'string') texts.push(v.text);
    return v;
  });
  return texts.flatMap((t) => t.match(/<[^>]*>/g) ?? []).filter((m) => !/^<(https?:\/\/[^|<>\s]+\|[^<>|]*|@U0123ABC|#C0123ABC)>$/.test(m));
}

const built: Array<[string, Message]> = [
  ['searchMessage', searchMessage(results({ query: hugeQuery, hits: evilHits, total: 1000, offset: 40, truncated: true }), { limit: 60, expandedId: evilHits[2].paper.id, userId: 'U0123ABC' })],
  ['searchMessage (mention)', searchMessage(results({ query: hugeQuery, hits: evilHits, total: 60 }), { limit: 60, surface: 'mention', userId: 'U0123ABC' })],
  ['searchMessage (no results)', searchMessage(results({ query: hugeQuery, hits: [], total: 0, suggestions: Array.from({ length: 30 }, () => hugeQuery) }), { limit: 5 })],
  ['similarMessage', similarMessage(evilPaper(99), results({ query: hugeQuery, hits: evilHits, total: 1000 }), { limit: 60, expandedId: evilHits[0].paper.id })],
  ['sharedCardMessage', sharedCardMessage(evilHits[0], 'U0123ABC')],
  ['abstractMessage', abstractMessage(evilPaper(1))],
  ['bibtexMessage', bibtexMessage(evilPaper(1))],
  ['helpMessage', helpMessage()],
  ['errorMessage', errorMessage(hugeQuery)],
  ['digestMessage', digestMessage({ topic: hugeQuery, dateLabel: hugeQuery, hits: evilHits, channel: 'C0123ABC', title: hugeQuery })],
  ['digestMessage (plain)', digestMessage({ topic: 'robustness', dateLabel: 'Tue 24 Nov', hits: hits(60) })],
];

const evilSub: Subscription = { id: 7, channel: 'C0123ABC', creator: 'U0123ABC', topic: EVIL, time: '09:00', timezone: 'UTC', days: 'daily', count: 3, notifyEmpty: true, status: 'paused', pauseReason: EVIL, createdAt: '' };
built.push(
  ['digestPost', digestPost({ topic: hugeQuery, dateLabel: EVIL, hits: evilHits })],
  ['digestReplies.added', digestReplies.added(evilSub, 'Mon 09:00 UTC')],
  ['digestReplies.list', digestReplies.list(Array.from({ length: 10 }, () => ({ sub: evilSub, next: 'Mon 09:00 UTC' })))],
  ['digestReplies.notFound', digestReplies.notFound(EVIL)],
  ['digestReplies.inputError', digestReplies.inputError('Unknown time zone {got}.', EVIL)],
  ['digestReplies.unknown', digestReplies.unknown(EVIL)],
  ['digestReplies.duplicate', digestReplies.duplicate(evilSub)],
  ['digestReplies.removed', digestReplies.removed(evilSub)],
  ['digestReplies.resumed', digestReplies.resumed(evilSub, 'Mon 09:00 UTC')],
  ['digestReplies.preview', digestReplies.preview(digestPost({ topic: EVIL, dateLabel: EVIL, hits: evilHits }), { shownId: 7, count: 3 })],
  ['pauseAdvice', { text: pauseAdvice(evilSub, 'is_archived') }],
);

// The lab feed, the personal layer and paper links: the same two checks on their builders.
const evilWhy = new Map(evilHits.map((h) => [h.paper.id, { likeTitle: EVIL.repeat(20), shared: [EVIL, EVIL] }]));
const evilTaste = { library: 3, liked: 2, disliked: 1, cold: false };
const evilShare = { userId: 'U0123ABC', channel: 'C0123ABC', at: new Date('2026-11-30T10:00:00Z') };
const evilTrend = { query: hugeQuery, unit: 'year' as const, labels: ['2019', '2020'], counts: [1, 2], matched: 3, counted: 3, dated: 3, cut: false, authors: [{ name: EVIL, papers: 2 }], terms: [{ word: EVIL, papers: 2 }] };
built.push(
  ['forUsMessage', forUsMessage({ channel: 'C0123ABC', topic: hugeQuery, hits: evilHits, why: evilWhy, taste: evilTaste, candidates: 60 })],
  ['digestPost (lab feed)', digestPost({ topic: hugeQuery, dateLabel: EVIL, hits: evilHits, why: evilWhy, taste: evilTaste })],
  ['feedbackNoted', feedbackNoted(EVIL.repeat(30), 1, 'C0123ABC')],
  ['feedbackNoted (not for us)', feedbackNoted(EVIL.repeat(30), -1)],
  ['readingListMessage', readingListMessage({ hits: evilHits, total: 60, offset: 0, limit: 60, query: hugeQuery })],
  ['savedNoted', savedNoted(EVIL.repeat(30), true, 'x')],
  ['sharedListMessage', sharedListMessage({ period: 'week', words: hugeQuery, items: evilHits.map((hit) => ({ hit, shared: evilShare })) })],
  ['withShares (search page)', withShares(searchMessage(results({ query: hugeQuery, hits: evilHits, total: 60 }), { limit: 60 }), () => evilShare)],
  ['forgottenMessage', forgottenMessage(['C0123ABC'])],
  ['nothingToForgetMessage', nothingToForgetMessage(hugeQuery)],
  ['trendsMessage', trendsMessage(evilTrend, { kind: 'failed', error: EVIL })],
  ['unfurl', unfurlAsMessage(evilPaper(3), unfurlFor(evilPaper(3), { shared: evilShare }))],
  ['noTitleMatchMessage', noTitleMatchMessage(hugeQuery)],
);

describe('every builder', () => {
  for (const [name, msg] of built) {
    it(`${name} passes checkMessage on huge hostile input`, () => {
      expect(checkMessage(msg)).toEqual([]);
    });
    it(`${name} carries no mention or link from the data`, () => {
      expect(foreignMarkup(msg)).toEqual([]);
    });
  }
});
