// End to end: the HTTP listener is up before the corpus is indexed; /healthz says 503, then 200; shutdown waits for work.
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/papers/corpus.ts';
import { SECRET, startHarness, type Harness } from './harness.ts';
import { CHANNEL, post, slashCommand, USER, waitFor } from './slack-requests.ts';

describe('readiness and shutdown', () => {
  let h: Harness | undefined;
  afterAll(async () => {
    await h?.stop();
  });

  it('/healthz answers 503 while indexing and 200 once ready; early commands hear "still indexing"', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h = await startHarness({ loadPapers: async () => (await gate, (await loadCorpus(['data/papers'])).papers) });
    const base = `http://127.0.0.1:${h.bot.port}`;

    const before = await fetch(`${base}/healthz`);
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ status: 'indexing' });

    const responseUrl = h.fake.responseUrl(CHANNEL, USER);
    expect((await post(`${base}/slack/events`, SECRET, slashCommand('robustness', responseUrl))).status).toBe(200);
    const early = await waitFor(() => h!.fake.callsTo('response_url').at(-1));
    expect(early.args.text).toMatch(/still indexing/);

    release();
    await h.bot.ready;
    const after = await fetch(`${base}/healthz`);
    expect(after.status).toBe(200);
    const body = (await after.json()) as { status: string; papers: number };
    expect(body.status).toBe('ok');
    expect(body.papers).toBeGreaterThan(0);
  });

  it('shutdown stops taking requests, lets running handlers finish, runs close hooks, exits 0', async () => {
    const running = h!;
    const order: string[] = [];
    let finish!: () => void;
    const slow = running.bot.inflight.run(() => new Promise<void>((r) => (finish = r)).then(() => order.push('handler done')));
    running.bot.shutdown.add('db', () => order.push('db closed'));
    const stopping = running.bot.shutdown.run('SIGTERM');
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual([]); // still waiting for the handler
    // New connections are refused (a kept-alive socket may still bring the request its client was sending).
    const dial = new Promise((resolve, reject) => connect(running.bot.port!, '127.0.0.1').on('connect', resolve).on('error', reject));
    await expect(dial).rejects.toThrow(/ECONNREFUSED/);
    finish();
    await slow;
    expect(await stopping).toBe(0);
    expect(order).toEqual(['handler done', 'db closed']);
    await running.fake.close();
    h = undefined;
  });
});
