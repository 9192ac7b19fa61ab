// Polls the arXiv API daily for ARXIV_QUERY / ARXIV_CATEGORIES, stores new papers in SQLite and hands them on.
import type { Paper } from '../papers/paper.ts';
import { parseArxivAtom } from '../papers/formats/arxiv-atom.ts';
import type { Log } from '../log.ts';
import type { LeaseStore, PaperStore } from '../store/types.ts';
import { ArxivClient } from './arxiv-client.ts';
import type { Clock, Sleep } from './clock.ts';

export const ARXIV_FEED = 'arxiv';

export interface ArxivPollerOptions {
  /** ARXIV_API_URL. Default https://export.arxiv.org/api/query. */
  apiUrl: string;
  /** ARXIV_QUERY: an arXiv search_query, e.g. `abs:robust`. */
  query?: string;
  /** ARXIV_CATEGORIES, e.g. ["cs.LG", "cs.CV"]. With a query too, both must match (AND). */
  categories: string[];
  /** max_results per request. Default 100 (arXiv allows up to 2000 per slice; a daily listing is smaller). */
  pageSize?: number;
  /** Requests per poll at most; paging also stops at the first page with nothing new. Default 3. */
  maxPages?: number;
  /** Least time between two requests. Default 3000 ms: the arXiv API manual asks for "a 3 second delay" between calls. */
  requestGapMs?: number;
  /** Time between polls. Default 24 hours. */
  intervalMs?: number;
  /** After a failed poll, try again this soon. Default 1 hour. */
  retryMs?: number;
  /** Per-request timeout. Default 30000 ms. */
  timeoutMs?: number;
  store: PaperStore;
  clock: Clock;
  sleep: Sleep;
  log: Log;
  /** Receives the papers a poll found that were not stored before. */
  onPapers: (papers: Paper[]) => void;
  /** Injectable for tests. Default global fetch. */
  fetch?: typeof fetch;
  /**
   * The arXiv client to share with link lookups (one 3 s gap for the whole process). Default a client of its own,
   * built from apiUrl, requestGapMs, timeoutMs and fetch.
   */
  client?: ArxivClient;
  /**
   * With several replicas on one database: only the holder of this lease polls (the others learn the papers from
   * the database). Without it, this process polls on its own schedule.
   */
  lease?: { store: LeaseStore; holder: string; ttlMs?: number; checkMs?: number };
}

export interface PollResult {
  requests: number;
  fetched: number;
  fresh: number;
  error?: string;
}

/** The search_query for the configured query and categories, or undefined when neither is set. */
export function arxivSearchQuery(query: string | undefined, categories: string[]): string | undefined {
  const cats = categories.map((c) => `cat:${c}`).join(' OR ');
  const q = query?.trim();
  if (q && cats) return `(${q}) AND (${cats})`;
  return q || cats || undefined;
}

/** The lease's name: one arXiv poll per cluster. */
export const ARXIV_LEASE = 'arxiv-poll';
/** A holder that stops renewing loses the lease after this long; another replica takes it at its next check. */
export const LEASE_TTL_MS = 40_000;
/** How often each replica tries to take (or renew) the lease: a dead holder is replaced within TTL + this, < 1 min. */
export const LEASE_CHECK_MS = 15_000;

export class ArxivPoller {
  private timer?: NodeJS.Timeout;
  private leader = false;
  /** After a failed poll: the earliest next try (in memory; a restart tries at once). */
  private retryNotBefore = 0;
  private current?: Promise<PollResult>;
  private stopped = false;
  private readonly client: ArxivClient;
  /** Aborted by stop(): a shutdown must not wait out the 3 s courtesy gap or a 30 s request timeout. */
  private abort = new AbortController();

  constructor(private readonly o: ArxivPollerOptions) {
    this.client = o.client ?? new ArxivClient({ apiUrl: o.apiUrl, requestGapMs: o.requestGapMs, timeoutMs: o.timeoutMs, clock: o.clock, sleep: o.sleep, fetch: o.fetch });
  }

  /** False when neither ARXIV_QUERY nor ARXIV_CATEGORIES is set: nothing to poll. */
  get enabled(): boolean {
    return arxivSearchQuery(this.o.query, this.o.categories) !== undefined;
  }

  /** Polls now if the last successful poll is older than the interval, then keeps polling on schedule. */
  start(): void {
    if (!this.enabled) return;
    this.stopped = false;
    if (this.abort.signal.aborted) this.abort = new AbortController();
    this.schedule(0);
  }

  /**
   * One check: with a lease (several replicas on one database), only its holder polls, and renews it at each check;
   * the poll is due when the last successful poll recorded in the database (by any replica) is an interval old.
   */
  private async tick(): Promise<void> {
    const { clock, log } = this.o;
    const interval = this.o.intervalMs ?? 24 * 60 * 60 * 1000;
    const lease = this.o.lease;
    try {
      if (lease && !(await lease.store.acquire(ARXIV_LEASE, lease.holder, lease.ttlMs ?? LEASE_TTL_MS, clock.now()))) {
        if (this.leader) log.info({ event: 'arxiv_lease_lost', holder: lease.holder }, 'another replica polls arXiv now');
        this.leader = false;
        return this.schedule(lease.checkMs ?? LEASE_CHECK_MS);
      }
      if (lease && !this.leader) log.info({ event: 'arxiv_lease_taken', holder: lease.holder }, 'this replica polls arXiv for the cluster');
      this.leader = true;
      const last = await this.o.store.lastPolled(ARXIV_FEED);
      const due = Math.max(last ? last.getTime() + interval : 0, this.retryNotBefore);
      const wait = due - clock.now().getTime();
      if (wait <= 0) {
        const res = await this.poll();
        if (res.error) this.retryNotBefore = clock.now().getTime() + (this.o.retryMs ?? 60 * 60 * 1000);
        return this.schedule(lease ? (lease.checkMs ?? LEASE_CHECK_MS) : res.error ? (this.o.retryMs ?? 60 * 60 * 1000) : interval);
      }
      this.schedule(lease ? Math.min(wait, lease.checkMs ?? LEASE_CHECK_MS) : wait);
    } catch (err) {
      // The database is down or locked: nothing is polled without knowing whether another replica did; try again soon.
      log.warn({ event: 'arxiv_poll_check_failed', error: String((err as Error)?.message ?? err) }, 'could not check whether an arXiv poll is due; trying again shortly');
      this.schedule(lease?.checkMs ?? LEASE_CHECK_MS);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current?.catch(() => undefined);
    // Handed over at once on a clean stop; a replica that dies instead is replaced when its lease expires.
    const lease = this.o.lease;
    if (lease && this.leader) {
      this.leader = false;
      await lease.store.release(ARXIV_LEASE, lease.holder).catch((err) => this.o.log.warn({ event: 'arxiv_lease_release_failed', error: String(err?.message ?? err) }, 'could not release the arXiv lease; it expires by itself'));
    }
  }

  /** One poll: newest submissions first, page by page until nothing new. Never throws; errors are logged and returned. */
  poll(): Promise<PollResult> {
    this.current ??= this.pollOnce().finally(() => (this.current = undefined));
    return this.current;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), Math.min(ms, 2 ** 31 - 1));
    this.timer.unref();
  }

  private async pollOnce(): Promise<PollResult> {
    const { store, clock, log } = this.o;
    const searchQuery = arxivSearchQuery(this.o.query, this.o.categories);
    const result: PollResult = { requests: 0, fetched: 0, fresh: 0 };
    if (!searchQuery) return result;
    const pageSize = this.o.pageSize ?? 100;
    try {
      for (let page = 0; page < (this.o.maxPages ?? 3) && !this.stopped; page++) {
        const xml = await this.client.get(
          { search_query: searchQuery, sortBy: 'submittedDate', sortOrder: 'descending', start: String(page * pageSize), max_results: String(pageSize) },
          this.abort.signal,
        );
        const url = xml.url;
        result.requests++;
        const parsed = parseArxivAtom(xml.body, url);
        if (!xml.ok || (parsed.papers.length === 0 && parsed.issues.length)) {
          throw new Error(`HTTP ${xml.status}${parsed.issues.length ? `: ${parsed.issues.map((i) => i.message).join('; ')}` : ''}`);
        }
        for (const issue of parsed.issues) log.warn({ feed: ARXIV_FEED, url, record: issue.record, issue: issue.message }, 'arXiv entry skipped');
        result.fetched += parsed.papers.length;
        const fresh = await store.saveFetched(parsed.papers, ARXIV_FEED, clock.now());
        result.fresh += fresh.length;
        if (fresh.length) this.o.onPapers(fresh);
        const total = parsed.totalResults;
        // Sorted newest first: a page with nothing new means the rest is already stored too.
        if (fresh.length === 0 || parsed.papers.length < pageSize || (total !== undefined && (page + 1) * pageSize >= total)) break;
      }
      await store.recordPoll(ARXIV_FEED, clock.now());
      log.info({ feed: ARXIV_FEED, query: searchQuery, ...result }, 'arXiv poll done');
    } catch (err) {
      if (this.stopped) {
        // Cut short by shutdown: not a failure of arXiv's, and the next start polls again.
        log.info({ feed: ARXIV_FEED, query: searchQuery, ...result }, 'arXiv poll stopped by shutdown');
        return result;
      }
      result.error = err instanceof Error ? err.message : String(err);
      await store.recordPoll(ARXIV_FEED, clock.now(), result.error).catch((e) => log.warn({ feed: ARXIV_FEED, error: String(e?.message ?? e) }, 'could not record the failed poll'));
      log.error({ feed: ARXIV_FEED, query: searchQuery, apiUrl: this.o.apiUrl, ...result }, 'arXiv poll failed; will try again later');
    }
    return result;
  }
}
