// Randomized truncated SVD of a sparse matrix (Halko, Martinsson & Tropp 2011), as steps a caller can spread over time.

/** A sparse matrix in CSR form: row i's entries are [start[i], start[i + 1]) of `col` and `val`. */
export interface Csr {
  rows: number;
  cols: number;
  start: Int32Array;
  col: Int32Array;
  val: Float32Array | Float64Array;
}

/** The best rank-k approximation A ≈ U diag(s) Vᵀ, dense matrices row-major. */
export interface Svd {
  k: number;
  /** Singular values, largest first. */
  s: Float64Array;
  /** rows × k, orthonormal columns. */
  u: Float64Array;
  /** cols × k, orthonormal columns (zero columns where s is 0). */
  v: Float64Array;
}

export interface SvdOptions {
  /** Extra random directions beyond k (the sketch has k + oversample columns). Default 10. */
  oversample: number;
  /** Power iterations (A Aᵀ applied again, re-orthonormalised each time): sharper for slowly decaying spectra. Default 1. */
  power: number;
  /** Seed of the Gaussian test matrix, so a fit is reproducible. Default 1. */
  seed: number;
  /** Rows multiplied between two yields of the steps (~10 ms of CPU at 100 entries a row and k 128). Default 500. */
  chunk: number;
}

const DEFAULTS: SvdOptions = { oversample: 10, power: 1, seed: 1, chunk: 500 };

/** Runs the steps to the end at once. */
export function randomizedSvd(a: Csr, k: number, options: Partial<SvdOptions> = {}): Svd {
  const steps = randomizedSvdSteps(a, k, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The SVD as a generator that yields after each bounded piece of work (a chunk of rows of a product, a column of an
 * orthonormalisation), so a bot can fit it in time slices between events. k is clamped to min(rows, cols).
 */
export function* randomizedSvdSteps(a: Csr, kWanted: number, options: Partial<SvdOptions> = {}): Generator<void, Svd> {
  const o = { ...DEFAULTS, ...options };
  const k = Math.max(0, Math.min(kWanted, a.rows, a.cols));
  const l = Math.min(k + o.oversample, a.rows, a.cols);
  const n = a.rows;
  const m = a.cols;
  // Ω: cols × l Gaussian, then Q = orth(A Ω).
  const rand = gaussian(o.seed);
  const omega = new Float64Array(m * l);
  for (let i = 0; i < omega.length; i++) {
    omega[i] = rand();
    if (i % (o.chunk * l) === o.chunk * l - 1) yield;
  }
  let q = new Float64Array(n * l);
  yield* multiply(a, omega, l, q, o.chunk);
  yield* orthonormalize(q, n, l);
  let z = new Float64Array(m * l);
  for (let it = 0; it < o.power; it++) {
    z.fill(0);
    yield* multiplyTransposed(a, q, l, z, o.chunk);
    yield* orthonormalize(z, m, l);
    q.fill(0);
    yield* multiply(a, z, l, q, o.chunk);
    yield* orthonormalize(q, n, l);
  }
  // Bᵀ = Aᵀ Q (cols × l); B Bᵀ = Ũ Σ² Ũᵀ is small (l × l): its eigenvectors give U = Q Ũ and V = Bᵀ Ũ Σ⁻¹.
  z.fill(0);
  yield* multiplyTransposed(a, q, l, z, o.chunk);
  const gram = new Float64Array(l * l);
  for (let c = 0; c < m; c++) {
    const off = c * l;
    for (let i = 0; i < l; i++) {
      const zi = z[off + i];
      if (zi === 0) continue;
      for (let j = i; j < l; j++) gram[i * l + j] += zi * z[off + j];
    }
    if (c % o.chunk === o.chunk - 1) yield;
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) gram[i * l + j] = gram[j * l + i];
  const { values, vectors } = yield* symmetricEigenSteps(gram, l);
  const s = new Float64Array(k);
  for (let j = 0; j < k; j++) s[j] = Math.sqrt(Math.max(0, values[j]));
  const u = yield* project(q, n, l, vectors, k, null, o.chunk);
  const v = yield* project(z, m, l, vectors, k, s, o.chunk);
  q = new Float64Array(0);
  z = new Float64Array(0);
  return { k, s, u, v };
}

/** out (rows × l) += A x, x cols × l; all row-major. */
function* multiply(a: Csr, x: Float64Array, l: number, out: Float64Array, chunk: number): Generator<void> {
  for (let i = 0; i < a.rows; i++) {
    const o = i * l;
    for (let e = a.start[i]; e < a.start[i + 1]; e++) {
      const w = a.val[e];
      const xo = a.col[e] * l;
      for (let j = 0; j < l; j++) out[o + j] += w * x[xo + j];
    }
    if (i % chunk === chunk - 1) yield;
  }
}

/** out (cols × l) += Aᵀ y, y rows × l. */
function* multiplyTransposed(a: Csr, y: Float64Array, l: number, out: Float64Array, chunk: number): Generator<void> {
  for (let i = 0; i < a.rows; i++) {
    const yo = i * l;
    for (let e = a.start[i]; e < a.start[i + 1]; e++) {
      const w = a.val[e];
      const o = a.col[e] * l;
      for (let j = 0; j < l; j++) out[o + j] += w * y[yo + j];
    }
    if (i % chunk === chunk - 1) yield;
  }
}

/**
 * Makes the l columns of the row-major n × l matrix orthonormal, in place: modified Gram-Schmidt, run twice per
 * column ("twice is enough", Giraud et al.), on a column-major copy so each column is contiguous. A column with
 * nothing left after the projections (a rank-deficient input) becomes zero.
 */
function* orthonormalize(mat: Float64Array, n: number, l: number): Generator<void> {
  const cols: Float64Array[] = [];
  for (let j = 0; j < l; j++) {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = mat[i * l + j];
    const before = Math.sqrt(dot(c, c));
    for (let pass = 0; pass < 2; pass++) {
      for (const p of cols) {
        const d = dot(c, p);
        for (let i = 0; i < n; i++) c[i] -= d * p[i];
      }
    }
    const norm = Math.sqrt(dot(c, c));
    // Lost to rounding: what remains is noise in directions already taken.
    if (norm <= before * 1e-10 || norm === 0) c.fill(0);
    else for (let i = 0; i < n; i++) c[i] /= norm;
    cols.push(c);
    yield;
  }
  // Back row by row: writing column by column would touch a new cache line per value (tens of MB, ~0.3 s).
  for (let i = 0; i < n; i++) {
    const o = i * l;
    for (let j = 0; j < l; j++) mat[o + j] = cols[j][i];
    if (i % 2000 === 1999) yield;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** (rows × l) times the first k columns of the l × l `vectors`, each column divided by `scale` when given. */
function* project(mat: Float64Array, rows: number, l: number, vectors: Float64Array, k: number, scale: Float64Array | null, chunk: number): Generator<void, Float64Array> {
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) {
    if (r % chunk === chunk - 1) yield;
    for (let i = 0; i < l; i++) {
      const x = mat[r * l + i];
      if (x === 0) continue;
      for (let j = 0; j < k; j++) out[r * k + j] += x * vectors[i * l + j];
    }
  }
  if (scale) for (let r = 0; r < rows; r++) for (let j = 0; j < k; j++) out[r * k + j] = scale[j] > 0 ? out[r * k + j] / scale[j] : 0;
  return out;
}

/**
 * Eigenvalues (descending) and eigenvectors (columns of a row-major n × n matrix) of a symmetric matrix, by cyclic
 * Jacobi rotations: slow for large n, exact to rounding, and n here is only k + oversample.
 */
export function symmetricEigen(input: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const steps = symmetricEigenSteps(input, n);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** `symmetricEigen` as steps: yields after each row of rotations of a sweep. */
function* symmetricEigenSteps(input: Float64Array, n: number): Generator<void, { values: Float64Array; vectors: Float64Array }> {
  const a = Float64Array.from(input);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += a[i] * a[i];
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
    if (off <= 1e-30 * scale || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < n; r++) {
          const arp = a[r * n + p];
          const arq = a[r * n + q];
          a[r * n + p] = c * arp - s * arq;
          a[r * n + q] = s * arp + c * arq;
        }
        for (let r = 0; r < n; r++) {
          const apr = a[p * n + r];
          const aqr = a[q * n + r];
          a[p * n + r] = c * apr - s * aqr;
          a[q * n + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < n; r++) {
          const vrp = v[r * n + p];
          const vrq = v[r * n + q];
          v[r * n + p] = c * vrp - s * vrq;
          v[r * n + q] = s * vrp + c * vrq;
        }
      }
      yield;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y] - a[x * n + x]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = a[src * n + src];
    for (let r = 0; r < n; r++) vectors[r * n + dst] = v[r * n + src];
  });
  return { values, vectors };
}

/** Standard normal numbers from a seeded mulberry32 generator (Box-Muller). */
function gaussian(seed: number): () => number {
  let st = seed >>> 0;
  const uniform = (): number => {
    st = (st + 0x6d2b79f5) >>> 0;
    let t = st;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
