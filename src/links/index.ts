// Paper links, assembled: the lookup (library, cache, arXiv, Crossref, OpenReview) and the lab's memory of shares.
import type { Config } from '../config.ts';
import type { ArxivClient } from '../feeds/arxiv-client.ts';
import type { Clock } from '../feeds/clock.ts';
import type { Library } from '../library/library.ts';
import type { Log } from '../log.ts';
import type { Store } from '../store/index.ts';
import { CrossrefClient } from './crossref.ts';
import { PaperLookup } from './lookup.ts';
import { OpenReviewClient } from './openreview.ts';
import { SharedMemory } from './shares.ts';

export interface Links {
  lookup: PaperLookup;
  memory: SharedMemory;
}

export interface LinksOptions {
  config: Pick<Config, 'lookups'>;
  store: Pick<Store, 'lookups' | 'shares' | 'papers' | 'feedback'>;
  library: Library;
  /** The process's arXiv client (feeds.arxiv): lookups share the poller's 3 s gap. */
  arxiv: ArxivClient;
  clock: Clock;
  log: Log;
  /** Crossref and OpenReview request timeout. Default 10000 ms. */
  timeoutMs?: number;
}

export function createLinks(o: LinksOptions): Links {
  const log = o.log.child({ component: 'links' });
  const crossref = new CrossrefClient({ apiUrl: o.config.lookups.crossrefUrl, mailto: o.config.lookups.crossrefMailto, timeoutMs: o.timeoutMs });
  const openreview = new OpenReviewClient({ apiUrl: o.config.lookups.openreviewUrl, timeoutMs: o.timeoutMs });
  const lookup = new PaperLookup({
    index: () => o.library.index,
    known: (id) => o.library.get(id),
    cache: o.store.lookups,
    arxiv: o.arxiv,
    crossref,
    openreview,
    clock: o.clock,
    log,
  });
  const memory = new SharedMemory({ shares: o.store.shares, papers: o.store.papers, feedback: o.store.feedback, library: o.library, log });
  return { lookup, memory };
}

export { PaperLookup, type Resolved } from './lookup.ts';
export { SharedMemory, SHARED_SOURCE, type SharedPaper, type SharedPeriod } from './shares.ts';
export { CrossrefClient, crossrefPaper } from './crossref.ts';
export { OpenReviewClient, openreviewPaper } from './openreview.ts';
export { LookupError } from './http-json.ts';
