// The feeds stage: new papers from the arXiv API and from edited corpus files, handed to whoever feeds the index.
import type { Config } from '../config.ts';
import type { Log } from '../log.ts';
import { loadCorpus, type Corpus } from '../papers/corpus.ts';
import type { Paper } from '../papers/paper.ts';
import type { FetchedPage, LeaseStore, PaperStore } from '../store/types.ts';
import { ArxivClient } from './arxiv-client.ts';
import { ArxivPoller, LEASE_CHECK_MS, type ArxivPollerOptions, type PollResult } from './arxiv-poller.ts';
import { realSleep, systemClock, type Clock, type Sleep } from './clock.ts';
import { CorpusWatcher } from './corpus-watcher.ts';

export interface FeedsOptions {
  config: Pick<Config, 'arxiv' | 'papersPath'>;
  /** Fetched arXiv papers are kept here, so a restart does not fetch them again. */
  store: PaperStore;
  /** Receives new papers (the composition root merges them into the library's index). */
  onPapers: (papers: Paper[]) => void;
  log: Log;
  /** Default systemClock. */
  clock?: Clock;
  /** Waits between arXiv requests. Default real timers. */
  sleep?: Sleep;
  /** arXiv poller overrides (page size, gaps, fetch) on top of config.arxiv. */
  arxiv?: Partial<Pick<ArxivPollerOptions, 'pageSize' | 'maxPages' | 'requestGapMs' | 'intervalMs' | 'retryMs' | 'timeoutMs' | 'fetch'>>;
  /**
   * Several replicas on one database: only the lease holder polls arXiv, and every replica reads the papers others
   * stored every `syncMs` (default LEASE_CHECK_MS, 15 s). Without it, this process polls on its own.
   */
  cluster?: { leases: LeaseStore; holder: string; syncMs?: number; leaseTtlMs?: number };
  /** Watch PAPERS_PATH for changes. Default true. */
  watchCorpus?: boolean;
  /** Reads the corpus for the watcher. Default loadCorpus from src/papers. */
  loadCorpus?: (paths: string[]) => Promise<Corpus>;
}

export interface Feeds {
  /** Starts the arXiv poller (if ARXIV_QUERY / ARXIV_CATEGORIES are set) and the corpus watcher. */
  start(): void;
  /** Stops timers and watchers; waits for a poll or re-read in progress (a poll is aborted). */
  stop(): Promise<void>;
  /** Polls arXiv once now. */
  pollArxiv(): Promise<PollResult>;
  /**
   * Every paper stored by feeds and shared links (by any replica), and how many stored rows no longer parse. It
   * also sets where the replica sync starts: only papers stored after this read come through `onPapers` later.
   */
  stored(): Promise<FetchedPage>;
  readonly arxivEnabled: boolean;
  /** The process's one arXiv client (poller and link lookups share its 3 s gap); stopped by stop(). */
  readonly arxiv: ArxivClient;
}

export function createFeeds(o: FeedsOptions): Feeds {
  const log = o.log.child({ component: 'feeds' });
  const clock = o.clock ?? systemClock;
  const sleep = o.sleep ?? realSleep;
  const arxiv = new ArxivClient({ apiUrl: o.config.arxiv.apiUrl, requestGapMs: o.arxiv?.requestGapMs, timeoutMs: o.arxiv?.timeoutMs, fetch: o.arxiv?.fetch, clock, sleep });
  const poller = new ArxivPoller({
    apiUrl: o.config.arxiv.apiUrl,
    query: o.config.arxiv.query,
    categories: o.config.arxiv.categories,
    ...o.arxiv,
    store: o.store,
    clock,
    sleep,
    log,
    onPapers: o.onPapers,
    client: arxiv,
    lease: o.cluster && { store: o.cluster.leases, holder: o.cluster.holder, ttlMs: o.cluster.leaseTtlMs, checkMs: o.cluster.syncMs },
  });
  // Replica sync: papers another replica's poll (or a link shared through it) stored since the last read.
  let cursor = 0;
  let syncTimer: NodeJS.Timeout | undefined;
  let syncing: Promise<void> | undefined;
  let stopped = false;
  const syncOnce = async () => {
    try {
      const page = await o.store.fetchedAfter(cursor);
      cursor = page.cursor;
      if (page.papers.length) {
        log.info({ event: 'replica_sync', papers: page.papers.length, skipped: page.skipped }, 'papers stored by other replicas learned from the database');
        o.onPapers(page.papers);
      }
    } catch (err) {
      log.warn({ event: 'replica_sync_failed', error: String((err as Error)?.message ?? err) }, 'could not read new papers from the database; trying again shortly');
    }
  };
  const armSync = () => {
    if (stopped || !o.cluster) return;
    syncTimer = setTimeout(() => {
      syncing = syncOnce().finally(() => ((syncing = undefined), armSync()));
    }, o.cluster.syncMs ?? LEASE_CHECK_MS);
    syncTimer.unref();
  };
  const watching = o.watchCorpus !== false;
  const watcher = new CorpusWatcher({ paths: o.config.papersPath, load: o.loadCorpus ?? ((paths) => loadCorpus(paths)), onPapers: o.onPapers, log });
  return {
    arxivEnabled: poller.enabled,
    arxiv,
    start() {
      stopped = false;
      poller.start();
      armSync();
      if (watching) watcher.start();
    },
    async stop() {
      stopped = true;
      if (syncTimer) clearTimeout(syncTimer);
      await syncing;
      arxiv.stop();
      await Promise.all([poller.stop(), watcher.stop()]);
    },
    pollArxiv: () => poller.poll(),
    async stored() {
      const page = await o.store.fetchedAfter(0);
      cursor = page.cursor;
      return page;
    },
  };
}

export { ArxivPoller, arxivSearchQuery, ARXIV_FEED, ARXIV_LEASE, LEASE_CHECK_MS, LEASE_TTL_MS, type ArxivPollerOptions, type PollResult } from './arxiv-poller.ts';
export { ArxivClient, type ArxivClientOptions, type ArxivResponse } from './arxiv-client.ts';
export { CorpusWatcher, type CorpusWatcherOptions } from './corpus-watcher.ts';
export { systemClock, realSleep, type Clock, type Sleep } from './clock.ts';
