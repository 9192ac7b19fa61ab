// The learned re-ranking of a long ranking's head: gradient-boosted trees over the parts of the score and a few
// features the score does not see, learned on authors the benchmark does not hold (bench/lab-feed-train.ts).
import type { PaperVectors } from './paper-vectors.ts';
import type { Scored } from './profile-scorer.ts';

/** The features the trees read, in this order. */
export const RERANK_FEATURES = ['base', 'logLength', 'categoryCentroid', 'hub', 'knn', 'bigramCentroid', 'wordCentroid', 'centroid', 'nearest'] as const;

/** A tree: a leaf value, or a split "feature f ≤ t goes left". */
export type Tree = number | { f: number; t: number; l: Tree; r: Tree };

/** A learned re-ranking: score = baseScale × base + rate × Σ trees(features). */
export interface Forest {
  features: readonly string[];
  baseScale: number;
  rate: number;
  /** The re-ranking applies to rankings of at least this many candidates (the size of lists it was learned on). */
  minCandidates: number;
  /** How many of the best by the score it re-orders. */
  top: number;
  trees: Tree[];
  /** How it was learned, for the docs: the split, the objective and the settings. */
  trainedOn: string;
}

/** The forest's score of row `i` of a row-major feature matrix with `nf` columns. */
export function predict(forest: Forest, x: Float64Array, nf: number, i: number): number {
  let s = forest.baseScale * x[i * nf];
  for (const tree of forest.trees) {
    let node = tree;
    while (typeof node !== 'number') node = x[i * nf + node.f] <= node.t ? node.l : node.r;
    s += forest.rate * node;
  }
  return s;
}

/**
 * The features of the candidates at `at` (indices into the scored rows), row-major in `RERANK_FEATURES` order:
 * the score and its parts, ln of the candidate's number of distinct terms, and its cosine to the liked papers'
 * centroid on each kind of term alone (categories, words, bigrams: each liked paper's part made unit length, summed,
 * made unit length; the candidate's part likewise).
 */
export function rerankFeatures(vectors: PaperVectors, liked: number[], rows: number[], scored: Scored, at: number[]): Float64Array {
  const idf = vectors.idf();
  const kinds = ['category', 'word', 'bigram'] as const;
  const centroids = kinds.map(() => new Map<number, number>());
  for (const l of liked) {
    const { ids, weights } = vectors.row(l);
    const norms = [0, 0, 0];
    for (let e = 0; e < ids.length; e++) norms[kinds.indexOf(vectors.kind(ids[e]))] += (weights[e] * idf[ids[e]]) ** 2;
    for (let e = 0; e < ids.length; e++) {
      const k = kinds.indexOf(vectors.kind(ids[e]));
      const c = centroids[k];
      c.set(ids[e], (c.get(ids[e]) ?? 0) + (weights[e] * idf[ids[e]]) / Math.sqrt(norms[k]));
    }
  }
  for (const c of centroids) {
    let n = 0;
    for (const v of c.values()) n += v * v;
    const inv = 1 / (Math.sqrt(n) || 1);
    for (const [t, v] of c) c.set(t, v * inv);
  }
  const nf = RERANK_FEATURES.length;
  const x = new Float64Array(at.length * nf);
  at.forEach((i, j) => {
    const { ids, weights } = vectors.row(rows[i]);
    const dot = [0, 0, 0];
    const norm = [0, 0, 0];
    for (let e = 0; e < ids.length; e++) {
      const k = kinds.indexOf(vectors.kind(ids[e]));
      const w = weights[e] * idf[ids[e]];
      norm[k] += w * w;
      dot[k] += w * (centroids[k].get(ids[e]) ?? 0);
    }
    const cos = (k: number) => (norm[k] > 0 ? dot[k] / Math.sqrt(norm[k]) : 0);
    const p = scored.parts;
    x.set([scored.scores[i], Math.log(Math.max(1, ids.length)), cos(0), p.hub[i], p.knn[i], cos(2), cos(1), p.centroid[i], p.nearest[i]], j * nf);
  });
  return x;
}
