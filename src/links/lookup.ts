// The paper a link names: from the library when it is known, else the lookup cache, else arXiv, Crossref or OpenReview.
import type { ArxivClient } from '../feeds/arxiv-client.ts';
import type { Clock } from '../feeds/clock.ts';
import type { Log } from '../log.ts';
import type { Paper } from '../papers/paper.ts';
import { linkRefKey, type LinkRef } from '../search/paper-ref.ts';
import type { SearchIndex } from '../search/search-index.ts';
import type { CachedLookup, LookupStore } from '../store/index.ts';
import { arxivByIds } from './arxiv-lookup.ts';
import type { CrossrefClient } from './crossref.ts';
import type { OpenReviewClient } from './openreview.ts';

export type Resolved =
  /** `from`: where the paper came from this time (`library`, `cache`, or the service asked). */
  | { status: 'found'; paper: Paper; from: 'library' | 'cache' | 'arxiv' | 'crossref' | 'openreview' }
  /** The service has no such paper (cached too: asked again after `missingTtlMs`). */
  | { status: 'missing' }
  /** The service could not answer (network, timeout, 5xx): not cached, so a later share asks again. */
  | { status: 'failed'; error: string };

export interface PaperLookupOptions {
  /** The index searched now (read at call time: it grows, and is swapped once at start). */
  index: () => SearchIndex;
  /** Papers known to the library by id (shared papers that were looked up before). */
  known?: (id: string) => Paper | undefined;
  cache: LookupStore;
  arxiv: ArxivClient;
  crossref: CrossrefClient;
  openreview: OpenReviewClient;
  clock: Clock;
  log: Log;
  /** How long a "no such paper" answer is believed. Default 1 day (a DOI can be registered a day later). */
  missingTtlMs?: number;
}

export class PaperLookup {
  /** Lookups in flight by key: two links to one paper in one burst cost one request. */
  private readonly pending = new Map<string, Promise<Resolved>>();

  constructor(private readonly o: PaperLookupOptions) {}

  /** The paper `ref` names. Never throws: a failure is a `failed` answer (and a logged warning). */
  async resolve(ref: LinkRef): Promise<Resolved> {
    const known = this.inLibrary(ref);
    if (known) return { status: 'found', paper: known, from: 'library' };
    const key = linkRefKey(ref);
    let cached: CachedLookup | undefined;
    try {
      cached = await this.o.cache.get(key);
    } catch (err) {
      // The database is down: ask the service, as for a paper never asked about.
      this.o.log.warn({ event: 'lookup_cache_failed', key, error: String((err as Error)?.message ?? err) }, 'paper lookup cache unavailable');
    }
    if (cached?.status === 'found') return { status: 'found', paper: cached.paper, from: 'cache' };
    if (cached?.status === 'missing' && this.o.clock.now().getTime() - cached.at.getTime() < (this.o.missingTtlMs ?? 86_400_000)) return { status: 'missing' };
    let running = this.pending.get(key);
    if (!running) {
      running = this.fetch(ref, key).finally(() => this.pending.delete(key));
      this.pending.set(key, running);
    }
    return running;
  }

  /** The paper id a cached answer holds for `key`, without asking any service. */
  async cachedId(key: string): Promise<string | undefined> {
    const cached = await this.o.cache.get(key);
    return cached?.status === 'found' ? cached.paper.id : undefined;
  }

  /** The library's paper for `ref`: by arXiv id or DOI through the index's lookup, or a shared OpenReview paper by id. */
  private inLibrary(ref: LinkRef): Paper | undefined {
    if ('openreviewId' in ref) return this.o.known?.(`openreview:${ref.openreviewId}`);
    const text = 'arxivId' in ref ? ref.arxivId : ref.doi;
    const found = this.o.index().search(text, { limit: 1 });
    return (found.lookup ? found.hits[0]?.paper : undefined) ?? this.o.known?.(text);
  }

  private async fetch(ref: LinkRef, key: string): Promise<Resolved> {
    const started = Date.now();
    const service = 'arxivId' in ref ? 'arxiv' : 'doi' in ref ? 'crossref' : 'openreview';
    try {
      const paper =
        'arxivId' in ref
          ? (await arxivByIds(this.o.arxiv, [ref.arxivId])).find((p) => p.arxivId === ref.arxivId)
          : 'doi' in ref
            ? await this.o.crossref.work(ref.doi)
            : await this.o.openreview.forum(ref.openreviewId);
      this.o.log.info({ event: 'paper_lookup', key, service, found: !!paper, took_ms: Date.now() - started }, paper ? 'paper looked up' : 'no such paper');
      // A cache write that fails (a locked database) costs the next lookup a request; it must not turn this answer
      // into a failed lookup.
      try {
        await this.o.cache.put(key, paper, this.o.clock.now());
      } catch (err) {
        this.o.log.warn({ event: 'paper_lookup_not_cached', key, error: String((err as Error)?.message ?? err) }, 'paper lookup answered but not cached');
      }
      return paper ? { status: 'found', paper, from: service } : { status: 'missing' };
    } catch (err) {
      const error = (err as Error)?.message ?? String(err);
      this.o.log.warn({ event: 'paper_lookup_failed', key, service, error, took_ms: Date.now() - started }, 'paper lookup failed; no unfurl');
      return { status: 'failed', error };
    }
  }
}
