// Scores candidate papers against a profile: nearest liked papers, the liked centroid, 👎 papers and the feed background.
import type { PaperVectors } from './paper-vectors.ts';
import { agglomerateLiked, clusterLiked, DenseTerms, shapedCentroid } from './profile-shape.ts';

/** How a profile scores a paper. Defaults are in `DEFAULT_SCORING_OPTIONS`; see docs/lab-feed.md for how they were chosen. */
export interface ScoringOptions {
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
  /** Experiment: the centroid's term weights raised to this power before the cosine (1 = plain). */
  centroidPower: number;
  /** Experiment: the centroid's term weights times max(0, ln(profile df / expected df))^this (0 = plain). */
  centroidLift: number;
  /** Experiment: weight of the best cluster centroid's cosine (spherical k-means over the liked papers). 0 = off. */
  clusterWeight: number;
  /** Experiment: at most this many clusters. */
  clusterMax: number;
  /** Experiment: k = min(clusterMax, floor(liked / clusterMinSize)). */
  clusterMinSize: number;
  /** Experiment: 0 = the best cluster; > 0 = a soft maximum T ln Σ exp(cos / T). */
  clusterTemperature: number;
  /** Experiment: > 0 = average-linkage clusters, merged while the mean pairwise cosine is at least this. */
  clusterThreshold: number;
  /** Experiment: weight of a profile-local background, subtracted. 0 = off. */
  localWeight: number;
  /** Experiment: 'category' = papers whose primary category is a liked paper's; 'top' = the top candidates by the centroid. */
  localMode: 'category' | 'categoryAll' | 'top';
  /** Experiment: how many top candidates form the 'top' background. */
  localTop: number;
}

export const DEFAULT_SCORING_OPTIONS: ScoringOptions = {
  nearestWeight: 1,
  nearest: 2,
  centroidWeight: 1,
  dislikedWeight: 1,
  backgroundWeight: 1,
  backgroundSample: 2000,
  centroidPower: 1,
  centroidLift: 0,
  clusterWeight: 0,
  clusterMax: 3,
  clusterMinSize: 4,
  clusterTemperature: 0,
  clusterThreshold: 0,
  localWeight: 0,
  localMode: 'category',
  localTop: 200,
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
  private background: { size: number; sample: number; centroid: Float32Array; sims: Float32Array } | null = null;
  private readonly shaped = new DenseTerms();
  private readonly scratch = new DenseTerms();
  private readonly local = new DenseTerms();
  /** Experiment: each row's primary category term (-1 if none), and per category the unit centroid of its papers. */
  private categories: { size: number; primary: Int32Array; centroids: Map<number, { ids: number[]; weights: number[] }> } | null = null;

  constructor(
    private readonly vectors: PaperVectors,
    options: Partial<ScoringOptions> = {},
  ) {
    this.options = { ...DEFAULT_SCORING_OPTIONS, ...options };
  }

  score(profile: { liked: number[]; disliked: number[] }, rows: number[]): Scored {
    const o = this.options;
    const idf = this.vectors.idf();
    const { liked, disliked } = profile;
    const members = [...liked, ...disliked];
    const nl = liked.length;
    const postings = this.postings(members, idf);
    const useBackground = o.backgroundWeight > 0 && o.backgroundSample > 0;

    // Centroid of the liked papers: its cosine is the sum of the per-paper cosines divided by its norm, and the norm
    // comes from the liked papers' pairwise cosines.
    const sims = new Float64Array(members.length);
    let c2 = 0;
    const gram: Float64Array[] = [];
    for (let i = 0; i < nl; i++) {
      this.similarities(liked[i], postings, sims);
      for (let j = 0; j < nl; j++) c2 += sims[j];
      gram.push(sims.slice(0, nl));
    }
    const cnorm = Math.sqrt(c2) || 1;
    const shapedOn = o.centroidPower !== 1 || o.centroidLift !== 0;
    if (shapedOn) shapedCentroid(this.vectors, liked, idf, o.centroidPower, o.centroidLift, this.shaped, this.scratch);
    const kc = o.clusterWeight > 0 ? Math.max(1, Math.min(o.clusterMax, Math.floor(nl / Math.max(1, o.clusterMinSize)))) : 0;
    const clusters = kc > 0 ? (o.clusterThreshold > 0 ? agglomerateLiked(gram, o.clusterThreshold) : clusterLiked(gram, kc)) : null;
    const csum = new Float64Array(clusters ? clusters.norms.length : 0);
    const centroidCos = new Float64Array(rows.length);

    const scores = new Float64Array(rows.length);
    const closest = new Int32Array(rows.length);
    const k = Math.max(1, Math.min(o.nearest, nl));
    const top = new Float64Array(k);
    for (let r = 0; r < rows.length; r++) {
      this.similarities(rows[r], postings, sims);
      const bgSim = useBackground ? this.backgroundSimilarity(rows[r]) : 0;
      let cent = 0;
      let best = 0;
      top.fill(-1);
      for (let i = 0; i < nl; i++) {
        const s = sims[i];
        cent += s;
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
      for (let j = 0; j < k; j++) knn += top[j];
      let dis = 0;
      for (let i = nl; i < members.length; i++) if (sims[i] > dis) dis = sims[i];
      const centroid = shapedOn ? this.shaped.cosine(this.vectors, rows[r]) : cent / cnorm;
      centroidCos[r] = cent / cnorm;
      let clusterScore = 0;
      if (clusters) {
        csum.fill(0);
        for (let i = 0; i < nl; i++) csum[clusters.assign[i]] += sims[i];
        let m = -Infinity;
        for (let c = 0; c < csum.length; c++) m = Math.max(m, csum[c] / clusters.norms[c]);
        if (o.clusterTemperature > 0) {
          let z = 0;
          for (let c = 0; c < csum.length; c++) z += Math.exp((csum[c] / clusters.norms[c] - m) / o.clusterTemperature);
          m += o.clusterTemperature * Math.log(z);
        }
        clusterScore = m;
      }
      scores[r] = o.nearestWeight * (knn / k) + o.centroidWeight * centroid + o.clusterWeight * clusterScore - o.dislikedWeight * dis - o.backgroundWeight * bgSim;
      closest[r] = best;
    }
    this.clear(postings);
    if (o.localWeight > 0) {
      this.localBackground(liked, rows, centroidCos, idf);
      for (let r = 0; r < rows.length; r++) scores[r] -= o.localWeight * this.local.cosine(this.vectors, rows[r]);
    }
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
    if (this.background === null || this.background.size !== v.size || this.background.sample !== this.options.backgroundSample) {
      const n = v.size;
      const want = Math.min(n, this.options.backgroundSample);
      const rows: number[] = [];
      for (let i = 0; i < want; i++) rows.push(Math.floor((i * n) / want));
      this.background = { size: n, sample: this.options.backgroundSample, centroid: this.centroid(rows, v.idf()), sims: new Float32Array(n).fill(NaN) };
    }
    const bg = this.background;
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

  /** Experiment: builds the profile-local background into `this.local` (unit length, idf folded in). */
  private localBackground(liked: number[], rows: number[], centroidCos: Float64Array, idf: Float32Array): void {
    const v = this.vectors;
    const local = this.local;
    local.reset(idf.length);
    if (this.options.localMode === 'top') {
      const order = Array.from(rows.keys()).sort((a, b) => centroidCos[b] - centroidCos[a] || a - b);
      for (const i of order.slice(0, this.options.localTop)) local.addRow(v, rows[i], idf, 1);
    } else {
      const counts = new Map<number, number>();
      for (const row of liked) {
        const { ids } = v.row(row);
        for (let e = 0; e < ids.length; e++) {
          if (!v.isCategoryTerm(ids[e])) continue;
          counts.set(ids[e], (counts.get(ids[e]) ?? 0) + 1);
          if (this.options.localMode === 'category') break; // the primary category only
        }
      }
      for (const [cat, n] of counts) {
        const c = this.categoryCentroid(cat, idf);
        for (let j = 0; j < c.ids.length; j++) local.add(c.ids[j], c.weights[j] * n);
      }
    }
    local.normalizeWithIdf(idf);
  }

  private categoryTable(): { primary: Int32Array; centroids: Map<number, { ids: number[]; weights: number[] }> } {
    const v = this.vectors;
    if (this.categories === null || this.categories.size !== v.size) {
      const primary = new Int32Array(v.size).fill(-1);
      const terms = v.entryTerms;
      for (let row = 0; row < v.size; row++) {
        for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) {
          if (v.isCategoryTerm(terms[e])) {
            primary[row] = terms[e];
            break;
          }
        }
      }
      this.categories = { size: v.size, primary, centroids: new Map() };
    }
    return this.categories;
  }

  /** Unit centroid (without idf folded in) of the papers whose primary category is `cat`; cached. */
  private categoryCentroid(cat: number, idf: Float32Array): { ids: number[]; weights: number[] } {
    const table = this.categoryTable();
    let c = table.centroids.get(cat);
    if (!c) {
      const acc = this.scratch;
      acc.reset(idf.length);
      for (let row = 0; row < table.primary.length; row++) if (table.primary[row] === cat) acc.addRow(this.vectors, row, idf, 1);
      let n = 0;
      for (const t of acc.terms) n += acc.values[t] ** 2;
      const inv = 1 / (Math.sqrt(n) || 1);
      c = { ids: [...acc.terms], weights: acc.terms.map((t) => acc.values[t] * inv) };
      table.centroids.set(cat, c);
    }
    return c;
  }

  /** The unit-length mean of the rows' normalized tf-idf vectors, dense over term ids, times idf (see above). */
  private centroid(rows: number[], idf: Float32Array): Float32Array {
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
    return c;
  }
}

interface Postings {
  /** The profile's terms; slot s holds terms[s]'s postings [start[s], start[s + 1]). */
  terms: Int32Array;
  start: Int32Array;
  member: Int32Array;
  weight: Float64Array;
}
