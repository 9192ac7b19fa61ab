// Every paper the bot knows (corpus files + arXiv), merged into the search index as it arrives, with first-seen times.
import type { Paper } from '../papers/paper.ts';
import type { Hit, SearchOptions, SearchResults } from '../search/results.ts';
import type { PaperStore } from '../store/paper-store.ts';
import type { Clock } from '../feeds/clock.ts';

/** What digests need from the SearchIndex (src/search): search, incremental add, and optionally a Hit without searching. */
export interface DigestIndex {
  search(query: string, opts?: SearchOptions): SearchResults;
  add(papers: Paper[]): void;
  get(id: string): Paper | undefined;
  readonly size: number;
  hitFor?(paper: Paper, query?: string): Hit;
}

export class Catalogue {
  private readonly papers = new Map<string, Paper>();

  constructor(
    private readonly indexOf: () => DigestIndex,
    private readonly store: PaperStore,
    private readonly clock: Clock,
  ) {}

  /** The index now (the bot replaces its index once the corpus is loaded, so it is read at call time). */
  get index(): DigestIndex {
    return this.indexOf();
  }

  /**
   * Adds the papers not known yet: to the index (incrementally) and to the first-seen table, all with one
   * timestamp so a batch ties and ranks by match. Returns the new ones. Papers already in the index
   * (the corpus it was built from) are recorded here without being added twice.
   */
  merge(papers: Paper[]): Paper[] {
    const fresh: Paper[] = [];
    for (const p of papers) {
      if (this.papers.has(p.id)) continue;
      this.papers.set(p.id, p);
      fresh.push(p);
    }
    if (!fresh.length) return fresh;
    const notIndexed = fresh.filter((p) => !this.index.get(p.id));
    if (notIndexed.length) this.index.add(notIndexed);
    this.store.markSeen(
      fresh.map((p) => p.id),
      this.clock.now(),
    );
    return fresh;
  }

  get size(): number {
    return this.papers.size;
  }

  all(): Iterable<Paper> {
    return this.papers.values();
  }

  /** First-seen time (ISO) per paper id. */
  firstSeen(): Map<string, string> {
    return this.store.firstSeen();
  }

  /** A Hit for a paper that was not searched for (topic-less digests): the index's own when it offers one. */
  hitFor(paper: Paper, query?: string): Hit {
    if (this.index.hitFor) return this.index.hitFor(paper, query);
    const text = paper.abstract.length > 300 ? `${paper.abstract.slice(0, 299).trimEnd()}…` : paper.abstract;
    return { paper, score: 0, matches: {}, snippet: { text, marks: [] } };
  }
}
