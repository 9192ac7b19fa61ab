// MaxScore early termination must return exactly the top k (and total) that scoring every match returns.
import { describe, expect, it } from 'vitest';
import { contribution, frontier, listBound, type Cursor } from '../../src/search/max-score.ts';
import { PostingStore, type ScoreOptions, type TermQuery } from '../../src/search/postings.ts';

const FIELDS = ['title', 'abstract', 'authors'];
const BM25 = { k: 1.5, b: 0.8, d: 0 };

/** Seeded documents with Zipf-like words (w0 in most documents, w300 in a few), varied lengths and repeats. */
function corpus(n: number, seed = 7): string[][][] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const word = () => `w${Math.floor(300 * rand() ** 3)}`;
  const field = (min: number, spread: number) => Array.from({ length: min + Math.floor(rand() * spread) }, word);
  const docs: string[][][] = [];
  for (let i = 0; i < n; i++) docs.push([field(2, 10), field(10, 120), [`author${i % 40}`, word()]]);
  // Exact copies: equal scores, where only the document number may break the tie.
  for (let i = 0; i < 40; i++) docs.push(docs[i].map((f) => [...f]));
  return docs;
}

function storeOf(docs: string[][][]): PostingStore {
  const store = new PostingStore(FIELDS);
  for (const d of docs) store.add(d);
  store.compact();
  return store;
}

/** Queries with common and rare words, repeated sources (fuzzy readings) and lighter weights. */
const QUERIES: TermQuery[][] = [
  [{ term: 'w0', source: 0, weight: 1 }],
  [{ term: 'w1', source: 0, weight: 1 }, { term: 'w2', source: 1, weight: 1 }],
  [{ term: 'w0', source: 0, weight: 1 }, { term: 'w150', source: 1, weight: 1 }],
  [{ term: 'w3', source: 0, weight: 1 }, { term: 'w4', source: 0, weight: 0.3 }, { term: 'w60', source: 1, weight: 0.5 }],
  [{ term: 'w0', source: 0, weight: 1 }, { term: 'w1', source: 1, weight: 1 }, { term: 'w2', source: 2, weight: 1 }, { term: 'author3', source: 3, weight: 1 }],
  [{ term: 'w299', source: 0, weight: 1 }, { term: 'nothing', source: 1, weight: 1 }],
];

function compare(store: PostingStore, extra: Partial<ScoreOptions> = {}) {
  let compared = 0;
  for (const queries of QUERIES) {
    const sourceWeights = [...new Set(queries.map((q) => q.source))].map((source) => 1 + store.docFreq(queries.find((q) => q.source === source)!.term) / 1000);
    for (const top of [1, 10, 30, 100]) {
      for (const coverage of [0, 1, 2]) {
        const base: ScoreOptions = { boosts: [1, 1, 0.5], bm25: BM25, coverage, sourceWeights, top, ...extra };
        const exhaustive = store.score(queries, { ...base, pruneAbove: Infinity });
        const pruned = store.score(queries, { ...base, pruneAbove: 0 });
        expect(pruned.total).toBe(exhaustive.total);
        expect(pruned.top).toEqual(exhaustive.top);
        compared += exhaustive.top.length;
      }
    }
  }
  return compared;
}

describe('MaxScore early termination', () => {
  it('returns the exhaustive top k, scores, sources and total, ties included', () => {
    expect(compare(storeOf(corpus(3000)))).toBeGreaterThan(1000);
  });

  it('with papers added after loading (pending lists) and other BM25 settings', () => {
    const docs = corpus(2500, 11);
    const store = PostingStore.deserialize(storeOf(docs.slice(0, 2000)).serialize());
    for (const d of docs.slice(2000)) store.add(d);
    expect(compare(store)).toBeGreaterThan(1000);
    expect(compare(store, { bm25: { k: 1.2, b: 0.7, d: 0.5 } })).toBeGreaterThan(1000);
  });

  it('counts right when papers are added between queries (cached bitsets of common terms are dropped)', () => {
    const docs = corpus(2000, 3);
    const store = storeOf(docs.slice(0, 1500));
    const q: TermQuery[] = [{ term: 'w0', source: 0, weight: 1 }, { term: 'w7', source: 1, weight: 1 }];
    const opts: ScoreOptions = { boosts: [1, 1, 1], bm25: BM25, coverage: 1, sourceWeights: [1, 2], top: 10 };
    // Two papers at a time: the bitsets keep their size (1504 bits), so only forgetting them keeps the count right.
    for (const more of [docs.slice(1500, 1502), docs.slice(1502, 1504), docs.slice(1504)]) {
      expect(store.score(q, { ...opts, pruneAbove: 0 }).total).toBe(store.score(q, { ...opts, pruneAbove: Infinity }).total);
      for (const d of more) store.add(d);
      expect(store.score(q, { ...opts, pruneAbove: 0 })).toEqual(store.score(q, { ...opts, pruneAbove: Infinity }));
    }
  });

  it('skips blocks only when none of their papers can enter the top k', () => {
    // "common" in every paper, mostly once in a long abstract; every 97th paper has it often in a short one: the
    // blocks holding those must be walked, the others may be skipped.
    const store = new PostingStore(FIELDS);
    for (let i = 0; i < 6000; i++) {
      const strong = i % 97 === 0;
      const abstract = strong ? ['common', 'common', 'common', `x${i}`] : ['common', ...Array.from({ length: 20 + (i % 50) }, (_v, j) => `f${(i * 7 + j) % 500}`)];
      store.add([[`t${i % 300}`], abstract, [`author${i % 40}`]]);
    }
    store.compact();
    const q: TermQuery[] = [{ term: 'common', source: 0, weight: 1 }];
    for (const top of [1, 5, 30, 70]) {
      const opts: ScoreOptions = { boosts: [1, 1, 1], bm25: BM25, coverage: 1, sourceWeights: [1], top };
      expect(store.score(q, { ...opts, pruneAbove: 0 })).toEqual(store.score(q, { ...opts, pruneAbove: Infinity }));
    }
  });
});

describe('list bounds', () => {
  it('are at least every contribution of the list, and reached by one of them', () => {
    const store = storeOf(corpus(500));
    const lengths = new Uint16Array([3, 9, 1, 40, 7, 7]);
    const docs = new Uint32Array([0, 1, 2, 3, 4, 5]);
    const tfs = new Uint16Array([2, 5, 1, 9, 5, 2]);
    // (5, 7) beats (5, 9); (2, 3) is beaten by nothing with tf >= 2 that is shorter.
    expect(frontier(docs, tfs, 0, 6, lengths)).toEqual([9, 40, 5, 7, 2, 3, 1, 1]);
    for (const avg of [1, 5, 20, 100]) {
      const c: Cursor = { docs, tfs, start: 0, end: 6, weight: 2, bit: 1, lengths, avg, bound: 0 };
      const parts = [...docs].map((doc, i) => contribution(c, tfs[i], doc, BM25.k, BM25.b, BM25.d));
      const bound = listBound(frontier(docs, tfs, 0, 6, lengths), 2, avg, BM25.k, BM25.b, BM25.d);
      expect(Math.max(...parts)).toBeLessThanOrEqual(bound);
      expect(Math.max(...parts)).toBeCloseTo(bound, 6);
    }
    expect(store.size).toBe(540);
  });
});
