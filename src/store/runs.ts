// One row per subscription and local day: claimed before posting, so a digest is never sent twice.
import { whenUnlocked, type Db } from './database.ts';
import { SqliteLedger } from './ledger.ts';
import { runFromRow, type RunRow } from './rows.ts';
import type { RunRef, RunStore } from './types.ts';

export type { RunStore } from './types.ts';

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
  /** A retryable failure's earliest next try (Slack's Retry-After, a backoff); no process claims it sooner. */
  retryAt?: string;
}

/** Every write waits for another process's lock without freezing the event loop (whenUnlocked). */
export class SqliteRunStore implements RunStore {
  readonly ledger: SqliteLedger;

  constructor(private readonly db: Db) {
    this.ledger = new SqliteLedger(db);
  }

  /**
   * Claims the run for (subscription, local day). True means this caller, and only this caller, may post.
   * One statement does it atomically, across connections and processes: insert, or take over a run
   * that failed retryably (Slack said no, so nothing was posted) once its retry_at has come. A `claimed` or `sent`
   * row is never taken. The subscription must still be active at claim time (it may have been paused or removed).
   */
  claim(subscriptionId: number, localDate: string, by: string, at: Date): Promise<boolean> {
    return whenUnlocked(this.db, () => this.db
      .prepare(
        `INSERT INTO runs (subscription_id, local_date, status, claimed_by, claimed_at)
         SELECT id, ?, 'claimed', ?, ? FROM subscriptions WHERE id = ? AND status = 'active'
         ON CONFLICT (subscription_id, local_date) DO UPDATE
           SET status = 'claimed', claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at,
               finished_at = NULL, retryable = 0, error = NULL, retry_at = NULL
           WHERE runs.status = 'failed' AND runs.retryable = 1 AND (runs.retry_at IS NULL OR runs.retry_at <= excluded.claimed_at)`,
      )
      .run(localDate, by, at.toISOString(), subscriptionId).changes === 1);
  }

  async get(subscriptionId: number, localDate: string): Promise<Run | undefined> {
    const row = this.db.prepare('SELECT * FROM runs WHERE subscription_id = ? AND local_date = ?').get(subscriptionId, localDate) as RunRow | undefined;
    return row && runFromRow(row);
  }

  /** After a successful post: the ledger rows and the `sent` mark in one transaction. */
  markSent(run: RunRef, paperIds: string[], messageTs: string | undefined, at: Date): Promise<void> {
    return whenUnlocked(this.db, () => this.db.transaction(() => {
      this.ledger.record(run, paperIds, run.subscriptionId, at);
      this.db
        .prepare("UPDATE runs SET status = 'sent', finished_at = ?, message_ts = ?, paper_count = ? WHERE subscription_id = ? AND local_date = ?")
        .run(at.toISOString(), messageTs ?? null, paperIds.length, run.subscriptionId, run.localDate);
    })());
  }

  /**
   * The post failed. `retryable` only when Slack certainly did not post it; `retryAt` is then the earliest next try
   * (written before the caller waits, so a process killed during the wait leaves "not posted, retry at T").
   */
  async markFailed(subscriptionId: number, localDate: string, error: string, retryable: boolean, at: Date, retryAt?: Date): Promise<void> {
    await whenUnlocked(this.db, () => this.db
      .prepare("UPDATE runs SET status = 'failed', finished_at = ?, error = ?, retryable = ?, retry_at = ? WHERE subscription_id = ? AND local_date = ?")
      .run(at.toISOString(), error.slice(0, 500), retryable ? 1 : 0, retryable && retryAt ? retryAt.toISOString() : null, subscriptionId, localDate));
  }

  /**
   * A run `by` this process still has `claimed` when it stops (a post Slack had not answered yet): marked failed and
   * not retryable, since Slack may have shown it; the next start does not resend it. False if it had finished.
   */
  markInterrupted(subscriptionId: number, localDate: string, by: string, at: Date): Promise<boolean> {
    return whenUnlocked(this.db, () =>
      this.db
        .prepare("UPDATE runs SET status = 'failed', finished_at = ?, error = 'interrupted: stopped while Slack had the post (it may have been posted)', retryable = 0, retry_at = NULL WHERE subscription_id = ? AND local_date = ? AND status = 'claimed' AND claimed_by = ?")
        .run(at.toISOString(), subscriptionId, localDate, by).changes === 1,
    );
  }

  /**
   * Runs still `claimed` that were claimed before `before`: their process died mid-send. Whether Slack got
   * the message is unknown, so they are marked failed (not retryable) and NOT sent again ("never twice").
   */
  abandonStale(before: Date, at: Date): Promise<Run[]> {
    return whenUnlocked(this.db, () => this.db.transaction(() => {
      const rows = (this.db.prepare("SELECT * FROM runs WHERE status = 'claimed' AND claimed_at < ?").all(before.toISOString()) as RunRow[]).map(runFromRow);
      const mark = this.db.prepare("UPDATE runs SET status = 'failed', finished_at = ?, error = 'interrupted: the process stopped while sending', retryable = 0 WHERE subscription_id = ? AND local_date = ? AND status = 'claimed'");
      for (const r of rows) mark.run(at.toISOString(), r.subscriptionId, r.localDate);
      return rows;
    }).immediate());
  }
}
