import { describe, expect, it } from 'vitest';
import { BLOCK, downsampleBlocks, XBlocks, YBlocks } from '../../../src/ui/charts/blocks';
import { downsampleMinMax, type Points } from '../../../src/ui/charts/downsample';

const plain = (p: Points) => ({ x: Array.from(p.x.subarray(0, p.length)), y: Array.from(p.y.subarray(0, p.length)), nonFinite: p.nonFinite, nonPositive: p.nonPositive });

describe('downsampleBlocks (cached block summaries)', () => {
  it('gives exactly downsampleMinMax while the series grows, for every column count tried', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const n = 5_000;
    const x = new Float64Array(n);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      // Steps that go back once (a restored checkpoint), NaNs, and values around zero.
      x[i] = i < 3_000 ? i : i - 1_200;
      y[i] = i % 401 === 0 ? NaN : rand() - 0.3;
    }
    for (const positiveOnly of [false, true]) {
      const xb = new XBlocks();
      const yb = new YBlocks(positiveOnly);
      for (const length of [1, 15, 16, 17, 100, 999, 3_000, 3_333, 5_000]) {
        for (const columns of [1, 7, 64, 300]) {
          const xRange = [0, length < 3_000 ? length - 1 : 2_999] as const;
          const cached = downsampleBlocks(x, y, length, xb, yb, columns, xRange);
          const exact = downsampleMinMax(x, y, 0, length, columns, { xRange, positiveOnly });
          expect(plain(cached)).toEqual(plain(exact));
        }
      }
      expect(yb.complete).toBe(Math.floor(n / BLOCK));
    }
  });

  it('starts over when handed a shorter series than it summarised', () => {
    const xb = new XBlocks();
    const yb = new YBlocks(false);
    const x = Array.from({ length: 64 }, (_, i) => i);
    downsampleBlocks(x, x, 64, xb, yb, 4, [0, 63]);
    const y = x.map((v) => -v);
    expect(plain(downsampleBlocks(x, y, 32, xb, yb, 4, [0, 31]))).toEqual(plain(downsampleMinMax(x, y, 0, 32, 4)));
  });
});
