// FID (Heusel et al. 2017) on a feature set's mean and covariance, as MMagic's fid.py
// (_calc_fid, after rosinality's stylegan2-pytorch): |mu1 - mu2|^2 + tr(S1 + S2 - 2 sqrt(S1 S2)),
// with np.cov's covariance (divided by n - 1). scipy's sqrtm of the product is replaced by the
// same trace through symmetric matrices: S1 S2 is similar to sqrt(S1) S2 sqrt(S1), which is
// symmetric and positive semi-definite, so tr sqrt(S1 S2) = sum of sqrt(eigenvalues of
// sqrt(S1) S2 sqrt(S1)); both square roots by symmetricEigen, in float64.
import type { Features } from './features';
import { symmetricEigen } from './symmetricEigen';

export interface FeatureStats {
  readonly mean: Float64Array;
  /** d x d row-major. */
  readonly cov: Float64Array;
  readonly d: number;
}

/** Mean and covariance (n - 1 in the denominator, as np.cov) of the rows. */
export function featureStats(f: Features): FeatureStats {
  const { n, d, values } = f;
  if (n < 2) throw new RangeError(`FID needs at least 2 rows, got ${n}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k]! += values[i * d + k]!;
  for (let k = 0; k < d; k++) mean[k]! /= n;
  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) centred[k] = values[i * d + k]! - mean[k]!;
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[a * d + b]! += centred[a]! * centred[b]!;
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b]! /= n - 1;
      cov[b * d + a] = cov[a * d + b]!;
    }
  }
  return { mean, cov, d };
}

/** sqrt of a symmetric positive semi-definite matrix (eigenvalues below 0, rounding, taken as 0). */
function sqrtSymmetric(a: Float64Array, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, d);
  const out = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const root = Math.sqrt(Math.max(values[k]!, 0));
    if (root === 0) continue;
    for (let i = 0; i < d; i++) {
      const vik = vectors[i * d + k]! * root;
      for (let j = 0; j < d; j++) out[i * d + j]! += vik * vectors[j * d + k]!;
    }
  }
  return out;
}

function matMul(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) {
    const aik = a[i * d + k]!;
    for (let j = 0; j < d; j++) out[i * d + j]! += aik * b[k * d + j]!;
  }
  return out;
}

/** tr sqrt(S1 S2) for symmetric positive semi-definite S1, S2 (d x d). */
export function traceSqrtProduct(s1: Float64Array, s2: Float64Array, d: number): number {
  const r = sqrtSymmetric(s1, d);
  const { values } = symmetricEigen(matMul(matMul(r, s2, d), r, d), d);
  return values.reduce((sum, v) => sum + Math.sqrt(Math.max(v, 0)), 0);
}

/** The Fréchet distance between two Gaussians given by their means and covariances. */
export function frechetDistance(a: FeatureStats, b: FeatureStats): number {
  if (a.d !== b.d) throw new RangeError(`FID: features of ${a.d} and ${b.d} units`);
  const { d } = a;
  let meanTerm = 0;
  let trace = 0;
  for (let k = 0; k < d; k++) {
    meanTerm += (a.mean[k]! - b.mean[k]!) ** 2;
    trace += a.cov[k * d + k]! + b.cov[k * d + k]!;
  }
  return meanTerm + trace - 2 * traceSqrtProduct(a.cov, b.cov, d);
}
