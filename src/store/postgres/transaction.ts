// One PostgreSQL transaction on one pooled connection: BEGIN, the caller's statements, COMMIT (ROLLBACK on a throw).
import type pg from 'pg';

/** Thrown by `fn` to roll back without an error reaching the caller: `transaction` returns its `value`. */
export class Rollback<T> {
  constructor(readonly value: T) {}
}

/**
 * Runs `fn` on a connection of `pool`, checked out for it alone. While checked out, a connection has no listener
 * for its 'error' event (pg.Pool attaches one only to idle connections), and an unheard 'error' (the server
 * restarted mid-query) would crash the process: this listens, and a connection that failed is destroyed on release
 * instead of going back to the pool.
 */
export async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err; // the pending query rejects with it too; the caller sees it there
  };
  client.on('error', onError);
  try {
    return await fn(client);
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

/**
 * Runs `fn` inside BEGIN … COMMIT on one connection of `pool`. A throw rolls back and rethrows, except a `Rollback`,
 * whose value is returned.
 */
export function transaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (client) => {
    await client.query('BEGIN');
    try {
      const value = await fn(client);
      await client.query('COMMIT');
      return value;
    } catch (err) {
      // On a broken connection ROLLBACK fails too; the first error is the one worth reporting (pg.Pool drops a
      // connection that is no longer queryable when it is released).
      await client.query('ROLLBACK').catch(() => {});
      if (err instanceof Rollback) return err.value as T;
      throw err;
    }
  });
}
