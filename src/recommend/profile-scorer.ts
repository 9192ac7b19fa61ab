// Scores candidate papers against a profile: nearest liked papers, the liked centroid, 👎 papers, the feed background
// and how much a candidate looks like its nearest papers of the feed.
import { CandidateHubs, type HubTable, runToEnd, WARM_STEP } from './candidate-hub.ts';
import type { PaperVectors } from './paper-vectors.ts';

/** How a profile scores a paper. Defaults are in `DEFAULT_SCORING_OPTIONS`; see docs/lab-feed.md for how they were chosen. */
export interface ScoringOptions {
  /** Weight of the mean cosine to the `nearest` closest liked papers (kNN). Default 1. */
  nearestWeight: number;
  /**
   * How many of the closest liked papers the kNN part averages. 1 = the single closest. Default 1 (2 until the ninth
   * round, which chose on 600 other authors: see docs/lab-feed.md).
   */
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
   * everything in the feed (generic wording, the biggest categories) sink. Default 0.8 (1 until the ninth round).
   */
  backgroundWeight: number;
  /** Papers of the corpus sampled as the background. 0 turns the background off. Default 2000. */
  backgroundSample: number;
  /**
   * α of the per-liked-paper normalization inside the kNN term (CSLS, as in cross-lingual word retrieval): the kNN
   * term picks and averages cos(d, l) − α · r(l), where r(l) is the mean of liked paper l's `cslsK` best cosines
   * among the candidates. A liked paper close to many candidates (generic wording, a crowded subject) no longer
   * wins the kNN term for all of them; one with a rarer subject gets its say. The centroid term and the "why" (the
   * closest liked paper by plain cosine) are unchanged. 0 turns it off. Default 1.
   */
  cslsWeight: number;
  /** How many of a liked paper's best cosines among the candidates make r(l). Default 10. */
  cslsK: number;
  /**
   * β of the candidate side of CSLS (eighth round): the score loses β · r(d), where r(d) is the mean of candidate d's
   * `candidateHubK` best cosines among the feed background's sample papers (d itself and the profile's own papers
   * left out: r(d) is how much d looks like the feed, not like the lab). A candidate with
   * close neighbours all over the feed (a crowded subject, generic wording) sinks; unlike the background term, this
   * is d's nearest papers, not the feed's centroid. 0 turns it off. Default 0.3.
   */
  candidateHubWeight: number;
  /** How many of a candidate's best cosines among the background sample make r(d). Default 3. */
  candidateHubK: number;
  /**
   * The candidate side is used only when the recommender holds at least this many papers. It was measured on a 75k
   * feed with a 2,000-paper sample (smaller samples of that feed lowered recall); in a small bot the sample is most of
   * the feed, a new paper's nearest sample papers are its own subject's, and a subject with a few new papers that day
   * would sink for that alone. Default 4000 (twice the sample).
   */
  candidateHubMinPapers: number;
}

export const DEFAULT_SCORING_OPTIONS: ScoringOptions = {
  nearestWeight: 1,
  nearest: 1,
  centroidWeight: 1,
  dislikedWeight: 1,
  backgroundWeight: 0.8,
  backgroundSample: 2000,
  cslsWeight: 1,
  cslsK: 10,
  candidateHubWeight: 0.3,
  candidateHubK: 3,
  candidateHubMinPapers: 4000,
};

/** Most candidate × profile cosines `hubness` keeps for the scoring pass (8 bytes each: 64 MB). A test lowers it. */
export const CSLS_LIMITS = { keptMax: 8_000_000 };

/** The scores of a candidate list, and for each the index (into `liked`) of its closest liked paper. */
export interface Scored {
  scores: Float64Array;
  closest: Int32Array;
  /** The parts of each score, for the learned re-ranking (`rerank.ts`). */
  parts: {
    /** The kNN term (after CSLS). */
    knn: Float64Array;
    /** The plain cosine to the closest liked paper. */
    nearest: Float64Array;
    /** The cosine to the liked centroid. */
    centroid: Float64Array;
    /** r(d), the candidate side of CSLS (0 when it is off). */
    hub: Float64Array;
  };
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
  private readonly hubs: CandidateHubs;

  constructor(
    private readonly vectors: PaperVectors,
    options: Partial<ScoringOptions> = {},
  ) {
    this.options = { ...DEFAULT_SCORING_OPTIONS, ...options };
    this.hubs = new CandidateHubs(vectors);
  }

  score(profile: { liked: number[]; disliked: number[] }, rows: number[]): Scored {
    const o = this.options;
    const idf = this.vectors.idf();
    const { liked, disliked } = profile;
    const members = [...liked, ...disliked];
    const nl = liked.length;
    const postings = this.postings(members, idf);
    const useBackground = this.usesBackground();
    const hubTable = this.hubTable();
    // The profile's own papers among the background sample are left out of r(d).
    const skip = hubTable ? members.map((m) => hubTable.self.get(m) ?? -1).filter((i) => i >= 0) : [];

    // Centroid of the liked papers: its cosine is the sum of the per-paper cosines divided by its norm, the length of
    // the sum of their unit vectors, read off the postings term by term (one pass over their entries; the liked
    // papers' pairwise cosines gave the same number at a cost that grew with the square of a library's size).
    const sims = new Float64Array(members.length);
    let c2 = 0;
    for (let t = 0; t < postings.terms.length; t++) {
      let sum = 0;
      for (let j = postings.start[t]; j < postings.start[t + 1]; j++) if (postings.member[j] < nl) sum += postings.weight[j];
      // A posting's weight carries idf twice (see `postings`); the unit vector's entry carries it once.
      sum /= idf[postings.terms[t]];
      c2 += sum * sum;
    }
    const cnorm = Math.sqrt(c2) || 1;

    const scores = new Float64Array(rows.length);
    const closest = new Int32Array(rows.length);
    const parts = { knn: new Float64Array(rows.length), nearest: new Float64Array(rows.length), centroid: new Float64Array(rows.length), hub: new Float64Array(rows.length) };
    const k = Math.max(1, Math.min(o.nearest, nl));
    const top = new Float64Array(k);
    // CSLS: every candidate's cosines first, then each liked paper's mean of its best cslsK (see `hubness`).
    const csls = o.cslsWeight !== 0 && rows.length > 0 ? this.hubness(rows, postings, nl, members.length, o.cslsK) : null;
    for (let r = 0; r < rows.length; r++) {
      if (csls?.sims) sims.set(csls.sims.subarray(r * members.length, (r + 1) * members.length));
      else this.similarities(rows[r], postings, sims);
      const bgSim = useBackground ? this.backgroundSimilarity(rows[r]) : 0;
      const hub = hubTable ? this.hubs.r(hubTable, rows[r], skip) : 0;
      let cent = 0;
      let best = 0;
      top.fill(-Infinity);
      for (let i = 0; i < nl; i++) {
        cent += sims[i];
        if (sims[i] > sims[best]) best = i;
        const s = csls ? sims[i] - o.cslsWeight * csls.r[i] : sims[i];
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
      scores[r] = o.nearestWeight * (knn / k) + o.centroidWeight * (cent / cnorm) - o.dislikedWeight * dis - o.backgroundWeight * bgSim - o.candidateHubWeight * hub;
      closest[r] = best;
      parts.knn[r] = knn / k;
      parts.nearest[r] = nl > 0 ? sims[best] : 0;
      parts.centroid[r] = cent / cnorm;
      parts.hub[r] = hub;
    }
    this.clear(postings);
    return { scores, closest, parts };
  }

  /** Whether the feed background term is on (see `backgroundWeight`). */
  private usesBackground(): boolean {
    return this.options.backgroundWeight > 0 && this.options.backgroundSample > 0;
  }

  /** The candidate side's table of the background sample, or null when it is off (see `candidateHubWeight`). */
  private hubTable(): HubTable | null {
    return runToEnd(this.hubTableSteps());
  }

  /** `hubTable`, built in steps (see `CandidateHubs.tableSteps`). */
  private *hubTableSteps(): Generator<void, HubTable | null> {
    const o = this.options;
    const useHub = o.candidateHubWeight !== 0 && o.backgroundSample > 0 && this.vectors.size >= o.candidateHubMinPapers;
    return useHub ? yield* this.hubs.tableSteps(this.sampleRows(), o.backgroundSample, Math.max(1, Math.floor(o.candidateHubK))) : null;
  }

  /**
   * Computes ahead what a ranking caches per paper and per set of papers, none of which depends on a profile: idf,
   * the background's centroid and its table, and each of `rows`' cosine to the background and r(d). Every `add`
   * makes them stale (idf changes), so after new papers arrive the first ranking of a few thousand candidates did all
   * of it on the spot (about half a second at 75k papers). A step between two yields is a few ms of work: idf is one
   * step (~15 ms at 75k papers), and the table and the centroid, which span every term id, are built in steps of their
   * own. Stops when papers are added meanwhile.
   */
  *warmSteps(rows: number[]): Generator<void> {
    const size = this.vectors.size;
    if (size === 0) return;
    const idf = this.vectors.idf();
    yield;
    const table = yield* this.hubTableSteps();
    yield;
    const useBackground = this.usesBackground();
    if (useBackground && !this.backgroundFresh()) {
      const centroid = yield* this.centroidSteps(this.sampleRows(), idf);
      if (this.vectors.size !== size) return;
      // A ranking between two steps may have set it already, and cached cosines with it.
      if (!this.backgroundFresh()) this.setBackground(centroid);
      yield;
    }
    for (let i = 0; i < rows.length; i++) {
      if (this.vectors.size !== size) return;
      if (useBackground) this.backgroundSimilarity(rows[i]);
      if (table) this.hubs.r(table, rows[i], []);
      if (i % 8 === 7) yield;
    }
  }

  /**
   * Every row's cosines to the profile papers (row-major, so the scoring loop reads them instead of computing them
   * again), and r(l) for each liked paper l: the mean of its `k` best cosines among the rows (all of them when there
   * are fewer).
   */
  private hubness(rows: number[], postings: Postings, nl: number, nm: number, k: number): { sims: Float64Array | null; r: Float64Array } {
    // Kept for the scoring pass when small (the benchmark: 34k candidates × ~10 liked); a bot's year of feed papers
    // against a 2,000-paper library would be gigabytes, so past CSLS_LIMITS.keptMax the cosines are computed again instead.
    const all = rows.length * nm <= CSLS_LIMITS.keptMax ? new Float64Array(rows.length * nm) : null;
    const one = new Float64Array(nm);
    const kk = Math.max(1, Math.min(Math.floor(k), rows.length));
    // Each liked paper's kk best so far, descending (insertion: kk is small).
    const best = new Float64Array(nl * kk).fill(-Infinity);
    for (let r = 0; r < rows.length; r++) {
      this.similarities(rows[r], postings, one);
      all?.set(one, r * nm);
      for (let i = 0; i < nl; i++) {
        const s = one[i];
        const b = i * kk;
        if (s <= best[b + kk - 1]) continue;
        let j = kk - 1;
        while (j > 0 && best[b + j - 1] < s) {
          best[b + j] = best[b + j - 1];
          j--;
        }
        best[b + j] = s;
      }
    }
    const r = new Float64Array(nl);
    for (let i = 0; i < nl; i++) {
      let s = 0;
      for (let j = 0; j < kk; j++) s += best[i * kk + j];
      r[i] = s / kk;
    }
    return { sims: all, r };
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
   * Term postings of the profile papers' normalized vectors (times idf); marks their terms in the slot table. Built
   * by counting in typed arrays, in three passes over the profile's entries: a Map of per-term lists took 19 ms for
   * a 500-paper library and 220 ms for 2,000, most of a day's ranking (bench/lab-feed.ts times both).
   */
  private postings(members: number[], idf: Float32Array): Postings {
    if (this.slot.length < idf.length) {
      this.slot = new Int32Array(idf.length);
      this.mark = new Uint32Array((idf.length >>> 5) + 1);
    }
    const v = this.vectors;
    const entryTerms = v.entryTerms;
    const entryWeights = v.entryWeights;
    const { slot, mark } = this;
    // Pass 1: each distinct term gets a slot in order of first appearance, and its postings are counted.
    let total = 0;
    for (const row of members) total += v.rowBegin(row + 1) - v.rowBegin(row);
    const termsAll = new Int32Array(total);
    const count = new Int32Array(total + 1);
    let n = 0;
    for (const row of members) {
      for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) {
        const t = entryTerms[e];
        if ((mark[t >>> 5] & (1 << (t & 31))) === 0) {
          mark[t >>> 5] |= 1 << (t & 31);
          slot[t] = n;
          termsAll[n++] = t;
        }
        count[slot[t]]++;
      }
    }
    // Pass 2: where each slot's postings start.
    const start = new Int32Array(n + 1);
    for (let s = 0; s < n; s++) start[s + 1] = start[s] + count[s];
    // Pass 3: the postings, member by member, so each term's list is in member order.
    const member = new Int32Array(total);
    const weight = new Float64Array(total);
    const at = start.slice(0, n);
    members.forEach((row, m) => {
      const inv = 1 / v.norm(row);
      for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) {
        const t = entryTerms[e];
        const j = at[slot[t]]++;
        member[j] = m;
        weight[j] = entryWeights[e] * idf[t] * idf[t] * inv;
      }
    });
    return { terms: termsAll.subarray(0, n), start, member, weight };
  }

  /** Unmarks the profile's terms, so the next profile starts from an empty bitset. */
  private clear(p: Postings): void {
    for (const t of p.terms) this.mark[t >>> 5] = 0;
  }

  /** The background sample: `backgroundSample` rows evenly spread over the papers (by stride, so deterministic). */
  private sampleRows(): number[] {
    const n = this.vectors.size;
    const want = Math.min(n, this.options.backgroundSample);
    const rows: number[] = [];
    for (let i = 0; i < want; i++) rows.push(Math.floor((i * n) / want));
    return rows;
  }

  /**
   * Cosine of a row with the feed background's centroid. The background is a fixed, evenly spread sample of the
   * papers (`backgroundSample`, by stride, so it is deterministic and covers every listing period), shared by all
   * profiles; a profile's own few papers among it change nothing measurable. Cached per row until the next `add`.
   */
  private backgroundSimilarity(row: number): number {
    const v = this.vectors;
    if (!this.backgroundFresh()) this.setBackground(this.centroid(this.sampleRows(), v.idf()));
    const bg = this.background!;
    let sim = bg.sims[row];
    if (Number.isNaN(sim)) {
      const terms = v.entryTerms;
      const weights = v.entryWeights;
      sim = 0;
      for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) sim += weights[e] * bg.centroid[terms[e]];
      bg.sims[row] = sim / v.norm(row);
      // Read back as stored (float32), so a first ranking scores exactly as the ones after it, warmed or not.
      sim = bg.sims[row];
    }
    return sim;
  }

  /** Whether the background's centroid and cached cosines are for the papers as they are now. */
  private backgroundFresh(): boolean {
    return this.background !== null && this.background.size === this.vectors.size && this.background.sample === this.options.backgroundSample;
  }

  private setBackground(centroid: Float32Array): void {
    const size = this.vectors.size;
    this.background = { size, sample: this.options.backgroundSample, centroid, sims: new Float32Array(size).fill(NaN) };
  }

  /** The unit-length mean of the rows' normalized tf-idf vectors, dense over term ids, times idf (see above). */
  private centroid(rows: number[], idf: Float32Array): Float32Array {
    return runToEnd(this.centroidSteps(rows, idf));
  }

  /** `centroid` in steps of a few ms (it spans every term id: 13 to 71 ms at once at 75k papers), for `warmSteps`. */
  private *centroidSteps(rows: number[], idf: Float32Array): Generator<void, Float32Array> {
    const c = new Float32Array(idf.length);
    for (let i = 0; i < rows.length; i++) {
      const { ids, weights } = this.vectors.row(rows[i]);
      const inv = 1 / this.vectors.norm(rows[i]);
      for (let e = 0; e < ids.length; e++) c[ids[e]] += weights[e] * idf[ids[e]] * inv;
      if (i % WARM_STEP.rows === WARM_STEP.rows - 1) yield;
    }
    let n = 0;
    for (let t = 0; t < c.length; t++) {
      n += c[t] * c[t];
      if (t % WARM_STEP.terms === WARM_STEP.terms - 1) yield;
    }
    const inv = 1 / (Math.sqrt(n) || 1);
    // Unit length, then one more idf factor: the candidate side's weights come without idf.
    for (let t = 0; t < c.length; t++) {
      c[t] *= inv * idf[t];
      if (t % WARM_STEP.terms === WARM_STEP.terms - 1) yield;
    }
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
