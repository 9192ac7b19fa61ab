// Named leases with an expiry, so that one replica of several does a job (the arXiv poll) and another takes over
// when it dies. The same single statement works on SQLite and PostgreSQL.
import { whenUnlocked, type Db } from './database.ts';
import type { LeaseStore } from './types.ts';

export type { LeaseStore } from './types.ts';

export class SqliteLeaseStore implements LeaseStore {
  constructor(private readonly db: Db) {}

  /**
   * One statement, so it is atomic across processes: takes a free or expired lease, or renews the holder's own.
   * ISO timestamps compare as text.
   */
  acquire(name: string, holder: string, ttlMs: number, at: Date): Promise<boolean> {
    return whenUnlocked(this.db, () =>
      this.db
        .prepare(
          `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
           WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`,
        )
        .run(name, holder, new Date(at.getTime() + ttlMs).toISOString(), at.toISOString()).changes === 1,
    );
  }

  async release(name: string, holder: string): Promise<void> {
    await whenUnlocked(this.db, () => this.db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder));
  }
}
