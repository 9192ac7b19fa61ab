// The digest service: `/paper digest` commands, the daily scheduler, the arXiv poller and the corpus watcher.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { Config } from '../config.ts';
import type { Message } from '../blocks/message.ts';
import type { Log } from '../log.ts';
import { loadCorpus, type Corpus } from '../papers/corpus.ts';
import type { Paper } from '../papers/paper.ts';
import type { Db } from '../store/database.ts';
import { PaperStore } from '../store/paper-store.ts';
import { ArxivPoller, ARXIV_FEED, type ArxivPollerOptions, type PollResult } from '../feeds/arxiv-poller.ts';
import { CorpusWatcher } from '../feeds/corpus-watcher.ts';
import { realSleep, systemClock, type Clock, type Sleep } from '../feeds/clock.ts';
import { Catalogue, type DigestIndex } from './catalogue.ts';
import { DigestCommands, type DigestCommandInput } from './commands.ts';
import { composeDigest } from './compose.ts';
import { DigestDelivery, renderDigest, type DeliveryOutcome } from './delivery.ts';
import { Ledger } from './ledger.ts';
import { RunStore } from './runs.ts';
import { DigestScheduler, type SchedulerOptions } from './scheduler.ts';
import { digestWebClient, type RetryPolicy } from './slack-post.ts';
import { SubscriptionStore, type Subscription } from './subscription.ts';

export interface DigestServiceOptions {
  /** From openDatabase(config.databasePath) (src/store). The service does not close it. */
  db: Db;
  /**
   * The SearchIndex the rest of the bot searches; new papers are added to it incrementally. A function is read
   * at each use (the bot swaps in its real index once the corpus is loaded).
   */
  index: DigestIndex | (() => DigestIndex);
  log: Log;
  config: Pick<Config, 'digest' | 'arxiv' | 'papersPath' | 'slack'>;
  /**
   * Client digests post with (a function is read at each post, e.g. the console's loopback once it exists).
   * Default: a WebClient for SLACK_BOT_TOKEN / SLACK_API_URL with its own retries off, so the bounded retry
   * policy here is the only one (Bolt's app.client retries for ~30 minutes).
   */
  client?: webApi.WebClient | (() => webApi.WebClient);
  /**
   * The corpus papers the index was built from (topic-less digests pick from every known paper), read at start.
   * Default: re-read PAPERS_PATH at start.
   */
  papers?: Paper[] | (() => Paper[]);
  /** Default systemClock. */
  clock?: Clock;
  /** Waits between retries and arXiv requests. Default real timers. */
  sleep?: Sleep;
  scheduler?: SchedulerOptions;
  /** Post retries. Default 4 attempts, 2 s base backoff, 120 s longest wait. */
  retry?: Partial<Omit<RetryPolicy, 'sleep'>>;
  /** arXiv poller overrides (page size, gaps, fetch) on top of config.arxiv. */
  arxiv?: Partial<Pick<ArxivPollerOptions, 'pageSize' | 'maxPages' | 'requestGapMs' | 'intervalMs' | 'retryMs' | 'timeoutMs' | 'fetch'>>;
  /** Watch PAPERS_PATH for changes. Default true. */
  watchCorpus?: boolean;
  /** Reads the corpus for the watcher. Default loadCorpus from src/papers. */
  loadCorpus?: (paths: string[]) => Promise<Corpus>;
  /** Identifies this process in runs.claimed_by. Default host:pid:random. */
  processId?: string;
}

export interface DigestService {
  /** `/paper digest <text>`: the reply to show the user ephemerally. */
  command(input: DigestCommandInput): Promise<Message>;
  /** Catch-up sends, then the scheduler, the arXiv poller and the corpus watcher. */
  start(): Promise<void>;
  /** Stops timers and watchers and waits for digests being sent and a poll in progress. */
  stop(): Promise<void>;
  /** Sends whatever is due now (the scheduler's tick; for tests and tools). */
  runDue(): Promise<DeliveryOutcome[]>;
  /** Sends each active digest of `channel` now, for today's local date (skipped if today's was already sent). */
  sendChannel(channel: string): Promise<DeliveryOutcome[]>;
  /** Each digest of `channel` as it would be posted now; nothing is posted or recorded. */
  previewChannel(channel: string): Array<{ subscription: Subscription; message: Message; papers: number }>;
  /** Polls arXiv once now. */
  pollArxiv(): Promise<PollResult>;
  readonly catalogue: Catalogue;
  readonly scheduler: DigestScheduler;
}

export function createDigestService(o: DigestServiceOptions): DigestService {
  const clock = o.clock ?? systemClock;
  const sleep = o.sleep ?? realSleep;
  const log = o.log.child({ component: 'digests' });
  const paperStore = new PaperStore(o.db);
  const subs = new SubscriptionStore(o.db);
  const runs = new RunStore(o.db);
  const ledger = new Ledger(o.db);
  const index = o.index;
  const catalogue = new Catalogue(typeof index === 'function' ? index : () => index, paperStore, clock);
  const given = o.client;
  let fallback: webApi.WebClient | undefined;
  const client = typeof given === 'function' ? given : () => given ?? (fallback ??= digestWebClient(o.config.slack.botToken, o.config.slack.apiUrl));
  const retry: RetryPolicy = { attempts: 4, baseDelayMs: 2000, maxDelayMs: 120_000, ...o.retry, sleep };
  const processId = o.processId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  // Done once, when first needed (start, send, preview): by then the bot's real index exists.
  let prepared = false;
  const prepare = () => {
    if (prepared) return;
    prepared = true;
    const given = typeof o.papers === 'function' ? o.papers() : o.papers;
    if (given) catalogue.merge(given);
    // arXiv papers fetched before a restart go back into the index without fetching again.
    const stored = paperStore.loadFetched(ARXIV_FEED);
    if (stored.skipped) log.warn({ skipped: stored.skipped }, 'stored arXiv papers that no longer parse were skipped');
    catalogue.merge(stored.papers);
  };

  const delivery = new DigestDelivery({ subs, runs, ledger, catalogue, client, clock, log, retry, processId });
  const scheduler = new DigestScheduler(subs, runs, delivery, clock, log, o.scheduler);
  const commands = new DigestCommands({
    subs,
    ledger,
    catalogue,
    clock,
    log,
    defaultTimezone: o.config.digest.timezone,
    onChange: (resumed) => {
      scheduler.refresh();
      // A resumed digest whose time passed today (within the grace window, not yet sent) goes out now.
      if (resumed) void scheduler.track(scheduler.runDue()).catch((err) => log.error({ err }, 'digest catch-up after resume failed'));
    },
  });
  const onPapers = (papers: Paper[]) => {
    const fresh = catalogue.merge(papers);
    if (fresh.length) log.info({ added: fresh.length, total: catalogue.size }, 'new papers merged into the index');
  };
  const poller = new ArxivPoller({ apiUrl: o.config.arxiv.apiUrl, query: o.config.arxiv.query, categories: o.config.arxiv.categories, ...o.arxiv, store: paperStore, clock, sleep, log, onPapers });
  const watcher = new CorpusWatcher({ paths: o.config.papersPath, load: o.loadCorpus ?? ((paths) => loadCorpus(paths)), onPapers, log });

  return {
    catalogue,
    scheduler,
    command: (input) => commands.handle(input),
    async start() {
      prepare();
      if (!o.papers && o.watchCorpus !== false) await watcher.reload();
      await scheduler.start();
      poller.start();
      if (o.watchCorpus !== false) watcher.start();
      const next = scheduler.nextDue();
      log.info({ subscriptions: subs.active().length, papers: catalogue.size, nextDigest: next?.toISOString(), graceHours: scheduler.graceMs / 3_600_000, arxiv: poller.enabled }, 'digests started');
    },
    async stop() {
      await Promise.all([scheduler.stop(), poller.stop(), watcher.stop()]);
    },
    runDue: () => (prepare(), scheduler.runDue()),
    sendChannel(channel) {
      prepare();
      const active = subs.inChannel(channel).filter((s) => s.status === 'active');
      return Promise.all(active.map((s) => scheduler.track(delivery.deliver(s, clock.now()))));
    },
    previewChannel(channel) {
      prepare();
      return subs.inChannel(channel).map((s) => {
        const digest = composeDigest({ ...s, notifyEmpty: true }, clock.now(), catalogue, ledger);
        return { subscription: s, message: renderDigest(digest), papers: digest.hits.length };
      });
    },
    pollArxiv: () => (prepare(), poller.poll()),
  };
}

export { DIGEST_USAGE, parseDigestCommand, DigestInputError } from './command-parser.ts';
export { describeSubscription, type DigestCommandInput } from './commands.ts';
export type { DeliveryOutcome } from './delivery.ts';
export { DEFAULT_GRACE_MS, DEFAULT_STALE_CLAIM_MS } from './scheduler.ts';
