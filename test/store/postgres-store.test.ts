// What only the PostgreSQL store has: migrations under an advisory lock, a redacted location, pool errors, the bounded dedupe.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { SchemaTooNewError } from '../../src/store/database.ts';
import { openPostgresStore, PG_SCHEMA_VERSION, PostgresEventDedupe, redactUrl } from '../../src/store/postgres/index.ts';
import type { Store } from '../../src/store/types.ts';
import { describePostgres, useTestDatabase } from '../support/postgres.ts';
import { capturedLog } from './contract-support.ts';

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('redactUrl', () => {
  it('replaces the password, in the userinfo or a parameter, and leaves a URL without one alone', () => {
    expect(redactUrl('postgres://bot:s3cret-pw@db.example:5432/paperbot')).toBe('postgres://bot:***@db.example:5432/paperbot');
    expect(redactUrl('postgresql://bot@db.example/paperbot?sslmode=require&password=s3cret')).toBe('postgresql://bot@db.example/paperbot?sslmode=require&password=***');
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/paperbot_test')).toBe('postgres://postgres@127.0.0.1:5432/paperbot_test');
    expect(redactUrl('not a url :pw@ password=s3cret')).not.toContain('s3cret');
  });
});

describePostgres('openPostgresStore', () => {
  const db = useTestDatabase('each');
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  const open = async (url = db().url, log = capturedLog().log) => {
    const s = await openPostgresStore(url, { log, poolMax: 3 });
    stores.push(s);
    return s;
  };

  it('migrates once when two replicas open a new database at the same moment, and not again on reopen', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    expect(a.kind).toBe('postgres');
    const applied = await query<{ version: number; applied_at: string }>(db().url, 'SELECT version, applied_at FROM schema_migrations ORDER BY version');
    expect(applied.map((r) => r.version)).toEqual(Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1));
    await b.close();
    await open();
    expect(await query(db().url, 'SELECT version, applied_at FROM schema_migrations ORDER BY version')).toEqual(applied);
  });

  it('refuses a database migrated by a newer paperbot, and leaves it as it is', async () => {
    await (await open()).close();
    await query(db().url, 'INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [PG_SCHEMA_VERSION + 1, 'later']);
    await expect(openPostgresStore(db().url, { log: capturedLog().log })).rejects.toBeInstanceOf(SchemaTooNewError);
    expect((await query(db().url, 'SELECT max(version) AS v FROM schema_migrations'))[0]).toEqual({ v: PG_SCHEMA_VERSION + 1 });
  });

  it('never shows the password in its location', async () => {
    const url = new URL(db().url);
    url.password = 'not-checked-by-trust-auth';
    const s = await open(url.toString());
    expect(s.location).not.toContain('not-checked-by-trust-auth');
    expect(s.location).toContain(':***@');
  });

  it("logs an idle connection's error instead of crashing, and the next call gets a new connection", async () => {
    const { log, lines } = capturedLog();
    const s = await open(db().url, log);
    await s.subscriptions.active(); // leaves an idle connection in the pool
    const killed = await query<{ ok: boolean }>(db().url, "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'paperbot'");
    expect(killed.length).toBeGreaterThan(0);
    await expect.poll(() => lines.filter((l) => l.event === 'postgres_pool_error').length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(await s.subscriptions.active()).toEqual([]);
  });
});

describePostgres('PostgresEventDedupe', () => {
  const db = useTestDatabase();
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    for (const p of pools.splice(0)) await p.end();
  });

  it('answers from memory within its timeout when the claim waits on a lock, and uses the database again later', async () => {
    await (await openPostgresStore(db().url, { log: capturedLog().log })).close(); // the schema
    const pool = new pg.Pool({ connectionString: db().url });
    pools.push(pool);
    const { log, lines } = capturedLog();
    const dedupe = new PostgresEventDedupe(pool, { log, timeoutMs: 200 });
    // Another replica's claim of EvX, not committed yet: this claim of the same id waits on its row.
    const blocker = new pg.Client({ connectionString: db().url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('INSERT INTO slack_events_seen (event_id, seen_at) VALUES ($1, $2)', ['EvX', Date.now()]);
      const started = performance.now();
      expect(await dedupe.isDuplicate('EvX')).toBe(false);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(await dedupe.isDuplicate('EvX')).toBe(true); // from memory
      expect(lines.filter((l) => l.event === 'event_dedupe_db_failed')).toHaveLength(1);
      await blocker.query('COMMIT');
    } finally {
      await blocker.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 1100)); // FAILED_PAUSE_MS
    const other = new PostgresEventDedupe(pool, { log: capturedLog().log });
    expect(await other.isDuplicate('EvX')).toBe(true); // the other replica's claim, committed
    expect(await dedupe.isDuplicate('EvY')).toBe(false);
    expect(lines.filter((l) => l.event === 'event_dedupe_db_recovered')).toHaveLength(1);
  });

  it('prunes expired rows in bounded batches every pruneEvery claims', async () => {
    const pool = new pg.Pool({ connectionString: db().url });
    pools.push(pool);
    await pool.query('DELETE FROM slack_events_seen');
    let now = 0;
    const dedupe = new PostgresEventDedupe(pool, { log: capturedLog().log, ttlMs: 1000, pruneEvery: 10, pruneLimit: 50, now: () => now });
    let most = 0;
    for (let i = 0; i < 400; i++) {
      now += 10; // 100 ids per TTL
      expect(await dedupe.isDuplicate(`ev${i}`)).toBe(false);
      if (i % 10 === 9) most = Math.max(most, Number((await pool.query('SELECT count(*) AS n FROM slack_events_seen')).rows[0].n));
    }
    expect(most).toBeLessThanOrEqual(100 + 10 + 1);
    expect(most).toBeGreaterThanOrEqual(100);
  });
});
