import { describe, expect, it } from 'vitest';
import { features } from '../../../src/engine/metrics/features';
import { kernelInceptionDistance, polynomialKernel, prepareKid } from '../../../src/engine/metrics/kid';

// k(u, v) = (u.v / d + 1)^3 with d = 2: u.v = 0 gives 1, u.v = 4 gives 3^3 = 27.
const a = [0, 0];
const b = [2, 0];
const c = [0, 2];
const rows = (...r: number[][]) => features(r.flat(), r.length, 2);

describe('KID (unbiased MMD^2, cubic polynomial kernel, averaged over subsets)', () => {
  it('the kernel is (x.y / d + 1)^3', () => {
    expect(Array.from(polynomialKernel(rows(a, b), rows(b, c)))).toEqual([1, 1, 27, 1]);
  });

  it('two points each, by hand: X = {(0,0), (2,0)}, Y = {(0,2), (2,2)} gives 13', () => {
    // X-X off-diagonal: k(x1, x2) twice = 2, / (m (m - 1)) = 2 / 2 = 1.
    // Y-Y: y1.y2 = 4 -> 27, twice = 54, / 2 = 27.
    // X-Y: 1 + 1 + 1 + 27 (x2.y2 = 4) = 30, 2 * 30 / m^2 = 15.   1 + 27 - 15 = 13.
    // Subsets of m = 2 of two rows are the whole sets, so every subset gives 13.
    expect(kernelInceptionDistance(rows(a, b), rows(c, [2, 2]), { subsets: 5, subsetSize: 1000 })).toBeCloseTo(13, 12);
  });

  it('averages over subsets: 3 real points against 2, subsets of 2', () => {
    // X = {a, b, c}, Y = {y1 = (2,0), y2 = (0,2)}; Y-Y term: y1.y2 = 0 -> 2 * 1 / 2 = 1.
    //   {a, b}: X-X 1; X-Y 1 + 1 + 27 (b.y1) + 1 = 30 -> 15; 1 + 1 - 15 = -13
    //   {a, c}: the same by symmetry: -13
    //   {b, c}: X-X 1; X-Y 27 + 1 + 1 + 27 = 56 -> 28; 1 + 1 - 28 = -26
    const x = rows(a, b, c);
    const y = rows(b, c);
    const mean = (-13 - 13 - 26) / 3;
    expect([-13, -26]).toContain(Math.round(kernelInceptionDistance(x, y, { subsets: 1, subsetSize: 2 })));
    // Per-subset spread 13 sqrt(2/9) = 6.1; over 3,000 subsets the mean's is 0.11: 0.5 is 4.5 of them.
    expect(kernelInceptionDistance(x, y, { subsets: 3000, subsetSize: 2 })).toBeCloseTo(mean, 0);
    // MMD^2 is symmetric: with the roles swapped the generated side is the subsampled one.
    expect(kernelInceptionDistance(y, x, { subsets: 3000, subsetSize: 2 })).toBeCloseTo(mean, 0);
  });

  it('is the same for a prepared real side and a fresh one, measurement after measurement', () => {
    const x = rows(a, b, c, [1, 1], [3, 1]);
    const y = rows(b, c, [1, 2], [2, 2]);
    const prepared = prepareKid(x, { subsets: 20, subsetSize: 3, seed: 4 });
    const first = prepared.against(y);
    expect(prepared.against(y)).toBe(first);
    expect(kernelInceptionDistance(x, y, { subsets: 20, subsetSize: 3, seed: 4 })).toBe(first);
  });

  it('refuses sets it cannot measure, saying why', () => {
    expect(() => kernelInceptionDistance(rows(a), rows(b, c))).toThrow(/at least 2 rows in each set/);
    expect(() => kernelInceptionDistance(rows(a, b), features([1, 2, 3, 4, 5, 6], 2, 3))).toThrow(/features of 2 and 3 units/);
    expect(() => kernelInceptionDistance(rows(a, b), rows(b, c), { subsets: 0 })).toThrow(/subsets must be/);
    expect(() => features([1, 2, 3], 2, 2)).toThrow(/3 values are not 2 rows of 2/);
  });
});
