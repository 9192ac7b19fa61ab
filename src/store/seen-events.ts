// Remembers recent Events API event_ids so a Slack retry never produces a second answer.
//
// Slack retries an event it thinks failed (no 2xx within 3 s, or an error) up to three times: at once,
// after 1 minute and after 5 minutes, with the same event_id and an X-Slack-Retry-Num header
// (https://docs.slack.dev/apis/events-api/#retries). Socket Mode redelivers with retry_attempt the same way.

/**
 * What the error boundary asks of a dedupe: has this event_id been handled already? Records it when not.
 * Two implementations: EventDedupe (this process only) and SqliteEventDedupe (every process on one database file).
 */
export interface SeenEvents {
  /** True when `id` was seen within the TTL (a duplicate); otherwise remembers it and returns false. */
  isDuplicate(id: string): boolean | Promise<boolean>;
}

/** Default TTL: 10 minutes, longer than Slack's last retry at ~5 minutes. */
export const DEDUPE_TTL_MS = 10 * 60_000;

export interface EventDedupeOptions {
  /** How long an event_id is remembered. Default DEDUPE_TTL_MS, 10 minutes (longer than Slack's last retry at ~5 minutes). */
  ttlMs?: number;
  /** Most ids kept; the oldest are forgotten first. Default 10,000 (bounded memory under any load). */
  maxEntries?: number;
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
}

export class EventDedupe implements SeenEvents {
  private readonly seenAt = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(opts: EventDedupeOptions = {}) {
    this.ttlMs = opts.ttlMs ?? DEDUPE_TTL_MS;
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** True when `id` was seen within the TTL (a duplicate); otherwise remembers it and returns false. */
  isDuplicate(id: string): boolean {
    const now = this.now();
    this.expire(now);
    const at = this.seenAt.get(id);
    if (at !== undefined && now - at < this.ttlMs) return true;
    this.seenAt.set(id, now);
    while (this.seenAt.size > this.maxEntries) {
      const oldest = this.seenAt.keys().next().value as string;
      this.seenAt.delete(oldest);
    }
    return false;
  }

  get size(): number {
    return this.seenAt.size;
  }

  /** Map iteration is insertion order, so expired ids sit at the front. */
  private expire(now: number): void {
    for (const [id, at] of this.seenAt) {
      if (now - at < this.ttlMs) break;
      this.seenAt.delete(id);
    }
  }
}
