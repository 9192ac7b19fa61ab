// End to end: the lab feed through the real Bolt app (HTTP, signed requests) and the loopback Web API: a digest ranked
// by the lab's taste with "Why:" lines, 👍/👎 buttons that take, reactions on a one-paper post, and 👎 moving papers down.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAction } from '../../src/blocks/actions.ts';
import { startPaperbot, type Paperbot } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { FakeSlack } from '../slack/fake-slack.ts';
import { memoryLog, TestClock } from '../digests/harness.ts';
import { FEED, LIBRARY, toJsonl } from './fixtures/lab-feed-papers.ts';
import { expectAllMessagesValid } from './harness.ts';
import { blockActions, buttonsOf, CHANNEL, eventCallback, post, slashCommand, TEAM, USER, waitFor, type Button } from './slack-requests.ts';

const SECRET = 'lab-feed-e2e-secret';
let dir: string;
let fake: FakeSlack;
let bot: Paperbot;
let url: string;
const clock = new TestClock(Date.parse('2026-11-24T08:00:00Z'));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-e2e-labfeed-'));
  mkdirSync(join(dir, 'papers'));
  writeFileSync(join(dir, 'papers', 'lab.jsonl'), toJsonl(LIBRARY));
  fake = await new FakeSlack().start();
  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-e2e', SLACK_SIGNING_SECRET: SECRET, PORT: '0', SLACK_API_URL: fake.apiUrl, PAPERS_PATH: join(dir, 'papers'), DATABASE_PATH: join(dir, 'bot.db'), INDEX_CACHE_PATH: 'off' });
  bot = await startPaperbot({ config, log: memoryLog().log, clock, sleep: async () => {}, feeds: { watchCorpus: false }, exit: () => {} });
  await bot.ready;
  // A day of new papers, through the same path the arXiv poller's papers take.
  bot.library.merge(FEED);
  url = `http://127.0.0.1:${bot.port}/slack/events`;
});
afterAll(async () => {
  await bot?.shutdown.run('test');
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `/paper <text>` in `channel`; the ephemeral answer. */
async function paper(text: string, channel = CHANNEL) {
  const responseUrl = fake.responseUrl(channel, USER);
  expect((await post(url, SECRET, slashCommand(text, responseUrl, { channel_id: channel }))).status).toBe(200);
  const id = responseUrl.split('/').pop();
  const call = await waitFor(() => fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === id));
  await bot.inflight.idle();
  return call.args as { text: string; blocks?: any[] };
}

/** Paper ids of a message's cards, in order (from their buttons' state). */
const cardIds = (blocks: any[] | undefined) => [...new Set(buttonsOf(blocks).map((b) => decodeAction(b.value)?.paperId).filter(Boolean))] as string[];
const button = (blocks: any[] | undefined, paperId: string, label: RegExp) => buttonsOf(blocks).find((b) => decodeAction(b.value)?.paperId === paperId && label.test(b.text.text))!;

async function click(b: Button, opts: { message?: unknown; user?: string; channel?: string } = {}) {
  const channel = opts.channel ?? CHANNEL;
  const responseUrl = fake.responseUrl(channel, opts.user ?? USER);
  const id = responseUrl.split('/').pop();
  const res = await post(url, SECRET, blockActions(b, responseUrl, { channel, user: opts.user, ...(opts.message ? { ephemeral: false, message: opts.message } : {}) }));
  expect(res.status).toBe(200);
  await bot.inflight.idle();
  return (fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === id)?.args ?? { text: '' }) as { text: string };
}

describe('the lab feed in Slack', () => {
  it('adds a digest ranked by the lab, confirmed in words, and previews it with a Why line on every card', async () => {
    const added = await paper('digest add for us count 3 daily tz UTC');
    expect(added.text).toContain(`Every day at 09:00 UTC, the 3 new papers most like this lab's (learned from ${LIBRARY.length} library papers)`);
    const preview = await paper('digest preview 1');
    const ids = cardIds(preview.blocks);
    expect(ids).toHaveLength(3);
    // The far-off subjects never make it; the library's own papers are never recommended.
    expect(ids.some((id) => id.startsWith('x') || id.startsWith('lab-'))).toBe(false);
    const whys = JSON.stringify(preview.blocks).match(/Why: like \*[^*]+\*( · shared: [^"]+)?/g) ?? [];
    expect(whys).toHaveLength(3);
    expect(whys[0]).toMatch(/shared: \w+/);
    expect(JSON.stringify(preview.blocks)).toContain(`Ranked by what this lab reads (learned from ${LIBRARY.length} library papers)`);
  });

  it('posts the digest with 👍/👎 on each card; a click is recorded per person and shows its count on the post', async () => {
    clock.set('2026-11-24T09:00:00Z');
    const [outcome] = await bot.digests.runDue();
    expect(outcome).toMatchObject({ status: 'sent', papers: 3 });
    const posted = fake.callsTo('chat.postMessage').find((c) => c.args.channel === CHANNEL)!;
    expect(posted.args.blocks[0].text.text).toMatch(/^For this lab · /);
    const first = cardIds(posted.args.blocks)[0];
    const message = { type: 'message', ts: '1700000000.000200', text: posted.args.text, blocks: posted.args.blocks };

    const note = await click(button(posted.args.blocks, first, /Relevant/), { message });
    expect(note.text).toMatch(/^👍 Noted: papers like \*.+\* will rank higher/);
    const update = fake.callsTo('chat.update').at(-1)!;
    expect(update.args).toMatchObject({ channel: CHANNEL, ts: '1700000000.000200' });
    expect(button(update.args.blocks, first, /Relevant/).text.text).toBe('👍 Relevant · 1');
    // Another person's 👍 adds up; the same person's second click does not count twice.
    await click(button(posted.args.blocks, first, /Relevant/), { message, user: 'U0BOB' });
    await click(button(posted.args.blocks, first, /Relevant/), { message, user: 'U0BOB' });
    expect(button(fake.callsTo('chat.update').at(-1)!.args.blocks, first, /Relevant/).text.text).toBe('👍 Relevant · 2');
    expect(await bot.store.feedback.tally(TEAM, CHANNEL, first)).toEqual({ up: 2, down: 0 });
    expectAllMessagesValid(fake);
  });

  it("a channel's 👎 on papers about one subject moves such papers down at its next ranking, with no restart", async () => {
    const reading = 'C0READING';
    const before = cardIds((await paper('for us', reading)).blocks);
    // The lab reads robustness and some backdoor work: both kinds are in its top 5 at first.
    expect(before.filter((id) => id.startsWith('r'))).toHaveLength(3);
    const backdoors = before.filter((id) => id.startsWith('b'));
    expect(backdoors.length).toBeGreaterThanOrEqual(2);
    const [dislike, keep] = backdoors;
    const list = (await paper('for us', reading)).blocks;
    expect((await click(button(list, dislike, /Not for us/), { channel: reading })).text).toMatch(/^👎 Noted: papers like \*.+\* will rank lower in <#C0READING>/);
    const after = cardIds((await paper('for us', reading)).blocks);
    expect(after).not.toContain(dislike); // their own 👎 papers are never recommended
    // The other backdoor paper falls below papers on subjects the lab never read.
    const rankAfter = after.includes(keep) ? after.indexOf(keep) : Infinity;
    expect(rankAfter).toBeGreaterThan(before.indexOf(keep));
    expect(after.some((id) => id.startsWith('x'))).toBe(true);
    expect((await bot.store.feedback.taste(TEAM, reading)).disliked).toEqual([dislike]);
    // Another channel's taste is its own.
    expect((await bot.store.feedback.taste(TEAM, CHANNEL)).disliked).toEqual([]);
  });

  it('a 👍 reaction on a shared one-paper card counts as Relevant, and removing it takes it back', async () => {
    const list = (await paper('for us')).blocks;
    const id = cardIds(list)[0];
    await click(button(list, id, /Share to channel/));
    const shared = await waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.args.channel === CHANNEL && JSON.stringify(c.args.blocks).includes(id) && c.posted));
    const ts = shared.posted!.ts;
    const react = (type: string, reaction: string) =>
      post(url, SECRET, eventCallback({ type, user: 'U0CAROL', reaction, item_user: 'UPAPERBOT', item: { type: 'message', channel: CHANNEL, ts }, event_ts: '1700000400.000100' }));
    expect((await react('reaction_added', '+1::skin-tone-3')).status).toBe(200);
    await waitFor(async () => (await bot.store.feedback.tally(TEAM, CHANNEL, id)).up === 1);
    expect((await bot.store.feedback.taste(TEAM, CHANNEL)).liked).toContain(id);
    expect((await react('reaction_removed', '+1::skin-tone-3')).status).toBe(200);
    await waitFor(async () => (await bot.store.feedback.tally(TEAM, CHANNEL, id)).up === 0);
    // A reaction on a message that is not a one-paper bot post means nothing.
    await post(url, SECRET, eventCallback({ type: 'reaction_added', user: 'U0CAROL', reaction: '-1', item: { type: 'message', channel: CHANNEL, ts: '1600000000.000001' }, event_ts: '1700000400.000200' }));
    await bot.inflight.idle();
    expect((await bot.store.feedback.taste(TEAM, CHANNEL)).disliked).not.toContain(id);
  });

  it('another channel of the lab learns from the same library', async () => {
    const other = 'C0EMPTYLAB';
    const added = await (async () => {
      const responseUrl = fake.responseUrl(other, USER);
      await post(url, SECRET, slashCommand('digest add for us robustness', responseUrl, { channel_id: other }));
      const id = responseUrl.split('/').pop();
      return (await waitFor(() => fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === id))).args as { text: string };
    })();
    // This channel has the lab's library too (the corpus is the lab's): so it learns from it.
    expect(added.text).toMatch(/most like this lab's \(learned from 5 library papers/);
  });
});

describe('the lab feed before any new paper has arrived', () => {
  it('says where new papers come from when a lab digest is added and previewed, and stops saying it once they come', async () => {
    const own = mkdtempSync(join(tmpdir(), 'paperbot-e2e-nofeed-'));
    mkdirSync(join(own, 'papers'));
    writeFileSync(join(own, 'papers', 'lab.jsonl'), toJsonl(LIBRARY));
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-e2e', SLACK_SIGNING_SECRET: SECRET, PORT: '0', SLACK_API_URL: fake.apiUrl, PAPERS_PATH: join(own, 'papers'), DATABASE_PATH: join(own, 'bot.db'), INDEX_CACHE_PATH: 'off' });
    const early = await startPaperbot({ config, log: memoryLog().log, clock, sleep: async () => {}, feeds: { watchCorpus: false }, exit: () => {} });
    try {
      await early.ready;
      const at = `http://127.0.0.1:${early.port}/slack/events`;
      const ask = async (text: string, channel: string) => {
        const responseUrl = fake.responseUrl(channel, USER);
        expect((await post(at, SECRET, slashCommand(text, responseUrl, { channel_id: channel }))).status).toBe(200);
        const id = responseUrl.split('/').pop();
        return (await waitFor(() => fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === id))).args as { text: string; blocks?: any[] };
      };
      const hint = /Nothing to post yet: papers arrive from arXiv \(set ARXIV_CATEGORIES or ARXIV_QUERY\)/;
      const added = await ask('digest add for us', 'C0NOFEED1');
      expect(added.text).toMatch(/most like this lab's \(learned from 5 library papers\)/);
      expect(added.text).toMatch(hint);
      const preview = await ask('digest preview', 'C0NOFEED1');
      expect(JSON.stringify(preview.blocks)).toMatch(/No new papers today: papers arrive from arXiv/);
      // A topic digest is not told: it draws on the whole library.
      expect((await ask('digest add robustness', 'C0NOFEED1')).text).not.toMatch(hint);
      early.library.merge(FEED);
      const later = await ask('digest add for us', 'C0NOFEED2');
      expect(later.text).toMatch(/most like this lab's/);
      expect(later.text).not.toMatch(hint);
      expect(JSON.stringify((await ask('digest preview', 'C0NOFEED2')).blocks)).not.toMatch(/papers arrive from arXiv/);
    } finally {
      await early.shutdown.run('test');
      rmSync(own, { recursive: true, force: true });
    }
  });
});
