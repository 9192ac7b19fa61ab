// The digest service: `/paper digest` commands and the daily scheduler, on the store and the library.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { webApi } from '@slack/bolt';
import { digestPost } from '../blocks/digest-replies.ts';
import type { Message } from '../blocks/message.ts';
import type { Config } from '../config.ts';
import { realSleep, systemClock, type Clock, type Sleep } from '../feeds/clock.ts';
import { LabFeed } from '../library/lab-feed.ts';
import type { Library } from '../library/library.ts';
import type { Log } from '../log.ts';
import type { Store, Subscription } from '../store/index.ts';
import { DigestCommands, type DigestCommandInput } from './commands.ts';
import { composeDigest, postInput } from './compose.ts';
import { DigestDelivery, type DeliveryOutcome } from './delivery.ts';
import { DigestScheduler, type SchedulerOptions } from './scheduler.ts';
import { DEFAULT_RETRY, digestWebClient, type RetryPolicy } from './slack-post.ts';

export interface DigestServiceOptions {
  /** Subscriptions, runs and the ledger (src/store). The service does not close it. */
  store: Store;
  /** The papers and the index digests pick from; feeds grow it (src/library). */
  library: Library;
  log: Log;
  config: Pick<Config, 'digest' | 'slack'>;
  /**
   * Client digests post with (a function is read at each post, e.g. the console's loopback once it exists).
   * Default: digestWebClient for SLACK_BOT_TOKEN / SLACK_API_URL: no hidden retries (the bounded policy here is the
   * only one; Bolt's app.client retries for ~30 minutes) and a timeout.
   */
  client?: webApi.WebClient | ((teamId: string) => webApi.WebClient | Promise<webApi.WebClient>);
  /** Default systemClock. */
  clock?: Clock;
  /** Waits between retries. Default real timers. */
  sleep?: Sleep;
  scheduler?: SchedulerOptions;
  /** Post retries. Default DEFAULT_RETRY: 4 attempts, 2 s base backoff, 120 s longest wait. */
  retry?: Partial<Omit<RetryPolicy, 'sleep'>>;
  /** Identifies this process in runs.claimed_by. Default host:pid:random. */
  processId?: string;
}

export interface DigestService {
  /** `/paper digest <text>`: the reply to show the user ephemerally. */
  command(input: DigestCommandInput): Promise<Message>;
  /** Catch-up sends, then the scheduler. */
  start(): Promise<void>;
  /**
   * Stops the timer, ends retry waits at once (recorded "not posted, retry at T"), waits up to the scheduler's
   * stopGraceMs (5 s) for posts Slack has not answered, and marks any left as interrupted (never resent).
   */
  stop(): Promise<void>;
  /** Sends whatever is due now (the scheduler's tick; for tests and tools). */
  runDue(): Promise<DeliveryOutcome[]>;
  /** Sends each active digest of `channel` now, for today's local date (skipped if today's was already sent). */
  sendChannel(channel: string): Promise<DeliveryOutcome[]>;
  /** Each digest of `channel` as it would be posted now; nothing is posted or recorded. */
  previewChannel(channel: string): Promise<Array<{ subscription: Subscription; message: Message; papers: number }>>;
  readonly scheduler: DigestScheduler;
}

export function createDigestService(o: DigestServiceOptions): DigestService {
  const clock = o.clock ?? systemClock;
  const log = o.log.child({ component: 'digests' });
  const { subscriptions: subs, runs, ledger } = o.store;
  const given = o.client;
  let fallback: webApi.WebClient | undefined;
  const client = typeof given === 'function' ? given : () => given ?? (fallback ??= digestWebClient(o.config.slack.botToken, o.config.slack.apiUrl));
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...o.retry, sleep: o.sleep ?? realSleep };
  const processId = o.processId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  const labFeed = new LabFeed(o.library, o.store.feedback);
  const delivery = new DigestDelivery({ subs, runs, ledger, library: o.library, labFeed, feedback: o.store.feedback, client, clock, log, retry, processId });
  const scheduler = new DigestScheduler(subs, runs, delivery, clock, log, o.scheduler);
  const commands = new DigestCommands({
    subs,
    ledger,
    library: o.library,
    labFeed,
    feedback: o.store.feedback,
    clock,
    log,
    defaultTimezone: o.config.digest.timezone,
    onChange: (resumed) => {
      scheduler.refresh();
      // A resumed digest whose time passed today (within the grace window, not yet sent) goes out now.
      if (resumed) void scheduler.track(scheduler.runDue()).catch((err) => log.error({ err }, 'digest catch-up after resume failed'));
    },
  });

  return {
    scheduler,
    command: (input) => commands.handle(input),
    async start() {
      await scheduler.start();
      const next = await scheduler.nextDue();
      log.info({ event: 'digests_started', subscriptions: (await subs.active()).length, papers: o.library.size, nextDigest: next?.toISOString(), graceHours: scheduler.graceMs / 3_600_000 }, 'digests started');
    },
    stop: () => scheduler.stop(),
    runDue: () => scheduler.runDue(),
    async sendChannel(channel) {
      const active = (await subs.inChannel(undefined, channel)).filter((s) => s.status === 'active');
      return Promise.all(active.map((s) => scheduler.track(delivery.deliver(s, clock.now()))));
    },
    async previewChannel(channel) {
      const out = [];
      for (const s of await subs.inChannel(undefined, channel)) {
        const digest = await composeDigest({ ...s, notifyEmpty: true }, clock.now(), { library: o.library, ledger, labFeed });
        out.push({ subscription: s, message: digestPost(postInput(digest)), papers: digest.hits.length });
      }
      return out;
    },
  };
}

export { parseDigestCommand, DigestInputError } from './command-parser.ts';
export { DIGEST_USAGE, describeSubscription } from '../blocks/digest-replies.ts';
export type { DigestCommandInput } from './commands.ts';
export type { DeliveryOutcome } from './delivery.ts';
export { DEFAULT_GRACE_MS, DEFAULT_STALE_CLAIM_MS, DEFAULT_STOP_GRACE_MS } from './scheduler.ts';
