import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { channelPosts, makeHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(() => h?.close());

function worker(args: string[]): Promise<Array<{ localDate: string; status: string }>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.js', 'test/digests/race-worker.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

describe('two processes sharing one database file', () => {
  it('post each digest exactly once', async () => {
    h = await makeHarness({ at: '2026-03-08T12:00:00Z' });
    await h.service.command({ text: 'add robustness tz UTC count 1', channelId: 'C1', userId: 'U1' });
    await h.service.command({ text: 'add tz UTC count 1', channelId: 'C2', userId: 'U1' });
    const days = ['2026-03-09T09:00:05Z', '2026-03-10T09:00:05Z', '2026-03-11T09:00:05Z'];
    // Both processes need a moment to start (tsx + imports); they meet 2.5 s from now.
    const goAt = String(Date.now() + 2500);
    const [a, b] = await Promise.all([worker([h.dbPath, h.slack.apiUrl, goAt, ...days]), worker([h.dbPath, h.slack.apiUrl, goAt, ...days])]);

    const posts = channelPosts(h.slack);
    expect(posts).toHaveLength(6); // 2 channels × 3 days
    for (const day of ['2026-03-09', '2026-03-10', '2026-03-11']) {
      const sent = [...a, ...b].filter((o) => o.localDate === day && o.status === 'sent');
      expect(sent).toHaveLength(2);
    }
    // Neither process failed or posted twice; whichever lost a claim reports `skipped` (or saw the row first).
    expect([...a, ...b].every((o) => o.status === 'sent' || o.status === 'skipped')).toBe(true);
    if (process.env.RACE_DEBUG) console.log({ a, b });
    const runs = h.db.prepare("SELECT count(*) AS n, count(DISTINCT claimed_by) AS who FROM runs WHERE status = 'sent'").get() as { n: number; who: number };
    expect(runs.n).toBe(6);
    const ledger = h.db.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number };
    expect(ledger.n).toBe(6);
  }, 30_000);
});
