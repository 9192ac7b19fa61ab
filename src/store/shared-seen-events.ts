// Slack retry dedupe shared by every bot process on one SQLite file, so a retry sent to another replica is still dropped.
//
// Behind a load balancer, Slack's retry of an event (same event_id, X-Slack-Retry-Num >= 1; Socket Mode: retry_attempt)
// can reach a replica that never saw the first delivery (https://docs.slack.dev/apis/events-api/#retries). Each
// replica therefore claims the event_id with one UPSERT on slack_events_seen: SQLite runs every write under the
// file's single write lock (WAL or not), so of any number of processes exactly one inserts a given id within the TTL.
// The claim runs on the request path, so it never waits on that lock for more than a blip (busyTimeoutMs): while
// another process holds it (a long digest send, a second replica), this process answers from its memory.
import type Database from 'better-sqlite3';
import type { Log } from '../log.ts';
import { isBusy, REQUEST_PATH_BUSY_MS, withBusyTimeout, type Db } from './database.ts';
import { DEDUPE_TTL_MS, EventDedupe, type SeenEvents } from './seen-events.ts';
import type { SeenEventsOptions } from './types.ts';

export interface SqliteEventDedupeOptions extends SeenEventsOptions {
  /**
   * Longest a claim waits for another process's write lock, blocking the event loop, in ms. Default
   * REQUEST_PATH_BUSY_MS (20). Past it the answer comes from this process's memory, and the database is left alone
   * for LOCKED_PAUSE_MS, so a burst of events during a long lock costs one blip, not one per event.
   */
  busyTimeoutMs?: number;
}

/** After a claim found the file locked, how long claims answer from memory without trying the database, in ms. */
export const LOCKED_PAUSE_MS = 250;

type Statement = Database.Statement<unknown[]>;

export class SqliteEventDedupe implements SeenEvents {
  private readonly ttlMs: number;
  private readonly pruneEvery: number;
  private readonly pruneLimit: number;
  private readonly now: () => number;
  private readonly log: Log;
  /** Every id this process saw (same TTL): the answer while the database fails, covering this process's retries. */
  private readonly memory: EventDedupe;
  private claimStmt?: Statement;
  private pruneStmt?: Statement;
  private claimedSincePrune = 0;
  private failing = false;
  private readonly busyTimeoutMs: number;
  /** performance.now() until which the file counts as locked (see LOCKED_PAUSE_MS). */
  private lockedUntil = 0;

  /** `db`: an open, migrated database (openDatabase) whose file the other replicas open too. */
  constructor(private readonly db: Db, opts: SqliteEventDedupeOptions) {
    this.ttlMs = opts.ttlMs ?? DEDUPE_TTL_MS;
    this.pruneEvery = Math.max(1, opts.pruneEvery ?? 100);
    this.pruneLimit = Math.max(1, opts.pruneLimit ?? 1000);
    this.now = opts.now ?? Date.now;
    this.log = opts.log;
    this.busyTimeoutMs = opts.busyTimeoutMs ?? REQUEST_PATH_BUSY_MS;
    this.memory = new EventDedupe({ ttlMs: this.ttlMs, now: this.now });
  }

  isDuplicate(id: string): boolean {
    const now = this.now();
    const seenHere = this.memory.isDuplicate(id);
    if (performance.now() < this.lockedUntil) return seenHere;
    let claimed: boolean;
    try {
      claimed = this.claim(id, now);
      this.recovered();
    } catch (err) {
      if (isBusy(err)) this.lockedUntil = performance.now() + LOCKED_PAUSE_MS;
      // Never fail the request over the dedupe: answer from this process's memory (a retry reaching another
      // replica may then be answered twice, which is the pre-database behaviour).
      this.failed(err, 'claim');
      return seenHere;
    }
    if (claimed && ++this.claimedSincePrune >= this.pruneEvery) {
      this.claimedSincePrune = 0;
      try {
        this.prune(now);
      } catch (err) {
        this.failed(err, 'prune');
      }
    }
    // Normally both agree; an id this process handled while the database failed was not recorded there, and a retry
    // of it must still be dropped here (the claim above has now recorded it for the other replicas).
    return !claimed || seenHere;
  }

  /**
   * One statement, so it is atomic across processes: inserts a new id, or takes over a row older than the TTL
   * (a stale row the prune has not reached yet counts as new, like in EventDedupe). `changes` is 0 only when the
   * row exists and is fresh, i.e. another delivery of this event was claimed within the TTL.
   */
  private claim(id: string, now: number): boolean {
    this.claimStmt ??= this.db.prepare(
      `INSERT INTO slack_events_seen (event_id, seen_at) VALUES (?, ?)
       ON CONFLICT (event_id) DO UPDATE SET seen_at = excluded.seen_at WHERE slack_events_seen.seen_at <= ?`,
    );
    const stmt = this.claimStmt;
    return withBusyTimeout(this.db, this.busyTimeoutMs, () => stmt.run(id, now, now - this.ttlMs).changes > 0);
  }

  /** Deletes up to pruneLimit expired rows, oldest first (the seen_at index serves both the filter and the order). */
  private prune(now: number): number {
    this.pruneStmt ??= this.db.prepare(
      `DELETE FROM slack_events_seen WHERE event_id IN
         (SELECT event_id FROM slack_events_seen WHERE seen_at <= ? ORDER BY seen_at LIMIT ?)`,
    );
    const stmt = this.pruneStmt;
    return withBusyTimeout(this.db, this.busyTimeoutMs, () => stmt.run(now - this.ttlMs, this.pruneLimit).changes);
  }

  private failed(err: unknown, step: 'claim' | 'prune'): void {
    if (this.failing) return;
    this.failing = true;
    const e = err as { code?: string; message?: string };
    this.log.error(
      { event: 'event_dedupe_db_failed', step, error: e?.code ?? 'unknown' },
      `shared Slack retry dedupe failed (${e?.message ?? String(err)}); using this process's memory until the database works again`,
    );
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.log.info({ event: 'event_dedupe_db_recovered' }, 'shared Slack retry dedupe works again');
  }
}
