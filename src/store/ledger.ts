// The ledger: which papers each channel has already been sent, so a digest never repeats one.
import type { Db } from './database.ts';

export class Ledger {
  constructor(private readonly db: Db) {}

  /** Ids of every paper a digest has posted in `channel`. */
  postedIn(channel: string): Set<string> {
    const rows = this.db.prepare('SELECT paper_id FROM ledger WHERE channel = ?').all(channel) as Array<{ paper_id: string }>;
    return new Set(rows.map((r) => r.paper_id));
  }

  /**
   * Composes and reserves in one write transaction (BEGIN IMMEDIATE): `pick` reads what the channel already got and
   * chooses papers, and they are recorded before the transaction ends. Another process composing for the same
   * channel waits for the lock and then sees them, so two digests (even from two bot processes) can't pick the
   * same paper. The caller posts after this, and calls `release` if Slack certainly did not post.
   */
  reserve<T extends { paperIds: string[] }>(channel: string, subscriptionId: number, at: Date, pick: () => T): T {
    return this.db
      .transaction(() => {
        const picked = pick();
        this.record(channel, picked.paperIds, subscriptionId, at);
        return picked;
      })
      .immediate();
  }

  /** Gives back papers reserved by `reserve` whose digest was certainly not posted, so a later digest may use them. */
  release(channel: string, paperIds: string[], subscriptionId: number): void {
    const remove = this.db.prepare('DELETE FROM ledger WHERE channel = ? AND paper_id = ? AND subscription_id = ?');
    this.db.transaction(() => {
      for (const id of paperIds) remove.run(channel, id, subscriptionId);
    })();
  }

  /** Records papers as posted; call inside the transaction that marks the run sent. */
  record(channel: string, paperIds: string[], subscriptionId: number, at: Date): void {
    const insert = this.db.prepare('INSERT INTO ledger (channel, paper_id, posted_at, subscription_id) VALUES (?, ?, ?, ?) ON CONFLICT (channel, paper_id) DO NOTHING');
    for (const id of paperIds) insert.run(channel, id, at.toISOString(), subscriptionId);
  }
}
