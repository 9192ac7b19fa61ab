// The ledger: which papers each channel has already been sent, so a digest never repeats one.
import { whenUnlocked, type Db } from './database.ts';
import type { ChannelRef, Ledger } from './types.ts';

export type { Ledger } from './types.ts';

export class SqliteLedger implements Ledger {
  constructor(private readonly db: Db) {}

  /** Ids of every paper a digest has posted in the channel. */
  async postedIn(ch: ChannelRef): Promise<Set<string>> {
    const rows = this.db.prepare('SELECT paper_id FROM ledger WHERE team_id = ? AND channel = ?').all(ch.teamId, ch.channel) as Array<{ paper_id: string }>;
    return new Set(rows.map((r) => r.paper_id));
  }

  /**
   * Reserves `paperIds` for a digest of the channel, all or none, in one short write transaction (BEGIN IMMEDIATE):
   * inside it, the ledger is read again, and if another digest (another subscription, or another process) took any of
   * them since the caller composed, nothing is written and those ids are returned, so the caller composes again.
   * Composing stays outside: a slow compose (75k papers) must not hold the file's write lock, which every other
   * process's writes wait on. The write waits for another process's lock without freezing the event loop
   * (whenUnlocked). The caller posts after this, and calls `release` if Slack certainly did not post.
   */
  reserve(ch: ChannelRef, paperIds: string[], subscriptionId: number, at: Date): Promise<{ taken: string[] }> {
    return whenUnlocked(this.db, () =>
      this.db
        .transaction(() => {
          const taken = this.taken(ch, paperIds);
          if (taken.length === 0) this.record(ch, paperIds, subscriptionId, at);
          return { taken };
        })
        .immediate(),
    );
  }

  /** Which of `paperIds` the ledger already holds for the channel (the re-check inside `reserve`). */
  private taken(ch: ChannelRef, paperIds: string[]): string[] {
    const has = this.db.prepare('SELECT 1 FROM ledger WHERE team_id = ? AND channel = ? AND paper_id = ?');
    return paperIds.filter((id) => has.get(ch.teamId, ch.channel, id) !== undefined);
  }

  /** Gives back papers reserved by `reserve` whose digest was certainly not posted, so a later digest may use them. */
  release(ch: ChannelRef, paperIds: string[], subscriptionId: number): Promise<void> {
    const remove = this.db.prepare('DELETE FROM ledger WHERE team_id = ? AND channel = ? AND paper_id = ? AND subscription_id = ?');
    return whenUnlocked(this.db, () =>
      this.db.transaction(() => {
        for (const id of paperIds) remove.run(ch.teamId, ch.channel, id, subscriptionId);
      })(),
    );
  }

  /** Records papers as posted; called inside the transaction that marks the run sent (RunStore.markSent). */
  record(ch: ChannelRef, paperIds: string[], subscriptionId: number, at: Date): void {
    const insert = this.db.prepare('INSERT INTO ledger (team_id, channel, paper_id, posted_at, subscription_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, channel, paper_id) DO NOTHING');
    for (const id of paperIds) insert.run(ch.teamId, ch.channel, id, at.toISOString(), subscriptionId);
  }
}
