// Random indexing: each term's vector is the sum of the sparse random index vectors of the terms it occurs with.

/** A sparse matrix in CSR form (papers × terms), as for the SVD. */
import type { Csr } from './svd.ts';

/** Nonzeros (±1) of each term's random index vector. */
const INDEX_NONZEROS = 8;

/**
 * Term context vectors (cols × dims, row-major) from the papers in `a` (rows normalized tf-idf): a term's vector is
 * Σ over its papers of (its weight there) × (the weighted sum of the index vectors of the paper's other terms), so
 * terms used in the same papers get close vectors (Kanerva, Kristoferson & Holst 2000; Sahlgren 2005), with the
 * paper as the context window. The mean vector (what every term shares through common words) is removed, then each
 * vector is made unit length. Yields every `chunk` papers.
 */
export function* randomIndexSteps(a: Csr, dims: number, seed: number, chunk = 2000): Generator<void, Float32Array> {
  const m = a.cols;
  // Index vectors: INDEX_NONZEROS distinct-ish random positions per term, each ±1, from a seeded generator.
  const pos = new Int32Array(m * INDEX_NONZEROS);
  const sign = new Float32Array(m * INDEX_NONZEROS);
  let st = seed >>> 0;
  const next = (): number => {
    st = (st + 0x6d2b79f5) >>> 0;
    let t = st;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  for (let i = 0; i < pos.length; i++) {
    const r = next();
    pos[i] = r % dims;
    sign[i] = r & 0x80000000 ? -1 : 1;
  }
  const ctx = new Float32Array(m * dims);
  const sum = new Float64Array(dims);
  for (let p = 0; p < a.rows; p++) {
    sum.fill(0);
    for (let e = a.start[p]; e < a.start[p + 1]; e++) {
      const w = a.val[e];
      const o = a.col[e] * INDEX_NONZEROS;
      for (let z = 0; z < INDEX_NONZEROS; z++) sum[pos[o + z]] += w * sign[o + z];
    }
    for (let e = a.start[p]; e < a.start[p + 1]; e++) {
      const w = a.val[e];
      const c = a.col[e];
      const out = c * dims;
      for (let j = 0; j < dims; j++) ctx[out + j] += w * sum[j];
      // Not the term itself: only the terms it occurs with.
      const o = c * INDEX_NONZEROS;
      for (let z = 0; z < INDEX_NONZEROS; z++) ctx[out + pos[o + z]] -= w * w * sign[o + z];
    }
    if (p % chunk === chunk - 1) yield;
  }
  const mean = new Float64Array(dims);
  let used = 0;
  for (let c = 0; c < m; c++) {
    let n = 0;
    for (let j = 0; j < dims; j++) n += ctx[c * dims + j] * ctx[c * dims + j];
    if (n === 0) continue;
    used++;
    const inv = 1 / Math.sqrt(n);
    for (let j = 0; j < dims; j++) mean[j] += ctx[c * dims + j] * inv;
  }
  for (let j = 0; j < dims; j++) mean[j] /= used || 1;
  yield;
  for (let c = 0; c < m; c++) {
    let n = 0;
    for (let j = 0; j < dims; j++) n += ctx[c * dims + j] * ctx[c * dims + j];
    if (n === 0) continue;
    const inv = 1 / Math.sqrt(n);
    let n2 = 0;
    for (let j = 0; j < dims; j++) {
      const x = ctx[c * dims + j] * inv - mean[j];
      ctx[c * dims + j] = x;
      n2 += x * x;
    }
    const inv2 = n2 > 0 ? 1 / Math.sqrt(n2) : 0;
    for (let j = 0; j < dims; j++) ctx[c * dims + j] *= inv2;
  }
  return ctx;
}
