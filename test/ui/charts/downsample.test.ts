import { describe, expect, it } from 'vitest';
import { downsampleMinMax } from '../../../src/ui/charts/downsample';

/** A loss-like curve: decaying trend plus deterministic noise, 100,000 steps. */
function noisyLoss(n: number): { x: Float64Array; y: Float32Array } {
  const x = new Float64Array(n);
  const y = new Float32Array(n);
  let seed = 1;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    x[i] = i;
    y[i] = 1 + Math.exp(-i / 20_000) + 0.2 * (seed / 2 ** 31);
  }
  return { x, y };
}

const ys = (p: { y: Float64Array; length: number }) => Array.from(p.y.subarray(0, p.length));
const xs = (p: { x: Float64Array; length: number }) => Array.from(p.x.subarray(0, p.length));

describe('downsampleMinMax (M4: first, min, max, last per pixel column)', () => {
  it('keeps the global min, the global max and an isolated one-step spike in O(columns) points', () => {
    const { x, y } = noisyLoss(100_000);
    y[54_321] = 50; // one-step spike, e.g. a discriminator blow-up
    y[77_777] = -3; // and a dip
    const out = downsampleMinMax(x, y, 0, x.length, 800);
    expect(out.length).toBeLessThanOrEqual(4 * 800);
    expect(Math.max(...ys(out))).toBe(50);
    expect(Math.min(...ys(out))).toBe(-3);
    expect(xs(out)).toContain(54_321);
    expect(xs(out)).toContain(77_777);
    // The line still starts and ends where the data does.
    expect(out.x[0]).toBe(0);
    expect(out.x[out.length - 1]).toBe(99_999);
  });

  it('emits points in x order, at most 4 per column, each an input point', () => {
    const { x, y } = noisyLoss(10_000);
    const out = downsampleMinMax(x, y, 0, x.length, 50);
    for (let i = 1; i < out.length; i++) expect(out.x[i]).toBeGreaterThan(out.x[i - 1] as number);
    for (let i = 0; i < out.length; i++) expect(out.y[i]).toBe(y[out.x[i] as number]);
    const perColumn = new Map<number, number>();
    for (const xi of xs(out)) {
      const c = Math.min(49, Math.floor((xi * 50) / 9_999));
      perColumn.set(c, (perColumn.get(c) ?? 0) + 1);
    }
    expect(Math.max(...perColumn.values())).toBeLessThanOrEqual(4);
  });

  it('picks first, min, max, last of a column by hand', () => {
    // One column: first (0, 5), min (1, 1), max (2, 9), last (4, 3); the point (3, 4) goes.
    const out = downsampleMinMax([0, 1, 2, 3, 4], [5, 1, 9, 4, 3], 0, 5, 1);
    expect(xs(out)).toEqual([0, 1, 2, 4]);
    expect(ys(out)).toEqual([5, 1, 9, 3]);
    // Max before min: still index order.
    const flipped = downsampleMinMax([0, 1, 2, 3, 4], [5, 9, 1, 4, 3], 0, 5, 1);
    expect(ys(flipped)).toEqual([5, 9, 1, 3]);
  });

  it('returns every point when there are fewer than the columns', () => {
    const out = downsampleMinMax([10, 20, 30], [3, 2, 1], 0, 3, 100);
    expect(xs(out)).toEqual([10, 20, 30]);
    expect(ys(out)).toEqual([3, 2, 1]);
  });

  it('reads only [fromIndex, toIndex) and skips non-finite values, counting them', () => {
    const x = new Float64Array([0, 1, 2, 3, 4, 5, 0, 0]); // spare capacity after index 5
    const y = new Float32Array([1, NaN, 2, Infinity, 3, 4, 0, 0]);
    const out = downsampleMinMax(x, y, 1, 6, 10);
    expect(xs(out)).toEqual([2, 4, 5]);
    expect(out.nonFinite).toBe(2);
  });

  it('with positiveOnly leaves out y <= 0 (log scale) and counts them', () => {
    const out = downsampleMinMax([0, 1, 2, 3], [1, 0, -2, 4], 0, 4, 10, { positiveOnly: true });
    expect(ys(out)).toEqual([1, 4]);
    expect(out.nonPositive).toBe(2);
  });

  it('shares columns through xRange and clamps points outside it to the edge columns', () => {
    const out = downsampleMinMax([0, 5, 10, 15], [1, 2, 3, 4], 0, 4, 2, { xRange: [5, 10] });
    // Column 0 holds x in [5, 7.5) plus x = 0 clamped; column 1 holds 10 and 15 clamped.
    expect(xs(out)).toEqual([0, 5, 10, 15]);
  });

  it('stays O(columns) when x goes back (a run restored from a checkpoint re-logs old steps)', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const y = x.map((xi, i) => xi + (i >= 10 ? 0.5 : 0));
    const out = downsampleMinMax(x, y, 0, x.length, 2);
    expect(out.length).toBeLessThanOrEqual(8);
    expect(Math.max(...ys(out))).toBe(9.5);
    expect(Math.min(...ys(out))).toBe(0);
  });

  it('handles a single point and an empty range', () => {
    expect(xs(downsampleMinMax([7], [1], 0, 1, 10))).toEqual([7]);
    expect(downsampleMinMax([7], [1], 0, 0, 10).length).toBe(0);
  });

  it('takes a few milliseconds on 100,000 points (benchmark, not an assertion)', () => {
    const { x, y } = noisyLoss(100_000);
    for (let i = 0; i < 5; i++) downsampleMinMax(x, y, 0, x.length, 1000); // warm the JIT
    const runs = 20;
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) downsampleMinMax(x, y, 0, x.length, 1000);
    const ms = (performance.now() - t0) / runs;
    console.info(`downsampleMinMax: 100,000 points -> 1000 columns in ${ms.toFixed(2)} ms`);
  });
});
