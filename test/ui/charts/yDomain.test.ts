import { describe, expect, it } from 'vitest';
import { extent, logNote, logSafe, logTicks, niceLinear, outlierBounds, padDomain, unionDomain } from '../../../src/ui/charts/yDomain';

/** TensorBoard's computeDataSeriesExtent with ignoreYOutliers, transcribed with a full sort. */
function tensorboardReference(values: number[]): [number, number] | undefined {
  const y = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (y.length === 0) return undefined;
  if (y.length <= 2) return [y[0] as number, y[y.length - 1] as number];
  return [y[Math.ceil((y.length - 1) * 0.05)] as number, y[Math.floor((y.length - 1) * 0.95)] as number];
}

describe('outlierBounds (TensorBoard "ignore outliers")', () => {
  it('keeps the 5th..95th percentile by hand: 0..100 -> [5, 95]', () => {
    // n = 101: low index ceil(100 * 0.05) = 5, high index floor(100 * 0.95) = 95.
    const values = Array.from({ length: 101 }, (_, i) => 100 - i);
    expect(outlierBounds([values])).toEqual([5, 95]);
  });

  it('drops a lone spike that would flatten the rest of the chart', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1 + (i % 10) / 100);
    values[500] = 1e6;
    const [lo, hi] = outlierBounds([values]) ?? [NaN, NaN];
    expect(lo).toBeGreaterThanOrEqual(1);
    expect(hi).toBeLessThan(1.1);
  });

  it('matches the sorted TensorBoard formula for every size 1..300, with ties, NaN and Infinity', () => {
    let seed = 5;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 1; n <= 300; n++) {
      const values = Array.from({ length: n }, () => {
        const r = rand();
        return r < 0.05 ? NaN : r > 0.97 ? Infinity : Math.round(r * 40) / 4;
      });
      expect(outlierBounds([values.slice(0, n >> 1), values.slice(n >> 1)])).toEqual(tensorboardReference(values));
    }
  });

  it('min and max for two values or fewer; undefined with nothing finite; positives only for log', () => {
    expect(outlierBounds([[3, 1]])).toEqual([1, 3]);
    expect(outlierBounds([[NaN], []])).toBeUndefined();
    expect(outlierBounds([[-1, 0, 2, 4]], 0.95, true)).toEqual([2, 4]);
  });
});

describe('extent, padding and the log scale', () => {
  it('extent skips non-finite values and reads only `length`', () => {
    expect(extent(new Float64Array([NaN, 2, -Infinity, 5, 99]), 4)).toEqual([2, 5]);
    expect(extent([NaN])).toBeUndefined();
    expect(unionDomain([[1, 2], undefined, [0, 1.5]])).toEqual([0, 2]);
  });

  it('pads 5% of the span each side; a flat line gets ±10% (±1 at zero)', () => {
    expect(padDomain([1, 3])).toEqual([0.9, 3.1]); // span 2 -> 0.1 each side
    expect(padDomain([2, 2])).toEqual([1.8, 2.2]);
    expect(padDomain([0, 0])).toEqual([-1, 1]);
  });

  it('logSafe pads by a factor: 1..100 is 2 decades, 5% -> 10^0.1 each side', () => {
    const [lo, hi] = logSafe([1, 100]) ?? [NaN, NaN];
    expect(lo).toBeCloseTo(1 / 10 ** 0.1, 12);
    expect(hi).toBeCloseTo(100 * 10 ** 0.1, 12);
    expect(logSafe([0, 10])?.[0]).toBeGreaterThan(0);
    expect(logSafe([-5, -1])).toBeUndefined();
    expect(logNote(0)).toBe('');
    expect(logNote(1)).toBe('1 point <= 0 hidden on the log scale');
    expect(logNote(3)).toBe('3 points <= 0 hidden on the log scale');
  });
});

describe('logTicks', () => {
  it('puts ticks on powers of ten, adds 2x and 5x when few decades, nice linear ones inside one', () => {
    expect(logTicks([0.5, 2000])).toEqual([1, 10, 100, 1000]);
    expect(logTicks([0.15, 3])).toEqual([0.2, 0.5, 1, 2]);
    // Inside one decade: the linear nice ticks, 0.25 / 4 = 0.0625 -> steps of 0.05.
    expect(logTicks([0.35, 0.6])).toEqual([0.35, 0.4, 0.45, 0.5, 0.55, 0.6]);
    expect(logTicks([1.23, 3.1])).toEqual([1.5, 2, 2.5, 3]);
    expect(logTicks([1e-8, 1e6]).length).toBeLessThanOrEqual(7);
    expect(logTicks([0, 1])).toEqual([]);
  });
});

describe('niceLinear', () => {
  it('rounds out to 1, 2 or 5 x 10^k steps, as d3 nice()', () => {
    // span 1.0735 / 5 = 0.21 -> 2 x 0.1 = 0.2
    expect(niceLinear([0.3715, 1.445])).toEqual({ domain: [0.2, 1.6], ticks: [0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6] });
    // span 4.9 / 5 = 0.98 -> 1
    expect(niceLinear([-2.45, 2.45]).domain).toEqual([-3, 3]);
    // span 4500 / 5 = 900 -> 1000
    expect(niceLinear([12_000, 16_500]).ticks).toEqual([12_000, 13_000, 14_000, 15_000, 16_000, 17_000]);
    expect(niceLinear([1, 1])).toEqual({ domain: [1, 1], ticks: [1] });
  });

  // A G gradient share of one loss is 1, or 1 - 2^-53 when the division rounds: steps of 2e-17
  // over that span hung the page (k + 1 === k at k = 5e16) until "Invalid array length".
  it('treats a span of float noise as a flat line: a few ticks around it, never an endless loop', () => {
    const belowOne = 1 - 2 ** -53;
    const { domain, ticks } = niceLinear([belowOne, 1]);
    expect(domain[0]).toBeLessThanOrEqual(0.9); // the flat line's ±10%, then rounded out
    expect(domain[1]).toBeGreaterThanOrEqual(1.1);
    expect(ticks.length).toBeGreaterThan(2);
    expect(ticks.length).toBeLessThan(12);
    expect(niceLinear(padDomain([belowOne, 1])).ticks.length).toBeLessThan(12);
    expect(padDomain([belowOne, 1])).toEqual([0.9, 1.1]);
    // The same at a large magnitude, and the loop bound for any domain the caller builds.
    expect(niceLinear([1e20, 1e20 + 16_384]).ticks.length).toBeLessThan(12);
    expect(niceLinear([0, 1], 1e6).ticks.length).toBeLessThanOrEqual(1001);
    // A typed range that is float noise wide gets the same (logTicks reaches niceLinear inside a decade).
    expect(logTicks([belowOne, 1]).length).toBeLessThan(12);
    expect(logTicks([1, Infinity])).toEqual([]);
  });

  it('keeps the ticks of a tiny but real span (no rounding to 20 digits: 1e-300 is not 0)', () => {
    const { ticks } = niceLinear([0, 1e-300]);
    expect(ticks.length).toBeGreaterThan(2);
    expect(new Set(ticks).size).toBe(ticks.length);
  });
});
