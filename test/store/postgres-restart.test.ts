// The PostgreSQL store across a server stop and start: calls fail fast while it is down, the same store works after.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import type { Store } from '../../src/store/types.ts';
import { describePostgresFaults, startPrivatePostgres, type PrivatePostgres } from '../support/postgres.ts';
import { capturedLog, settings } from './contract-support.ts';

/** `work`'s outcome (value or error), or a rejection saying it still waits after `ms`: a hang fails clearly. */
function settled<T>(ms: number, work: Promise<T>): Promise<{ value?: T; error?: Error }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  const outcome = work.then((value) => ({ value }), (error: Error) => ({ error }));
  return Promise.race([outcome, deadline]).finally(() => clearTimeout(timer));
}

describePostgresFaults('the PostgreSQL store across a server restart', () => {
  let server: PrivatePostgres;
  let store: Store;
  const { log, lines } = capturedLog();
  beforeAll(async () => {
    server = await startPrivatePostgres();
    store = await openPostgresStore(server.url, { log, poolMax: 3 });
  });
  afterAll(async () => {
    await store?.close();
    await server?.close();
  });

  it('rejects calls within seconds while the server is down, then answers again with no reopen', async () => {
    const s = await store.subscriptions.add('C1', 'U1', settings(), new Date(0), 'T1');
    const dedupe = store.seenEvents({ log });
    expect(await dedupe.isDuplicate('Ev1')).toBe(false);

    await server.stop();
    const started = performance.now();
    const down = await settled(8_000, store.subscriptions.get(s.id));
    expect(down.error, 'a call while the server is stopped').toBeInstanceOf(Error);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await settled(5_000, store.runs.claim(s.id, '2026-01-05', 'h', new Date(0)))).toHaveProperty('error');
    // The request path never throws over the dedupe: this process's memory answers.
    expect(await dedupe.isDuplicate('Ev1')).toBe(true);
    expect(await dedupe.isDuplicate('Ev2')).toBe(false);
    // The idle connections the stop closed were reported, not thrown (an unheard 'error' would end the process).
    expect(lines.filter((l) => l.event === 'postgres_pool_error').length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.event === 'event_dedupe_db_failed')).toHaveLength(1);

    await server.start();
    const back = await settled(10_000, (async () => {
      for (;;) {
        try {
          return await store.subscriptions.get(s.id);
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    })());
    expect(back.value?.channel).toBe('C1');
    expect(await store.runs.claim(s.id, '2026-01-05', 'h', new Date(0))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the dedupe leaves the database alone for FAILED_PAUSE_MS
    expect(await dedupe.isDuplicate('Ev3')).toBe(false);
    expect(lines.filter((l) => l.event === 'event_dedupe_db_recovered')).toHaveLength(1);
  });
});
