// Latent (LSA) paper vectors: a truncated SVD of the tf-idf matrix, each paper folded in as a dense unit k-vector.
import { BIGRAM_SLOTS, type PaperVectors } from './paper-vectors.ts';
import { randomizedSvdSteps, type Csr } from './svd.ts';

/** How the latent vectors are fitted. Part of the scoring options; changing one refits at the next rank. */
export interface LatentFitOptions {
  /** Dimensions k of the latent vectors. Memory is 4k bytes per paper (75k papers at 128: 38 MB). Default 128. */
  latentRank: number;
  /** Papers (evenly spread) the SVD is fitted on; every paper is then folded in through the basis. Default 25000. */
  latentSample: number;
  /** Terms in fewer papers than this get no latent column (they tell nothing about co-occurrence). Default 3. */
  latentMinDf: number;
  /** Power iterations of the randomized SVD. Default 1. */
  latentPower: number;
  /**
   * Give bigrams latent columns too (those in at least latentMinDf papers). Off by default: at 75k papers that is
   * 415k columns against 41k words and categories, ten times the basis and most of the fit's time.
   */
  latentBigrams: boolean;
  /**
   * Papers' latent vectors are U Σ^α (the fold-in of a tf-idf row through V Σ^(α−1)): α = 1 is classic LSA, where the
   * broad first dimensions dominate; α = 0 weighs every dimension alike, so narrower topics count as much. Default 1.
   */
  latentExponent: number;
}

/** A fitted basis: term column -> its k-vector, so a paper's latent vector is the sum over its terms. */
interface Basis {
  key: string;
  /** Papers in the corpus when the fit started. */
  size: number;
  k: number;
  /** Term id -> row of `terms`, or -1 for a term without a latent column. */
  column: Int32Array;
  /** columns × k (V of the SVD). */
  terms: Float32Array;
}

/**
 * The dense side of the recommender. The basis is fitted once on a sample and kept while the corpus grows by less
 * than `REFIT_GROWTH`; papers added meanwhile are folded in through it (their projection on the basis), and each
 * paper's vector is computed the first time it is needed.
 */
export class LatentVectors {
  private basis: Basis | null = null;
  private running: { key: string; steps: Generator<void, void> } | null = null;
  private dense = new Float32Array(0);
  private valid = new Uint8Array(0);

  constructor(private readonly vectors: PaperVectors) {}

  /** Dimensions of the current basis (0 before the first fit). */
  get k(): number {
    return this.basis?.k ?? 0;
  }

  /** Bytes held by the basis and the papers' latent vectors. */
  get bytes(): number {
    return (this.basis?.terms.byteLength ?? 0) + (this.basis?.column.byteLength ?? 0) + this.dense.byteLength + this.valid.byteLength;
  }

  /** True when there is no basis for these options, or the corpus has grown by `REFIT_GROWTH` since the fit. */
  stale(o: LatentFitOptions): boolean {
    const b = this.basis;
    return b === null || b.key !== keyOf(o) || this.vectors.size > b.size * REFIT_GROWTH;
  }

  /** Fits now (synchronously) if stale, finishing a fit already under way for the same options. */
  ensure(o: LatentFitOptions): void {
    if (!this.stale(o)) return;
    const steps = this.start(o);
    while (!steps.next().done);
  }

  /**
   * Fits in time slices: runs the fit's steps for about `sliceMs`, then `pause()`, until done. Resolves at once when
   * the basis is fresh. A rank meanwhile finishes the fit at once (`ensure`).
   */
  async fitSliced(o: LatentFitOptions, sliceMs: number, pause: () => Promise<void>, now: () => number): Promise<void> {
    // Until fitted and every paper folded in (the fit's last steps, after the basis is in place).
    while (this.stale(o) || this.running?.key === keyOf(o)) {
      const steps = this.start(o);
      const deadline = now() + sliceMs;
      // At least one step per slice, so a slice of 0 ms still makes progress.
      let done = steps.next().done === true;
      while (!done && now() < deadline) done = steps.next().done === true;
      if (!done) await pause();
    }
  }

  /** Paper `row`'s latent vector (unit length, or zero when it has no latent term); a view, valid until the next fit. */
  vector(row: number): Float32Array {
    const b = this.basis!;
    const k = b.k;
    if (row >= this.valid.length) this.grow(row + 1);
    const out = this.dense.subarray(row * k, row * k + k);
    if (!this.valid[row]) {
      this.fold(row, b, out);
      this.valid[row] = 1;
    }
    return out;
  }

  private grow(rows: number): void {
    const k = this.basis!.k;
    const cap = Math.max(rows, Math.ceil(this.valid.length * 1.5), 1024);
    const dense = new Float32Array(cap * k);
    dense.set(this.dense.subarray(0, Math.min(this.dense.length, dense.length)));
    const valid = new Uint8Array(cap);
    valid.set(this.valid);
    this.dense = dense;
    this.valid = valid;
  }

  /** out = the row's normalized tf-idf vector times the basis, then unit length (LSA's fold-in). */
  private fold(row: number, b: Basis, out: Float32Array): void {
    const v = this.vectors;
    const idf = v.idf();
    const k = b.k;
    const terms = v.entryTerms;
    const weights = v.entryWeights;
    const acc = new Float64Array(k);
    for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) {
      const c = b.column[terms[e]];
      if (c < 0) continue;
      const w = weights[e] * idf[terms[e]];
      const o = c * k;
      for (let j = 0; j < k; j++) acc[j] += w * b.terms[o + j];
    }
    let n = 0;
    for (let j = 0; j < k; j++) n += acc[j] * acc[j];
    const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
    for (let j = 0; j < k; j++) out[j] = acc[j] * inv;
  }

  /** The steps of a fit for these options: the one under way, or a new one. */
  private start(o: LatentFitOptions): Generator<void, void> {
    const key = keyOf(o);
    if (this.running?.key !== key) this.running = { key, steps: this.fitSteps(o, key) };
    return this.running.steps;
  }

  private *fitSteps(o: LatentFitOptions, key: string): Generator<void, void> {
    const v = this.vectors;
    const size = v.size;
    const idf = v.idf();
    // Columns: every word and category (and bigram, if asked) in at least latentMinDf papers, in id order.
    const column = new Int32Array(v.termCount).fill(-1);
    let cols = 0;
    for (let t = o.latentBigrams ? 0 : BIGRAM_SLOTS; t < column.length; t++) if (v.docFreq(t) >= o.latentMinDf) column[t] = cols++;
    yield;
    const sample = Math.min(size, o.latentSample);
    const a = yield* sampleMatrix(v, idf, column, cols, size, sample);
    const svd = yield* randomizedSvdSteps(a, o.latentRank, { power: o.latentPower });
    const terms = Float32Array.from(svd.v);
    const k = svd.k;
    const scale = Array.from(svd.s, (x) => (x > 0 ? x ** (o.latentExponent - 1) : 0));
    for (let c = 0; c < cols; c++) for (let j = 0; j < k; j++) terms[c * k + j] *= scale[j];
    this.basis = { key, size, k, column, terms };
    this.dense = new Float32Array(0);
    this.valid = new Uint8Array(0);
    // Every paper's vector now, in steps too, so the first rank after a sliced fit does not fold 30k candidates.
    this.grow(this.vectors.size);
    for (let r = 0; r < this.vectors.size; r++) {
      this.vector(r);
      if (r % 500 === 499) yield;
    }
    this.running = null;
  }
}

/** The corpus may grow by this factor before a rank refits the basis (papers added before then are folded in). */
const REFIT_GROWTH = 1.1;

function keyOf(o: LatentFitOptions): string {
  return `${o.latentRank}/${o.latentSample}/${o.latentMinDf}/${o.latentPower}/${o.latentBigrams}/${o.latentExponent}`;
}

/** The sampled papers' normalized tf-idf rows over the latent columns, as one CSR matrix. */
function* sampleMatrix(v: PaperVectors, idf: Float32Array, column: Int32Array, cols: number, size: number, sample: number): Generator<void, Csr> {
  const rows: number[] = [];
  for (let i = 0; i < sample; i++) rows.push(Math.floor((i * size) / sample));
  let nnz = 0;
  for (const r of rows) nnz += v.rowBegin(r + 1) - v.rowBegin(r);
  const start = new Int32Array(sample + 1);
  const col = new Int32Array(nnz);
  const val = new Float32Array(nnz);
  const terms = v.entryTerms;
  const weights = v.entryWeights;
  let j = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const from = j;
    let norm = 0;
    for (let e = v.rowBegin(r), end = v.rowBegin(r + 1); e < end; e++) {
      const w = weights[e] * idf[terms[e]];
      norm += w * w;
      const c = column[terms[e]];
      if (c < 0) continue;
      col[j] = c;
      val[j++] = w;
    }
    const inv = 1 / (Math.sqrt(norm) || 1);
    for (let e = from; e < j; e++) val[e] *= inv;
    start[i + 1] = j;
    if (i % 500 === 499) yield;
  }
  return { rows: sample, cols, start, col: col.subarray(0, j), val: val.subarray(0, j) };
}

/** How the latent part scores a candidate; see `ScoringOptions`. */
export interface LatentScoreOptions {
  nearest: number;
  latentBackground: number;
}

/**
 * Latent scores of candidate rows: the mean of the `nearest` highest cosines to the liked papers, plus the cosine to
 * their centroid, minus `latentBackground` × the cosine to the background's centroid; the same shape as the tf-idf
 * score, in the dense space.
 */
export function latentScores(lv: LatentVectors, liked: number[], rows: number[], background: number[], o: LatentScoreOptions): Float64Array {
  const k = lv.k;
  const nl = liked.length;
  const likedVecs = new Float32Array(nl * k);
  liked.forEach((r, i) => likedVecs.set(lv.vector(r), i * k));
  const centroid = unitMean(lv, liked, k);
  const bg = o.latentBackground > 0 && background.length ? unitMean(lv, background, k) : new Float64Array(k);
  const kn = Math.max(1, Math.min(o.nearest, nl));
  const top = new Float64Array(kn);
  const out = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const x = lv.vector(rows[r]);
    top.fill(-2);
    for (let i = 0; i < nl; i++) {
      let s = 0;
      const off = i * k;
      for (let j = 0; j < k; j++) s += x[j] * likedVecs[off + j];
      if (s > top[kn - 1]) {
        let j = kn - 1;
        while (j > 0 && top[j - 1] < s) {
          top[j] = top[j - 1];
          j--;
        }
        top[j] = s;
      }
    }
    let knn = 0;
    for (let j = 0; j < kn; j++) knn += top[j];
    let c = 0;
    let b = 0;
    for (let j = 0; j < k; j++) {
      c += x[j] * centroid[j];
      b += x[j] * bg[j];
    }
    out[r] = knn / kn + c - o.latentBackground * b;
  }
  return out;
}

function unitMean(lv: LatentVectors, rows: number[], k: number): Float64Array {
  const m = new Float64Array(k);
  for (const r of rows) {
    const x = lv.vector(r);
    for (let j = 0; j < k; j++) m[j] += x[j];
  }
  let n = 0;
  for (let j = 0; j < k; j++) n += m[j] * m[j];
  const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let j = 0; j < k; j++) m[j] *= inv;
  return m;
}
