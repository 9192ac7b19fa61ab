// End to end: /paper digest through the real Bolt app (HTTP mode, signed requests), the digest service injected
// as the lead wires it, a temp SQLite file and the loopback fake Web API; then a scheduled post and a click on it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaperbot, type Paperbot } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { loadCorpus } from '../../src/papers/corpus.ts';
import { FakeSlack } from '../slack/fake-slack.ts';
import { memoryLog, TestClock } from '../digests/harness.ts';
import { expectAllMessagesValid } from './harness.ts';
import { blockActions, buttonsOf, CHANNEL, post, slashCommand, USER, waitFor } from './slack-requests.ts';

const SECRET = 'digest-e2e-secret';
let dir: string;
let fake: FakeSlack;
let bot: Paperbot;
let url: string;
const clock = new TestClock(Date.parse('2026-11-24T12:00:00Z')); // Tue 07:00 in New York

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-e2e-digest-'));
  fake = await new FakeSlack({ users: { [USER]: { name: 'alice', tz: 'America/New_York' } } }).start();
  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-e2e', SLACK_SIGNING_SECRET: SECRET, PORT: '0', SLACK_API_URL: fake.apiUrl, PAPERS_PATH: 'data/papers', DATABASE_PATH: join(dir, 'data', 'paperbot.db'), INDEX_CACHE_PATH: 'off' });
  const { log } = memoryLog();
  // The composition root wires store, library, digests and feeds as `npm start` does; only the clock is the test's.
  bot = await startPaperbot({ config, log, clock, sleep: async () => {}, feeds: { watchCorpus: false }, loadPapers: async () => (await loadCorpus(config.papersPath)).papers, exit: () => {} });
  await bot.ready;
  url = `http://127.0.0.1:${bot.port}/slack/events`;
});
afterAll(async () => {
  await bot?.shutdown.run('test');
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const digests = { runDue: () => bot.digests.runDue() };

async function digest(text: string) {
  const responseUrl = fake.responseUrl(CHANNEL, USER);
  const res = await post(url, SECRET, slashCommand(`digest ${text}`, responseUrl));
  expect(res.status).toBe(200);
  const id = responseUrl.split('/').pop();
  const call = await waitFor(() => fake.calls.find((c) => c.method === 'response_url' && c.responseUrl?.id === id));
  await bot.inflight.idle();
  return call.args as { text: string; blocks?: any[]; response_type?: string };
}

describe('/paper digest end to end', () => {
  it('adds, lists, previews, corrects and removes, ephemerally', async () => {
    const added = await digest('add robustness');
    expect(added.response_type ?? 'ephemeral').toBe('ephemeral');
    expect(added.text).toContain('Every weekday at 09:00 America/New_York, up to 3 papers on *robustness*');
    expect(added.text).toContain('Next: Tue 24 Nov 09:00 America/New_York');

    expect((await digest('list')).text).toMatch(/\*#1\* Every weekday at 09:00 America\/New_York/);

    const preview = await digest('preview 1');
    expect(preview.blocks?.find((b) => b.type === 'header')?.text.text).toBe('Daily papers · robustness · Tue 24 Nov');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);

    expect((await digest('add robustness at 25:00')).text).toMatch(/isn't a time of day/);
    expect((await digest('add tz Atlantis/Capital')).text).toMatch(/Unknown time zone/);
    expect((await digest('add count 0')).text).toMatch(/from 1 to 10/);
    expect((await digest('frobnicate')).text).toMatch(/\/paper digest add/);

    await digest('add calibration at 10:00 daily');
    expect((await digest('remove calibration')).text).toMatch(/Removed digest #2/);
    expect(await bot.store.subscriptions.inChannel(undefined, CHANNEL)).toHaveLength(1);
  });

  it('posts the digest at 09:00 New York time with working card buttons', async () => {
    clock.set('2026-11-24T14:00:00Z'); // 09:00 EST
    const [outcome] = await digests.runDue();
    expect(outcome).toMatchObject({ status: 'sent', channel: CHANNEL, localDate: '2026-11-24' });
    const posted = fake.callsTo('chat.postMessage').find((c) => c.args.channel === CHANNEL)!;
    expect(posted.args.blocks[0].text.text).toBe('Daily papers · robustness · Tue 24 Nov');
    const buttons = buttonsOf(posted.args.blocks);
    expect(buttons.length).toBeGreaterThan(0);

    const responseUrl = fake.responseUrl(CHANNEL, USER);
    const before = fake.calls.length;
    const res = await post(url, SECRET, blockActions(buttons[0], responseUrl, { ephemeral: false, message: { type: 'message', ts: '1700000000.000200', text: posted.args.text, blocks: posted.args.blocks } }));
    expect(res.status).toBe(200);
    await waitFor(() => fake.calls.length > before);
    await bot.inflight.idle();
    expect(fake.calls.slice(before).some((c) => !c.error)).toBe(true);

    expect(await digests.runDue()).toEqual([]); // sent today: nothing more is due
    expectAllMessagesValid(fake);
  });
});
