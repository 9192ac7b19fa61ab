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
