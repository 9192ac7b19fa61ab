// Experiment (seventh round, docs/lab-feed.md): the language-modelling approach to retrieval. A profile is a unigram
// model over the recommender's terms; a candidate is scored by the profile model's cross-entropy with the candidate's
// Dirichlet-smoothed model (rank-equivalent to −KL), off by default.
import type { PaperVectors } from './paper-vectors.ts';

/** Language-model scoring, fused with the cosine score. Off while `lmWeight` is 0. */
export interface LanguageModelOptions {
  /** Weight of the language-model score in the fusion with the cosine score; 0 turns it off. Default 0. */
  lmWeight: number;
  /** How the two scores are fused: z-scores over the candidates, reciprocal ranks (k 60), or a plain sum. Default 'z'. */
  lmFusion: 'z' | 'rrf' | 'sum';
  /** Dirichlet prior μ of a candidate's model. Default 300. */
  lmMu: number;
  /** The profile model: the liked papers' counts pooled, or the mean of their own (maximum-likelihood) models. Default 'pooled'. */
  lmProfile: 'pooled' | 'mean';
  /** Weight of the profile model's log-likelihood ratio. Default 1. */
  lmProfileWeight: number;
  /** Weight of the kNN form: the mean of the `lmNearest` best per-liked-paper log-likelihood ratios. Default 0. */
  lmNearestWeight: number;
  /** How many per-liked-paper ratios the kNN form averages. Default 2. */
  lmNearest: number;
  /** β: the background sample's model's log-likelihood ratio, subtracted. Default 0. */
  lmBackgroundWeight: number;
  /** λ of the parsimonious profile model (EM that leaves to the corpus model what it explains); 0 = off. Default 0. */
  lmParsimony: number;
  /** Divergence-from-the-background weighting of the profile terms, θ·max(0, ln(θ/P(w|C))), renormalised. Default false. */
  lmDivergence: boolean;
  /** Factor on the bigram counts (they are already counted 0.5 each by `bigramWeight`). 0 leaves bigrams out. Default 1. */
  lmBigramScale: number;
  /** A category's count is its vector weight (2, the primary 3) times this. 0 leaves categories out. Default 0.5. */
  lmCategoryScale: number;
}

export const DEFAULT_LM_OPTIONS: LanguageModelOptions = {
  lmWeight: 0,
  lmFusion: 'z',
  lmMu: 300,
  lmProfile: 'pooled',
  lmProfileWeight: 1,
  lmNearestWeight: 0,
  lmNearest: 2,
  lmBackgroundWeight: 0,
  lmParsimony: 0,
  lmDivergence: false,
  lmBigramScale: 1,
  lmCategoryScale: 0.5,
};

const WORD = 0;
const BIGRAM = 1;
const CATEGORY = 2;

/** Collection statistics under one count scaling: corpus probabilities and every row's length. */
interface Collection {
  size: number;
  bigramScale: number;
  categoryScale: number;
  kind: Uint8Array;
  /** P(w|C) per term id. */
  p: Float64Array;
  /** |d| per row. */
  len: Float64Array;
}

/**
 * Scores candidates by the log-likelihood ratio of a profile model θ against each candidate's Dirichlet-smoothed
 * model and the corpus model: LR(θ, d) = Σ_w θ_w ln(P(w|d) / P(w|C)) = Σ_{w ∈ d} θ_w ln(1 + c(w,d) / (μ P(w|C)))
 * + ln(μ / (|d| + μ)) for Σθ = 1. Per profile it differs from the cross-entropy Σ θ_w ln P(w|d) by a constant, so it
 * ranks as −KL(θ ‖ d); unlike the cross-entropy, it is comparable across several profile models (the kNN form).
 *
 * Counts are recovered from the stored weights: a word or bigram entry is 1 + ln tf (tf already times the title and
 * bigram weights), so tf = exp(w − 1); a category's weight is not a count and is scaled (`lmCategoryScale`).
 */
export class LanguageModelScorer {
  private collection: Collection | null = null;
  private slot = new Int32Array(0);
  private mark = new Uint32Array(0);
  private background: { key: string; lr: Float32Array; theta: Float64Array } | null = null;

  constructor(private readonly vectors: PaperVectors) {}

  /** The LM count of an entry of weight `w` on term `t`. */
  private count(kind: Uint8Array, t: number, w: number, c: Collection): number {
    const k = kind[t];
    if (k === CATEGORY) return w * c.categoryScale;
    const tf = Math.exp(w - 1);
    return k === BIGRAM ? tf * c.bigramScale : tf;
  }

  private stats(o: LanguageModelOptions): Collection {
    const v = this.vectors;
    const c = this.collection;
    if (c && c.size === v.size && c.bigramScale === o.lmBigramScale && c.categoryScale === o.lmCategoryScale) return c;
    const terms = v.termCount;
    const kind = new Uint8Array(terms);
    for (let t = 0; t < terms; t++) kind[t] = v.isBigram(t) ? BIGRAM : v.isCategoryTerm(t) ? CATEGORY : WORD;
    const next: Collection = { size: v.size, bigramScale: o.lmBigramScale, categoryScale: o.lmCategoryScale, kind, p: new Float64Array(terms), len: new Float64Array(v.size) };
    const ids = v.entryTerms;
    const ws = v.entryWeights;
    let total = 0;
    for (let r = 0; r < v.size; r++) {
      let len = 0;
      for (let e = v.rowBegin(r), end = v.rowBegin(r + 1); e < end; e++) {
        const x = this.count(kind, ids[e], ws[e], next);
        next.p[ids[e]] += x;
        len += x;
      }
      next.len[r] = len;
      total += len;
    }
    for (let t = 0; t < terms; t++) next.p[t] /= total || 1;
    this.collection = next;
    this.background = null;
    return next;
  }

  /** Mean row length under the current scaling (to choose μ). */
  meanLength(o: LanguageModelOptions): number {
    const c = this.stats(o);
    let s = 0;
    for (let r = 0; r < c.size; r++) s += c.len[r];
    return s / (c.size || 1);
  }

  /** The language-model score of each row for a profile of liked rows (higher is better). */
  score(liked: number[], rows: number[], o: LanguageModelOptions, backgroundSample: number): Float64Array {
    const v = this.vectors;
    const c = this.stats(o);
    const { kind, p, len } = c;
    const mu = o.lmMu;
    const nl = liked.length;
    if (this.slot.length < p.length) {
      this.slot = new Int32Array(p.length);
      this.mark = new Uint32Array((p.length >>> 5) + 1);
    }
    // Per-liked-paper counts, by term.
    const byTerm = new Map<number, number>();
    const termList: number[] = [];
    const perPaper: { t: number; c: number }[][] = [];
    for (const row of liked) {
      const list: { t: number; c: number }[] = [];
      const { ids, weights } = v.row(row);
      for (let e = 0; e < ids.length; e++) {
        const x = this.count(kind, ids[e], weights[e], c);
        if (x <= 0) continue;
        list.push({ t: ids[e], c: x });
        if (!byTerm.has(ids[e])) {
          byTerm.set(ids[e], termList.length);
          termList.push(ids[e]);
        }
      }
      perPaper.push(list);
    }
    const nt = termList.length;
    // The profile model over the profile's terms (slot order), and each liked paper's model as postings.
    const profile = new Float64Array(nt);
    let pooledTotal = 0;
    for (const list of perPaper) for (const x of list) pooledTotal += x.c;
    perPaper.forEach((list) => {
      let lm = 0;
      for (const x of list) lm += x.c;
      for (const x of list) profile[byTerm.get(x.t)!] += o.lmProfile === 'pooled' ? x.c / (pooledTotal || 1) : x.c / (lm || 1) / nl;
    });
    const termArr = Int32Array.from(termList);
    const theta = shape(profile, termArr, p, o);
    const useKnn = o.lmNearestWeight !== 0;
    const start = new Int32Array(nt + 1);
    let member = new Int32Array(0);
    let weight = new Float64Array(0);
    if (useKnn) {
      const postings: { m: number; w: number }[][] = Array.from({ length: nt }, () => []);
      perPaper.forEach((list, m) => {
        const own = new Float64Array(list.length);
        const ownTerms = new Int32Array(list.length);
        let lm = 0;
        for (const x of list) lm += x.c;
        list.forEach((x, i) => {
          own[i] = x.c / (lm || 1);
          ownTerms[i] = x.t;
        });
        const th = shape(own, ownTerms, p, o);
        list.forEach((x, i) => {
          if (th[i] > 0) postings[byTerm.get(x.t)!].push({ m, w: th[i] });
        });
      });
      let n = 0;
      for (let s = 0; s < nt; s++) {
        start[s] = n;
        n += postings[s].length;
      }
      start[nt] = n;
      member = new Int32Array(n);
      weight = new Float64Array(n);
      for (let s = 0, j = 0; s < nt; s++) for (const x of postings[s]) {
        member[j] = x.m;
        weight[j++] = x.w;
      }
    }
    for (let s = 0; s < nt; s++) {
      const t = termArr[s];
      this.slot[t] = s;
      this.mark[t >>> 5] |= 1 << (t & 31);
    }
    const bg = o.lmBackgroundWeight !== 0 ? this.backgroundRatios(o, backgroundSample, c) : null;

    const out = new Float64Array(rows.length);
    const per = new Float64Array(nl);
    const k = Math.max(1, Math.min(o.lmNearest, nl));
    const top = new Float64Array(k);
    const ids = v.entryTerms;
    const ws = v.entryWeights;
    const { slot, mark } = this;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      let sp = 0;
      if (useKnn) per.fill(0);
      for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) {
        const t = ids[e];
        if ((mark[t >>> 5] & (1 << (t & 31))) === 0) continue;
        const s = slot[t];
        const x = Math.log(1 + this.count(kind, t, ws[e], c) / (mu * p[t]));
        sp += theta[s] * x;
        if (useKnn) for (let j = start[s]; j < start[s + 1]; j++) per[member[j]] += weight[j] * x;
      }
      const lenTerm = Math.log(mu / (len[row] + mu));
      let score = o.lmProfileWeight * (sp + lenTerm);
      if (useKnn) {
        top.fill(-Infinity);
        for (let i = 0; i < nl; i++) {
          const s = per[i];
          if (s > top[k - 1]) {
            let j = k - 1;
            while (j > 0 && top[j - 1] < s) {
              top[j] = top[j - 1];
              j--;
            }
            top[j] = s;
          }
        }
        let knn = 0;
        for (let j = 0; j < k; j++) knn += top[j];
        score += o.lmNearestWeight * (knn / k + lenTerm);
      }
      if (bg) score -= o.lmBackgroundWeight * bg(row);
      out[r] = score;
    }
    for (const t of termArr) this.mark[t >>> 5] = 0;
    return out;
  }

  /** LR(θ_B, d) of every row, θ_B the pooled model of the background sample (the cosine background's papers). */
  private backgroundRatios(o: LanguageModelOptions, sample: number, c: Collection): (row: number) => number {
    const v = this.vectors;
    const key = `${c.size}/${o.lmMu}/${sample}`;
    if (this.background?.key !== key) {
      const n = v.size;
      const want = Math.min(n, sample);
      const theta = this.background?.theta.length === c.p.length ? this.background.theta.fill(0) : new Float64Array(c.p.length);
      let total = 0;
      for (let i = 0; i < want; i++) {
        const r = Math.floor((i * n) / want);
        const { ids, weights } = v.row(r);
        for (let e = 0; e < ids.length; e++) {
          const x = this.count(c.kind, ids[e], weights[e], c);
          theta[ids[e]] += x;
          total += x;
        }
      }
      for (let t = 0; t < theta.length; t++) theta[t] /= total || 1;
      this.background = { key, theta, lr: new Float32Array(n).fill(NaN) };
    }
    const bg = this.background!;
    const ids = v.entryTerms;
    const ws = v.entryWeights;
    const mu = o.lmMu;
    // Computed on first use per row, cached until the next add or a change of μ.
    return (row: number) => {
      let x = bg.lr[row];
      if (Number.isNaN(x)) {
        x = 0;
        for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) {
          const t = ids[e];
          x += bg.theta[t] * Math.log(1 + this.count(c.kind, t, ws[e], c) / (mu * c.p[t]));
        }
        x += Math.log(mu / (c.len[row] + mu));
        bg.lr[row] = x;
      }
      return x;
    };
  }
}

/**
 * The profile model reshaped by the options: parsimonious EM (Hiemstra, Robertson & Zaragoza 2004) and/or the
 * divergence-from-the-background weighting; always renormalised to sum 1. `theta` is a model over `terms`.
 */
export function shape(theta: Float64Array, terms: Int32Array, p: Float64Array, o: Pick<LanguageModelOptions, 'lmParsimony' | 'lmDivergence'>): Float64Array {
  let out = theta;
  if (o.lmParsimony > 0) out = parsimonious(theta, terms, p, o.lmParsimony);
  if (o.lmDivergence) {
    const d = new Float64Array(out.length);
    for (let i = 0; i < out.length; i++) d[i] = out[i] > 0 ? out[i] * Math.max(0, Math.log(out[i] / p[terms[i]])) : 0;
    out = normalise(d);
  }
  return out;
}

/**
 * Parsimonious model: E-step e_w = tf_w · λθ_w / (λθ_w + (1 − λ) P(w|C)), M-step θ = e / Σe, terms under 1e-4 dropped,
 * 20 rounds. What the corpus model explains (the field's common words) leaves the profile model.
 */
export function parsimonious(tf: Float64Array, terms: Int32Array, p: Float64Array, lambda: number): Float64Array {
  let theta = normalise(Float64Array.from(tf));
  for (let it = 0; it < 20; it++) {
    const e = new Float64Array(tf.length);
    for (let i = 0; i < tf.length; i++) {
      if (theta[i] <= 0) continue;
      const a = lambda * theta[i];
      e[i] = (tf[i] * a) / (a + (1 - lambda) * p[terms[i]]);
    }
    theta = normalise(e);
    for (let i = 0; i < theta.length; i++) if (theta[i] < 1e-4) theta[i] = 0;
    theta = normalise(theta);
  }
  return theta;
}

function normalise(x: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  if (s > 0) for (let i = 0; i < x.length; i++) x[i] /= s;
  return x;
}
