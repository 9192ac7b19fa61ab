// Compact inverted index: posting lists in typed arrays, scored with MiniSearch's BM25+ formula, top-k only.
import { checkPostings, decodePostings, encodePostings, type PostingArrays } from './posting-file.ts';
import { PendingField } from './pending-postings.ts';
import type { Slices } from './slices.ts';
import { TopK, type Scored } from './top-k.ts';
import { frontier, listBound, maxScoreTop, type Cursor } from './max-score.ts';
import { ListStatsCache } from './list-stats.ts';
import { MatchCounter, type TermLists } from './match-count.ts';

export type { Scored } from './top-k.ts';

/** BM25+ parameters, as MiniSearch names them: k saturation, b length normalisation, d floor per occurrence. */
export interface Bm25 {
  k: number;
  b: number;
  d: number;
}

/** One term to score: a query term, or a fuzzy/prefix variant of one (`source` is the query term's position). */
export interface TermQuery {
  term: string;
  /** Query term this one stands for; a document's coverage counts distinct sources. Below 32. */
  source: number;
  /** Multiplies the term's score: fuzzy/prefix weight times any term boost. */
  weight: number;
}

export interface ScoreOptions {
  /** Per-field weight, in the store's field order; a field with weight 0 is not searched. */
  boosts: number[];
  bm25: Bm25;
  /**
   * Reward for matching more of the query. Without `sourceWeights`: BM25 sum × (distinct sources matched)^coverage,
   * MiniSearch's own rule when coverage is 1. With them: BM25 sum × (weight matched / weight of all sources)^coverage.
   */
  coverage: number;
  /** Per-source weight for the coverage share (e.g. each query term's idf). */
  sourceWeights?: number[];
  /** How many of the best documents to return, sorted. */
  top: number;
  /** Sources a document must match (bit i = source i). Default none. */
  requiredSources?: number;
  /** Drops a document from the results and the total. Called once per candidate: keep it cheap. */
  accept?: (doc: number) => boolean;
  /**
   * Postings a query must read before MaxScore early termination is used (max-score.ts: the same top, without
   * scoring every match). Default 5,000: at 1M papers "backdoor attacks" (~40k postings) took 9.6 ms scored in
   * full (each posting a cache miss in a 12 MB accumulator) and 1.1 ms pruned. Applies to
   * queries with `sourceWeights` and without `requiredSources` or `accept`; Infinity scores every match.
   */
  pruneAbove?: number;
}

const PRUNE_ABOVE = 5_000;

/** Where the data of a frozen field sits: CSR posting lists by term id. */
export interface FrozenField {
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Uint16Array;
}

/**
 * `add` folds pending postings into the typed arrays once they pass this many, or half the frozen ones, whichever
 * is more: small daily additions stay pending (cheap to add, cheap to scan), and a bulk build compacts only a few
 * times (the threshold grows with the index, so the total copying stays linear).
 */
const COMPACT_AT = 250_000;
/** `settle` folds pending postings in above this many (a day of arXiv papers stays pending; a corpus does not). */
const SETTLE_AT = 20_000;

export class PostingStore {
  readonly fields: string[];
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private frozen: FrozenField[];
  private pending: PendingField[];
  /** Lazily built per-term view of `pending`: field -> term -> [index into pending arrays]. */
  private pendingByTerm: Array<Map<number, number[]>> | undefined;
  private fieldLengths: Uint16Array[];
  private readonly totalLength: number[];
  private count = 0;
  /** Per term id: documents holding the term in any field, and the last document counted (to count each once). */
  private docFreqs = new Uint32Array(1024);
  private lastDoc = new Int32Array(1024).fill(-1);
  private pendingCount = 0;
  private frozenCount = 0;
  // Scratch accumulators, reused by every query (one query runs at a time: scoring is synchronous).
  private scores = new Float64Array(0);
  private masks = new Uint32Array(0);
  private touched = new Uint32Array(0);
  /** What MaxScore knows of each frozen list (bounds, block maxima, impacts); cleared when the lists change. */
  private listStats: ListStatsCache;
  /** Counts a pruned query's matches (its `total`), with bitsets of common terms. */
  private readonly matches = new MatchCounter();

  constructor(fields: string[]) {
    this.fields = fields;
    this.frozen = fields.map(() => ({ offsets: new Uint32Array(1), docs: new Uint32Array(0), tfs: new Uint16Array(0) }));
    this.pending = fields.map(() => new PendingField());
    this.fieldLengths = fields.map(() => new Uint16Array(1024));
    this.totalLength = fields.map(() => 0);
    this.listStats = new ListStatsCache(fields.length);
  }

  /** Number of documents. Document numbers run from 0 to size - 1 in the order they were added. */
  get size(): number {
    return this.count;
  }

  get termCount(): number {
    return this.terms.length;
  }

  /**
   * Adds one document: for each field (store order), its analyzed terms in text order. Returns its number.
   * The field length is the number of distinct terms, as MiniSearch counts it.
   */
  add(fieldTerms: string[][]): number {
    return this.addTermIds(
      this.fields.map((_f, i) => {
        const counts = new Map<number, number>();
        for (const t of fieldTerms[i] ?? []) {
          if (!t) continue;
          const id = this.termId(t);
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        return { ids: [...counts.keys()], tfs: [...counts.values()] };
      }),
    );
  }

  /**
   * `add` for callers that keep term ids (`termId`) and counted: per field, each distinct term id once, with its
   * frequency at the same index. The fastest way in: no lookup of term strings per document.
   */
  addTermIds(fields: Array<{ ids: ArrayLike<number>; tfs: ArrayLike<number> }>): number {
    const doc = this.count++;
    if (doc >= this.fieldLengths[0].length) this.fieldLengths = this.fieldLengths.map((a) => grow(a, doc + 1));
    for (let f = 0; f < this.fields.length; f++) {
      const { ids, tfs } = fields[f] ?? { ids: [], tfs: [] };
      this.fieldLengths[f][doc] = Math.min(65535, ids.length);
      this.totalLength[f] += ids.length;
      const p = this.pending[f];
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        const tf = tfs[i];
        if (this.lastDoc[id] !== doc) {
          this.lastDoc[id] = doc;
          this.docFreqs[id]++;
        }
        p.push(id, doc, Math.min(65535, tf));
      }
      this.pendingCount += ids.length;
    }
    this.pendingByTerm = undefined;
    this.matches.forget();
    if (this.pendingCount > Math.max(COMPACT_AT, this.frozenCount / 2)) this.compact();
    return doc;
  }

  /**
   * Call after a batch of adds: folds pending postings in when there are enough of them that scanning them per
   * query would cost more than the fold (a bulk build ends with everything in typed arrays).
   */
  settle(): void {
    // Also past an eighth of the frozen ones: a build that adds papers in batches (5,000 at a time) would otherwise
    // fold everything again after every batch. That made a batched build quadratic: 104 folds, 44% of the time, at
    // 500k papers.
    if (this.pendingCount > Math.max(SETTLE_AT, this.frozenCount / 8)) this.compact();
  }

  /** Folds pending postings into the typed arrays (a counting sort by term; documents stay in order). */
  compact(): void {
    const T = this.terms.length;
    this.frozen = this.frozen.map((old, f) => {
      const p = this.pending[f];
      if (p.length === 0 && old.offsets.length === T + 1) return old;
      const counts = new Uint32Array(T + 1);
      for (let t = 0; t + 1 < old.offsets.length; t++) counts[t + 1] = old.offsets[t + 1] - old.offsets[t];
      for (let i = 0; i < p.length; i++) counts[p.terms[i] + 1]++;
      for (let t = 0; t < T; t++) counts[t + 1] += counts[t];
      const offsets = counts.slice();
      const cursor = counts.slice(0, T);
      const docs = new Uint32Array(offsets[T]);
      const tfs = new Uint16Array(offsets[T]);
      for (let t = 0; t + 1 < old.offsets.length; t++) {
        for (let i = old.offsets[t]; i < old.offsets[t + 1]; i++) {
          docs[cursor[t]] = old.docs[i];
          tfs[cursor[t]++] = old.tfs[i];
        }
      }
      for (let i = 0; i < p.length; i++) {
        const t = p.terms[i];
        docs[cursor[t]] = p.docs[i];
        tfs[cursor[t]++] = p.tfs[i];
      }
      return { offsets, docs, tfs };
    });
    this.pending = this.fields.map(() => new PendingField());
    this.pendingByTerm = undefined;
    this.listStats.clear();
    this.frozenCount += this.pendingCount;
    this.pendingCount = 0;
  }

  /** Documents containing `term` in any field (0 for an unknown term). */
  docFreq(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.docFreqs[id];
  }

  /** Every term, by term id. */
  termList(): readonly string[] {
    return this.terms;
  }

  /** Calls `fn` for every (field, doc, tf) posting of `term`, frozen ones first, each field in doc order. */
  forEachPosting(term: string, fn: (field: number, doc: number, tf: number) => void): void {
    const t = this.termIds.get(term);
    if (t === undefined) return;
    const pendingByTerm = this.pendingIndex();
    for (let f = 0; f < this.fields.length; f++) {
      const { offsets, docs, tfs } = this.frozen[f];
      // Bounded by the list itself too: a loop over the snapshot's numbers never runs past the data.
      if (t + 1 < offsets.length) for (let i = offsets[t], end = Math.min(offsets[t + 1], docs.length); i < end; i++) fn(f, docs[i], tfs[i]);
      const p = this.pending[f];
      for (const i of pendingByTerm[f].get(t) ?? []) fn(f, p.docs[i], p.tfs[i]);
    }
  }

  /** Term frequency of `term` in `field` of `doc` (0 when absent): a binary search in the frozen list. */
  termFrequency(term: string, field: number, doc: number): number {
    const t = this.termIds.get(term);
    if (t === undefined) return 0;
    const { offsets, docs, tfs } = this.frozen[field];
    if (t + 1 < offsets.length) {
      let lo = offsets[t];
      let hi = Math.min(offsets[t + 1], docs.length) - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (docs[mid] === doc) return tfs[mid];
        if (docs[mid] < doc) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    const p = this.pending[field];
    for (const i of this.pendingIndex()[field].get(t) ?? []) if (p.docs[i] === doc) return p.tfs[i];
    return 0;
  }

  /**
   * Scores documents for the given terms and returns the best `top` of them, plus how many matched in all.
   * Per field: weight × boost × idf × (d + tf(k+1) / (tf + k(1 - b + b·len/avgLen))), where idf uses the number
   * of documents having the term in that field, exactly as MiniSearch does; work is proportional to the postings
   * read, and no object is made per matching document.
   */
  score(queries: TermQuery[], opts: ScoreOptions): { total: number; top: Scored[] } {
    this.ensureScratch();
    const pruned = this.scorePruned(queries, opts);
    if (pruned) return pruned;
    const { scores, masks, touched } = this;
    const { k, b, d } = opts.bm25;
    const N = this.count;
    let n = 0;
    for (const q of queries) {
      for (let f = 0; f < this.fields.length; f++) {
        const boost = opts.boosts[f] ?? 0;
        if (!boost || q.weight === 0) continue;
        const list = this.fieldPostings(q.term, f);
        if (!list) continue;
        const df = list.length;
        const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
        const avg = this.totalLength[f] / N || 1;
        const lengths = this.fieldLengths[f];
        const w = q.weight * boost * idf;
        const bit = 1 << q.source;
        list.forEach((doc, tf) => {
          const norm = k * (1 - b + (b * lengths[doc]) / avg);
          if (masks[doc] === 0) touched[n++] = doc;
          scores[doc] += w * (d + (tf * (k + 1)) / (tf + norm));
          masks[doc] |= bit;
        });
      }
    }
    const required = opts.requiredSources ?? 0;
    const heap = new TopK(Math.max(0, opts.top));
    const weights = opts.sourceWeights;
    let mass = 0;
    if (weights) for (const w of weights) mass += w;
    const share = (mask: number): number => {
      if (!weights) return popcount(mask);
      let matched = 0;
      for (let s = 0; s < weights.length; s++) if (mask & (1 << s)) matched += weights[s];
      return mass > 0 ? matched / mass : 1;
    };
    let total = 0;
    for (let i = 0; i < n; i++) {
      const doc = touched[i];
      const mask = masks[doc];
      if ((mask & required) === required && (!opts.accept || opts.accept(doc))) {
        total++;
        const covered = share(mask);
        heap.offer(doc, scores[doc] * (opts.coverage === 1 ? covered : Math.pow(covered, opts.coverage)), mask);
      }
      scores[doc] = 0;
      masks[doc] = 0;
    }
    return { total, top: heap.sorted() };
  }

  /**
   * `score` by MaxScore (max-score.ts) when it may and it pays: a query reading more than `pruneAbove` postings,
   * with a coverage factor of at most 1 and nothing that drops documents. Undefined: score every match instead.
   * The total still counts every matching document, from the document numbers alone (no score computed).
   */
  private scorePruned(queries: TermQuery[], opts: ScoreOptions): { total: number; top: Scored[] } | undefined {
    const { k, b, d } = opts.bm25;
    const weights = opts.sourceWeights;
    if (!weights || opts.requiredSources || opts.accept || !(opts.coverage >= 0) || !(d >= 0 && k >= 0 && b >= 0 && b <= 1)) return undefined;
    if (!weights.every((w) => w >= 0 && Number.isFinite(w)) || !opts.boosts.every((w) => w >= 0) || !queries.every((q) => q.weight >= 0)) return undefined;
    const N = this.count;
    const cursors: Cursor[] = [];
    const counted = new Map<number, TermLists>();
    const whole = this.fields.every((_f, i) => (opts.boosts[i] ?? 0) > 0);
    let postings = 0;
    const pendingByTerm = this.pendingIndex();
    for (const q of queries) {
      const t = this.termIds.get(q.term);
      if (t === undefined || !(q.weight > 0)) continue;
      const lists = counted.get(t)?.lists;
      if (!counted.has(t)) counted.set(t, { term: t, lists: [], whole });
      for (let f = 0; f < this.fields.length; f++) {
        const boost = opts.boosts[f] ?? 0;
        if (!boost) continue;
        const { offsets, docs, tfs } = this.frozen[f];
        const start = t + 1 < offsets.length ? offsets[t] : 0;
        const end = t + 1 < offsets.length ? Math.min(offsets[t + 1], docs.length) : 0;
        const extra = pendingByTerm[f].get(t);
        const df = Math.max(0, end - start) + (extra?.length ?? 0);
        if (df === 0) continue;
        // As the exhaustive scorer weighs a list: idf from the documents having the term in this field.
        const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
        const w = q.weight * boost * idf;
        const avg = this.totalLength[f] / N || 1;
        const lengths = this.fieldLengths[f];
        const base = { weight: w, bit: 1 << q.source, lengths, avg };
        if (end > start) {
          cursors.push(this.listStats.cursor(f, t, { docs, tfs, start, end }, base, opts.bm25));
          if (!lists) counted.get(t)!.lists.push(cursors[cursors.length - 1]);
        }
        if (extra) {
          const p = this.pending[f];
          const pdocs = Uint32Array.from(extra, (i) => p.docs[i]);
          const ptfs = Uint16Array.from(extra, (i) => p.tfs[i]);
          const points = frontier(pdocs, ptfs, 0, pdocs.length, lengths);
          cursors.push({ ...base, docs: pdocs, tfs: ptfs, start: 0, end: pdocs.length, bound: listBound(points, w, avg, k, b, d), blocks: undefined, impacts: undefined });
          if (!lists) counted.get(t)!.lists.push(cursors[cursors.length - 1]);
        }
        postings += df;
      }
    }
    // Measured at 75k papers, once the loop is optimized: "model" 0.7 ms against 1.7 ms (its title list is walked,
    // its abstract list looked up), "diffusion models" 0.4 ms against 2.0 ms ("model" only looked up).
    if (postings <= (opts.pruneAbove ?? PRUNE_ABOVE)) return undefined;
    let mass = 0;
    for (const w of weights) mass += w;
    const top = maxScoreTop(cursors, Math.max(0, opts.top), opts.bm25, { weights, mass, power: opts.coverage });
    return { total: this.matches.count([...counted.values()], N), top };
  }

  /** Binary form for snapshots (posting-file.ts): folds pending postings in first. */
  serialize(): Buffer {
    this.compact();
    return encodePostings({
      fields: this.fields,
      count: this.count,
      totalLength: this.totalLength,
      terms: this.terms,
      docFreqs: this.docFreqs.subarray(0, this.terms.length),
      frozen: this.frozen,
      fieldLengths: this.fieldLengths.map((lengths) => lengths.subarray(0, this.count)),
    });
  }

  /** Reads `serialize()` output; the posting lists stay views into `buf` where alignment allows (no copy). */
  static deserialize(buf: Buffer): PostingStore {
    const data = decodePostings(buf);
    const store = PostingStore.fromArrays(data);
    data.terms.forEach((t, i) => store.termIds.set(t, i));
    return store;
  }

  /**
   * `deserialize` for a start while requests are being answered: every number checked first (bad data throws
   * CorruptPostingsError rather than sending a query loop past its list), and the term table (300k terms at 75k
   * papers, about a second) filled in slices that give the event loop back.
   */
  static async open(buf: Buffer, slices: Slices): Promise<PostingStore> {
    const data = decodePostings(buf);
    await checkPostings(data, slices);
    const store = PostingStore.fromArrays(data);
    const { terms } = data;
    for (let i = 0; i < terms.length; i++) {
      store.termIds.set(terms[i], i);
      if ((i & 1023) === 0 && slices.due) await slices.next();
    }
    return store;
  }

  /** A store over decoded arrays; its term table is left for the caller to fill. */
  private static fromArrays(data: PostingArrays): PostingStore {
    const store = new PostingStore(data.fields);
    for (const t of data.terms) store.terms.push(t);
    // Per-term and per-document arrays are copied with room to grow: papers are added after loading.
    store.docFreqs = new Uint32Array(Math.max(1024, data.terms.length * 2));
    store.docFreqs.set(data.docFreqs);
    store.lastDoc = new Int32Array(store.docFreqs.length).fill(-1);
    store.frozen = data.frozen;
    store.fieldLengths = data.fieldLengths.map((lengths) => grow(lengths, data.count + 1));
    data.totalLength.forEach((n, f) => (store.totalLength[f] = n));
    store.count = data.count;
    store.frozenCount = store.frozen.reduce((n, f) => n + f.docs.length, 0);
    return store;
  }

  /** The id of `term`, a new one for a term never seen (ids are dense, in order of first appearance). */
  termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.termIds.set(term, id);
      if (id >= this.docFreqs.length) {
        const docFreqs = new Uint32Array(id * 2);
        docFreqs.set(this.docFreqs);
        this.docFreqs = docFreqs;
        const lastDoc = new Int32Array(id * 2).fill(-1);
        lastDoc.set(this.lastDoc);
        this.lastDoc = lastDoc;
      }
    }
    return id;
  }

  /** The postings of one term in one field, frozen and pending, as a small iterable facade. */
  private fieldPostings(term: string, f: number): { length: number; forEach(fn: (doc: number, tf: number) => void): void } | undefined {
    const t = this.termIds.get(term);
    if (t === undefined) return undefined;
    const { offsets, docs, tfs } = this.frozen[f];
    const start = t + 1 < offsets.length ? offsets[t] : 0;
    const end = t + 1 < offsets.length ? Math.min(offsets[t + 1], docs.length) : 0;
    const extra = this.pendingIndex()[f].get(t);
    const length = end - start + (extra?.length ?? 0);
    if (length === 0) return undefined;
    const p = this.pending[f];
    return {
      length,
      forEach(fn) {
        for (let i = start; i < end; i++) fn(docs[i], tfs[i]);
        if (extra) for (const i of extra) fn(p.docs[i], p.tfs[i]);
      },
    };
  }

  private pendingIndex(): Array<Map<number, number[]>> {
    if (!this.pendingByTerm) {
      this.pendingByTerm = this.pending.map((p) => {
        const byTerm = new Map<number, number[]>();
        p.terms.subarray(0, p.length).forEach((t, i) => {
          const list = byTerm.get(t);
          if (list) list.push(i);
          else byTerm.set(t, [i]);
        });
        return byTerm;
      });
    }
    return this.pendingByTerm;
  }

  private ensureScratch(): void {
    if (this.scores.length >= this.count) return;
    const size = Math.max(1024, this.count * 2);
    this.scores = new Float64Array(size);
    this.masks = new Uint32Array(size);
    this.touched = new Uint32Array(size);
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function grow(a: Uint16Array, min: number): Uint16Array {
  if (a.length >= min) return a;
  const b = new Uint16Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}
