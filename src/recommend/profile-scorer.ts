// Scores candidate papers against a profile: nearest liked papers, the liked centroid, 👎 papers and the feed background.
import { LinearModel, type LinearModelOptions } from './linear-model.ts';
import type { PaperVectors } from './paper-vectors.ts';

/** How a profile scores a paper. Defaults are in `DEFAULT_SCORING_OPTIONS`; see docs/lab-feed.md for how they were chosen. */
export interface ScoringOptions extends LinearModelOptions {
  /** Weight of the mean cosine to the `nearest` closest liked papers (kNN). Default 1. */
  nearestWeight: number;
  /** How many of the closest liked papers the kNN part averages. 1 = the single closest. Default 2. */
  nearest: number;
  /** Weight of the cosine to the centroid of the liked papers (Rocchio's positive part). Default 1. */
  centroidWeight: number;
  /**
   * Weight of the cosine to the closest 👎 paper, subtracted. Large enough that a paper much like a 👎 paper falls
   * below one that is only loosely like the library. Default 1.
   */
  dislikedWeight: number;
  /**
   * Weight of the feed background's centroid, subtracted (Rocchio's negative part): papers that look like
   * everything in the feed (generic wording, the biggest categories) sink. Default 1.
   */
  backgroundWeight: number;
  /** Papers of the corpus sampled as the background. 0 turns the background off. Default 2000. */
  backgroundSample: number;
  /**
   * Weight the liked papers in the centroid by recency, w_i = 1 / (1 + log10(i + 1)) for the i-th newest
   * (zotero-arxiv-daily's weighting; `liked` must come oldest first). Default false.
   */
  recencyWeighting: boolean;
  /**
   * Weight of a per-profile linear model (liked papers against the background sample and the 👎 papers), fused
   * with the similarity score above after both are standardised over the candidates (z-scores). 0 turns it off.
   */
  linearWeight: number;
  /** How the linear model is fused: 'zscore' (standardised scores added) or 'rank' (reciprocal-rank fusion, k = 60). */
  linearFusion: 'zscore' | 'rank';
  /**
   * Keep only the centroid's this many heaviest terms (a query of the profile's top terms, as query expansion
   * keeps its top terms) for the centroid part. 0 keeps every term. Default 0.
   */
  centroidTerms: number;
  /**
   * Mean-centring: every vector has this fraction of the feed background's mean subtracted before cosines are
   * taken (1 = full centring), so what all papers share stops counting as likeness. 0 turns it off. Default 0.
   */
  centering: number;
  /**
   * Instead of a plain mean of the `nearest` closest, weight the i-th closest liked paper by decay^i (over all of
   * them; the weights are normalised to sum to 1). 0 keeps the plain mean. Default 0.
   */
  nearestDecay: number;
}

export const DEFAULT_SCORING_OPTIONS: ScoringOptions = {
  nearestWeight: 1,
  nearest: 2,
  centroidWeight: 1,
  dislikedWeight: 1,
  backgroundWeight: 1,
  backgroundSample: 2000,
  recencyWeighting: false,
  linearWeight: 0,
  linearLambda: 0.05,
  linearEpochs: 3,
  linearLoss: 'hinge',
  linearFusion: 'zscore',
  centroidTerms: 0,
  centering: 0,
  nearestDecay: 0,
};

/** The scores of a candidate list, and for each the index (into `liked`) of its closest liked paper. */
export interface Scored {
  scores: Float64Array;
  closest: Int32Array;
}

/**
 * Scores rows against liked, disliked and background rows. The profile papers' normalized tf-idf vectors are laid
 * out as term postings (term -> [(profile paper, weight)]), looked up through a dense slot table over the term
 * ids, so a candidate costs one pass over its own entries whatever the size of the profile.
 */
export class ProfileScorer {
  readonly options: ScoringOptions;
  /** Term id -> its postings slot, valid where `mark` has the term's bit. */
  private slot = new Int32Array(0);
  private mark = new Uint32Array(0);
  private background: Background | null = null;
  private readonly linear: LinearModel;

  constructor(
    private readonly vectors: PaperVectors,
    options: Partial<ScoringOptions> = {},
  ) {
    this.options = { ...DEFAULT_SCORING_OPTIONS, ...options };
    this.linear = new LinearModel(vectors);
  }

  score(profile: { liked: number[]; disliked: number[] }, rows: number[]): Scored {
    const o = this.options;
    const idf = this.vectors.idf();
    const { liked, disliked } = profile;
    const members = [...liked, ...disliked];
    const nl = liked.length;
    const postings = this.postings(members, idf);
    const useBackground = o.backgroundWeight > 0 && o.backgroundSample > 0;

    // Centroid of the liked papers (optionally recency-weighted): its cosine is a weighted sum of the per-paper
    // cosines divided by its norm, and the norm comes from the liked papers' pairwise cosines.
    const w = new Float64Array(nl).map((_, i) => (o.recencyWeighting ? 1 / (1 + Math.log10(nl - i)) : 1));
    const sims = new Float64Array(members.length);
    const center = o.centering > 0 && o.backgroundSample > 0 ? this.centering(members) : null;
    let c2 = 0;
    for (let i = 0; i < nl; i++) {
      this.similarities(liked[i], postings, sims);
      if (center) center(sims, liked[i]);
      for (let j = 0; j < nl; j++) c2 += w[i] * w[j] * sims[j];
    }
    const cnorm = Math.sqrt(c2) || 1;
    const focus = o.centroidTerms > 0 ? this.focusedCentroid(postings, nl, w, idf, o.centroidTerms) : null;

    const scores = new Float64Array(rows.length);
    const closest = new Int32Array(rows.length);
    const k = o.nearestDecay > 0 ? nl : Math.max(1, Math.min(o.nearest, nl));
    const top = new Float64Array(k);
    const knnWeights = new Float64Array(k).map((_, j) => (o.nearestDecay > 0 ? o.nearestDecay ** j : 1));
    const knnTotal = knnWeights.reduce((a, b) => a + b, 0);
    knnWeights.forEach((x, j) => (knnWeights[j] = x / knnTotal));
    for (let r = 0; r < rows.length; r++) {
      this.similarities(rows[r], postings, sims);
      if (center) center(sims, rows[r]);
      const bgSim = useBackground ? this.backgroundSimilarity(rows[r]) : 0;
      let cent = 0;
      let best = 0;
      top.fill(-1);
      for (let i = 0; i < nl; i++) {
        const s = sims[i];
        cent += w[i] * s;
        if (s > sims[best]) best = i;
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
      for (let j = 0; j < k; j++) knn += knnWeights[j] * top[j];
      let dis = 0;
      for (let i = nl; i < members.length; i++) if (sims[i] > dis) dis = sims[i];
      const centroid = focus ? this.focusSimilarity(rows[r], focus) : cent / cnorm;
      scores[r] = o.nearestWeight * knn + o.centroidWeight * centroid - o.dislikedWeight * dis - o.backgroundWeight * bgSim;
      closest[r] = best;
    }
    this.clear(postings);
    if (o.linearWeight > 0 && rows.length > 1) this.fuseLinear(profile, rows, scores);
    return { scores, closest };
  }

  /**
   * Cosines of `row` to every profile paper, into `out`. Both idf factors are folded into the postings, so a
   * candidate's entries need no idf look-up; a bitset over term ids (small enough to stay in cache, unlike the
   * slot table) skips the terms no profile paper has, which are most of them.
   */
  private similarities(row: number, p: Postings, out: Float64Array): void {
    out.fill(0);
    const v = this.vectors;
    const terms = v.entryTerms;
    const weights = v.entryWeights;
    const { slot, mark } = this;
    const { start, member, weight } = p;
    for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) {
      const t = terms[e];
      if ((mark[t >>> 5] & (1 << (t & 31))) === 0) continue;
      const s = slot[t];
      const x = weights[e];
      for (let j = start[s]; j < start[s + 1]; j++) out[member[j]] += x * weight[j];
    }
    const inv = 1 / v.norm(row);
    for (let i = 0; i < out.length; i++) out[i] *= inv;
  }

  /**
   * Turns a row's cosines with the profile papers into cosines of the centred vectors x − γμ (μ the mean of the
   * background's unit vectors): x·y − γx·μ − γy·μ + γ²|μ|² over the centred norms, all from cached cosines with μ.
   */
  private centering(members: number[]): (sims: Float64Array, row: number) => void {
    const g = this.options.centering;
    const mu = this.currentBackground().meanNorm;
    const mm = g * g * mu * mu;
    const pm = members.map((m) => g * mu * this.backgroundSimilarity(m));
    const pn = pm.map((x) => Math.sqrt(Math.max(1e-12, 1 - 2 * x + mm)));
    return (sims, row) => {
      const dm = g * mu * this.backgroundSimilarity(row);
      const dn = Math.sqrt(Math.max(1e-12, 1 - 2 * dm + mm));
      for (let i = 0; i < sims.length; i++) sims[i] = (sims[i] - dm - pm[i] + mm) / (dn * pn[i]);
    };
  }

  /**
   * Adds the per-profile linear model's margins to `scores`, both standardised over the candidates: the two scores
   * live on different scales (cosines vs margins), and a z-score puts them on one without tuning a scale per profile.
   */
  private fuseLinear(profile: { liked: number[]; disliked: number[] }, rows: number[], scores: Float64Array): void {
    const liked = new Set(profile.liked);
    const negatives = [...this.backgroundRows().filter((r) => !liked.has(r)), ...profile.disliked];
    this.linear.train(profile.liked, negatives, this.options);
    const margins = new Float64Array(rows.length);
    for (let r = 0; r < rows.length; r++) margins[r] = this.linear.score(rows[r]);
    if (this.options.linearFusion === 'rank') {
      const a = reciprocalRanks(scores);
      const b = reciprocalRanks(margins);
      for (let r = 0; r < rows.length; r++) scores[r] = a[r] + this.options.linearWeight * b[r];
      return;
    }
    standardize(scores);
    standardize(margins);
    for (let r = 0; r < rows.length; r++) scores[r] += this.options.linearWeight * margins[r];
  }

  /**
   * The liked centroid cut to its `keep` heaviest terms, per postings slot (0 for the others), scaled so that
   * `focusSimilarity` is a cosine with it.
   */
  private focusedCentroid(p: Postings, nl: number, w: Float64Array, idf: Float32Array, keep: number): Float64Array {
    const slots = p.terms.length;
    const c = new Float64Array(slots);
    for (let s = 0; s < slots; s++) for (let j = p.start[s]; j < p.start[s + 1]; j++) if (p.member[j] < nl) c[s] += w[p.member[j]] * p.weight[j];
    // c holds centroid · idf (the postings carry one idf more than the vector); rank by the vector's own weight.
    const order = Array.from({ length: slots }, (_, s) => s).sort((a, b) => c[b] / idf[p.terms[b]] - c[a] / idf[p.terms[a]]);
    let n2 = 0;
    for (const s of order.slice(0, keep)) n2 += (c[s] / idf[p.terms[s]]) ** 2;
    const out = new Float64Array(slots);
    const inv = 1 / (Math.sqrt(n2) || 1);
    for (const s of order.slice(0, keep)) out[s] = c[s] * inv;
    return out;
  }

  private focusSimilarity(row: number, focus: Float64Array): number {
    const v = this.vectors;
    const terms = v.entryTerms;
    const weights = v.entryWeights;
    let dot = 0;
    for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) {
      const t = terms[e];
      if ((this.mark[t >>> 5] & (1 << (t & 31))) !== 0) dot += weights[e] * focus[this.slot[t]];
    }
    return dot / v.norm(row);
  }

  /** Term postings of the profile papers' normalized vectors (times idf); marks their terms in the slot table. */
  private postings(members: number[], idf: Float32Array): Postings {
    if (this.slot.length < idf.length) {
      this.slot = new Int32Array(idf.length);
      this.mark = new Uint32Array((idf.length >>> 5) + 1);
    }
    const byTerm = new Map<number, { member: number; weight: number }[]>();
    members.forEach((row, m) => {
      const { ids, weights } = this.vectors.row(row);
      const inv = 1 / this.vectors.norm(row);
      for (let e = 0; e < ids.length; e++) {
        let list = byTerm.get(ids[e]);
        if (!list) byTerm.set(ids[e], (list = []));
        list.push({ member: m, weight: weights[e] * idf[ids[e]] * idf[ids[e]] * inv });
      }
    });
    const terms = new Int32Array(byTerm.size);
    const start = new Int32Array(byTerm.size + 1);
    const member = new Int32Array([...byTerm.values()].reduce((n, l) => n + l.length, 0));
    const weight = new Float64Array(member.length);
    let s = 0;
    let j = 0;
    for (const [term, list] of byTerm) {
      this.slot[term] = s;
      this.mark[term >>> 5] |= 1 << (term & 31);
      terms[s] = term;
      start[s] = j;
      for (const x of list) {
        member[j] = x.member;
        weight[j++] = x.weight;
      }
      s++;
    }
    start[s] = j;
    return { terms, start, member, weight };
  }

  /** Unmarks the profile's terms, so the next profile starts from an empty bitset. */
  private clear(p: Postings): void {
    for (const t of p.terms) this.mark[t >>> 5] = 0;
  }

  /**
   * Cosine of a row with the feed background's centroid. The background is a fixed, evenly spread sample of the
   * papers (`backgroundSample`, by stride, so it is deterministic and covers every listing period), shared by all
   * profiles; a profile's own few papers among it change nothing measurable. Cached per row until the next `add`.
   */
  private backgroundSimilarity(row: number): number {
    const v = this.vectors;
    const bg = this.currentBackground();
    let sim = bg.sims[row];
    if (Number.isNaN(sim)) {
      const terms = v.entryTerms;
      const weights = v.entryWeights;
      sim = 0;
      for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) sim += weights[e] * bg.centroid[terms[e]];
      sim /= v.norm(row);
      bg.sims[row] = sim;
    }
    return sim;
  }

  /** The background sample's rows (see `backgroundSimilarity`). */
  private backgroundRows(): number[] {
    return this.currentBackground().rows;
  }

  private currentBackground(): Background {
    const v = this.vectors;
    if (this.background === null || this.background.size !== v.size || this.background.sample !== this.options.backgroundSample) {
      const n = v.size;
      const want = Math.min(n, this.options.backgroundSample);
      const rows: number[] = [];
      for (let i = 0; i < want; i++) rows.push(Math.floor((i * n) / want));
      const { centroid, meanNorm } = this.centroid(rows, v.idf());
      this.background = { size: n, sample: this.options.backgroundSample, rows, centroid, meanNorm, sims: new Float32Array(n).fill(NaN) };
    }
    return this.background;
  }

  /** The unit-length mean of the rows' normalized tf-idf vectors, dense over term ids, times idf (see above). */
  private centroid(rows: number[], idf: Float32Array): { centroid: Float32Array; meanNorm: number } {
    const c = new Float32Array(idf.length);
    for (const row of rows) {
      const { ids, weights } = this.vectors.row(row);
      const inv = 1 / this.vectors.norm(row);
      for (let e = 0; e < ids.length; e++) c[ids[e]] += weights[e] * idf[ids[e]] * inv;
    }
    let n = 0;
    for (let t = 0; t < c.length; t++) n += c[t] * c[t];
    const inv = 1 / (Math.sqrt(n) || 1);
    // Unit length, then one more idf factor: the candidate side's weights come without idf.
    for (let t = 0; t < c.length; t++) c[t] *= inv * idf[t];
    return { centroid: c, meanNorm: Math.sqrt(n) / (rows.length || 1) };
  }
}

/** 1 / (60 + rank) per score, rank 1 for the highest (reciprocal-rank fusion's usual k = 60). */
function reciprocalRanks(x: Float64Array): Float64Array {
  const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[b] - x[a] || a - b);
  const out = new Float64Array(x.length);
  order.forEach((i, rank) => (out[i] = 1 / (61 + rank)));
  return out;
}

/** Shifts and scales `x` in place to mean 0 and standard deviation 1 (a constant list becomes all 0). */
function standardize(x: Float64Array): void {
  let mean = 0;
  for (const v of x) mean += v;
  mean /= x.length || 1;
  let sq = 0;
  for (const v of x) sq += (v - mean) ** 2;
  const sd = Math.sqrt(sq / (x.length || 1));
  for (let i = 0; i < x.length; i++) x[i] = sd > 0 ? (x[i] - mean) / sd : 0;
}

interface Background {
  size: number;
  sample: number;
  rows: number[];
  /** Unit-length mean of the sample's unit vectors, times idf. */
  centroid: Float32Array;
  /** Length of that mean before it was made unit length (|μ|, for centring). */
  meanNorm: number;
  /** Cached cosine of each row with the centroid (NaN until computed). */
  sims: Float32Array;
}

interface Postings {
  /** The profile's terms; slot s holds terms[s]'s postings [start[s], start[s + 1]). */
  terms: Int32Array;
  start: Int32Array;
  member: Int32Array;
  weight: Float64Array;
}
