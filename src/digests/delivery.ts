// Sends one subscription's digest for one local day: claim the run, compose, reserve, post (with retries), record.
import type { webApi } from '@slack/bolt';
import { digestPost, pauseAdvice } from '../blocks/digest-replies.ts';
import type { Clock } from '../feeds/clock.ts';
import type { Log } from '../log.ts';
import type { LabFeed } from '../library/lab-feed.ts';
import type { Library } from '../library/library.ts';
import type { FeedbackStore } from '../store/feedback.ts';
import { composeDigest, postInput, type Digest } from './compose.ts';
import type { Ledger } from '../store/ledger.ts';
import type { RunRef, RunStore } from '../store/types.ts';
import { localDate } from './schedule.ts';
import { classifySlackError } from '../slack/failure.ts';
import { PostError, retryWait, withRetry, type RetryPolicy } from './slack-post.ts';
import type { Subscription, SubscriptionStore } from '../store/subscriptions.ts';

export type DeliveryStatus = 'sent' | 'empty' | 'skipped' | 'failed' | 'paused' | 'deferred';

export interface DeliveryOutcome {
  subscriptionId: number;
  channel: string;
  localDate: string;
  /**
   * sent: posted; empty: nothing new, nothing posted; skipped: already claimed/sent for that day; paused: a permanent
   * error paused it; deferred: certainly not posted yet, and recorded as "retry at T" (the process stopped during a
   * wait): the next run within the catch-up window sends it.
   */
  status: DeliveryStatus;
  papers: number;
  error?: string;
}

export interface DeliveryDeps {
  subs: SubscriptionStore;
  runs: RunStore;
  ledger: Ledger;
  library: Library;
  /** Ranks lab-feed digests (rankBy 'lab'). */
  labFeed?: LabFeed;
  /** Remembers one-paper digest posts, so a 👍/👎 reaction on one names its paper. */
  feedback?: FeedbackStore;
  /**
   * The client to post with for a workspace, read at each use (installed workspaces each have their own token); it
   * should not retry on its own (see digestWebClient). Throws when the workspace has no installation.
   */
  client: (teamId: string) => webApi.WebClient | Promise<webApi.WebClient>;
  clock: Clock;
  log: Log;
  retry: RetryPolicy;
  /** Written into runs.claimed_by. */
  processId: string;
}

/** Composes again at most this often when other digests keep taking the picked papers (then the run fails, retryably). */
const MAX_RECOMPOSE = 5;

/** A run claimed and composing; `paperIds` once reserved, `released` once interruptPosts gave them back. */
type Composing = RunRef & { paperIds?: string[]; released?: boolean };

export class DigestDelivery {
  /** Digests for one channel go out one after another, so two of its subscriptions can't pick the same paper. */
  private readonly channelQueues = new Map<string, Promise<unknown>>();
  /** Aborted by stop(): backoffs end at once, and no new attempt starts. */
  private readonly stopping = new AbortController();
  /** Posts handed to Slack and not answered yet (their outcome is unknown while they last). */
  private readonly posting = new Map<string, RunRef>();
  /** Runs claimed and still composing: nothing handed to Slack yet, so a shutdown may leave them for a retry. */
  private readonly composing = new Map<string, Composing>();

  constructor(private readonly d: DeliveryDeps) {}

  /** Delivers `sub`'s digest for the local day of `scheduledAt`, at most once per day (see RunStore.claim). */
  deliver(sub: Subscription, scheduledAt: Date): Promise<DeliveryOutcome> {
    // A channel id is unique only within its workspace.
    const channel = `${sub.teamId ?? ''}/${sub.channel}`;
    const prev = this.channelQueues.get(channel) ?? Promise.resolve();
    const next = prev.then(() => this.deliverNow(sub, scheduledAt));
    const settled = next.catch(() => undefined);
    this.channelQueues.set(channel, settled);
    void settled.then(() => {
      if (this.channelQueues.get(channel) === settled) this.channelQueues.delete(channel);
    });
    return next;
  }

  /** Ends every wait now and starts no new attempt; what was waiting stays recorded as "not posted, retry at T". */
  stop(): void {
    this.stopping.abort(new Error('digests stopping'));
  }

  /**
   * Marks the runs whose post Slack has not answered yet as interrupted (failed, not retryable: the post may have
   * landed, so the next start does not resend it). For shutdown, once the wait for them is over.
   */
  async interruptPosts(): Promise<RunRef[]> {
    // Still composing: certainly not posted (the post checks the stop first), so the run is left "not posted, retry
    // now" and its reserved papers are given back: the next start, or another replica, sends it.
    for (const [key, c] of [...this.composing]) {
      this.composing.delete(key); // taken over: the compose, when it ends, neither posts nor records anything
      try {
        if (c.paperIds?.length) {
          c.released = true;
          await this.d.ledger.release(c, c.paperIds, c.subscriptionId);
        }
        await this.d.runs.markFailed(c.subscriptionId, c.localDate, 'stopped before posting', true, this.d.clock.now());
        this.d.log.warn({ subscription: c.subscriptionId, channel: c.channel, localDate: c.localDate }, 'digest not posted: stopped while composing; it is sent on the next start');
      } catch (err) {
        this.d.log.warn({ subscription: c.subscriptionId, localDate: c.localDate, error: String(err) }, 'could not record a digest stopped while composing; it stays claimed');
      }
    }
    const left = [...this.posting.values()];
    for (const p of left) {
      try {
        if (await this.d.runs.markInterrupted(p.subscriptionId, p.localDate, this.d.processId, this.d.clock.now())) {
          this.d.log.warn({ subscription: p.subscriptionId, channel: p.channel, localDate: p.localDate }, 'digest post interrupted by shutdown while Slack had it; not resending (it may have been posted)');
        }
      } catch (err) {
        // Left `claimed`: the next start reads that as "may have landed" too (skipped, then abandoned as stale).
        this.d.log.warn({ subscription: p.subscriptionId, localDate: p.localDate, error: String(err) }, 'could not mark an interrupted digest post; it stays claimed and is not resent');
      }
    }
    return left;
  }

  private async deliverNow(sub: Subscription, scheduledAt: Date): Promise<DeliveryOutcome> {
    const { runs, clock, log } = this.d;
    const day = localDate(scheduledAt, sub.timezone);
    const base = { subscriptionId: sub.id, teamId: sub.teamId ?? '', channel: sub.channel, localDate: day };
    // A retry time recorded earlier (Slack's Retry-After, maybe by a process that was killed while waiting for it):
    // wait for it before claiming, so the run stays "not posted, retry at T" during the wait.
    const pending = await runs.get(sub.id, day);
    if (pending?.status === 'failed' && pending.retryable && pending.retryAt) {
      const wait = Date.parse(pending.retryAt) - clock.now().getTime();
      if (wait > 0 && !(await this.pause(wait))) return { ...base, status: 'deferred', papers: 0, error: pending.error };
    }

    for (let attempt = 1; ; attempt++) {
      if (this.stopping.signal.aborted) return { ...base, status: 'deferred', papers: 0, error: 'stopped' };
      if (!(await runs.claim(sub.id, day, this.d.processId, clock.now()))) return { ...base, status: 'skipped', papers: 0 };

      const key = `${sub.id}/${day}`;
      const composing: Composing = { ...base };
      this.composing.set(key, composing);
      let digest: Digest;
      let paperIds: string[];
      try {
        ({ digest, paperIds } = await this.composeAndReserve(sub, scheduledAt, (ids) => (composing.paperIds = ids)));
      } catch (err) {
        this.composing.delete(key);
        await runs.markFailed(sub.id, day, `compose: ${String(err)}`, true, clock.now());
        log.error({ err, subscription: sub.id, channel: sub.channel, localDate: day }, 'digest compose failed');
        return { ...base, status: 'failed', papers: 0, error: 'internal' };
      }
      // interruptPosts() took it over (shutdown's wait ran out while composing): it is recorded as not posted.
      if (!this.composing.delete(key)) {
        if (!composing.released && paperIds.length) await this.d.ledger.release(base, paperIds, sub.id).catch(() => undefined);
        return { ...base, status: 'deferred', papers: 0, error: 'stopped' };
      }
      // Stopping since the claim: nothing was handed to Slack, so the papers go back and the run stays retryable.
      if (this.stopping.signal.aborted) {
        if (paperIds.length) await this.d.ledger.release(base, paperIds, sub.id);
        await runs.markFailed(sub.id, day, 'stopped before posting', true, clock.now());
        log.info({ subscription: sub.id, channel: sub.channel, localDate: day }, 'digest not posted: stopping; it is sent on the next start within the catch-up window');
        return { ...base, status: 'deferred', papers: 0, error: 'stopped' };
      }
      if (digest.hits.length === 0 && !sub.notifyEmpty) {
        await runs.markSent(base, [], undefined, clock.now());
        log.info({ subscription: sub.id, channel: sub.channel, localDate: day }, 'digest empty: nothing new, nothing posted');
        return { ...base, status: 'empty', papers: 0 };
      }

      const msg = digestPost(postInput(digest));
      let ts: string | undefined;
      try {
        this.posting.set(key, base);
        ts = (await (await this.d.client(base.teamId)).chat.postMessage({ channel: sub.channel, text: msg.text, blocks: msg.blocks, unfurl_links: false, unfurl_media: false })).ts;
      } catch (err) {
        const failure = classifySlackError(err);
        const wait = retryWait(failure, attempt, this.d.retry);
        const now = clock.now();
        const retryAt = wait !== undefined ? new Date(now.getTime() + wait) : failure.retryAfter !== undefined ? new Date(now.getTime() + failure.retryAfter * 1000) : undefined;
        // Only when Slack certainly showed nothing do the papers go back and may the day be tried again; after a 5xx,
        // a reset or a timeout the post may have landed, so the papers stay spent and the day is not reposted.
        // Recorded before any wait: a process killed during it leaves "not posted, retry at T", which a restart sends.
        if (failure.certainlyNotDone) await this.d.ledger.release(base, paperIds, sub.id);
        await runs.markFailed(sub.id, day, `${failure.code}: ${failure.detail}`, failure.certainlyNotDone, now, retryAt);
        if (wait !== undefined) {
          log.warn({ subscription: sub.id, channel: sub.channel, code: failure.code, attempt, waitMs: wait, retryAt: retryAt?.toISOString() }, 'digest post failed, retrying');
          if (await this.pause(wait)) continue;
          log.info({ subscription: sub.id, channel: sub.channel, localDate: day, retryAt: retryAt?.toISOString() }, 'digest not posted yet; stopping, it is sent on the next start within the catch-up window');
          return { ...base, status: 'deferred', papers: 0, error: failure.code };
        }
        log.error({ subscription: sub.id, channel: sub.channel, localDate: day, code: failure.code, detail: failure.detail }, 'digest post failed');
        if (!failure.pause) return { ...base, status: 'failed', papers: 0, error: failure.code };
        await this.d.subs.pause(sub.id, failure.code);
        await this.tellCreator(sub, failure.code);
        return { ...base, status: 'paused', papers: 0, error: failure.code };
      } finally {
        this.posting.delete(key);
      }
      await runs.markSent(base, paperIds, ts, clock.now());
      if (paperIds.length === 1 && ts) await this.d.feedback?.rememberMessage(base.teamId, sub.channel, ts, paperIds[0], clock.now());
      log.info({ subscription: sub.id, channel: sub.channel, localDate: day, papers: paperIds.length, ts }, 'digest sent');
      return { ...base, status: digest.hits.length ? 'sent' : 'empty', papers: paperIds.length };
    }
  }

  /**
   * Composes outside any transaction (a slow compose must not hold the file's write lock), then reserves the papers
   * in one short transaction that reads the ledger again: if another digest of this channel (another subscription or
   * another process) took one of them meanwhile, nothing is reserved and the digest is composed again without it.
   */
  private async composeAndReserve(sub: Subscription, scheduledAt: Date, onReserved: (paperIds: string[]) => void): Promise<{ digest: Digest; paperIds: string[] }> {
    for (let i = 0; i < MAX_RECOMPOSE; i++) {
      const digest = await composeDigest(sub, scheduledAt, this.d);
      const paperIds = digest.hits.map((h) => h.paper.id);
      if (paperIds.length === 0) return { digest, paperIds };
      const { taken } = await this.d.ledger.reserve({ teamId: sub.teamId ?? '', channel: sub.channel }, paperIds, sub.id, this.d.clock.now());
      if (taken.length === 0) {
        onReserved(paperIds);
        return { digest, paperIds };
      }
      this.d.log.info({ subscription: sub.id, channel: sub.channel, taken }, 'papers picked for a digest were taken by another digest meanwhile; composing again');
    }
    throw new Error(`other digests of ${sub.channel} kept taking the papers picked (${MAX_RECOMPOSE} tries)`);
  }

  /** Waits `ms` unless stop() ends it first; false when stopped. */
  private async pause(ms: number): Promise<boolean> {
    try {
      await this.d.retry.sleep(ms, this.stopping.signal);
    } catch (err) {
      if (this.stopping.signal.aborted) return false;
      throw err;
    }
    return !this.stopping.signal.aborted;
  }

  /** DMs the creator (conversations.open, then chat.postMessage to the DM). Failures are logged, never thrown. */
  private async tellCreator(sub: Subscription, code: string): Promise<void> {
    const text = pauseAdvice(sub, code);
    try {
      const client = await this.d.client(sub.teamId ?? '');
      const open = await withRetry(() => client.conversations.open({ users: sub.creator }), this.d.retry, undefined, this.stopping.signal);
      const dm = open.channel?.id ?? sub.creator;
      await withRetry(() => client.chat.postMessage({ channel: dm, text }), this.d.retry, undefined, this.stopping.signal);
      this.d.log.info({ subscription: sub.id, creator: sub.creator, code }, 'digest paused; creator told by DM');
    } catch (err) {
      this.d.log.error({ subscription: sub.id, creator: sub.creator, code, error: err instanceof PostError ? err.message : classifySlackError(err).detail }, 'digest paused; could not DM the creator');
    }
  }
}
