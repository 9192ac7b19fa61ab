// Named leases with an expiry on PostgreSQL, so one replica of several does a job and another takes over when it dies.
import type pg from 'pg';
import type { LeaseStore } from '../types.ts';

export class PgLeaseStore implements LeaseStore {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * One statement, atomic across hosts: takes a free or expired lease, or renews the holder's own. A concurrent
   * taker waits on the row, then re-checks the WHERE against the winner's row (not expired): refused. ISO timestamps
   * compare as text (expires_at is COLLATE "C").
   */
  async acquire(name: string, holder: string, ttlMs: number, at: Date): Promise<boolean> {
    const res = await this.pool.query(
      `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.holder = excluded.holder OR leases.expires_at <= $4`,
      [name, holder, new Date(at.getTime() + ttlMs).toISOString(), at.toISOString()],
    );
    return res.rowCount === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.pool.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
  }
}
