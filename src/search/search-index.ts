// PLACEHOLDER (to be replaced by the search work): a plain MiniSearch over the papers.
import MiniSearch from 'minisearch';
import type { Paper } from '../papers/paper.ts';
import type { SearchOptions, SearchResults } from './results.ts';

export class SearchIndex {
  private readonly mini = new MiniSearch<Paper>({ fields: ['title', 'abstract', 'authorsText', 'venue'], extractField: (d, f) => (f === 'authorsText' ? d.authors.join(' ') : (d as any)[f]) });
  private readonly byId = new Map<string, Paper>();

  constructor(papers: Paper[] = []) {
    this.add(papers);
  }

  add(papers: Paper[]): void {
    for (const p of papers) {
      if (this.byId.has(p.id)) continue;
      this.byId.set(p.id, p);
      this.mini.add(p);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Paper | undefined {
    return this.byId.get(id);
  }

  search(query: string, opts: SearchOptions = {}): SearchResults {
    const { limit = 5, offset = 0 } = opts;
    const raw = this.mini.search(query, { prefix: true });
    const hits = raw.slice(offset, offset + limit).map((r) => {
      const paper = this.byId.get(r.id as string)!;
      const matches: Record<string, string[]> = {};
      for (const [t, f] of Object.entries(r.match)) matches[t] = f;
      return { paper, score: r.score, matches, snippet: { text: paper.abstract.slice(0, 300), marks: [] as Array<[number, number]> } };
    });
    return { query, total: raw.length, offset, hits, suggestions: [] };
  }

  similar(id: string, opts: SearchOptions = {}): SearchResults {
    const paper = this.byId.get(id);
    if (!paper) return { query: id, total: 0, offset: 0, hits: [], suggestions: [] };
    const res = this.search(paper.title, { limit: (opts.limit ?? 5) + 1, offset: opts.offset });
    res.hits = res.hits.filter((h) => h.paper.id !== id).slice(0, opts.limit ?? 5);
    return res;
  }
}
