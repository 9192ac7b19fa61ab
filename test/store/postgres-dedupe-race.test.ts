// A Slack retry delivered to two replicas at once is answered once: two real processes, one PostgreSQL database.
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { describePostgres, useTestDatabase } from '../support/postgres.ts';

describePostgres('the shared event dedupe on PostgreSQL, across processes', () => {
  const db = useTestDatabase('file');

  it('two processes claiming the same 2,000 event ids: each id is new to exactly one of them', async () => {
    const count = 2000;
    const workers = [0, 1].map(() => {
      const child = spawn(process.execPath, ['bin/run-ts.js', 'test/store/dedupe-race-worker-pg.ts', db().url, String(count)]);
      let out = '';
      let err = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (err += c));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      return { child, out: () => out, err: () => err, exited };
    });
    const end = Date.now() + 30_000;
    while (!workers.every((w) => w.out().startsWith('ready\n'))) {
      if (Date.now() > end) throw new Error(`workers did not start: ${workers.map((w) => w.err()).join('\n')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const startAt = Date.now() + 300;
    for (const w of workers) w.child.stdin.write(`${startAt}\n`);
    const codes = await Promise.all(workers.map((w) => w.exited));
    expect(codes, workers.map((w) => w.err()).join('\n')).toEqual([0, 0]);
    const [a, b] = workers.map((w) => JSON.parse(w.out().trim().split('\n').at(-1)!) as string[]);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect(a.length + b.length).toBe(count);
    // Both really raced: each process won some ids (were they run one after the other, one would win all).
    expect(Math.min(a.length, b.length)).toBeGreaterThan(0);
  }, 60_000);
});
