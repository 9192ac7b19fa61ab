// The candidate side of CSLS: how much a paper looks like the feed, as its best cosines among the background sample.
import type { PaperVectors } from './paper-vectors.ts';

/**
 * r(d) for the profile scorer (profile-scorer.ts, `candidateHubWeight`): the background sample laid out as term
 * postings, and each row's best cosines to it, cached until the papers change.
 */
export class CandidateHubs {
  private hub: HubTable | null = null;

  constructor(private readonly vectors: PaperVectors) {}

  /**
   * r(d): the mean of a row's `candidateHubK` best cosines among the background sample's papers, the row itself and
   * the sample indices in `skip` (the profile's papers) left out. The best `candidateHubK` + HUB_SPARE cosines of a
   * row (with their sample indices) do not depend on the profile: they are cached per row until the next `add`
   * (which changes idf and the sample), and a profile's few papers in the sample are skipped when reading them. A
   * row whose cached list holds too many of them is computed again with them left out.
   */
  r(h: HubTable, row: number, skip: number[]): number {
    let top = h.top.get(row);
    if (top === undefined) h.top.set(row, (top = this.top(h, row, [])));
    const want = Math.min(h.k, h.others(row) - skip.length);
    let sum = 0;
    let got = 0;
    for (let j = 0; j < top.idx.length && got < want; j++) {
      if (skip.length && skip.includes(top.idx[j])) continue;
      sum += top.sims[j];
      got++;
    }
    if (got < want) {
      // More of the profile's papers among this row's nearest than the spare places: compute it for this profile.
      const own = this.top(h, row, skip);
      sum = 0;
      got = Math.min(want, own.idx.length);
      for (let j = 0; j < got; j++) sum += own.sims[j];
    }
    return got > 0 ? sum / got : 0;
  }

  /** A row's best cosines among the background sample (at most k + HUB_SPARE), best first, without itself and `skip`. */
  private top(h: HubTable, row: number, skip: number[]): { sims: Float32Array; idx: Int32Array } {
    const v = this.vectors;
    const { acc, start, member, weight } = h;
    const terms = v.entryTerms;
    const weights = v.entryWeights;
    acc.fill(0);
    for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) {
      const t = terms[e];
      const x = weights[e];
      for (let j = start[t], stop = start[t + 1]; j < stop; j++) acc[member[j]] += x * weight[j];
    }
    const self = h.self.get(row);
    if (self !== undefined) acc[self] = -Infinity;
    for (const i of skip) acc[i] = -Infinity;
    const n = Math.max(0, Math.min(h.k + HUB_SPARE, acc.length - (self !== undefined ? 1 : 0) - skip.length));
    const sims = new Float32Array(n).fill(-Infinity);
    const idx = new Int32Array(n).fill(-1);
    if (n === 0) return { sims, idx };
    const inv = 1 / v.norm(row);
    for (let i = 0; i < acc.length; i++) {
      const s = acc[i] * inv;
      if (acc[i] === -Infinity || s <= sims[n - 1]) continue;
      let j = n - 1;
      while (j > 0 && sims[j - 1] < s) {
        sims[j] = sims[j - 1];
        idx[j] = idx[j - 1];
        j--;
      }
      sims[j] = s;
      idx[j] = i;
    }
    return { sims, idx };
  }

  /**
   * The background sample (`rows`, `sample` of them asked for) as term postings (CSR over term ids, times idf twice
   * as the profile's), built once per `size` of the papers.
   */
  table(rows: number[], sample: number, k: number): HubTable {
    return runToEnd(this.tableSteps(rows, sample, k));
  }

  /**
   * `table`, built in steps of a few ms with a yield between them (`ProfileScorer.warmSteps`): at 75k papers its
   * arrays span 1.3 million term ids, and built at once it held the event loop 35 to 122 ms. The caller must not
   * resume it after papers are added. A table that a ranking built meanwhile is kept, with the rows it has cached.
   */
  *tableSteps(rows: number[], sample: number, k: number): Generator<void, HubTable> {
    const v = this.vectors;
    const fresh = () => (this.hub !== null && this.hub.size === v.size && this.hub.sample === sample && this.hub.k === k ? this.hub : null);
    const built = fresh();
    if (built) return built;
    const idf = v.idf();
    const self = new Map<number, number>();
    const start = new Int32Array(idf.length + 1);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      self.set(row, i);
      for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) start[v.entryTerms[e] + 1]++;
      if (i % WARM_STEP.rows === WARM_STEP.rows - 1) yield;
    }
    for (let t = 0; t < idf.length; t++) {
      start[t + 1] += start[t];
      if (t % WARM_STEP.terms === WARM_STEP.terms - 1) yield;
    }
    const fill = start.slice(0, idf.length);
    yield;
    // Sample indices fit 16 bits (up to 65,536 sample papers) and weights 32: 6 bytes a posting, so more stay in cache.
    const member = rows.length <= 65536 ? new Uint16Array(start[idf.length]) : new Int32Array(start[idf.length]);
    const weight = new Float32Array(start[idf.length]);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const inv = 1 / v.norm(row);
      for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) {
        const t = v.entryTerms[e];
        const j = fill[t]++;
        member[j] = i;
        weight[j] = v.entryWeights[e] * idf[t] * idf[t] * inv;
      }
      if (i % WARM_STEP.rows === WARM_STEP.rows - 1) yield;
    }
    const others = (row: number) => rows.length - (self.has(row) ? 1 : 0);
    this.hub = fresh() ?? { size: v.size, sample, k, self, others, start, member, weight, acc: new Float64Array(rows.length), top: new Map() };
    return this.hub;
  }
}

/** Runs a stepped computation (`tableSteps`, the scorer's centroid) at once, for a ranking that needs it now. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** How much one step of a warm-up covers (`tableSteps`, the scorer's centroid): a few ms at 75k papers. */
export const WARM_STEP = { rows: 250, terms: 1 << 18 };

/** Spare places in a row's cached best cosines among the background sample, for a profile's papers to be skipped. */
const HUB_SPARE = 4;

/** The background sample as term postings, and the rows' best cosines to it so far, for one `size` of the papers. */
export interface HubTable {
  size: number;
  sample: number;
  k: number;
  /** Row -> its index in the sample, for the sample's own papers. */
  self: Map<number, number>;
  /** How many sample papers a row has besides itself. */
  others: (row: number) => number;
  start: Int32Array;
  member: Uint16Array | Int32Array;
  weight: Float32Array;
  /** Scratch: a row's dot products with the sample. */
  acc: Float64Array;
  /** Row -> its best k + HUB_SPARE cosines among the sample (itself left out) and their sample indices. */
  top: Map<number, { sims: Float32Array; idx: Int32Array }>;
}
