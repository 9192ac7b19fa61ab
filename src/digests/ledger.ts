// The ledger: which papers each channel has already been sent, so a digest never repeats one.
import type { Db } from '../store/database.ts';

export class Ledger {
  constructor(private readonly db: Db) {}

  /** Ids of every paper a digest has posted in `channel`. */
  postedIn(channel: string): Set<string> {
    const rows = this.db.prepare('SELECT paper_id FROM ledger WHERE channel = ?').all(channel) as Array<{ paper_id: string }>;
    return new Set(rows.map((r) => r.paper_id));
  }

  /** Records papers as posted; call inside the transaction that marks the run sent. */
  record(channel: string, paperIds: string[], subscriptionId: number, at: Date): void {
    const insert = this.db.prepare('INSERT INTO ledger (channel, paper_id, posted_at, subscription_id) VALUES (?, ?, ?, ?) ON CONFLICT (channel, paper_id) DO NOTHING');
    for (const id of paperIds) insert.run(channel, id, at.toISOString(), subscriptionId);
  }
}
