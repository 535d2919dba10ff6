import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/engine/data';
import { features } from '../../../src/engine/metrics/features';
import { featureStats, frechetDistance, traceSqrtProduct, type FeatureStats } from '../../../src/engine/metrics/fid';
import { symmetricEigen } from '../../../src/engine/metrics/symmetricEigen';

const stats = (mean: number[], cov: number[]): FeatureStats => ({ mean: Float64Array.from(mean), cov: Float64Array.from(cov), d: mean.length });

/** A random d x d rotation: Gram-Schmidt on normal columns. */
function rotation(d: number, seed: number): number[][] {
  const r = createRandom(seed);
  const q: number[][] = [];
  for (let k = 0; k < d; k++) {
    let v = Array.from({ length: d }, () => r.normal());
    for (const u of q) {
      const dot = u.reduce((s, x, i) => s + x * v[i]!, 0);
      v = v.map((x, i) => x - dot * u[i]!);
    }
    const norm = Math.hypot(...v);
    q.push(v.map((x) => x / norm));
  }
  return q; // rows are orthonormal
}

/** Q^T diag(values) Q, row-major. */
const rotated = (q: number[][], values: number[]) =>
  Array.from({ length: values.length ** 2 }, (_, at) => {
    const [i, j] = [Math.floor(at / values.length), at % values.length];
    return values.reduce((s, v, k) => s + q[k]![i]! * v * q[k]![j]!, 0);
  });

describe('FID: |mu1 - mu2|^2 + tr(S1 + S2 - 2 sqrt(S1 S2))', () => {
  it('mean and covariance as np.cov (n - 1), by hand', () => {
    // Rows (0,0), (2,0), (1,3): mean (1, 1); centred (-1,-1), (1,-1), (0,2);
    // var x = (1 + 1 + 0) / 2 = 1, cov = (1 - 1 + 0) / 2 = 0, var y = (1 + 1 + 4) / 2 = 3.
    const s = featureStats(features([0, 0, 2, 0, 1, 3], 3, 2));
    expect(Array.from(s.mean)).toEqual([1, 1]);
    expect(Array.from(s.cov)).toEqual([1, 0, 0, 3]);
  });

  it('is 0 for a set against itself', () => {
    const r = createRandom(5);
    const f = features(Array.from({ length: 300 * 6 }, () => r.normal() * 2 + 1), 300, 6);
    expect(Math.abs(frechetDistance(featureStats(f), featureStats(f)))).toBeLessThan(1e-9);
  });

  it('diagonal Gaussians: N((0,0), diag(1,4)) to N((3,4), diag(4,1)) is 27', () => {
    // |mu|^2 = 9 + 16 = 25; tr S1 + tr S2 = 5 + 5; sqrt(S1 S2) = sqrt(diag(4, 4)) = diag(2, 2), trace 4.
    // 25 + 10 - 2 * 4 = 27.
    expect(frechetDistance(stats([0, 0], [1, 0, 0, 4]), stats([3, 4], [4, 0, 0, 1]))).toBeCloseTo(27, 10);
  });

  it('covariances that do not commute: 2 x 2 closed form tr sqrt(M) = sqrt(tr M + 2 sqrt(det M))', () => {
    // S1 = [[2,1],[1,2]], S2 = diag(3, 1): S1 S2 = [[6,1],[3,2]], trace 8, det 3 * 3 = 9,
    // so tr sqrt(S1 S2) = sqrt(8 + 2 * 3) = sqrt(14), and FID (equal means) = 4 + 4 - 2 sqrt(14).
    const s1 = [2, 1, 1, 2];
    const s2 = [3, 0, 0, 1];
    expect(traceSqrtProduct(Float64Array.from(s1), Float64Array.from(s2), 2)).toBeCloseTo(Math.sqrt(14), 10);
    expect(frechetDistance(stats([1, 1], s1), stats([1, 1], s2))).toBeCloseTo(8 - 2 * Math.sqrt(14), 10);
  });

  it('6-D covariances sharing eigenvectors: tr sqrt(S1 S2) = sum sqrt(a_i b_i)', () => {
    const q = rotation(6, 11);
    const av = [0.5, 1, 2, 3, 7, 0];
    const bv = [2, 4, 0.5, 3, 1, 9];
    const expected = av.reduce((s, v, i) => s + Math.sqrt(v * bv[i]!), 0);
    expect(traceSqrtProduct(Float64Array.from(rotated(q, av)), Float64Array.from(rotated(q, bv)), 6)).toBeCloseTo(expected, 8);
  });

  it('samples of two Gaussians land near the closed form (27 above)', () => {
    const r = createRandom(9);
    const n = 20_000;
    const x = features(Array.from({ length: n }, () => [r.normal(), 2 * r.normal()]).flat(), n, 2);
    const y = features(Array.from({ length: n }, () => [3 + 2 * r.normal(), 4 + r.normal()]).flat(), n, 2);
    // Sampling error: each sample mean is off by ~sqrt(5 / n) = 0.016, which moves |mu1 - mu2|^2 = 25
    // by ~2 * 5 * 0.016 = 0.16; the covariances' terms move less. toBeCloseTo(27, 0) allows 0.5.
    expect(frechetDistance(featureStats(x), featureStats(y))).toBeCloseTo(27, 0);
  });
});

describe('symmetricEigen (Jacobi)', () => {
  it('A v = lambda v for each pair, orthonormal vectors, eigenvalues summing to the trace', () => {
    const r = createRandom(3);
    const n = 8;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = r.normal();
    const { values, vectors } = symmetricEigen(a, n);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j]! * vectors[j * n + k]!;
        expect(av).toBeCloseTo(values[k]! * vectors[i * n + k]!, 10);
      }
      for (let l = 0; l < n; l++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += vectors[i * n + k]! * vectors[i * n + l]!;
        expect(dot).toBeCloseTo(k === l ? 1 : 0, 10);
      }
    }
    let trace = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i]!;
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 10);
  });
});
