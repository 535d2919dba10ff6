import { describe, expect, it } from 'vitest';
import { emptySeries, pushToSeries } from '../../../src/state/series';
import { buildChartModel } from '../../../src/ui/charts/chartModel';
import { DEFAULT_CHART_OPTIONS, type LossChartOptions } from '../../../src/ui/charts/options';
import { dragRange, visibleWindow } from '../../../src/ui/charts/zoom';

describe('dragRange', () => {
  it('maps a drag across the plot onto the axis, either direction, clamped to the plot', () => {
    expect(dragRange(0.25, 0.75, [0, 1000])).toEqual([250, 750]);
    expect(dragRange(0.75, 0.25, [200, 400])).toEqual([250, 350]); // 200 + 0.25 * 200, 200 + 0.75 * 200
    expect(dragRange(-0.5, 0.5, [0, 10])).toEqual([0, 5]);
    expect(dragRange(0.5, 1.5, [0, 10])).toEqual([5, 10]);
  });

  it('ignores a click or a drag under 1% of the plot, and an empty axis', () => {
    expect(dragRange(0.5, 0.5, [0, 1000])).toBeUndefined();
    expect(dragRange(0.5, 0.505, [0, 1000])).toBeUndefined();
    expect(dragRange(0.2, 0.8, [5, 5])).toBeUndefined();
    expect(dragRange(NaN, 0.8, [0, 1])).toBeUndefined();
  });
});

describe('visibleWindow', () => {
  const x = Float64Array.from([0, 10, 20, 30, 40, 0, 0]); // 5 valid, then spare capacity

  it('finds the points inside the range, ends included, and one more each side to draw', () => {
    expect(visibleWindow(x, 5, [10, 30])).toEqual({ from: 1, to: 4, drawFrom: 0, drawTo: 5 });
    expect(visibleWindow(x, 5, [0, 40])).toEqual({ from: 0, to: 5, drawFrom: 0, drawTo: 5 });
    // Between two points: none inside, the two neighbours drawn so the line crosses the plot.
    expect(visibleWindow(x, 5, [15, 16])).toEqual({ from: 2, to: 2, drawFrom: 1, drawTo: 3 });
    expect(visibleWindow(x, 5, [50, 60])).toEqual({ from: 5, to: 5, drawFrom: 4, drawTo: 5 });
  });
});

describe('a zoomed chart model', () => {
  // Steps 0..999: 1 everywhere except 100 at steps 0..99, so the whole run's y axis reaches 100.
  const s = emptySeries('G');
  for (let i = 0; i < 1000; i++) pushToSeries(s, i, i < 100 ? 100 : 1 + (i % 2) * 0.5, 1, i < 100 ? 100 : 1 + (i % 2) * 0.5, i * 10);
  const state = { series: new Map([['G', s]]), marks: [] };
  const flat: LossChartOptions = { ...DEFAULT_CHART_OPTIONS, smoothing: 0, ignoreOutliers: false };

  it('draws exactly the zoomed x range, and scales y to the points inside it', () => {
    expect(buildChartModel(state, ['G'], flat, 100).yDomain![1]).toBeGreaterThanOrEqual(100);
    const m = buildChartModel(state, ['G'], flat, 100, [500, 600]);
    expect(m.xDomain).toEqual([500, 600]);
    // Values 1 and 1.5: [1, 1.5] padded by 5% of 0.5 each side, rounded out to steps of 0.1.
    expect(m.yDomain).toEqual([0.9, 1.6]);
    const xs = Array.from(m.lines[0]!.points.x.subarray(0, m.lines[0]!.points.length));
    expect(Math.min(...xs)).toBe(499);
    expect(Math.max(...xs)).toBe(601);
    // The x extent stays the run's.
    expect(m.xExtent).toEqual([0, 999]);
  });

  it('keeps every smoothed point in view when ignoring outliers, on the time axis too', () => {
    const options: LossChartOptions = { ...DEFAULT_CHART_OPTIONS, xAxis: 'time' };
    // Time 950..1200 is steps 95..120: the last of the 100s and the smoothed curve coming down from them.
    const m = buildChartModel(state, ['G'], options, 100, [950, 1200]);
    const main = m.lines.find((l) => l.role === 'main')!.points;
    for (let i = 0; i < main.length; i++) {
      if (main.x[i]! < 950 || main.x[i]! > 1200) continue;
      expect(main.y[i]).toBeGreaterThanOrEqual(m.yDomain![0]);
      expect(main.y[i]).toBeLessThanOrEqual(m.yDomain![1]);
    }
    expect(m.yDomain![1]).toBeGreaterThanOrEqual(100);
  });
});
