// Slack retry dedupe shared by every replica on one PostgreSQL database, so a retry sent to another host is still dropped.
//
// The same design as SqliteEventDedupe (src/store/shared-seen-events.ts): each replica claims the event_id with one
// upsert on slack_events_seen, which takes over a row older than the TTL; of any number of replicas exactly one
// inserts a given id within the TTL (a concurrent inserter waits on the primary key, then re-checks the WHERE
// against the winner's fresh row). The claim runs before the bot answers Slack, which wants an answer within 3 s
// (https://docs.slack.dev/apis/events-api/#responding-to-events): it never waits on the database for more than
// `timeoutMs`, and while the database fails it answers from this process's memory.
import type pg from 'pg';
import type { Log } from '../../log.ts';
import { DEDUPE_TTL_MS, EventDedupe, type SeenEvents } from '../seen-events.ts';
import type { SeenEventsOptions } from '../types.ts';

export interface PostgresEventDedupeOptions extends SeenEventsOptions {
  /**
   * Longest a claim (or a prune) waits for the database before the answer comes from memory, in ms. Default 500:
   * a small part of Slack's 3 s. After a failure, claims answer from memory for FAILED_PAUSE_MS without trying, so
   * a burst of events while the server is down costs one wait, not one per event.
   */
  timeoutMs?: number;
}

/** After a claim failed or timed out, how long claims answer from memory without trying the database, in ms. */
export const FAILED_PAUSE_MS = 1000;

class DedupeTimeout extends Error {
  readonly code = 'dedupe_timeout';
}

export class PostgresEventDedupe implements SeenEvents {
  private readonly ttlMs: number;
  private readonly pruneEvery: number;
  private readonly pruneLimit: number;
  private readonly now: () => number;
  private readonly log: Log;
  private readonly timeoutMs: number;
  /** Every id this process saw (same TTL): the answer while the database fails, covering this process's retries. */
  private readonly memory: EventDedupe;
  private claimedSincePrune = 0;
  private failing = false;
  /** performance.now() until which the database is not tried (see FAILED_PAUSE_MS). */
  private pausedUntil = 0;

  /** `pool`: a pool on a migrated database (openPostgresStore) that the other replicas use too. */
  constructor(
    private readonly pool: pg.Pool,
    opts: PostgresEventDedupeOptions,
  ) {
    this.ttlMs = opts.ttlMs ?? DEDUPE_TTL_MS;
    this.pruneEvery = Math.max(1, opts.pruneEvery ?? 100);
    this.pruneLimit = Math.max(1, opts.pruneLimit ?? 1000);
    this.now = opts.now ?? Date.now;
    this.log = opts.log;
    this.timeoutMs = opts.timeoutMs ?? 500;
    this.memory = new EventDedupe({ ttlMs: this.ttlMs, now: this.now });
  }

  async isDuplicate(id: string): Promise<boolean> {
    const now = this.now();
    // Seen by this process already: the first delivery here has claimed it (or is claiming it now). A second claim
    // must not race the first's: whichever insert landed first, the other would read "taken" and both be dropped.
    if (this.memory.isDuplicate(id)) return true;
    if (performance.now() < this.pausedUntil) return false;
    let claimed: boolean;
    try {
      claimed = await this.bounded(this.claim(id, now));
      this.recovered();
    } catch (err) {
      // Never fail the request over the dedupe: answer from this process's memory (a retry reaching another
      // replica may then be answered twice, which is the pre-database behaviour).
      this.pausedUntil = performance.now() + FAILED_PAUSE_MS;
      this.failed(err, 'claim');
      return false;
    }
    if (claimed && ++this.claimedSincePrune >= this.pruneEvery) {
      this.claimedSincePrune = 0;
      try {
        await this.bounded(this.prune(now));
      } catch (err) {
        this.failed(err, 'prune');
      }
    }
    return !claimed;
  }

  /**
   * One statement, atomic across replicas: inserts a new id, or takes over a row older than the TTL (a stale row the
   * prune has not reached yet counts as new, like in EventDedupe). rowCount is 0 only when the row exists and is
   * fresh, i.e. another delivery of this event was claimed within the TTL.
   */
  private async claim(id: string, now: number): Promise<boolean> {
    const res = await this.pool.query(
      `INSERT INTO slack_events_seen (event_id, seen_at) VALUES ($1, $2)
       ON CONFLICT (event_id) DO UPDATE SET seen_at = excluded.seen_at WHERE slack_events_seen.seen_at <= $3`,
      [id, now, now - this.ttlMs],
    );
    return (res.rowCount ?? 0) > 0;
  }

  /** Deletes up to pruneLimit expired rows, oldest first (the seen_at index serves both the filter and the order). */
  private async prune(now: number): Promise<number> {
    const res = await this.pool.query(
      `DELETE FROM slack_events_seen WHERE event_id IN
         (SELECT event_id FROM slack_events_seen WHERE seen_at <= $1 ORDER BY seen_at LIMIT $2)`,
      [now - this.ttlMs, this.pruneLimit],
    );
    return res.rowCount ?? 0;
  }

  /** `work`, or a DedupeTimeout after timeoutMs (the statement may still finish later; its result is then unused). */
  private bounded<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DedupeTimeout(`no answer from the database within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    work.catch(() => {}); // a late failure after the timeout is not an unhandled rejection
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
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
