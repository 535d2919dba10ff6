// KID (Binkowski et al. 2018, "Demystifying MMD GANs"): the unbiased estimate of MMD^2 between
// two feature sets under the cubic polynomial kernel k(x, y) = (x.y / d + 1)^3, averaged over
// random subsets. Conventions as the authors' reference code (MMD-GAN's compute_scores.py) and
// torch-fidelity / StyleGAN2-ADA: subsets of m = min(subsetSize, n_real, n_fake) rows of each
// set drawn without replacement, per subset
//   (sum_{i != j} k(x_i, x_j) + sum_{i != j} k(y_i, y_j)) / (m (m - 1)) - 2 sum_{i, j} k(x_i, y_j) / m^2,
// and the mean over subsets. MMagic has no KID of its own (its docs name it; its metrics do not
// implement it), so the defaults are torch-fidelity's: 100 subsets of 1,000.
import { createRandom, type Random } from '../data/random';
import type { Features } from './features';

export interface KidOptions {
  /** @default 100 */
  readonly subsets?: number;
  /** @default 1000 */
  readonly subsetSize?: number;
  /** Seeds the subsets' draws, so two measurements compare like with like. @default 0 */
  readonly seed?: number;
}

/** k(a_i, b_j) for every pair, [a.n * b.n] row-major, in float64. */
export function polynomialKernel(a: Features, b: Features): Float64Array {
  if (a.d !== b.d) throw new RangeError(`KID: features of ${a.d} and ${b.d} units`);
  const { d } = a;
  const out = new Float64Array(a.n * b.n);
  for (let i = 0; i < a.n; i++) {
    for (let j = 0; j < b.n; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += a.values[i * d + k]! * b.values[j * d + k]!;
      const t = dot / d + 1;
      out[i * b.n + j] = t * t * t;
    }
  }
  return out;
}

/** m distinct indices of 0..n-1 (a partial Fisher-Yates shuffle). */
export function drawSubset(n: number, m: number, random: Random): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + random.int(n - i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, m);
}

/** Sum of a square kernel matrix (side n) over `rows` x `rows` (distinct), the diagonal left out. */
function offDiagonalSum(k: Float64Array, n: number, rows: readonly number[]): number {
  // In increasing order, each row of the matrix is read front to back (cache-friendly on 32 MB).
  const sorted = Int32Array.from(rows).sort();
  let sum = 0;
  for (let a = 0; a < sorted.length; a++) {
    const at = sorted[a]! * n;
    for (let b = 0; b < sorted.length; b++) sum += k[at + sorted[b]!]!;
    sum -= k[at + sorted[a]!]!;
  }
  return sum;
}

/** The real side's subsets for subsets of m rows, and each one's off-diagonal kernel sum. */
function realSide(real: Features, m: number, subsets: number, seed: number): { rows: number[][]; sums: number[] } {
  const random = createRandom(seed);
  const rows = Array.from({ length: subsets }, () => drawSubset(real.n, m, random));
  // The n x n kernel lives only while the sums are taken (32 MB for 2,000 rows).
  const kxx = polynomialKernel(real, real);
  return { rows, sums: rows.map((x) => offDiagonalSum(kxx, real.n, x)) };
}

/**
 * The real side of KID, prepared once: its subsets and their kernel sums. `against(fake)` then
 * costs the fake-fake and real-fake kernels (and nothing per subset where a subset is the whole
 * generated set). Real and generated subsets come from two streams of `seed`.
 */
export function prepareKid(real: Features, options: KidOptions = {}) {
  const { subsets = 100, subsetSize = 1000, seed = 0 } = options;
  if (!(Number.isInteger(subsets) && subsets >= 1)) throw new RangeError(`KID: subsets must be a whole number >= 1, got ${subsets}`);
  let prepared: { m: number; side: ReturnType<typeof realSide> } | null = null;
  return {
    against(fake: Features): number {
      if (fake.d !== real.d) throw new RangeError(`KID: features of ${real.d} and ${fake.d} units`);
      const m = Math.min(subsetSize, real.n, fake.n);
      if (!(Number.isInteger(m) && m >= 2)) throw new RangeError(`KID needs at least 2 rows in each set and subsets of 2 or more, got ${real.n} real, ${fake.n} generated, subsetSize ${subsetSize}`);
      if (prepared?.m !== m) prepared = { m, side: realSide(real, m, subsets, seed) };
      const { rows, sums } = prepared.side;
      const kyy = polynomialKernel(fake, fake);
      const kxy = polynomialKernel(real, fake);
      const random = createRandom(seed + 1);
      const allFake = m === fake.n ? Array.from({ length: m }, (_, j) => j) : null;
      // With every generated row in each subset, their sums are the same for all subsets.
      const fullYY = allFake ? offDiagonalSum(kyy, fake.n, allFake) : 0;
      const rowSums = allFake ? Array.from({ length: real.n }, (_, i) => kxy.subarray(i * fake.n, (i + 1) * fake.n).reduce((a, v) => a + v, 0)) : null;
      let total = 0;
      for (let s = 0; s < subsets; s++) {
        const x = rows[s]!;
        const y = allFake ?? drawSubset(fake.n, m, random);
        const yy = allFake ? fullYY : offDiagonalSum(kyy, fake.n, y);
        let xy = 0;
        if (rowSums) for (const i of x) xy += rowSums[i]!;
        else {
          const ys = Int32Array.from(y).sort();
          for (const i of x) for (const j of ys) xy += kxy[i * fake.n + j]!;
        }
        total += (sums[s]! + yy) / (m * (m - 1)) - (2 * xy) / (m * m);
      }
      return total / subsets;
    },
  };
}

/** KID between two feature sets (see the file's comment for the convention). */
export function kernelInceptionDistance(real: Features, fake: Features, options: KidOptions = {}): number {
  return prepareKid(real, options).against(fake);
}
