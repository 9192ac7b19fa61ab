// Sends one subscription's digest for one local day: claim the run, compose, post (with retries), record.
import type { webApi } from '@slack/bolt';
import { digestPost, pauseAdvice } from '../blocks/digest-replies.ts';
import type { Clock } from '../feeds/clock.ts';
import type { Log } from '../log.ts';
import type { LabFeed } from '../library/lab-feed.ts';
import type { Library } from '../library/library.ts';
import type { FeedbackStore } from '../store/feedback.ts';
import { composeDigest, postInput, type Digest } from './compose.ts';
import type { Ledger } from '../store/ledger.ts';
import type { RunStore } from '../store/runs.ts';
import { localDate } from './schedule.ts';
import { classifySlackError } from '../slack/failure.ts';
import { PostError, withRetry, type RetryPolicy } from './slack-post.ts';
import type { Subscription, SubscriptionStore } from '../store/subscriptions.ts';

export type DeliveryStatus = 'sent' | 'empty' | 'skipped' | 'failed' | 'paused';

export interface DeliveryOutcome {
  subscriptionId: number;
  channel: string;
  localDate: string;
  /** sent: posted; empty: nothing new, nothing posted; skipped: already claimed/sent for that day; paused: a permanent error paused it. */
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
  /** The client to post with, read at each use; it should not retry on its own (see digestWebClient). */
  client: () => webApi.WebClient;
  clock: Clock;
  log: Log;
  retry: RetryPolicy;
  /** Written into runs.claimed_by. */
  processId: string;
}

export class DigestDelivery {
  /** Digests for one channel go out one after another, so two of its subscriptions can't pick the same paper. */
  private readonly channelQueues = new Map<string, Promise<unknown>>();

  constructor(private readonly d: DeliveryDeps) {}

  /** Delivers `sub`'s digest for the local day of `scheduledAt`, at most once per day (see RunStore.claim). */
  deliver(sub: Subscription, scheduledAt: Date): Promise<DeliveryOutcome> {
    const prev = this.channelQueues.get(sub.channel) ?? Promise.resolve();
    const next = prev.then(() => this.deliverNow(sub, scheduledAt));
    const settled = next.catch(() => undefined);
    this.channelQueues.set(sub.channel, settled);
    void settled.then(() => {
      if (this.channelQueues.get(sub.channel) === settled) this.channelQueues.delete(sub.channel);
    });
    return next;
  }

  private async deliverNow(sub: Subscription, scheduledAt: Date): Promise<DeliveryOutcome> {
    const { runs, clock, log } = this.d;
    const day = localDate(scheduledAt, sub.timezone);
    const base = { subscriptionId: sub.id, channel: sub.channel, localDate: day };
    if (!runs.claim(sub.id, day, this.d.processId, clock.now())) return { ...base, status: 'skipped', papers: 0 };

    let digest: Digest;
    let paperIds: string[];
    try {
      // Picked and reserved in the ledger atomically: a digest of this channel composed meanwhile by another
      // process (or subscription) cannot pick the same papers.
      ({ digest, paperIds } = this.d.ledger.reserve(sub.channel, sub.id, clock.now(), () => {
        const d = composeDigest(sub, scheduledAt, this.d);
        return { digest: d, paperIds: d.hits.map((h) => h.paper.id) };
      }));
    } catch (err) {
      runs.markFailed(sub.id, day, `compose: ${String(err)}`, true, clock.now());
      log.error({ err, subscription: sub.id, channel: sub.channel, localDate: day }, 'digest compose failed');
      return { ...base, status: 'failed', papers: 0, error: 'internal' };
    }
    if (digest.hits.length === 0 && !sub.notifyEmpty) {
      runs.markSent({ ...base, subscriptionId: sub.id }, [], undefined, clock.now());
      log.info({ subscription: sub.id, channel: sub.channel, localDate: day }, 'digest empty: nothing new, nothing posted');
      return { ...base, status: 'empty', papers: 0 };
    }

    const msg = digestPost(postInput(digest));
    try {
      const res = await withRetry(
        () => this.d.client().chat.postMessage({ channel: sub.channel, text: msg.text, blocks: msg.blocks, unfurl_links: false, unfurl_media: false }),
        this.d.retry,
        (f, attempt, waitMs) => log.warn({ subscription: sub.id, channel: sub.channel, code: f.code, attempt, waitMs }, 'digest post failed, retrying'),
      );
      runs.markSent(base, paperIds, res.ts, clock.now());
      if (paperIds.length === 1 && res.ts) this.d.feedback?.rememberMessage(sub.teamId ?? '', sub.channel, res.ts, paperIds[0], clock.now());
      log.info({ subscription: sub.id, channel: sub.channel, localDate: day, papers: paperIds.length, ts: res.ts }, 'digest sent');
      return { ...base, status: digest.hits.length ? 'sent' : 'empty', papers: paperIds.length };
    } catch (err) {
      const failure = err instanceof PostError ? err.failure : classifySlackError(err);
      // Only when Slack certainly showed nothing do the papers go back and may the day be tried again; after a 5xx,
      // a reset or a timeout the post may have landed, so the papers stay spent and the day is not reposted.
      if (failure.certainlyNotDone) this.d.ledger.release(sub.channel, paperIds, sub.id);
      runs.markFailed(sub.id, day, `${failure.code}: ${failure.detail}`, failure.certainlyNotDone, clock.now());
      log.error({ subscription: sub.id, channel: sub.channel, localDate: day, code: failure.code, detail: failure.detail }, 'digest post failed');
      if (!failure.pause) return { ...base, status: 'failed', papers: 0, error: failure.code };
      this.d.subs.pause(sub.id, failure.code);
      await this.tellCreator(sub, failure.code);
      return { ...base, status: 'paused', papers: 0, error: failure.code };
    }
  }

  /** DMs the creator (conversations.open, then chat.postMessage to the DM). Failures are logged, never thrown. */
  private async tellCreator(sub: Subscription, code: string): Promise<void> {
    const text = pauseAdvice(sub, code);
    try {
      const open = await withRetry(() => this.d.client().conversations.open({ users: sub.creator }), this.d.retry);
      const dm = open.channel?.id ?? sub.creator;
      await withRetry(() => this.d.client().chat.postMessage({ channel: dm, text }), this.d.retry);
      this.d.log.info({ subscription: sub.id, creator: sub.creator, code }, 'digest paused; creator told by DM');
    } catch (err) {
      this.d.log.error({ subscription: sub.id, creator: sub.creator, code, error: err instanceof PostError ? err.message : classifySlackError(err).detail }, 'digest paused; could not DM the creator');
    }
  }
}
