// One row per subscription and local day: claimed before posting, so a digest is never sent twice.
import type { Db } from './database.ts';
import { Ledger } from './ledger.ts';

export type RunStatus = 'claimed' | 'sent' | 'failed';

export interface Run {
  subscriptionId: number;
  /** YYYY-MM-DD in the subscription's zone. */
  localDate: string;
  status: RunStatus;
  /** Which process claimed it (host:pid:random). */
  claimedBy: string;
  claimedAt: string;
  finishedAt?: string;
  /** Set on a failure Slack answered (ok:false or 429): nothing was posted, so claiming again is safe. */
  retryable: boolean;
  error?: string;
  messageTs?: string;
  paperCount?: number;
}

interface Row {
  subscription_id: number;
  local_date: string;
  status: RunStatus;
  claimed_by: string;
  claimed_at: string;
  finished_at: string | null;
  retryable: number;
  error: string | null;
  message_ts: string | null;
  paper_count: number | null;
}

const fromRow = (r: Row): Run => ({
  subscriptionId: r.subscription_id,
  localDate: r.local_date,
  status: r.status,
  claimedBy: r.claimed_by,
  claimedAt: r.claimed_at,
  finishedAt: r.finished_at ?? undefined,
  retryable: r.retryable === 1,
  error: r.error ?? undefined,
  messageTs: r.message_ts ?? undefined,
  paperCount: r.paper_count ?? undefined,
});

export class RunStore {
  readonly ledger: Ledger;

  constructor(private readonly db: Db) {
    this.ledger = new Ledger(db);
  }

  /**
   * Claims the run for (subscription, local day). True means this caller, and only this caller, may post.
   * One statement does it atomically, across connections and processes: insert, or take over a run
   * that failed retryably (Slack said no, so nothing was posted). A `claimed` or `sent` row is never taken.
   * The subscription must still be active at claim time (it may have been paused or removed meanwhile).
   */
  claim(subscriptionId: number, localDate: string, by: string, at: Date): boolean {
    const info = this.db
      .prepare(
        `INSERT INTO runs (subscription_id, local_date, status, claimed_by, claimed_at)
         SELECT id, ?, 'claimed', ?, ? FROM subscriptions WHERE id = ? AND status = 'active'
         ON CONFLICT (subscription_id, local_date) DO UPDATE
           SET status = 'claimed', claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at,
               finished_at = NULL, retryable = 0, error = NULL
           WHERE runs.status = 'failed' AND runs.retryable = 1`,
      )
      .run(localDate, by, at.toISOString(), subscriptionId);
    return info.changes === 1;
  }

  get(subscriptionId: number, localDate: string): Run | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE subscription_id = ? AND local_date = ?').get(subscriptionId, localDate) as Row | undefined;
    return row && fromRow(row);
  }

  /** After a successful post: the ledger rows and the `sent` mark in one transaction. */
  markSent(run: { subscriptionId: number; localDate: string; channel: string }, paperIds: string[], messageTs: string | undefined, at: Date): void {
    this.db.transaction(() => {
      this.ledger.record(run.channel, paperIds, run.subscriptionId, at);
      this.db
        .prepare("UPDATE runs SET status = 'sent', finished_at = ?, message_ts = ?, paper_count = ? WHERE subscription_id = ? AND local_date = ?")
        .run(at.toISOString(), messageTs ?? null, paperIds.length, run.subscriptionId, run.localDate);
    })();
  }

  markFailed(subscriptionId: number, localDate: string, error: string, retryable: boolean, at: Date): void {
    this.db
      .prepare("UPDATE runs SET status = 'failed', finished_at = ?, error = ?, retryable = ? WHERE subscription_id = ? AND local_date = ?")
      .run(at.toISOString(), error.slice(0, 500), retryable ? 1 : 0, subscriptionId, localDate);
  }

  /**
   * Runs still `claimed` that were claimed before `before`: their process died mid-send. Whether Slack got
   * the message is unknown, so they are marked failed (not retryable) and NOT sent again ("never twice").
   */
  abandonStale(before: Date, at: Date): Run[] {
    return this.db.transaction(() => {
      const rows = (this.db.prepare("SELECT * FROM runs WHERE status = 'claimed' AND claimed_at < ?").all(before.toISOString()) as Row[]).map(fromRow);
      const mark = this.db.prepare("UPDATE runs SET status = 'failed', finished_at = ?, error = 'interrupted: the process stopped while sending', retryable = 0 WHERE subscription_id = ? AND local_date = ? AND status = 'claimed'");
      for (const r of rows) mark.run(at.toISOString(), r.subscriptionId, r.localDate);
      return rows;
    }).immediate();
  }
}
