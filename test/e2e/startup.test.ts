// End to end: while a large corpus is indexed (in the worker) the real bot answers /healthz and "still indexing".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CorpusProgress } from '../../src/progress.ts';
import { writeSyntheticCorpus } from '../search/synthetic-corpus.ts';
import { SECRET, startHarness, type Harness } from './harness.ts';
import { CHANNEL, post, slashCommand, USER, waitFor } from './slack-requests.ts';

describe('start-up with a large corpus', () => {
  let h: Harness | undefined;
  const papersDir = mkdtempSync(join(tmpdir(), 'paperbot-startup-'));
  afterAll(async () => {
    await h?.stop();
    rmSync(papersDir, { recursive: true, force: true });
  });

  it('answers /healthz (503) and /paper ("still indexing") mid-indexing, before ready resolves, then real answers', async () => {
    const papers = writeSyntheticCorpus(papersDir, 6000);
    let ready = false;
    let indexed = false;
    let base = '';
    const urls = { early: '' };
    // Mid-indexing (a thousand of 6000 papers done), a health check and a /paper go out; each notes whether the
    // indexing stage (done === total) or readiness had come when its answer arrived. A build on the event loop
    // would hold both answers until the whole stage is over.
    const answers: Array<Promise<{ what: string; status: number; indexed: boolean; ready: boolean }>> = [];
    const midway = (p: CorpusProgress) => {
      if (p.stage !== 'indexing') return;
      if (p.done === p.total) indexed = true;
      if (p.done !== 1000) return;
      const noted = (what: string) => (res: Response) => ({ what, status: res.status, indexed, ready });
      answers.push(fetch(`${base}/healthz`).then(noted('healthz')));
      answers.push(post(`${base}/slack/events`, SECRET, slashCommand('robust training', urls.early)).then(noted('paper')));
    };
    h = await startHarness({ env: { PAPERS_PATH: papers }, more: { onProgress: midway } });
    base = `http://127.0.0.1:${h.bot.port}`;
    urls.early = h.fake.responseUrl(CHANNEL, USER);
    const readyPromise = h.bot.ready.then(() => (ready = true));
    await readyPromise;

    expect(answers).toHaveLength(2);
    expect(await Promise.all(answers)).toEqual([
      { what: 'healthz', status: 503, indexed: false, ready: false },
      { what: 'paper', status: 200, indexed: false, ready: false },
    ]);
    const early = await waitFor(() => h!.fake.callsTo('response_url').find((c) => c.responseUrl?.id === urls.early.split('/').pop()));
    expect(early.args.text).toMatch(/still indexing/);

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(h.bot.services.index.size).toBe(6000);
    const later = h.fake.responseUrl(CHANNEL, USER);
    await post(`${base}/slack/events`, SECRET, slashCommand('token1234', later));
    const answer = await waitFor(() => h!.fake.callsTo('response_url').find((c) => c.responseUrl?.id === later.split('/').pop()));
    expect(JSON.stringify(answer.args.blocks)).toContain('2501.01234');
  });
});
