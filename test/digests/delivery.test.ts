import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServer } from 'node:net';
import { digestWebClient } from '../../src/digests/slack-post.ts';
import { channelPosts, makeHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(() => h?.close());

const add = (text: string) => h.service.command({ text: `add ${text}`, channelId: 'C1', userId: 'U1' });
const runRow = (date: string) => h.db.prepare('SELECT status, error, retryable FROM runs WHERE local_date = ?').get(date) as any;
const sub = (id: number) => h.db.prepare('SELECT status, pause_reason FROM subscriptions WHERE id = ?').get(id) as any;

async function monday() {
  h = await makeHarness({ at: '2026-03-08T12:00:00Z' });
  await add('robustness tz UTC');
  h.clock.set('2026-03-09T09:00:00Z');
}

/** Holds the digest's compose (its ledger read) until `open()`, and says when it has started: a slow compose at 75k. */
function holdCompose() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let started = false;
  const postedIn = h.store.ledger.postedIn.bind(h.store.ledger);
  h.store.ledger.postedIn = async (ch) => {
    started = true;
    await gate;
    return postedIn(ch);
  };
  return { open: () => open(), started: () => started };
}

describe('a shutdown while a digest is composing', () => {
  it('posts nothing, records "not posted", gives the papers back, and the next start sends it', async () => {
    await monday();
    const hold = holdCompose();
    const running = h.service.runDue();
    await vi.waitFor(() => expect(hold.started()).toBe(true));
    expect(runRow('2026-03-09').status).toBe('claimed');
    const stopping = h.service.stop();
    hold.open(); // the compose ends after the stop began
    const [outcome] = await running;
    await stopping;
    expect(outcome).toMatchObject({ status: 'deferred', error: 'stopped' });
    expect(channelPosts(h.slack)).toHaveLength(0);
    expect(runRow('2026-03-09')).toMatchObject({ status: 'failed', retryable: 1 });
    expect(h.db.prepare("SELECT count(*) AS n FROM ledger WHERE channel = 'C1'").get()).toEqual({ n: 0 });
    const [again] = await (await h.restart()).runDue();
    expect(again.status).toBe('sent');
    expect(channelPosts(h.slack)).toHaveLength(1);
  });

  it('a compose that outlasts the shutdown grace is left "not posted" too, and posts nothing when it ends', async () => {
    h = await makeHarness({ at: '2026-03-08T12:00:00Z', service: { scheduler: { stopGraceMs: 50 } } });
    await add('robustness tz UTC');
    h.clock.set('2026-03-09T09:00:00Z');
    const hold = holdCompose();
    const running = h.service.runDue();
    await vi.waitFor(() => expect(hold.started()).toBe(true));
    await h.service.stop(); // the grace runs out with the compose still held
    expect(runRow('2026-03-09')).toMatchObject({ status: 'failed', retryable: 1 });
    hold.open();
    const [outcome] = await running;
    expect(outcome.status).toBe('deferred');
    expect(channelPosts(h.slack)).toHaveLength(0);
    expect(runRow('2026-03-09')).toMatchObject({ status: 'failed', retryable: 1 });
  });
});

describe('digest delivery failures', () => {
  it('waits out a 429 for Retry-After, then posts once', async () => {
    await monday();
    h.slack.fail('chat.postMessage', { status: 429, retryAfter: 7, times: 2 });
    const [outcome] = await h.service.runDue();
    expect(outcome.status).toBe('sent');
    expect(h.sleeps).toEqual([7000, 7000]);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(3);
    expect(channelPosts(h.slack)).toHaveLength(1);
    expect(runRow('2026-03-09').status).toBe('sent');
  });

  it('never retries a 5xx (the post may have landed): the day is not reposted and its papers stay spent', async () => {
    await monday();
    h.slack.fail('chat.postMessage', { status: 503 });
    const [outcome] = await h.service.runDue();
    expect(outcome).toMatchObject({ status: 'failed', error: 'http_503' });
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
    expect(runRow('2026-03-09')).toMatchObject({ status: 'failed', retryable: 0 });
    expect((h.db.prepare("SELECT count(*) AS n FROM ledger WHERE channel = 'C1'").get() as { n: number }).n).toBeGreaterThan(0);
    h.slack.clearFailures();
    await h.service.runDue();
    expect(channelPosts(h.slack)).toHaveLength(0);
    expect(sub(1).status).toBe('active');
    expect(h.logLines().some((l) => l.msg === 'digest post failed' && l.code === 'http_503' && l.channel === 'C1')).toBe(true);
  });

  it('retries a refused connection (nothing was sent) with growing waits, then posts once', async () => {
    // A port nobody listens on: the connection is refused before any request leaves.
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const port = (srv.address() as { port: number }).port;
        srv.close(() => resolve(port));
      });
    });
    const dead = digestWebClient('xoxb-test', `http://127.0.0.1:${closed}/api/`);
    let calls = 0;
    h = await makeHarness({ at: '2026-03-08T12:00:00Z' });
    const live = digestWebClient('xoxb-test', h.slack.apiUrl);
    const service = await h.restart({ client: () => (++calls <= 2 ? dead : live) });
    await service.command({ text: 'add robustness tz UTC', channelId: 'C1', userId: 'U1' });
    h.clock.set('2026-03-09T09:00:00Z');
    const [outcome] = await service.runDue();
    expect(outcome.status).toBe('sent');
    expect(h.sleeps).toHaveLength(2);
    expect(h.sleeps[1]).toBeGreaterThan(h.sleeps[0]);
    expect(channelPosts(h.slack)).toHaveLength(1);
  });

  it('pauses on not_in_channel, tells the creator by DM, and resumes on request', async () => {
    await monday();
    h.slack.fail('chat.postMessage', { error: 'not_in_channel', times: 1 });
    const [outcome] = await h.service.runDue();
    expect(outcome).toMatchObject({ status: 'paused', error: 'not_in_channel' });
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(2); // no retry of a permanent error; then the DM
    expect(sub(1)).toEqual({ status: 'paused', pause_reason: 'not_in_channel' });
    expect(h.slack.callsTo('conversations.open')[0].args.users).toBe('U1');
    const dm = h.slack.callsTo('chat.postMessage')[1];
    expect(dm.args.channel).toBe('D1');
    expect(dm.args.text).toContain('`/invite @paperbot`');
    expect(dm.args.text).toContain('`/paper digest resume 1`');
    expect(runRow('2026-03-09')).toMatchObject({ status: 'failed', retryable: 1 });
    // Slack certainly showed nothing: the papers reserved for it are free again for the resumed digest.
    expect(h.db.prepare("SELECT count(*) AS n FROM ledger WHERE channel = 'C1'").get()).toEqual({ n: 0 });

    const list = await h.service.command({ text: 'list', channelId: 'C1', userId: 'U2' });
    expect(list.text).toMatch(/paused \(not_in_channel\)/);
    expect((await h.service.runDue()).length).toBe(0);

    h.clock.set('2026-03-09T09:20:00Z');
    const resumed = await h.service.command({ text: 'resume 1', channelId: 'C1', userId: 'U2' });
    expect(resumed.text).toMatch(/Resumed digest #1/);
    // The resume starts a catch-up send in the background (a stop() now would leave it for the next start).
    await vi.waitFor(() => expect(channelPosts(h.slack)).toHaveLength(1));
    await h.service.stop();
    expect(runRow('2026-03-09').status).toBe('sent');
    expect(sub(1).status).toBe('active');
  });

  it('pauses on is_archived and channel_not_found too, with advice for each', async () => {
    await monday();
    h.slack.fail('chat.postMessage', { error: 'is_archived', times: 1 });
    await h.service.runDue();
    expect(h.slack.callsTo('chat.postMessage')[1].args.text).toMatch(/archived. Unarchive it/);
    expect(sub(1).pause_reason).toBe('is_archived');
  });

  it('records "not posted, retry at T" before waiting; a restart waits until T, then posts once', async () => {
    await monday();
    h.slack.fail('chat.postMessage', { status: 429, retryAfter: 90 });
    // One attempt only: the run is left as a process killed during its wait would leave it.
    const first = await h.restart({ retry: { attempts: 1 } });
    const [outcome] = await first.runDue();
    expect(outcome).toMatchObject({ status: 'failed', error: 'ratelimited' });
    const row = h.db.prepare('SELECT status, retryable, retry_at FROM runs').get() as any;
    expect(row).toEqual({ status: 'failed', retryable: 1, retry_at: '2026-03-09T09:01:30.000Z' });
    expect(h.db.prepare("SELECT count(*) AS n FROM ledger WHERE channel = 'C1'").get()).toEqual({ n: 0 }); // papers given back
    // No process may claim it before Slack's Retry-After has passed.
    expect(await h.store.runs.claim(1, '2026-03-09', 'other', new Date('2026-03-09T09:01:00Z'))).toBe(false);

    h.slack.clearFailures();
    h.clock.set('2026-03-09T09:00:30Z');
    const [again] = await (await h.restart()).runDue();
    expect(again.status).toBe('sent');
    expect(h.sleeps).toEqual([60_000]); // waited the remaining minute, not the whole 90 s, and not zero
    expect(channelPosts(h.slack)).toHaveLength(1);
  });
});
