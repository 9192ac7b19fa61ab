// The randomized truncated SVD on small hand-made matrices: a rank-2 matrix is recovered exactly, with orthonormal factors.
import { describe, expect, it } from 'vitest';
import { randomizedSvd, symmetricEigen, type Csr } from '../../src/recommend/svd.ts';

/** A dense row-major matrix as CSR (zeros left out). */
function csr(rows: number[][]): Csr {
  const start = [0];
  const col: number[] = [];
  const val: number[] = [];
  for (const r of rows) {
    r.forEach((x, c) => {
      if (x !== 0) {
        col.push(c);
        val.push(x);
      }
    });
    start.push(col.length);
  }
  return { rows: rows.length, cols: rows[0].length, start: Int32Array.from(start), col: Int32Array.from(col), val: Float64Array.from(val) };
}

/** Column i · column j of a row-major rows × k matrix. */
function colDot(m: Float64Array, rows: number, k: number, i: number, j: number): number {
  let s = 0;
  for (let r = 0; r < rows; r++) s += m[r * k + i] * m[r * k + j];
  return s;
}

// Two "topics" over 6 terms: rows are mixtures of them, so the rank is exactly 2.
const T1 = [3, 2, 1, 0, 0, 1];
const T2 = [0, 1, 0, 4, 2, 0];
const MIX = [
  [1, 0],
  [0, 1],
  [2, 1],
  [1, 3],
  [0.5, 0],
  [1, 1],
  [0, 2],
];
const RANK2 = MIX.map(([a, b]) => T1.map((x, j) => a * x + b * T2[j]));

describe('randomizedSvd', () => {
  it('recovers a rank-2 matrix: U diag(s) Vᵀ equals it, and the third singular value is 0', () => {
    const svd = randomizedSvd(csr(RANK2), 3, { oversample: 2, power: 1 });
    expect(svd.k).toBe(3);
    expect(svd.s[0]).toBeGreaterThan(svd.s[1]);
    expect(svd.s[1]).toBeGreaterThan(1);
    expect(svd.s[2]).toBeLessThan(1e-6);
    for (let r = 0; r < RANK2.length; r++) {
      for (let c = 0; c < T1.length; c++) {
        let x = 0;
        for (let j = 0; j < 2; j++) x += svd.u[r * 3 + j] * svd.s[j] * svd.v[c * 3 + j];
        expect(x).toBeCloseTo(RANK2[r][c], 8);
      }
    }
  });

  it('gives orthonormal columns of U and V', () => {
    const svd = randomizedSvd(csr(RANK2), 2);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        expect(colDot(svd.u, RANK2.length, 2, i, j)).toBeCloseTo(i === j ? 1 : 0, 10);
        expect(colDot(svd.v, T1.length, 2, i, j)).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
  });

  it('matches the singular values of a diagonal matrix, largest first', () => {
    const diag = [
      [0, 0, 0, 0, 1],
      [0, 5, 0, 0, 0],
      [0, 0, 0, 3, 0],
      [2, 0, 0, 0, 0],
    ];
    const svd = randomizedSvd(csr(diag), 3, { oversample: 1 });
    expect(Array.from(svd.s)).toEqual([expect.closeTo(5, 10), expect.closeTo(3, 10), expect.closeTo(2, 10)]);
    // The first right singular vector is ± term 1.
    expect(Math.abs(svd.v[1 * 3 + 0])).toBeCloseTo(1, 10);
  });

  it('clamps k to the matrix size', () => {
    expect(randomizedSvd(csr([[1, 2]]), 5).k).toBe(1);
  });
});

describe('symmetricEigen', () => {
  it('diagonalises a symmetric matrix: A v = λ v, eigenvalues descending', () => {
    const a = Float64Array.from([4, 1, 2, 1, 3, 0, 2, 0, 1]);
    const { values, vectors } = symmetricEigen(a, 3);
    expect(values[0]).toBeGreaterThanOrEqual(values[1]);
    expect(values[1]).toBeGreaterThanOrEqual(values[2]);
    for (let j = 0; j < 3; j++) {
      for (let r = 0; r < 3; r++) {
        let av = 0;
        for (let c = 0; c < 3; c++) av += a[r * 3 + c] * vectors[c * 3 + j];
        expect(av).toBeCloseTo(values[j] * vectors[r * 3 + j], 10);
      }
    }
  });
});
