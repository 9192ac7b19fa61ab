// Candidate-side score smoothing (the cluster hypothesis): each top candidate also scores through its similar candidates.
import type { PaperVectors } from './paper-vectors.ts';

/** How candidate scores are smoothed over the candidates' similarity graph. Off unless `smoothWeight` > 0. */
export interface SmoothingOptions {
  /** β: weight of the neighbours' weighted mean score, added to a candidate's own. 0 turns smoothing off. Default 0. */
  smoothWeight: number;
  /** K: how many of the best candidates (by the profile score) are smoothed; the rest keep their order below them. Default 500. */
  smoothTop: number;
  /** m: each candidate's neighbours are its m most similar among the top K; 0 = all of them. Default 5. */
  smoothNeighbours: number;
  /** p: a neighbour weighs cos(d, d')^p. Default 1. */
  smoothPower: number;
  /** Scale of the top K's scores before smoothing: 'none', 'minmax' (to [0, 1]) or 'z' (z-scores). Default 'minmax'. */
  smoothNormalize: 'none' | 'minmax' | 'z';
  /** Rounds of smoothing; the second uses the first's smoothed scores for the neighbours. Default 1. */
  smoothIterations: number;
  /** Keep only reciprocal neighbours (d' among d's m nearest and d among d''s). Default false. */
  smoothMutual: boolean;
  /** Count only neighbours whose own score is at or above the top K's median. Default false. */
  smoothAboveMedian: boolean;
  /** Neighbours only lift: each adds w · max(0, ŝ(d') − ŝ(d)) instead of w · ŝ(d'). Default false. */
  smoothLiftOnly: boolean;
}

export const DEFAULT_SMOOTHING_OPTIONS: SmoothingOptions = {
  smoothWeight: 0,
  smoothTop: 500,
  smoothNeighbours: 5,
  smoothPower: 1,
  smoothNormalize: 'minmax',
  smoothIterations: 1,
  smoothMutual: false,
  smoothAboveMedian: false,
  smoothLiftOnly: false,
};

/**
 * Re-scores the best candidates by their neighbours among themselves: s'(d) = ŝ(d) + β · Σ w(d, d') ŝ(d') / Σ w,
 * over the top K by `scores` (ŝ their normalized scores), w = cos(d, d')^p over the tf-idf vectors. Returns new
 * scores for every row: the top K by s', then the rest in their old order, shifted below the lowest s'.
 */
export class ScoreSmoother {
  /** Term id -> entries of the top K with that term (scratch, reset after each call). */
  private count = new Int32Array(0);
  private start = new Int32Array(0);

  constructor(private readonly vectors: PaperVectors) {}

  smooth(rows: number[], scores: Float64Array, o: SmoothingOptions): Float64Array {
    const n = rows.length;
    const k = Math.min(n, Math.max(0, Math.floor(o.smoothTop)));
    if (o.smoothWeight <= 0 || k < 2) return scores;
    const top = bestIndices(scores, k);
    const s = normalize(top.map((i) => scores[i]), o.smoothNormalize);
    const sim = this.cosines(top.map((i) => rows[i]));
    const w = neighbourWeights(sim, k, o);
    if (o.smoothAboveMedian) {
      const median = [...s].sort((a, b) => a - b)[k >> 1];
      for (let j = 0; j < k; j++) if (s[j] < median) for (let i = 0; i < k; i++) w[i * k + j] = 0;
    }
    let cur = s;
    for (let it = 0; it < Math.max(1, o.smoothIterations); it++) {
      const next = new Float64Array(k);
      for (let i = 0; i < k; i++) {
        let num = 0;
        let den = 0;
        for (let j = 0, b = i * k; j < k; j++) {
          const x = w[b + j];
          if (x > 0) {
            num += x * (o.smoothLiftOnly ? Math.max(0, cur[j] - s[i]) : cur[j]);
            den += x;
          }
        }
        next[i] = s[i] + (den > 0 ? (o.smoothWeight * num) / den : 0);
      }
      cur = next;
    }
    // The rest keep their order, strictly below every smoothed score.
    const out = new Float64Array(n);
    let low = Infinity;
    top.forEach((i, j) => {
      out[i] = cur[j];
      low = Math.min(low, cur[j]);
    });
    const inTop = new Uint8Array(n);
    for (const i of top) inTop[i] = 1;
    let restMax = -Infinity;
    for (let i = 0; i < n; i++) if (!inTop[i]) restMax = Math.max(restMax, scores[i]);
    const shift = low - restMax - 1e-6;
    for (let i = 0; i < n; i++) if (!inTop[i]) out[i] = scores[i] + shift;
    return out;
  }

  /**
   * Pairwise cosines of the rows (a dense k × k matrix), accumulated through the rows' own term postings: a term
   * costs the square of the number of rows that have it, and a term only one row has costs nothing.
   */
  private cosines(rows: number[]): Float32Array {
    const v = this.vectors;
    const idf = v.idf();
    const terms = v.entryTerms;
    const weights = v.entryWeights;
    if (this.count.length < idf.length) {
      this.count = new Int32Array(idf.length);
      this.start = new Int32Array(idf.length);
    }
    const { count, start } = this;
    const used: number[] = [];
    let total = 0;
    for (const row of rows) {
      for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) {
        if (count[terms[e]]++ === 0) used.push(terms[e]);
        total++;
      }
    }
    let at = 0;
    for (const t of used) {
      start[t] = at;
      at += count[t];
    }
    const member = new Int32Array(total);
    const weight = new Float32Array(total);
    rows.forEach((row, m) => {
      const inv = 1 / v.norm(row);
      for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) {
        const t = terms[e];
        const j = start[t]++;
        member[j] = m;
        weight[j] = weights[e] * idf[t] * inv;
      }
    });
    const k = rows.length;
    const sim = new Float32Array(k * k);
    for (const t of used) {
      const c = count[t];
      count[t] = 0;
      if (c < 2) continue;
      const b = start[t] - c;
      for (let x = b; x < b + c; x++) {
        const rx = member[x] * k;
        const wx = weight[x];
        for (let y = x + 1; y < b + c; y++) sim[rx + member[y]] += wx * weight[y];
      }
    }
    // Rows were filled in order, so each term's list is sorted by row: only the upper triangle is set; mirror it.
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) sim[j * k + i] = sim[i * k + j];
    return sim;
  }
}

/** Neighbour weights cos^p, kept only for each row's m nearest (and reciprocal ones, if asked). */
function neighbourWeights(sim: Float32Array, k: number, o: SmoothingOptions): Float32Array {
  const w = new Float32Array(k * k);
  const m = Math.floor(o.smoothNeighbours);
  const keep = new Uint8Array(k * k);
  for (let i = 0; i < k; i++) {
    const b = i * k;
    if (m <= 0 || m >= k - 1) {
      for (let j = 0; j < k; j++) if (j !== i) keep[b + j] = 1;
      continue;
    }
    // The m-th largest cosine of row i bounds its neighbours (ties at the bound all pass).
    const others: number[] = [];
    for (let j = 0; j < k; j++) if (j !== i) others.push(sim[b + j]);
    others.sort((x, y) => y - x);
    const bar = others[m - 1];
    for (let j = 0; j < k; j++) if (j !== i && sim[b + j] >= bar && sim[b + j] > 0) keep[b + j] = 1;
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const x = i * k + j;
      if (!keep[x] || (o.smoothMutual && !keep[j * k + i])) continue;
      const c = sim[x];
      if (c > 0) w[x] = o.smoothPower === 1 ? c : c ** o.smoothPower;
    }
  }
  return w;
}

function normalize(s: number[], how: SmoothingOptions['smoothNormalize']): Float64Array {
  const out = Float64Array.from(s);
  if (how === 'minmax') {
    const lo = Math.min(...s);
    const span = Math.max(...s) - lo || 1;
    for (let i = 0; i < out.length; i++) out[i] = (out[i] - lo) / span;
  } else if (how === 'z') {
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    const sd = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / s.length) || 1;
    for (let i = 0; i < out.length; i++) out[i] = (out[i] - mean) / sd;
  }
  return out;
}

/** Indices of the k highest scores (ties by lower index). */
function bestIndices(scores: Float64Array, k: number): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  return idx.sort((a, b) => scores[b] - scores[a] || a - b).slice(0, k);
}
