// The learned re-ranking of a ranking's head: the trees' arithmetic, the features they read, where the recommender
// applies them, and that the trainer learns what the labels say.
import { describe, expect, it } from 'vitest';
import { Recommender } from '../../src/recommend/index.ts';
import { type Forest, predict, RERANK_FEATURES } from '../../src/recommend/rerank.ts';
import { RERANK_MODEL } from '../../src/recommend/rerank-model.ts';
import { trainForest } from '../../bench/lab-feed-train.ts';
import { PAPERS, paper } from './fixtures.ts';

const NF = RERANK_FEATURES.length;
const LOG_LENGTH = RERANK_FEATURES.indexOf('logLength');
const CATEGORY = RERANK_FEATURES.indexOf('categoryCentroid');

/** A forest of one tree that lifts the papers with few distinct terms far above the score's order. */
function shortFirst(minCandidates = 2): Forest {
  return { features: RERANK_FEATURES, baseScale: 1, rate: 1, minCandidates, top: 1000, trees: [{ f: LOG_LENGTH, t: Math.log(20), l: 100, r: 0 }], trainedOn: 'a test' };
}

describe('the learned re-ranking', () => {
  it('adds each tree’s leaf, times the rate, to the score times baseScale', () => {
    const forest: Forest = { ...shortFirst(), baseScale: 10, rate: 0.5, trees: [{ f: 0, t: 0.5, l: 1, r: { f: 1, t: 3, l: 2, r: 4 } }, -1] };
    const x = new Float64Array(NF * 3);
    x.set([0.2, 9], 0); // score 0.2 ≤ 0.5: left, 1
    x.set([0.7, 2], NF); // right, then 2 ≤ 3: 2
    x.set([0.7, 5], 2 * NF); // right, right: 4
    expect([0, 1, 2].map((i) => predict(forest, x, NF, i))).toEqual([2 + 0.5 * (1 - 1), 7 + 0.5 * (2 - 1), 7 + 0.5 * (4 - 1)]);
  });

  it('reads the score, the paper’s length and its cosine to the liked papers’ categories', () => {
    const rec = new Recommender(PAPERS, { rerank: null });
    const got = rec.rerankRows({ liked: ['rob-1', 'bd-1'] }, ['rob-2', 'prot-1'], 2)!;
    const plain = rec.rank({ liked: ['rob-1', 'bd-1'] }, ['rob-2', 'prot-1'], 2)!;
    expect(got.ids).toEqual(plain.map((r) => r.id));
    const at = (id: string, f: number) => got.features[got.ids.indexOf(id) * NF + f];
    expect(at('rob-2', 0)).toBeCloseTo(plain.find((r) => r.id === 'rob-2')!.score, 6);
    // rob-2 is cs.LG and cs.CV, as the liked papers are in part; prot-1 (q-bio.BM) shares none.
    expect(at('rob-2', CATEGORY)).toBeGreaterThan(0.3);
    expect(at('prot-1', CATEGORY)).toBe(0);
    expect(at('prot-1', LOG_LENGTH)).toBeGreaterThan(Math.log(10));
  });

  it('re-orders the head by the trees, from minCandidates candidates up', () => {
    const short = paper('short', 'Protein', 'Protein.', 'q-bio.BM', '2026-02-20');
    const papers = [...PAPERS, short];
    const profile = { liked: ['rob-1'] };
    const candidates = ['rob-2', 'bd-2', 'short'];
    const plain = new Recommender(papers, { rerank: null }).rank(profile, candidates, 3)!.map((r) => r.id);
    expect(plain[0]).not.toBe('short');
    const lifted = new Recommender(papers, { rerank: shortFirst() }).rank(profile, candidates, 3)!.map((r) => r.id);
    expect(lifted[0]).toBe('short');
    expect(lifted.slice(1)).toEqual(plain.filter((id) => id !== 'short'));
    // Below minCandidates the score's order stands.
    expect(new Recommender(papers, { rerank: shortFirst(4) }).rank(profile, candidates, 3)!.map((r) => r.id)).toEqual(plain);
  });

  it('is on by default, with the features it was learned on', () => {
    expect(RERANK_MODEL).not.toBeNull();
    expect(RERANK_MODEL!.features).toEqual(RERANK_FEATURES);
    expect(RERANK_MODEL!.trees.length).toBeGreaterThan(0);
    expect(new Recommender([]).rerank).toBe(RERANK_MODEL);
  });

  it('leaves lists of a bot’s size (a day, the newest 2,000 feed papers) to the score', () => {
    expect(RERANK_MODEL!.minCandidates).toBeGreaterThan(2000);
    const ids = PAPERS.map((p) => p.id).filter((id) => id !== 'rob-1');
    const plain = new Recommender(PAPERS, { rerank: null }).rank({ liked: ['rob-1'] }, ids, 5);
    expect(new Recommender(PAPERS).rank({ liked: ['rob-1'] }, ids, 5)).toEqual(plain);
  });

  it('learns a feature the score does not see (the trainer, on made-up lists)', () => {
    // 20 lists of 200: the score is noise, and the relevant papers are the ones with a high category cosine.
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const lists = 20;
    const size = 200;
    const x = new Float64Array(lists * size * NF);
    const y = new Uint8Array(lists * size);
    for (let i = 0; i < lists * size; i++) {
      x[i * NF] = rand();
      x[i * NF + CATEGORY] = rand();
      y[i] = x[i * NF + CATEGORY] > 0.95 ? 1 : 0;
    }
    const groups = Array.from({ length: lists }, (_, g) => ({ start: g * size, count: size, relevant: Math.max(1, y.subarray(g * size, (g + 1) * size).reduce((a, b) => a + b, 0)) }));
    const { trees } = trainForest(x, y, groups, { trees: 10, depth: 2, rate: 0.3, minLeaf: 20, baseScale: 1 });
    const forest: Forest = { ...shortFirst(), baseScale: 1, rate: 0.3, trees };
    // R-precision: the share of each list's relevant papers ranked above all the others.
    const precision = (score: (i: number) => number) => {
      let hits = 0;
      let total = 0;
      for (const g of groups) {
        const order = Array.from({ length: size }, (_, i) => g.start + i).sort((a, b) => score(b) - score(a));
        const rel = order.filter((i) => y[i]).length;
        hits += order.slice(0, rel).filter((i) => y[i]).length;
        total += rel;
      }
      expect(total).toBeGreaterThan(50);
      return hits / total;
    };
    expect(precision((i) => x[i * NF])).toBeLessThan(0.2);
    expect(precision((i) => predict(forest, x, NF, i))).toBeGreaterThan(0.7);
  });

  it('trains on any number of features, read from the matrix (a next round can try its own)', () => {
    // 2 columns: the score is noise, column 1 is the signal.
    let seed = 11;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const n = 4000;
    const x = new Float64Array(n * 2);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x[i * 2] = rand();
      x[i * 2 + 1] = rand();
      y[i] = x[i * 2 + 1] > 0.95 ? 1 : 0;
    }
    const groups = Array.from({ length: 20 }, (_, g) => ({ start: g * 200, count: 200, relevant: Math.max(1, y.subarray(g * 200, (g + 1) * 200).reduce((a, b) => a + b, 0)) }));
    const { trees, splits } = trainForest(x, y, groups, { trees: 5, depth: 1, rate: 0.3, minLeaf: 20, baseScale: 1 });
    expect([...splits.keys()]).toEqual([1]);
    const forest: Forest = { ...shortFirst(), baseScale: 1, rate: 0.3, trees };
    const top10 = (score: (i: number) => number) => Array.from({ length: 200 }, (_, i) => i).sort((a, b) => score(b) - score(a)).slice(0, 10);
    expect(top10((i) => x[i * 2]).filter((i) => x[i * 2 + 1] > 0.85).length).toBeLessThan(5);
    expect(top10((i) => predict(forest, x, 2, i)).every((i) => x[i * 2 + 1] > 0.85)).toBe(true);
  });
});
