// SearchIndex: the papers behind MiniSearch with our analyzer, query syntax, typo fallback, snippets and similar().
import MiniSearch, { type SearchResult } from 'minisearch';
import { terms, tokens } from './analyzer.ts';
import { buildHit, fieldText, matchPaper, TermAttribution } from './hits.ts';
import { arxivIdFromUrl } from './paper-ref.ts';
import { passesFilters } from './filters.ts';
import { parseQuery, isEmptyQuery, DEFAULT_QUERY_LIMITS, type ParsedQuery, type QueryLimits } from './query.ts';
import { FIELDS, proximityShare, rankingOptions, type RankingOptions } from './ranking.ts';
import { DEFAULT_SNIPPET_OPTIONS, type SnippetOptions } from './snippet.ts';
import { fuzzyDistance, suggestCorrections, type QueryWord } from './typos.ts';
import { Vocabulary } from './vocabulary.ts';
import { PhraseCheck, excludedIds, filterCandidates } from './constraints.ts';
import type { Paper } from '../papers/paper.ts';
import type { Hit, SearchOptions, SearchResults } from './results.ts';

/** How a SearchIndex ranks, cuts queries and cuts snippets. Every part is optional; defaults are documented on each type. */
export interface SearchIndexOptions {
  ranking?: Partial<RankingOptions>;
  limits?: Partial<QueryLimits>;
  snippet?: Partial<SnippetOptions>;
}

/** What MiniSearch stores per paper: each field as its analyzed terms joined by spaces (analyzed once, by us). */
type IndexedDoc = { id: string } & Record<(typeof FIELDS)[number], string>;

/** Hard bounds on paging, so a bad `limit` cannot ask for the whole corpus with snippets. */
const MAX_LIMIT = 1000;

export class SearchIndex {
  readonly vocabulary = new Vocabulary();
  private readonly mini: MiniSearch<IndexedDoc>;
  private readonly byId = new Map<string, Paper>();
  private readonly byArxiv = new Map<string, string>();
  private readonly byDoi = new Map<string, string>();
  private readonly byYear = new Map<number, string[]>();
  private readonly ranking: RankingOptions;
  private readonly limits: QueryLimits;
  private readonly snippet: SnippetOptions;

  constructor(papers: Paper[] = [], options: SearchIndexOptions = {}) {
    this.ranking = rankingOptions(options.ranking);
    this.limits = { ...DEFAULT_QUERY_LIMITS, ...options.limits };
    this.snippet = { ...DEFAULT_SNIPPET_OPTIONS, ...options.snippet };
    const { boost, bm25 } = this.ranking;
    this.mini = new MiniSearch<IndexedDoc>({
      fields: [...FIELDS],
      // Fields arrive already analyzed (see add), and queries are analyzed by us too: MiniSearch only splits.
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term || null,
      searchOptions: { boost, bm25 },
    });
    this.add(papers);
  }

  /** Adds papers; a paper whose id is already indexed is skipped (the first one wins). */
  add(papers: Paper[]): void {
    for (const paper of papers) {
      if (!paper || typeof paper.id !== 'string' || this.byId.has(paper.id)) continue;
      this.byId.set(paper.id, paper);
      const doc = { id: paper.id } as IndexedDoc;
      const all: string[] = [];
      const surfaces: string[] = [];
      for (const field of FIELDS) {
        const text = fieldText(paper, field);
        const fieldTerms: string[] = [];
        for (const t of tokens(text)) {
          if (t.stop) continue;
          fieldTerms.push(t.term);
          all.push(t.term);
          surfaces.push(text.slice(t.start, t.end));
        }
        doc[field] = fieldTerms.join(' ');
      }
      this.vocabulary.addDocument(all, (i) => surfaces[i].toLowerCase());
      this.mini.add(doc);
      const arxivId = paper.arxivId ?? arxivIdFromUrl(paper.url) ?? arxivIdFromUrl(paper.pdf);
      if (arxivId) this.byArxiv.set(arxivId.toLowerCase(), paper.id);
      if (paper.doi) this.byDoi.set(paper.doi.toLowerCase(), paper.id);
      if (paper.year !== undefined) this.byYear.set(paper.year, [...(this.byYear.get(paper.year) ?? []), paper.id]);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Paper | undefined {
    return this.byId.get(id);
  }

  /** Runs a query (syntax in query.ts). Never throws on user input; an empty query gives total 0. */
  search(query: string, opts: SearchOptions = {}): SearchResults {
    const { limit, offset } = page(opts);
    const q = parseQuery(typeof query === 'string' ? query : '', this.limits);
    const results: SearchResults = { query: q.text, total: 0, offset, hits: [], suggestions: [] };
    if (q.truncated) results.truncated = true;
    if (q.lookup) return { ...results, lookup: true, ...this.lookup(q, limit, offset) };
    if (isEmptyQuery(q)) return results;

    const words = queryWords(q);
    const queryTerms = [...new Set(words.flatMap((w) => w.terms))];
    const excluded = excludedIds(this.mini, this.byId, q);
    if (queryTerms.length === 0) {
      // Filters only (or only stopwords next to filters): list the matching papers, newest first.
      if (q.filters.length === 0 && !q.years) return results;
      const papers = filterCandidates(this.mini, this.byId, this.byYear, q).filter((p) => !excluded.has(p.id) && passesFilters(p, q));
      papers.sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || a.title.localeCompare(b.title));
      const attribution = new TermAttribution([]);
      results.total = papers.length;
      results.hits = papers.slice(offset, offset + limit).map((p) => buildHit(p, 0, {}, attribution, this.snippet));
      return results;
    }

    // Every word of a phrase must match (its hyphen-joined forms need not: "crowd sourced" satisfies "crowd-sourced").
    const required = [...new Set(q.phrases.flatMap((p) => tokens(p).filter((t) => !t.stop && !t.joined).map((t) => t.term)))];
    const phrases = new PhraseCheck(q.phrases);
    const distance = new Map(queryTerms.map((t) => [t, fuzzyDistance(t, this.vocabulary)]));
    const fuzzed = queryTerms.filter((t) => distance.get(t)! > 0);
    const raw = this.mini.search(queryTerms.join(' '), {
      fuzzy: (term) => distance.get(term) || false,
      // Called once per matching paper: left out entirely for the common query without any constraint.
      filter:
        excluded.size || required.length || q.filters.length || q.years
          ? (r) => {
              const paper = this.byId.get(r.id)!;
              return !excluded.has(r.id) && required.every((t) => r.queryTerms.includes(t)) && passesFilters(paper, q) && phrases.matches(paper);
            }
          : undefined,
    });
    const ranked = this.rank(raw, queryTerms);
    results.total = ranked.length;
    const attribution = new TermAttribution(words, fuzzed);
    results.hits = ranked.slice(offset, offset + limit).map((r) => buildHit(this.byId.get(r.id)!, r.score, r.match, attribution, this.snippet));
    if (ranked.length === 0) results.suggestions = this.suggest(q, words);
    return results;
  }

  /**
   * "More like this": papers sharing the most distinctive terms of the given paper's title and abstract (top 12 by
   * tf-idf, title words counted twice), the paper itself left out. `query` in the result is the paper's id.
   */
  similar(id: string, opts: SearchOptions = {}): SearchResults {
    const { limit, offset } = page(opts);
    const results: SearchResults = { query: id, total: 0, offset, hits: [], suggestions: [] };
    const paper = this.byId.get(id);
    if (!paper) return results;
    const tf = new Map<string, number>();
    for (const t of terms(paper.title ?? '')) tf.set(t, (tf.get(t) ?? 0) + 2);
    for (const t of terms(paper.abstract ?? '')) tf.set(t, (tf.get(t) ?? 0) + 1);
    const weighted = [...tf]
      .filter(([t]) => this.vocabulary.docFreq(t) > 1) // a term only this paper has cannot find another one
      .map(([t, n]) => [t, (1 + Math.log(n)) * this.vocabulary.idf(t)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12);
    if (weighted.length === 0) return results;
    const weight = new Map(weighted);
    const top = weighted[0][1];
    const raw = this.mini.search(weighted.map(([t]) => t).join(' '), {
      fields: ['title', 'abstract'],
      boostTerm: (t) => (weight.get(t) ?? 0) / top,
      filter: (r) => r.id !== id,
    });
    const attribution = new TermAttribution(weighted.map(([t]) => ({ word: this.vocabulary.surface(t), terms: [t] })));
    results.total = raw.length;
    results.hits = raw.slice(offset, offset + limit).map((r) => buildHit(this.byId.get(r.id)!, r.score, r.match, attribution, this.snippet));
    return results;
  }

  /**
   * A Hit for a paper without searching, e.g. for a digest: matches and snippet against `query` (a topic) when
   * given, else the start of the abstract. Score 0.
   */
  hitFor(paper: Paper, query = ''): Hit {
    const words = queryWords(parseQuery(query, this.limits));
    return buildHit(paper, 0, matchPaper(paper, words), new TermAttribution(words), this.snippet);
  }

  /** Re-scores MiniSearch results: idf-weighted coverage, then the proximity bonus on the top `rerankDepth`. */
  private rank(raw: SearchResult[], queryTerms: string[]): SearchResult[] {
    const { coverage, proximity, window, rerankDepth } = this.ranking;
    const idf = new Map(queryTerms.map((t) => [t, this.vocabulary.idf(t)]));
    let mass = 0;
    for (const w of idf.values()) mass += w;
    for (const r of raw) {
      // Undo MiniSearch's "× number of matched terms", then weigh by the idf share of the query matched.
      let matched = 0;
      for (const t of r.queryTerms) matched += idf.get(t) ?? 0;
      r.score = (r.score / r.queryTerms.length) * Math.pow(mass > 0 ? matched / mass : 1, coverage);
    }
    raw.sort((a, b) => b.score - a.score);
    if (proximity > 0 && queryTerms.length > 1) {
      const head = raw.slice(0, rerankDepth);
      for (const r of head) {
        // A paper matching fewer than two query terms has no pair to find: skip re-reading its text.
        if (r.queryTerms.length > 1) r.score *= 1 + proximity * proximityShare(this.byId.get(r.id)!, queryTerms, window);
      }
      head.sort((a, b) => b.score - a.score);
      return [...head, ...raw.slice(rerankDepth)];
    }
    return raw;
  }

  private lookup(q: ParsedQuery, limit: number, offset: number): Pick<SearchResults, 'total' | 'hits'> {
    const ref = q.lookup!;
    const id = ref.arxivId ? (this.byArxiv.get(ref.arxivId.toLowerCase()) ?? (this.byId.has(ref.arxivId) ? ref.arxivId : undefined)) : this.byDoi.get(ref.doi!);
    const paper = id === undefined ? undefined : this.byId.get(id);
    if (!paper) return { total: 0, hits: [] };
    return { total: 1, hits: offset === 0 && limit > 0 ? [buildHit(paper, 1, {}, new TermAttribution([]), this.snippet)] : [] };
  }

  /** Whole corrected queries, keeping the rest of what the user typed (filters, quotes) as it was. */
  private suggest(q: ParsedQuery, words: QueryWord[]): string[] {
    return suggestCorrections(words, this.vocabulary).map((corrected) => {
      let text = q.text;
      corrected.forEach((c, i) => {
        if (c !== words[i].word) text = text.replace(words[i].word, c);
      });
      return text;
    });
  }
}

/** The words of the free text and of the phrases, each with its analyzed terms; punctuation around a word dropped. */
function queryWords(q: ParsedQuery): QueryWord[] {
  return [...q.words, ...q.phrases.flatMap((p) => p.split(' '))]
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean)
    .map((word) => ({ word, terms: terms(word) }));
}

function page(opts: SearchOptions): { limit: number; offset: number } {
  const int = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.floor(v)) : fallback);
  return { limit: Math.min(MAX_LIMIT, int(opts?.limit, 5)), offset: int(opts?.offset, 0) };
}
