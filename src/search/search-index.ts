// SearchIndex: the papers behind our analyzer, compact postings scored as MiniSearch does, query syntax, snippets.
import { indexedWord, terms, tokens, wordCounts } from './analyzer.ts';
import { buildHit, fieldText, matchPaper, TermAttribution } from './hits.ts';
import { PaperTable, paperKeys, type PaperKeys } from './paper-table.ts';
import type { PaperRecords } from './paper-records.ts';
import { passesFilters } from './filters.ts';
import { parseQuery, isEmptyQuery, queryWords, DEFAULT_QUERY_LIMITS, type ParsedQuery, type QueryLimits } from './query.ts';
import { FIELDS, neighbourPairs, proximityShare, rankingOptions, type NeighbourPair, type RankingOptions } from './ranking.ts';
import { DEFAULT_SNIPPET_OPTIONS, type SnippetOptions } from './snippet.ts';
import { suggestQueries, typoReadings, type QueryWord } from './typos.ts';
import { Vocabulary, type VocabularyJSON } from './vocabulary.ts';
import { PhraseCheck, excludedDocs, filterCandidates, filterDocs } from './constraints.ts';
import { PostingStore, type Scored, type TermQuery } from './postings.ts';
import type { Slices } from './slices.ts';
import type { Paper } from '../papers/paper.ts';
import type { Hit, SearchOptions, SearchResults } from './results.ts';

/** How a SearchIndex ranks, cuts queries and cuts snippets. Every part is optional; defaults are documented on each type. */
export interface SearchIndexOptions {
  ranking?: Partial<RankingOptions>;
  limits?: Partial<QueryLimits>;
  snippet?: Partial<SnippetOptions>;
  /**
   * A folder where the papers of an index being built are written as they are added, instead of kept as objects
   * (a temporary file, unlinked at once). For builds of hundreds of thousands of papers, where the heap of paper
   * objects makes every garbage collection slow. Default none: papers stay in memory.
   */
  spillDir?: string;
}

/** Everything a SearchIndex needs to come back without re-analyzing a paper (see snapshot.ts for the file). */
export interface IndexSnapshot {
  /** The number of indexed papers, each one's JSON text by document number, and their lookup keys. */
  count: number;
  paperText(doc: number): string;
  keys(): PaperKeys[];
  vocabulary: VocabularyJSON;
  /** PostingStore.serialize() output. */
  postings: Buffer;
}

/** Hard bounds on paging, so a bad `limit` cannot ask for the whole corpus with snippets. */
const MAX_LIMIT = 1000;
/** Distinct query terms scored (the postings keep a 32-bit mask of matched terms per paper). */
const MAX_QUERY_TERMS = 32;
/** Weight of a fuzzy variant of a misspelt term, as MiniSearch weighs it: 0.45 × length / (length + distance). */
const FUZZY_WEIGHT = 0.45;

/**
 * Papers are analyzed once (analyzer.ts) and their terms kept in a PostingStore: typed-array posting lists scored
 * with MiniSearch's BM25+ formula (test/search/postings.test.ts checks the rankings agree with MiniSearch's), which
 * only keeps the best hits instead of a result object per matching paper. At 75k arXiv abstracts that is what
 * keeps a query for "model" (61k matches) in milliseconds; see README "Scaling".
 */
export class SearchIndex {
  private store = new PostingStore([...FIELDS]);
  vocabulary = new Vocabulary(this.store);
  /**
   * Each distinct word as written -> the store's ids of its terms, so a word is analyzed and its terms looked up
   * once per index, not once per paper.
   */
  private readonly analyzed = new Map<string, number[]>();
  /** Scratch term-frequency counter by term id, zeroed after each field (no Map per field per paper). */
  private tf: Uint32Array = new Uint32Array(1024);
  /** Document number -> paper (records of a snapshot stay in its file), and the lookups by id, arXiv id, DOI, year. */
  private table: PaperTable;
  private readonly ranking: RankingOptions;
  private readonly limits: QueryLimits;
  private readonly snippet: SnippetOptions;
  private readonly boosts: number[];

  constructor(papers: Paper[] = [], options: SearchIndexOptions = {}) {
    this.ranking = rankingOptions(options.ranking);
    this.limits = { ...DEFAULT_QUERY_LIMITS, ...options.limits };
    this.snippet = { ...DEFAULT_SNIPPET_OPTIONS, ...options.snippet };
    this.boosts = FIELDS.map((f) => this.ranking.boost[f] ?? 1);
    this.table = new PaperTable(options.spillDir);
    this.add(papers);
  }

  /**
   * Adds papers; a paper whose id is already indexed is skipped (the first one wins). Returns how many were new.
   * `onProgress(done, total)` is told at 0, every thousand papers and at the end (75k papers take ~20 s).
   */
  add(papers: Paper[], onProgress?: (done: number, total: number) => void): number {
    let added = 0;
    onProgress?.(0, papers.length);
    for (const [i, paper] of papers.entries()) {
      if (onProgress && i % 1000 === 0 && i > 0) onProgress(i, papers.length);
      if (!paper || typeof paper.id !== 'string' || this.table.has(paper.id)) continue;
      // Each distinct word of a field is looked up once, and analyzed once per index (new words go to the vocabulary).
      const fields: Array<{ ids: number[]; tfs: number[] }> = [];
      for (const field of FIELDS) {
        const ids: number[] = [];
        for (const [word, n] of wordCounts(fieldText(paper, field))) {
          let wordIds = this.analyzed.get(word);
          if (wordIds === undefined) wordIds = this.analyze(word);
          for (const id of wordIds) {
            if (this.tf.length <= id) this.tf = growTo(this.tf, id + 1);
            if (this.tf[id] === 0) ids.push(id);
            this.tf[id] += n;
          }
        }
        const tfs = ids.map((id) => this.tf[id]);
        for (const id of ids) this.tf[id] = 0;
        fields.push({ ids, tfs });
      }
      const doc = this.store.addTermIds(fields);
      this.table.register(paperKeys(paper), doc, paper);
      added++;
    }
    this.store.settle();
    onProgress?.(papers.length, papers.length);
    return added;
  }

  /** The index as plain data, for a snapshot file (snapshot.ts). */
  toSnapshot(): IndexSnapshot {
    return { count: this.size, paperText: (doc) => this.table.paperText(doc), keys: () => this.table.allKeys(), vocabulary: this.vocabulary.toJSON(), postings: this.store.serialize() };
  }

  /**
   * An index from parts decoded elsewhere (snapshot-file.ts decodes a snapshot in slices while the bot answers
   * requests); `slices` lets the paper tables be filled between requests too.
   */
  static async fromParts(
    parts: { records: PaperRecords; keys: (doc: number) => PaperKeys; store: PostingStore; vocabulary: Vocabulary },
    options: SearchIndexOptions = {},
    slices?: Slices,
  ): Promise<SearchIndex> {
    const index = new SearchIndex([], options);
    index.store = parts.store;
    index.vocabulary = parts.vocabulary;
    if (index.store.size !== parts.records.size) throw new Error(`index snapshot holds ${index.store.size} documents for ${parts.records.size} papers`);
    index.table = PaperTable.fromRecords(parts.records);
    for (let doc = 0; doc < parts.records.size; doc++) {
      index.table.register(parts.keys(doc), doc);
      if ((doc & 255) === 0 && slices?.due) await slices.next();
    }
    return index;
  }

  /** First sight of a word in this index: its terms' ids, and the word in the vocabulary (for did-you-mean). */
  private analyze(word: string): number[] {
    const { terms: wordTerms, surfaces } = indexedWord(word);
    const ids = wordTerms.map((t, i) => {
      this.vocabulary.addWord(surfaces[i], t);
      return this.store.termId(t);
    });
    this.analyzed.set(word, ids);
    return ids;
  }

  get size(): number {
    return this.table.size;
  }

  /** Builds the lazy lookup structures (the vocabulary's fuzzy trees) ahead of the first query that needs them. */
  warm(): Promise<void> {
    return this.vocabulary.warm();
  }

  /**
   * Every indexed paper, in the order they were added. From a snapshot this reads every record (see PaperTable.all):
   * searching never needs it.
   */
  all(): readonly Paper[] {
    return this.table.all();
  }

  /**
   * Reads every paper of a snapshot into memory a slice at a time (`pause` between slices), so that a later `all()`
   * costs nothing: for a process that will need them all (the bot's Library) and answers requests meanwhile.
   */
  loadPapers(pause: () => Promise<void>): Promise<void> {
    return this.table.loadAll(pause);
  }

  get(id: string): Paper | undefined {
    const doc = this.table.doc(id);
    return doc === undefined ? undefined : this.table.paper(doc);
  }

  /** The document number of paper `id` (the order papers were added in), without reading its record. */
  doc(id: string): number | undefined {
    return this.table.doc(id);
  }

  /** The paper of document `doc` (0 to size - 1): one record read when papers stay on disk. */
  paperAt(doc: number): Paper {
    return this.table.paper(doc);
  }

  /** Every paper's id, in document order, without reading records. */
  ids(): IterableIterator<string> {
    return this.table.ids();
  }

  /** The date of document `doc` as a dayKey (YYYYMMDD; 0 when none), without reading its record. */
  day(doc: number): number {
    return this.table.day(doc);
  }

  /** True when every paper is an object in memory; false when a snapshot's papers stay in its file. */
  get papersInMemory(): boolean {
    return this.table.inMemory;
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
    const queryTerms = [...new Set(words.flatMap((w) => w.terms))].slice(0, MAX_QUERY_TERMS);
    const paperOf = (d: number) => this.table.paper(d);
    const excluded = excludedDocs(this.store, paperOf, q);
    if (queryTerms.length === 0) {
      // Filters only (or only stopwords next to filters): list the matching papers, newest first (by date, then in
      // the order they were added), ordered from the dates in memory. A year range needs no record at all, so
      // `year:2026` over a million papers reads only the page shown; author and venue filters read the records of
      // the papers holding their words, to count them.
      if (q.filters.length === 0 && !q.years) return results;
      let docs = filterCandidates(this.store, this.table.byYear, q).filter((d) => !excluded.has(d) && this.inYears(d, q));
      if (q.filters.length > 0) docs = docs.filter((d) => passesFilters(paperOf(d), q));
      docs.sort((a, b) => this.table.day(b) - this.table.day(a) || a - b);
      const attribution = new TermAttribution([]);
      results.total = docs.length;
      results.hits = docs.slice(offset, offset + limit).map((d) => buildHit(paperOf(d), 0, {}, attribution, this.snippet));
      return results;
    }

    // Every word of a phrase must match (its hyphen-joined forms need not: "crowd sourced" satisfies "crowd-sourced").
    const required = new Set(q.phrases.flatMap((p) => tokens(p).filter((t) => !t.stop && !t.joined).map((t) => t.term)));
    const phrases = new PhraseCheck(q.phrases);
    // Each term as the user typed it: typo tolerance judges the typed word (its length, capitals, digits).
    const typedOf = new Map<string, string>();
    for (const w of words) w.terms.forEach((t, i) => typedOf.has(t) || typedOf.set(t, w.typed[i]));
    const weights = termWeights(words, queryTerms);
    const closest = new Map<string, string>();
    const attribution = new TermAttribution(words);
    const scored: TermQuery[] = [];
    let requiredSources = 0;
    queryTerms.forEach((term, source) => {
      scored.push({ term, source, weight: weights[source] });
      if (required.has(term)) requiredSources |= 1 << source;
      if (this.vocabulary.has(term)) return;
      const readings = typoReadings(typedOf.get(term) ?? term, this.vocabulary);
      for (const r of readings) {
        scored.push({ term: r.term, source, weight: (weights[source] * FUZZY_WEIGHT * r.term.length) / (r.term.length + r.distance) });
        attribution.addReading(r.term, term);
      }
      // The closest reading, then the most common: what the user most likely meant.
      if (readings.length > 0) closest.set(term, readings[0].word);
    });
    const constrained = excluded.size > 0 || q.filters.length > 0 || q.years !== undefined || q.phrases.length > 0;
    const readsText = q.filters.length > 0 || q.phrases.length > 0;
    // Papers holding the filters' words: only they get their record read (one per candidate otherwise).
    const mayPass = filterDocs(this.store, q);
    const { coverage, proximity, rerankDepth } = this.ranking;
    const pairs = neighbourPairs(words);
    const reranks = proximity > 0 && pairs.length > 0;
    const { total, top } = this.store.score(scored, {
      boosts: this.boosts,
      bm25: this.ranking.bm25,
      // Weigh by the idf share of the query matched (README: measured on SciFact train), each term weighed as in
      // the BM25 sum (termWeights).
      coverage,
      sourceWeights: queryTerms.map((t, source) => weights[source] * this.vocabulary.idf(t)),
      top: reranks ? Math.max(offset + limit, rerankDepth) : offset + limit,
      requiredSources,
      // Called once per matching paper: left out entirely for the common query without any constraint.
      // The year table answers year ranges; a record is read only for author, venue and phrase checks.
      accept: constrained ? (d) => !excluded.has(d) && this.inYears(d, q) && (!mayPass || mayPass.has(d)) && (!readsText || this.passesText(paperOf(d), q, phrases)) : undefined,
    });
    // The rerank reads the top 30 papers, the page its 10 again: read once.
    const shown = this.paperReader();
    const ranked = reranks ? this.rerank(top, pairs, shown) : top;
    results.total = total;
    if (total > 0 && closest.size > 0) results.understoodAs = understood(q.text, words, closest);
    results.hits = ranked.slice(offset, offset + limit).map((r) => this.hit(r, scored, attribution, shown));
    if (total === 0) results.suggestions = suggestQueries(q.text, words, this.vocabulary);
    return results;
  }

  /**
   * "More like this": papers sharing the most distinctive terms of the given paper's title and abstract (top 12 by
   * tf-idf, title words counted twice), the paper itself left out. `query` in the result is the paper's id.
   */
  similar(id: string, opts: SearchOptions = {}): SearchResults {
    const { limit, offset } = page(opts);
    const results: SearchResults = { query: id, total: 0, offset, hits: [], suggestions: [] };
    const paper = this.get(id);
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
    const top = weighted[0][1];
    const self = this.table.doc(id);
    const scored: TermQuery[] = weighted.map(([term, w], source) => ({ term, source, weight: w / top }));
    const found = this.store.score(scored, {
      // Title and abstract only: sharing an author or a venue is not "like this".
      boosts: FIELDS.map((f, i) => (f === 'title' || f === 'abstract' ? this.boosts[i] : 0)),
      bm25: this.ranking.bm25,
      coverage: 1,
      top: offset + limit,
      accept: (d) => d !== self,
    });
    const attribution = new TermAttribution(weighted.map(([t]) => ({ word: t, terms: [t], typed: [t], joined: [false] })));
    results.total = found.total;
    results.hits = found.top.slice(offset, offset + limit).map((r) => this.hit(r, scored, attribution, this.paperReader()));
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

  /** The proximity bonus on the top `rerankDepth`: query neighbours found next to each other in the text. */
  private rerank(top: Scored[], pairs: NeighbourPair[], paperOf: (doc: number) => Paper): Scored[] {
    const { proximity, window, rerankDepth } = this.ranking;
    const head = top.slice(0, rerankDepth).map((r) => ({ ...r }));
    for (const r of head) {
      // A paper matching fewer than two query terms has no pair to find: skip re-reading its text.
      if (r.sources & (r.sources - 1)) r.score *= 1 + proximity * proximityShare(paperOf(r.doc), pairs, window);
    }
    head.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return [...head, ...top.slice(rerankDepth)];
  }

  /** A Hit for a scored document: which of the scored terms it holds, in which fields, and its snippet. */
  private hit(r: Scored, scored: TermQuery[], attribution: TermAttribution, paperOf: (doc: number) => Paper): Hit {
    const match: Record<string, string[]> = {};
    for (const { term } of scored) {
      if (match[term]) continue;
      const fields = FIELDS.filter((_f, i) => this.boosts[i] > 0 && this.store.termFrequency(term, i, r.doc) > 0);
      if (fields.length) match[term] = fields;
    }
    return buildHit(paperOf(r.doc), r.score, match, attribution, this.snippet);
  }

  /**
   * Papers by document number for one query's rerank and page: each record read once though both ask for it (a
   * record off the heap costs a read and a parse). Not for filters, which may read every match.
   */
  private paperReader(): (doc: number) => Paper {
    const read = new Map<number, Paper>();
    return (doc) => {
      let paper = read.get(doc);
      if (!paper) read.set(doc, (paper = this.table.paper(doc)));
      return paper;
    };
  }

  /** The query's year range, checked on the year table (no record read). */
  private inYears(doc: number, q: ParsedQuery): boolean {
    if (!q.years) return true;
    const year = this.table.year(doc);
    return year !== undefined && year >= q.years.from && year <= q.years.to;
  }

  /** Author and venue filters and quoted phrases, checked on the paper's text. */
  private passesText(paper: Paper, q: ParsedQuery, phrases: PhraseCheck): boolean {
    return passesFilters(paper, q) && phrases.matches(paper);
  }

  private lookup(q: ParsedQuery, limit: number, offset: number): Pick<SearchResults, 'total' | 'hits'> {
    const ref = q.lookup!;
    const doc = ref.arxivId ? (this.table.byArxivId(ref.arxivId) ?? this.table.doc(ref.arxivId)) : this.table.byDoiName(ref.doi!);
    const paper = doc === undefined ? undefined : this.table.paper(doc);
    if (!paper) return { total: 0, hits: [] };
    return { total: 1, hits: offset === 0 && limit > 0 ? [buildHit(paper, 1, {}, new TermAttribution([]), this.snippet)] : [] };
  }
}

/**
 * How much each query term weighs, in the BM25 sum and in the idf share of the query matched. A hyphenated word is
 * indexed as its parts plus the joined form so it matches however a paper writes it, and was scored as three words:
 * it then outweighed a rarer plain word next to it (issue 13: "hallucination in vision-language models" ranked
 * papers without "hallucination" first). Now the joined form weighs as the word itself, and the parts, a fallback
 * for papers writing the words apart, share one word's weight ("vision" and "language" 1/2 each). Plain words weigh
 * 1; a term an earlier word already asked for keeps that word's weight. On SciFact train this scored 0.7084, against
 * 0.7046 for 1/3 each and 0.7090 for the old three words' worth.
 */
function termWeights(words: QueryWord[], queryTerms: string[]): number[] {
  const asked = new Set(queryTerms);
  const weight = new Map<string, number>();
  for (const w of words) {
    const parts = w.terms.filter((t, i) => !w.joined[i] && asked.has(t) && !weight.has(t)).length;
    const hyphenated = w.terms.some((t, i) => w.joined[i] && asked.has(t));
    w.terms.forEach((t, i) => weight.has(t) || weight.set(t, w.joined[i] || !hyphenated ? 1 : 1 / Math.max(1, parts)));
  }
  return queryTerms.map((t) => weight.get(t) ?? 1);
}

/**
 * The query text with each fuzzily matched word replaced by the word it was read as. In a hyphenated word the
 * reading of the whole word wins; else each misspelt part is replaced ("vision-langauge" -> "vision-language").
 */
function understood(text: string, words: QueryWord[], closest: Map<string, string>): string {
  let out = text;
  for (const w of words) {
    const whole = w.terms.findIndex((t, i) => w.joined[i] && closest.has(t));
    let fixed = whole >= 0 ? closest.get(w.terms[whole])! : w.word;
    if (whole < 0) w.terms.forEach((t, i) => closest.has(t) && (fixed = fixed.replace(w.typed[i], closest.get(t)!)));
    if (fixed.toLowerCase() !== w.word.toLowerCase()) out = out.replace(w.word, fixed);
  }
  return out;
}

function page(opts: SearchOptions): { limit: number; offset: number } {
  const int = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.floor(v)) : fallback);
  return { limit: Math.min(MAX_LIMIT, int(opts?.limit, 5)), offset: int(opts?.offset, 0) };
}

/** A copy of `a` with room for at least `min` entries (doubling). */
function growTo(a: Uint32Array, min: number): Uint32Array {
  const b = new Uint32Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}
