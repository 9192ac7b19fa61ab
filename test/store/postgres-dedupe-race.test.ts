// A Slack retry delivered to two replicas at once is answered once: two real processes, one PostgreSQL database.
import { expect, it } from 'vitest';
import { describePostgres, useTestDatabase } from '../support/postgres.ts';
import { raceDedupeWorkers } from './dedupe-race.ts';

describePostgres('the shared event dedupe on PostgreSQL, across processes', () => {
  const db = useTestDatabase('file');

  it('two processes claiming the same 2,000 event ids: each id is new to exactly one of them', async () => {
    const count = 2000;
    const [a, b] = await raceDedupeWorkers('test/store/dedupe-race-worker-pg.ts', [db().url, String(count)]);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect(a.length + b.length).toBe(count);
    // Both really raced: each process won some ids (were they run one after the other, one would win all).
    expect(Math.min(a.length, b.length)).toBeGreaterThan(0);
  }, 60_000);
});
