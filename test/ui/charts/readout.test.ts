import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptySeries, pushToSeries } from '../../../src/state/series';
import { nearestIndex, readoutRows, sortRows, type ReadoutRow } from '../../../src/ui/charts/readout';
import { smoothEma } from '../../../src/ui/charts/smoothEma';

/** The nearest by a scan of every point, ties to the earlier: the reference for the binary search. */
function nearestByScan(values: number[], x: number): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best < 0 || Math.abs(values[i]! - x) < Math.abs(values[best]! - x)) best = i;
  return best;
}

describe('nearestIndex', () => {
  const steps = Float64Array.from([0, 10, 20, 30, 0, 0]); // spare capacity past length 4, as a Series has

  it('picks the logged step nearest the cursor, the earlier on a tie, clamped at the ends', () => {
    expect(nearestIndex(steps, 4, 14)).toBe(1);
    expect(nearestIndex(steps, 4, 16)).toBe(2);
    expect(nearestIndex(steps, 4, 15)).toBe(1);
    expect(nearestIndex(steps, 4, 20)).toBe(2);
    expect(nearestIndex(steps, 4, -5)).toBe(0);
    // Past the last valid point: the spare zeros after it are not read.
    expect(nearestIndex(steps, 4, 1e9)).toBe(3);
    expect(nearestIndex(steps, 0, 3)).toBe(-1);
    expect(nearestIndex(steps, 4, NaN)).toBe(-1);
  });

  it('agrees with a scan of every point on sorted steps', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 200 }), fc.double({ min: -100, max: 10_100, noNaN: true }), (raw, x) => {
        const sorted = [...raw].sort((a, b) => a - b);
        expect(nearestIndex(Float64Array.from(sorted), sorted.length, x)).toBe(nearestByScan(sorted, x));
      }),
    );
  });
});

describe('readoutRows', () => {
  // Steps 0, 2, 4, ..., 198, raw 1 + step / 100, weight 0.5 (weighted value = raw / 2); a spike at step 100.
  const s = emptySeries('G_GAN');
  for (let k = 0; k < 100; k++) pushToSeries(s, 2 * k, (k === 50 ? 9 : 1 + (2 * k) / 100) * 0.5, 0.5, k === 50 ? 9 : 1 + (2 * k) / 100, k * 10);
  const sources = [{ key: 'G_GAN:main', label: 'G_GAN', color: '#0072b2', series: s }];

  it('reads the logged values at the nearest step, spikes included, and the smoothed value the chart draws', () => {
    const [row] = readoutRows(sources, 101, 'raw', 0.9);
    expect(row!.step).toBe(100);
    expect(row!.raw).toBe(9);
    const expected = smoothEma(s.raw.subarray(0, s.length), 0.9)[50]!;
    expect(row!.smoothed).toBeCloseTo(expected, 12);
    // Weighted values, and no smoothing: the drawn value is the logged one.
    const [weighted] = readoutRows(sources, 7, 'value', 0);
    expect([weighted!.step, weighted!.raw, weighted!.smoothed]).toEqual([6, Math.fround(1.06 * 0.5), Math.fround(1.06 * 0.5)]);
  });

  it('leaves out a series with no points', () => {
    expect(readoutRows([...sources, { ...sources[0]!, key: 'empty', series: emptySeries('e') }], 0, 'raw', 0).map((r) => r.key)).toEqual(['G_GAN:main']);
  });
});

describe('sortRows', () => {
  const row = (key: string, smoothed: number): ReadoutRow => ({ key, label: key, color: '#000', step: 0, smoothed, raw: smoothed });
  const rows = [row('a', 2), row('b', NaN), row('c', 5), row('d', 1), row('e', 2)];
  const keys = (r: ReadoutRow[]) => r.map((x) => x.key).join('');

  it("keeps the legend's order by default, sorts by the drawn value either way with NaN last", () => {
    expect(keys(sortRows(rows, 'default'))).toBe('abcde');
    expect(keys(sortRows(rows, 'ascending'))).toBe('daecb');
    expect(keys(sortRows(rows, 'descending'))).toBe('caedb');
  });

  it('puts the value nearest the pointer first, and keeps the legend order without a pointer', () => {
    // Pointer at value 4.5: distances a 2.5, c 0.5, d 3.5, e 2.5.
    expect(keys(sortRows(rows, 'nearest', (v) => Math.abs(v - 4.5)))).toBe('caedb');
    expect(keys(sortRows(rows, 'nearest'))).toBe('abcde');
    expect(rows.map((r) => r.key).join('')).toBe('abcde'); // the input is not sorted in place
  });
});
