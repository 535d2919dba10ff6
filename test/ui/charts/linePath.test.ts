import { describe, expect, it } from 'vitest';
import type { Points } from '../../../src/ui/charts/downsample';
import { linePath, projector, type AxisMap } from '../../../src/ui/charts/linePath';

const pts = (xs: number[], ys: number[]): Points => ({ x: Float64Array.from(xs), y: Float64Array.from(ys), length: xs.length, nonFinite: 0, nonPositive: 0 });

// x: data 0..100 drawn at pixels 56..656; y: data 0..2 drawn from 200 (bottom) up to 8 (top).
const X: AxisMap = { domain: [0, 100], range: [56, 656], log: false };
const Y: AxisMap = { domain: [0, 2], range: [200, 8], log: false };

describe('projector', () => {
  it('maps a linear domain onto its pixel range, and past it outside the domain', () => {
    const px = projector(X);
    expect(px(0)).toBe(56);
    expect(px(100)).toBe(656);
    expect(px(25)).toBe(56 + 0.25 * 600);
    expect(px(150)).toBe(56 + 1.5 * 600); // left to the clip path
  });

  it('is linear in log10 on a log axis: each decade the same number of pixels', () => {
    const py = projector({ domain: [0.01, 100], range: [200, 0], log: true });
    expect(py(0.01)).toBeCloseTo(200, 10);
    expect(py(1)).toBeCloseTo(200 - (2 / 4) * 200, 10); // log10(1) is 2 decades of 4 above 0.01
    expect(py(100)).toBeCloseTo(0, 10);
  });

  it('puts everything mid-range when the domain has no width', () => {
    expect(projector({ domain: [3, 3], range: [200, 0], log: false })(3)).toBe(100);
  });
});

describe('linePath', () => {
  it('draws a polyline through the points in pixels', () => {
    expect(linePath(pts([0, 50, 100], [0, 1, 2]), X, Y)).toBe(`M56 200L${56 + 300} ${200 - 96}L656 8`);
  });

  it('rounds to 0.1 px and leaves out a point on the same 0.1 px as the one before', () => {
    // x 0.001 and 0.002 are 0.006 and 0.012 px right of 56: both round to 56.0, as does y.
    expect(linePath(pts([0, 0.001, 0.002, 100], [1, 1, 1, 1]), X, Y)).toBe('M56 104L656 104');
    expect(linePath(pts([1 / 3], [0]), { ...X, range: [0, 100] }, Y)).toMatch(/^M0\.3 200/);
  });

  it('draws a single point as a tiny segment, so it is visible', () => {
    expect(linePath(pts([50], [1]), X, Y)).toBe('M356 104L356.1 104');
  });

  it('is empty with no points', () => {
    expect(linePath(pts([], []), X, Y)).toBe('');
  });
});
