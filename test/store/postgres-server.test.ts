// The throwaway PostgreSQL the tests use (.ci/postgres, test/support/postgres.ts): databases of their own, and a pool
// that comes back by itself after the server restarts.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  describePostgres,
  describePostgresFaults,
  postgresForTests,
  startPrivatePostgres,
  useTestDatabase,
  type PrivatePostgres,
} from '../support/postgres.ts';

/** One query on a connection of its own. */
async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Rejects with "still waiting" after `ms`: a hang fails the test with a clear message instead of its timeout. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

describe('postgresForTests', () => {
  it('runs PostgreSQL tests only for a postgres:// DATABASE_URL, and says why not otherwise', () => {
    expect(postgresForTests({})).toMatchObject({ url: undefined, skipReason: 'DATABASE_URL is not set' });
    expect(postgresForTests({ DATABASE_URL: 'data/paperbot.db' })).toMatchObject({ url: undefined, skipReason: 'DATABASE_URL is not a postgres:// URL' });
    const url = 'postgresql://postgres@127.0.0.1:5432/paperbot_test';
    expect(postgresForTests({ DATABASE_URL: url })).toEqual({ url, skipReason: undefined, faultSkipReason: 'PAPERBOT_PG_CTL is not set (.ci/postgres sets it)' });
    expect(postgresForTests({ DATABASE_URL: url, PAPERBOT_PG_CTL: '/tmp/x/pg_ctl' }).faultSkipReason).toBeUndefined();
  });
});

describePostgres('the test PostgreSQL server', () => {
  const db = useTestDatabase();

  it('gives this file a database of its own', async () => {
    const [row] = await query<{ name: string }>(db().url, 'SELECT current_database() AS name');
    expect(row.name).toBe(db().name);
    expect(db().name).toMatch(/^pb_\d+_[0-9a-f]{12}$/);
  });

  it('keeps two test databases apart: a table made in one is absent from the other, and drop() removes them', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(a.name).not.toBe(b.name);
      await query(a.url, 'CREATE TABLE papers (id text PRIMARY KEY, title text NOT NULL)');
      await query(a.url, 'INSERT INTO papers VALUES ($1, $2)', ['2401.00001', 'Only in A']);
      const [absent] = await query<{ t: string | null }>(b.url, "SELECT to_regclass('papers')::text AS t");
      expect(absent.t).toBeNull();
      await query(b.url, 'CREATE TABLE papers (id text PRIMARY KEY, title text NOT NULL)');
      await query(b.url, 'INSERT INTO papers VALUES ($1, $2)', ['2401.00002', 'Only in B']);
      expect(await query(a.url, 'SELECT id, title FROM papers')).toEqual([{ id: '2401.00001', title: 'Only in A' }]);
      expect(await query(b.url, 'SELECT id, title FROM papers')).toEqual([{ id: '2401.00002', title: 'Only in B' }]);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
    const left = await query(postgresForTests().url!, 'SELECT datname FROM pg_database WHERE datname = ANY($1)', [[a.name, b.name]]);
    expect(left).toEqual([]);
  });
});

describePostgresFaults('a pg.Pool across a server stop and start', () => {
  let server: PrivatePostgres;
  beforeAll(async () => {
    server = await startPrivatePostgres();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('fails fast with a connection error while the server is down, then answers again by itself once it is back', async () => {
    const pool = new pg.Pool({ connectionString: server.url, connectionTimeoutMillis: 2_000 });
    // An idle client whose server goes away emits 'error' on the pool; without a listener that crashes the process.
    const idleErrors: Error[] = [];
    pool.on('error', (err) => idleErrors.push(err));
    try {
      await pool.query('CREATE TABLE runs (id int PRIMARY KEY)');
      await pool.query('INSERT INTO runs VALUES (1)');

      await server.stop();
      const down = await within(10_000, pool.query('SELECT 1').then(() => null, (err: NodeJS.ErrnoException) => err));
      expect(down, 'a query while the server is stopped').toBeInstanceOf(Error);
      expect(down!.code ?? down!.message).toMatch(/ECONNREFUSED|ECONNRESET|57P01|57P03|Connection terminated/);

      await server.start();
      // The same pool, no new one: it replaces its dead clients with fresh connections on the next query.
      const back = await within(10_000, (async () => {
        for (;;) {
          try {
            return await pool.query<{ id: number }>('SELECT id FROM runs');
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      })());
      expect(back.rows).toEqual([{ id: 1 }]);
    } finally {
      await pool.end();
    }
  });
});
