// Runs each subscription at its local time: one real timer to the next due time, catch-up on start.
import type { Clock } from '../feeds/clock.ts';
import type { Log } from '../log.ts';
import type { DeliveryOutcome, DigestDelivery } from './delivery.ts';
import type { RunStore } from '../store/runs.ts';
import { latestRunAtOrBefore, localDate, nextRunAfter } from './schedule.ts';
import type { SubscriptionStore } from '../store/subscriptions.ts';

export interface SchedulerOptions {
  /**
   * How late a digest may still go out, in ms. Default 6 hours. Covers downtime (a restart at 11:00 still
   * sends the 09:00 digest) without posting "daily papers" in the evening. Past it, that day is skipped.
   */
  graceMs?: number;
  /**
   * A run still `claimed` after this long belongs to a process that died mid-send, in ms. Default 15 minutes.
   * At start such runs are marked failed and NOT resent: Slack may already have shown the message.
   */
  staleClaimMs?: number;
  /** Longest single timer, in ms (re-checks then, so clock jumps and other processes' changes are seen). Default 1 hour. */
  maxTimerMs?: number;
  /**
   * How long stop() waits for posts Slack has not answered yet, in ms. Default 5 s: inside the shutdown's 10 s grace
   * (src/slack/shutdown.ts), so the runs are marked before the store closes. Posts still open then are marked
   * interrupted (may have landed: not resent). Backoffs do not count: stop() ends them at once.
   */
  stopGraceMs?: number;
}

export const DEFAULT_GRACE_MS = 6 * 60 * 60 * 1000;
export const DEFAULT_STALE_CLAIM_MS = 15 * 60 * 1000;
export const DEFAULT_STOP_GRACE_MS = 5000;

export class DigestScheduler {
  private timer?: NodeJS.Timeout;
  private running = false;
  /** Counts arm() calls, so an arm that finished reading after a newer one does not set the timer. */
  private armed = 0;
  private readonly inFlight = new Set<Promise<unknown>>();
  readonly graceMs: number;
  private readonly staleClaimMs: number;
  private readonly maxTimerMs: number;
  private readonly stopGraceMs: number;

  constructor(
    private readonly subs: SubscriptionStore,
    private readonly runs: RunStore,
    private readonly delivery: DigestDelivery,
    private readonly clock: Clock,
    private readonly log: Log,
    opts: SchedulerOptions = {},
  ) {
    this.graceMs = opts.graceMs ?? DEFAULT_GRACE_MS;
    this.staleClaimMs = opts.staleClaimMs ?? DEFAULT_STALE_CLAIM_MS;
    this.maxTimerMs = opts.maxTimerMs ?? 60 * 60 * 1000;
    this.stopGraceMs = opts.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
  }

  /** Gives up on runs interrupted by a crash, sends what is due (catch-up), then arms the timer. */
  async start(): Promise<DeliveryOutcome[]> {
    this.running = true;
    const now = this.clock.now();
    const stale = await this.runs.abandonStale(new Date(now.getTime() - this.staleClaimMs), now);
    for (const r of stale) {
      this.log.warn({ subscription: r.subscriptionId, localDate: r.localDate, claimedBy: r.claimedBy, claimedAt: r.claimedAt }, 'digest run was interrupted mid-send; not resending (it may have been posted)');
    }
    return this.tick();
  }

  /**
   * Delivers every active subscription whose latest scheduled time is at most `graceMs` ago and whose
   * day has not been claimed. Safe to call any time and from several processes: claims decide.
   */
  async runDue(now: Date = this.clock.now()): Promise<DeliveryOutcome[]> {
    const work: Promise<DeliveryOutcome>[] = [];
    for (const sub of await this.subs.active()) {
      const due = latestRunAtOrBefore(sub, now);
      if (!due || now.getTime() - due.getTime() > this.graceMs) continue;
      // Added after today's time: its first digest is the next scheduled one, not a catch-up.
      if (due.getTime() < Date.parse(sub.createdAt)) continue;
      const run = await this.runs.get(sub.id, localDate(due, sub.timezone));
      if (run && !(run.status === 'failed' && run.retryable)) continue;
      work.push(this.track(this.delivery.deliver(sub, due)));
    }
    return Promise.all(work);
  }

  /** The earliest scheduled time strictly after `now` over all active subscriptions. */
  async nextDue(now: Date = this.clock.now()): Promise<Date | undefined> {
    let best: Date | undefined;
    for (const sub of await this.subs.active()) {
      const next = nextRunAfter(sub, now);
      if (!best || next < best) best = next;
    }
    return best;
  }

  /** Re-arms the timer (after a subscription is added, resumed or removed). */
  refresh(): void {
    if (this.running) void this.arm();
  }

  /**
   * Stops the timer, ends retry waits at once (those runs stay "not posted, retry at T"), and waits up to stopGraceMs
   * for posts Slack has not answered; any still open are then marked interrupted, so the next start does not resend.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.armed++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.delivery.stop();
    let timer: NodeJS.Timeout | undefined;
    const settled = await Promise.race([
      Promise.allSettled([...this.inFlight]).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.stopGraceMs))),
    ]);
    clearTimeout(timer);
    if (!settled) await this.delivery.interruptPosts();
  }

  /** Wraps work so stop() can wait for it. */
  track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  private async tick(): Promise<DeliveryOutcome[]> {
    // One instant for the due check and the next timer. Node can fire a timer a millisecond or more early (it counts
    // from the event loop's cached time), so the check may run just before 09:00; had the timer been re-armed from a
    // later reading (09:00 or after, or after a slow send), 09:00 would be neither sent nor next, and would wait
    // for the hourly re-check. Armed from `now`, a time that passed during the tick gets a zero delay instead.
    const now = this.clock.now();
    let outcomes: DeliveryOutcome[] = [];
    try {
      outcomes = await this.runDue(now);
    } catch (err) {
      this.log.error({ err }, 'digest scheduler tick failed');
    }
    if (this.running) await this.arm(now);
    return outcomes;
  }

  /** Arms the timer for the first scheduled time after `from` (the instant last checked for due runs). */
  private async arm(from: Date = this.clock.now()): Promise<void> {
    const generation = ++this.armed;
    let next: Date | undefined;
    try {
      next = await this.nextDue(from);
    } catch (err) {
      this.log.error({ err }, 'digest scheduler could not compute the next run');
    }
    // A later arm (a refresh while this one read the subscriptions) or stop() wins.
    if (generation !== this.armed || !this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const delay = next ? Math.max(0, next.getTime() - this.clock.now().getTime()) : this.maxTimerMs;
    // A timer that fires early (capped, or the clock moved) just finds nothing due and re-arms.
    this.timer = setTimeout(() => void this.tick(), Math.min(delay, this.maxTimerMs));
    this.timer.unref();
  }
}
