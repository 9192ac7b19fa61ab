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
   * Reserves `paperIds` for a digest of `channel`, all or none, in one short write transaction (BEGIN IMMEDIATE):
   * inside it, the ledger is read again, and if another digest (another subscription, or another process) took any of
   * them since the caller composed, nothing is written and those ids are returned, so the caller composes again.
   * Composing stays outside: a slow compose (75k papers) must not hold the file's write lock, which every other
   * process's writes wait on. The caller posts after this, and calls `release` if Slack certainly did not post.
   */
  reserve(channel: string, paperIds: string[], subscriptionId: number, at: Date): { taken: string[] } {
    return this.db
      .transaction(() => {
        const taken = this.taken(channel, paperIds);
        if (taken.length === 0) this.record(channel, paperIds, subscriptionId, at);
        return { taken };
      })
      .immediate();
  }

  /** Which of `paperIds` the ledger already holds for `channel` (the re-check inside `reserve`). */
  taken(channel: string, paperIds: string[]): string[] {
    const has = this.db.prepare('SELECT 1 FROM ledger WHERE channel = ? AND paper_id = ?');
    return paperIds.filter((id) => has.get(channel, id) !== undefined);
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
