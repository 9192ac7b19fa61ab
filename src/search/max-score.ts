// Top-k with MaxScore early termination: the best documents of a common-term query without scoring every match.
import { TopK, type Scored } from './top-k.ts';

/**
 * One posting list to score: documents ascending, with their term frequencies. A document's contribution is
 * w × (d + tf(k+1) / (tf + k(1 - b + b·len/avg))), the exhaustive scorer's expression, computed the same way so
 * that both give bit-identical scores.
 */
export interface Cursor {
  docs: ArrayLike<number>;
  tfs: ArrayLike<number>;
  /** Where the list starts and ends in `docs`. */
  start: number;
  end: number;
  weight: number;
  bit: number;
  lengths: Uint16Array;
  avg: number;
  /** The largest contribution any document of the list can get (see `listBound`). */
  bound: number;
  /** Per block of BLOCK postings from `start`, the largest d + tf(k+1)/(tf + norm) in it (`listImpacts`); optional. */
  blocks?: Float64Array;
  /**
   * Per posting from `start`, its weight-free contribution d + tf(k+1)/(tf + norm), computed as `contribution` does:
   * read in list order instead of each document's length at random (1M papers' lengths do not stay in cache).
   */
  impacts?: Float64Array;
}

/** Postings per block for block maxima: small enough to skip often, large enough to cost little memory (1/64). */
const BLOCK_SHIFT = 6;
export const BLOCK = 1 << BLOCK_SHIFT;

/**
 * Block-max data (Ding and Suel, 2011): each posting's weight-free contribution, and per block of BLOCK postings the
 * largest of them, for the given average length and BM25 parameters. They change with the average, so a store keeps
 * them per average.
 */
export function listImpacts(docs: ArrayLike<number>, tfs: ArrayLike<number>, start: number, end: number, lengths: Uint16Array, avg: number, k: number, b: number, d: number): { impacts: Float64Array; blocks: Float64Array } {
  const blocks = new Float64Array(Math.ceil((end - start) / BLOCK));
  const impacts = new Float64Array(end - start);
  for (let i = start; i < end; i++) {
    const tf = tfs[i];
    // contribution() without the weight, in the same order of operations: weight × this is the same double.
    const norm = k * (1 - b + (b * lengths[docs[i]]) / avg);
    const part = d + (tf * (k + 1)) / (tf + norm);
    impacts[i - start] = part;
    const j = (i - start) >> BLOCK_SHIFT;
    if (part > blocks[j]) blocks[j] = part;
  }
  return { impacts, blocks };
}

/** The coverage factor: a document's score is its BM25 sum × (weight of the sources it matched / all)^power. */
export interface Coverage {
  /** Per source, >= 0. */
  weights: ArrayLike<number>;
  /** The weights added up. */
  mass: number;
  /** >= 0, so that the factor is at most 1 and grows with the sources matched. */
  power: number;
}

/**
 * A document's score from its BM25 sum and matched sources, computed as the exhaustive scorer computes it. A plain
 * function, not a closure made per query: the optimized loop then keeps calling the same target.
 */
export function finalScore(sum: number, mask: number, coverage: Coverage): number {
  const { weights, mass, power } = coverage;
  let matched = 0;
  for (let s = 0; s < weights.length; s++) if (mask & (1 << s)) matched += weights[s];
  const covered = mass > 0 ? matched / mass : 1;
  return sum * (power === 1 ? covered : Math.pow(covered, power));
}

/** The exhaustive scorer's per-posting contribution (keep the two expressions identical). */
export function contribution(c: Cursor, tf: number, doc: number, k: number, b: number, d: number): number {
  const norm = k * (1 - b + (b * c.lengths[doc]) / c.avg);
  return c.weight * (d + (tf * (k + 1)) / (tf + norm));
}

/**
 * Pareto frontier of a list's (tf, length) pairs: for each tf, the shortest length that has it, keeping only pairs
 * no other pair beats in both (higher tf, shorter field). Every contribution of the list is at most that of one
 * frontier pair, whatever the average length: a bound that stays exact as papers are added. [tf, len, tf, len, ...]
 */
export function frontier(docs: ArrayLike<number>, tfs: ArrayLike<number>, start: number, end: number, lengths: Uint16Array): number[] {
  // By tf (a sparse array: tfs are small and few).
  const shortest: number[] = [];
  for (let i = start; i < end; i++) {
    const tf = tfs[i];
    const len = lengths[docs[i]];
    if (!(shortest[tf] <= len)) shortest[tf] = len;
  }
  const out: number[] = [];
  let best = Infinity;
  for (let tf = shortest.length - 1; tf >= 0; tf--) {
    const len = shortest[tf];
    if (len !== undefined && len < best) {
      out.push(tf, len);
      best = len;
    }
  }
  return out;
}

/** The bound of a list from its frontier: the largest contribution of any frontier pair now. */
export function listBound(points: number[], weight: number, avg: number, k: number, b: number, d: number): number {
  let best = 0;
  for (let i = 0; i < points.length; i += 2) {
    const tf = points[i];
    const norm = k * (1 - b + (b * points[i + 1]) / avg);
    best = Math.max(best, weight * (d + (tf * (k + 1)) / (tf + norm)));
  }
  // A hair above, so that summing in another order can never leave a true score above the bound.
  return best * (1 + 1e-9) + 1e-12;
}

/**
 * MaxScore (Turtle and Flood, 1995), document at a time. Once the k-th best score so far is known, a set of lists
 * whose bounds added up (times the coverage factor of their terms alone) cannot beat it is "non-essential": a
 * document found only in those cannot enter the top k. Only the other lists are walked; the non-essential ones are
 * looked up (galloping) for each candidate, strongest first, until the candidate's bound falls below the k-th score.
 * The non-essential set is chosen longest list first, so "diffusion models" walks the "diffusion" lists and only
 * looks "model" up, and "model" alone walks its title list and looks the abstract up.
 *
 * Scores are summed in the cursors' given order, as the exhaustive scorer sums them, and `finalScore` applies the
 * same coverage factor, so the top k is the exhaustive one, ties included (documents come in increasing order, and a
 * tie goes to the lower document). Contributions must be >= 0.
 */
export function maxScoreTop(cursors: Cursor[], top: number, bm25: { k: number; b: number; d: number }, coverage: Coverage): Scored[] {
  const { k, b, d } = bm25;
  const n = cursors.length;
  const heap = new TopK(top);
  if (top === 0 || n === 0) return [];
  // Parallel arrays, not cursor objects, in the loop: one candidate costs a few array reads.
  const docs = cursors.map((c) => c.docs);
  const tfs = cursors.map((c) => c.tfs);
  const ends = Int32Array.from(cursors, (c) => c.end);
  const pos = Int32Array.from(cursors, (c) => c.start);
  const bits = Int32Array.from(cursors, (c) => c.bit);
  const weights = Float64Array.from(cursors, (c) => c.weight);
  const avgs = Float64Array.from(cursors, (c) => c.avg);
  const lengths = cursors.map((c) => c.lengths);
  const starts = Int32Array.from(cursors, (c) => c.start);
  const blocks = cursors.map((c) => c.blocks ?? null);
  const impacts = cursors.map((c) => c.impacts ?? null);
  let allBits = 0;
  for (const c of cursors) allBits |= c.bit;
  /** Per essential list: the bounds of the other essential lists added up; and the last block found worth walking. */
  const others = new Float64Array(n);
  const checked = new Int32Array(n).fill(-1);
  /** parts[i]: the contribution of cursors[i] to the current document. */
  const parts = new Float64Array(n);
  const byLength = cursors.map((_c, i) => i).sort((x, y) => cursors[y].end - cursors[y].start - (cursors[x].end - cursors[x].start));
  const byBound = cursors.map((_c, i) => i).sort((x, y) => cursors[y].bound - cursors[x].bound);
  const weak = new Uint8Array(n);
  /** The lists walked, then the non-essential ones strongest bound first, and what probe[j..] can still add. */
  const essential = Int32Array.from(byLength);
  let essentials = n;
  const probe = new Int32Array(n);
  let probes = 0;
  const restBound = new Float64Array(n + 1);
  const restBits = new Int32Array(n + 1);
  let threshold = -Infinity;

  for (;;) {
    let doc = 0xffffffff;
    for (let e = 0; e < essentials; e++) {
      const i = essential[e];
      let p = pos[i];
      const maxima = blocks[i];
      // Block-max skipping: a block whose best contribution, with every other list's bound, cannot beat the k-th
      // score holds no document that can; its documents lose this list's part, which leaves them below it too.
      if (maxima !== null && threshold > -Infinity) {
        while (p < ends[i]) {
          const j = (p - starts[i]) >> BLOCK_SHIFT;
          if (j === checked[i]) break;
          const bound = weights[i] * maxima[j] * (1 + 1e-9) + 1e-12;
          if (finalScore(bound + others[i] + restBound[0], allBits, coverage) > threshold) {
            checked[i] = j;
            break;
          }
          p = Math.min(ends[i], starts[i] + (j + 1) * BLOCK);
        }
        pos[i] = p;
      }
      if (p < ends[i] && docs[i][p] < doc) doc = docs[i][p];
    }
    if (doc === 0xffffffff) break;
    let sum = 0;
    let mask = 0;
    for (let i = 0; i < n; i++) parts[i] = 0;
    for (let e = 0; e < essentials; e++) {
      const i = essential[e];
      const p = pos[i];
      if (p < ends[i] && docs[i][p] === doc) {
        const known = impacts[i];
        const tf = tfs[i][p];
        // The exhaustive scorer's expression (contribution()), written out, or its weight-free part read.
        const part = known !== null ? weights[i] * known[p - starts[i]] : weights[i] * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * lengths[i][doc]) / avgs[i])));
        parts[i] = part;
        sum += part;
        mask |= bits[i];
        pos[i] = p + 1;
      }
    }
    let alive = finalScore(sum + restBound[0], mask | restBits[0], coverage) > threshold;
    for (let j = 0; j < probes && alive; j++) {
      const i = probe[j];
      const p = gallop(docs[i], pos[i], ends[i], doc);
      pos[i] = p;
      if (p < ends[i] && docs[i][p] === doc) {
        const known = impacts[i];
        const tf = tfs[i][p];
        const part = known !== null ? weights[i] * known[p - starts[i]] : weights[i] * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * lengths[i][doc]) / avgs[i])));
        parts[i] = part;
        sum += part;
        mask |= bits[i];
      }
      alive = finalScore(sum + restBound[j + 1], mask | restBits[j + 1], coverage) > threshold;
    }
    if (!alive) continue;
    // The exact score: contributions added in the cursors' own order, from 0, as the exhaustive scorer adds them
    // (a list without the document adds 0, which changes no bit).
    let exact = 0;
    for (let i = 0; i < n; i++) exact += parts[i];
    heap.offer(doc, finalScore(exact, mask, coverage), mask);
    if (!heap.full || !(heap.worstScore > threshold)) continue;
    // The k-th score rose: pick the non-essential lists again, longest first, while they cannot beat it.
    threshold = heap.worstScore;
    let bound = 0;
    let weakBits = 0;
    for (const i of byLength) {
      weak[i] = 0;
      if (finalScore(bound + cursors[i].bound, weakBits | bits[i], coverage) <= threshold) {
        bound += cursors[i].bound;
        weakBits |= bits[i];
        weak[i] = 1;
      }
    }
    essentials = 0;
    for (const i of byLength) {
      if (weak[i]) continue;
      // A list essential again skips what it holds up to this document (handled, or pruned); for one that stayed
      // essential this is a no-op.
      pos[i] = gallop(docs[i], pos[i], ends[i], doc + 1);
      essential[essentials++] = i;
    }
    let essentialBound = 0;
    for (let e = 0; e < essentials; e++) essentialBound += cursors[essential[e]].bound;
    for (let e = 0; e < essentials; e++) others[essential[e]] = essentialBound - cursors[essential[e]].bound;
    checked.fill(-1);
    probes = 0;
    for (const i of byBound) if (weak[i]) probe[probes++] = i;
    restBound[probes] = 0;
    restBits[probes] = 0;
    for (let j = probes - 1; j >= 0; j--) {
      restBound[j] = restBound[j + 1] + cursors[probe[j]].bound;
      restBits[j] = restBits[j + 1] | bits[probe[j]];
    }
  }
  return heap.sorted();
}

/** The first position at or after `from` whose document is >= `target` (`end` when none): doubling, then halving. */
function gallop(docs: ArrayLike<number>, from: number, end: number, target: number): number {
  if (from >= end || docs[from] >= target) return from;
  let step = 1;
  let lo = from;
  while (lo + step < end && docs[lo + step] < target) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(end, lo + step);
  // docs[lo] < target; the answer is in (lo, hi].
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid] < target) lo = mid;
    else hi = mid;
  }
  return hi;
}
