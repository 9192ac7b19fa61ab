// Experiment (sixth round, docs/lab-feed.md): the profile's shape: interests as clusters of the liked papers, a sharpened centroid, a field background.
import type { PaperVectors } from './paper-vectors.ts';

/**
 * Spherical k-means of the liked papers in kernel form: `gram[i][j]` is the cosine of liked papers i and j, so a
 * cluster's centroid never needs building (cos(x, centroid of C) = Σ_{j∈C} cos(x, j) / √Σ_{i,j∈C} cos(i, j)).
 * Seeds: the most central paper, then each time the paper least like the seeds so far (deterministic).
 * Returns each paper's cluster and each cluster's centroid norm √Σ cos (empty clusters dropped).
 */
export function clusterLiked(gram: Float64Array[], k: number, iterations = 20): { assign: Int32Array; norms: Float64Array } {
  const n = gram.length;
  const assign = new Int32Array(n);
  if (k <= 1 || n <= 1) return { assign, norms: Float64Array.of(Math.sqrt(gram.reduce((s, r) => s + r.reduce((a, b) => a + b, 0), 0)) || 1) };
  const seeds: number[] = [];
  let central = 0;
  let bestSum = -Infinity;
  for (let i = 0; i < n; i++) {
    const s = gram[i].reduce((a, b) => a + b, 0);
    if (s > bestSum) [bestSum, central] = [s, i];
  }
  seeds.push(central);
  while (seeds.length < Math.min(k, n)) {
    let far = -1;
    let farSim = Infinity;
    for (let i = 0; i < n; i++) {
      if (seeds.includes(i)) continue;
      const m = Math.max(...seeds.map((s) => gram[i][s]));
      if (m < farSim) [farSim, far] = [m, i];
    }
    seeds.push(far);
  }
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < seeds.length; c++) if (gram[i][seeds[c]] > gram[i][seeds[best]]) best = c;
    assign[i] = best;
  }
  let kk = seeds.length;
  let norms = new Float64Array(kk);
  for (let it = 0; it <= iterations; it++) {
    // Renumber clusters densely (a cluster can empty) and compute their norms.
    const ids = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      if (!ids.has(assign[i])) ids.set(assign[i], ids.size);
      assign[i] = ids.get(assign[i])!;
    }
    kk = ids.size;
    norms = new Float64Array(kk);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (assign[i] === assign[j]) norms[assign[i]] += gram[i][j];
    for (let c = 0; c < kk; c++) norms[c] = Math.sqrt(norms[c]) || 1;
    if (it === iterations) break;
    let moved = false;
    const sums = new Float64Array(kk);
    for (let i = 0; i < n; i++) {
      sums.fill(0);
      for (let j = 0; j < n; j++) sums[assign[j]] += gram[i][j];
      let best = assign[i];
      for (let c = 0; c < kk; c++) if (sums[c] / norms[c] > sums[best] / norms[best] + 1e-12) best = c;
      if (best !== assign[i]) {
        assign[i] = best;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return { assign, norms };
}

/** A dense vector over term ids, reused between profiles; only the terms set are cleared afterwards. */
export class DenseTerms {
  values = new Float64Array(0);
  private readonly set: number[] = [];

  reset(size: number): void {
    if (this.values.length < size) this.values = new Float64Array(size);
    for (const t of this.set) this.values[t] = 0;
    this.set.length = 0;
  }

  add(t: number, x: number): void {
    if (this.values[t] === 0) this.set.push(t);
    this.values[t] += x;
  }

  get terms(): readonly number[] {
    return this.set;
  }

  /** Scales to unit length, then multiplies each entry by idf (the candidate side's weights come without it). */
  normalizeWithIdf(idf: Float32Array): void {
    let n = 0;
    for (const t of this.set) n += this.values[t] * this.values[t];
    const inv = 1 / (Math.sqrt(n) || 1);
    for (const t of this.set) this.values[t] *= inv * idf[t];
  }

  /** Cosine of a row with this vector (after `normalizeWithIdf`). */
  cosine(v: PaperVectors, row: number): number {
    const terms = v.entryTerms;
    const weights = v.entryWeights;
    const d = this.values;
    let s = 0;
    for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) s += weights[e] * d[terms[e]];
    return s / v.norm(row);
  }

  /** Adds a row's normalized tf-idf vector times `w`. */
  addRow(v: PaperVectors, row: number, idf: Float32Array, w: number): void {
    const { ids, weights } = v.row(row);
    const inv = w / v.norm(row);
    for (let e = 0; e < ids.length; e++) this.add(ids[e], weights[e] * idf[ids[e]] * inv);
  }
}

/**
 * The liked centroid reshaped: each term's weight raised to `power` (> 1 sharpens towards the profile's heaviest
 * terms), and times max(0, ln(profile df / expected df))^lift, expected df = liked × corpus df / N (how much more
 * the profile uses the term than the corpus does). Left in `out`, unit length, idf folded in.
 */
export function shapedCentroid(v: PaperVectors, liked: number[], idf: Float32Array, power: number, lift: number, out: DenseTerms, pdf: DenseTerms): void {
  out.reset(idf.length);
  pdf.reset(idf.length);
  for (const row of liked) {
    out.addRow(v, row, idf, 1);
    for (const t of v.row(row).ids) pdf.add(t, 1);
  }
  const n = v.size;
  for (const t of out.terms) {
    let x = out.values[t] ** power;
    if (lift > 0) {
      const expected = (liked.length * v.docFreq(t)) / n;
      x *= Math.max(0, Math.log(pdf.values[t] / expected)) ** lift;
    }
    // Keep the entry "set" (a zero would be re-added to the term list): a tiny floor, far below any real weight.
    out.values[t] = x || 1e-300;
  }
  out.normalizeWithIdf(idf);
}

/**
 * Average-linkage clustering of the liked papers: merge the two clusters with the highest mean pairwise cosine while
 * it is at least `threshold`. Same result shape as `clusterLiked`.
 */
export function agglomerateLiked(gram: Float64Array[], threshold: number): { assign: Int32Array; norms: Float64Array } {
  const n = gram.length;
  let groups: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const link = (a: number[], b: number[]) => {
    let s = 0;
    for (const i of a) for (const j of b) s += gram[i][j];
    return s / (a.length * b.length);
  };
  for (;;) {
    let best = -Infinity;
    let pa = -1;
    let pb = -1;
    for (let a = 0; a < groups.length; a++) {
      for (let b = a + 1; b < groups.length; b++) {
        const l = link(groups[a], groups[b]);
        if (l > best) [best, pa, pb] = [l, a, b];
      }
    }
    if (pa < 0 || best < threshold) break;
    groups[pa] = [...groups[pa], ...groups[pb]];
    groups = groups.filter((_, g) => g !== pb);
  }
  const assign = new Int32Array(n);
  const norms = new Float64Array(groups.length);
  groups.forEach((g, c) => {
    for (const i of g) assign[i] = c;
    norms[c] = Math.sqrt(link(g, g) * g.length * g.length) || 1;
  });
  return { assign, norms };
}
