import { describe, expect, it } from 'vitest';
import type { WeightMark } from '../../../src/state/historyStore';
import { emptySeries, pushToSeries, type Series } from '../../../src/state/series';
import { buildChartModel, createChartModelBuilder, EMPTY_MODEL, MAX_MARKERS } from '../../../src/ui/charts/chartModel';
import type { Points } from '../../../src/ui/charts/downsample';
import { DEFAULT_CHART_OPTIONS, type LossChartOptions } from '../../../src/ui/charts/options';
import { smoothEma } from '../../../src/ui/charts/smoothEma';

/** A series logged at steps 0, 10, 20, ... with weighted value = weight * raw, time 100 ms a step. */
function series(name: string, raw: number[], weight = 0.5): Series {
  const s = emptySeries(name);
  raw.forEach((r, i) => pushToSeries(s, i * 10, r * weight, weight, r, i * 1000));
  return s;
}

const flat: LossChartOptions = { ...DEFAULT_CHART_OPTIONS, smoothing: 0, ignoreOutliers: false };
const ys = (points: Points | undefined) => (points ? Array.from(points.y.subarray(0, points.length)) : []);

describe('buildChartModel', () => {
  const g = series('G/gan', [4, 2, 1, 3]);
  const d = series('D/real', [1, 1, 2, 2], 1);
  const state = { series: new Map(Object.entries({ 'G/gan': g, 'D/real': d })), marks: [] as WeightMark[] };

  // A constant series after a NaN (a gradient share of one loss, 1 at every step once measured)
  // is smoothed as an EMA (float64, debiased): its values land ulps around the constant, and the
  // tick loop over that span never ended for some lengths: the page hung.
  it('a constant series after a NaN, smoothed, gets a flat line\'s axis, not a hang', () => {
    for (const c of [1, 0.5, 0.7, 0.9]) {
      for (let n = 2; n < 60; n++) {
        const share = series('share', [NaN, ...Array.from({ length: n }, () => c)], 1);
        const m = buildChartModel({ series: new Map([['share', share]]), marks: [] }, ['share'], DEFAULT_CHART_OPTIONS, 100);
        expect(m.yDomain?.[0]).toBeLessThanOrEqual(c * 0.9);
        expect(m.yDomain?.[1]).toBeGreaterThanOrEqual(c * 1.1);
        expect(m.yTicks.length).toBeLessThan(12);
      }
    }
  });

  it('draws one line per loss, the weighted values by default, the raw on request', () => {
    const m = buildChartModel(state, ['G/gan', 'D/real'], flat, 100);
    expect(m.lines.map((l) => l.key)).toEqual(['G/gan:main', 'D/real:main']);
    expect(ys(m.lines[0]?.points)).toEqual([2, 1, 0.5, 1.5]);
    expect(ys(buildChartModel(state, ['G/gan'], { ...flat, show: 'raw' }, 100).lines[0]?.points)).toEqual([4, 2, 1, 3]);
    expect(m.xDomain).toEqual([0, 30]);
  });

  it('with smoothing, draws the smoothed line over a faint unsmoothed one, as TensorBoard', () => {
    const m = buildChartModel(state, ['G/gan'], { ...flat, smoothing: 0.5 }, 100);
    expect(m.lines.map((l) => l.role)).toEqual(['unsmoothed', 'main']);
    expect(ys(m.lines[1]?.points)).toEqual(Array.from(smoothEma([2, 1, 0.5, 1.5], 0.5)));
  });

  it('adds each loss\'s weight curve when asked', () => {
    const m = buildChartModel(state, ['G/gan', 'D/real'], { ...flat, showWeight: true }, 100);
    expect(m.lines.filter((l) => l.role === 'weight').map((l) => ys(l.points))).toEqual([
      [0.5, 0.5, 0.5, 0.5],
      [1, 1, 1, 1],
    ]);
    // Weights 0.5 and 1 on an axis from 0: [0, 1.05], rounded out to steps of 0.2 (1.05 / 5 = 0.21).
    expect(m.weightDomain).toEqual([0, 1.2]);
    expect(m.weightTicks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1, 1.2]);
  });

  it('scales y to every point with outliers shown, to the 5th..95th percentile without', () => {
    const raw = Array.from({ length: 200 }, (_, i) => 1 + (i % 5) / 10);
    raw[100] = 50;
    const spiky = { series: new Map(Object.entries({ s: series('s', raw, 1) })), marks: [] };
    const all = buildChartModel(spiky, ['s'], flat, 50);
    // [1, 50] padded by 5% of 49 each side: [-1.45, 52.45]; 53.9 / 5 = 10.8 -> steps of 10.
    expect(all.yDomain).toEqual([-10, 60]);
    const trimmed = buildChartModel(spiky, ['s'], { ...flat, ignoreOutliers: true }, 50);
    expect(trimmed.yDomain?.[1]).toBeLessThan(2);
    // The spike is still drawn; only the axis ignores it.
    expect(Math.max(...ys(trimmed.lines[0]?.points))).toBe(50);
  });

  it('ignoring outliers judges them on the raw values, and keeps every smoothed point in view', () => {
    // A start at 3 for 20 steps (under 5% of the points), then noise between 0 and 2: the raw
    // 95th percentile is 2, but the smoothed curve starts at 3 and takes steps to come down.
    const raw = Array.from({ length: 420 }, (_, i) => (i < 20 ? 3 : i % 2 === 0 ? 0 : 2));
    const noisy = { series: new Map(Object.entries({ s: series('s', raw, 1) })), marks: [] };
    const m = buildChartModel(noisy, ['s'], { ...flat, ignoreOutliers: true, smoothing: 0.95 }, 50);
    const main = ys(m.lines.find((l) => l.role === 'main')?.points);
    expect(Math.max(...main)).toBeCloseTo(3, 9);
    for (const y of main) {
      expect(y).toBeGreaterThanOrEqual(m.yDomain![0]);
      expect(y).toBeLessThanOrEqual(m.yDomain![1]);
    }
    // The raw start is left out of scaling without smoothing: [0, 2] padded, rounded to [-0.5, 2.5].
    expect(buildChartModel(noisy, ['s'], { ...flat, ignoreOutliers: true }, 50).yDomain).toEqual([-0.5, 2.5]);
  });

  it('on a log axis leaves out values <= 0 with a note, and keeps the domain positive', () => {
    const s = { series: new Map(Object.entries({ s: series('s', [1, 0, -1, 10], 1) })), marks: [] };
    const m = buildChartModel(s, ['s'], { ...flat, logY: true }, 50);
    expect(ys(m.lines[0]?.points)).toEqual([1, 10]);
    expect(m.notes).toEqual(['2 points <= 0 hidden on the log scale']);
    expect(m.yDomain?.[0]).toBeGreaterThan(0);
  });

  it('marks weight changes of its own losses, at the step or at its time', () => {
    const marks: WeightMark[] = [
      { name: 'G/gan', step: 15, weight: 2 },
      { name: 'other', step: 5, weight: 1 },
    ];
    const byStep = buildChartModel({ ...state, marks }, ['G/gan'], flat, 100);
    expect(byStep.markers.map((m) => [m.x, m.label])).toEqual([[15, 'G/gan ×2']]);
    const byTime = buildChartModel({ ...state, marks }, ['G/gan'], { ...flat, xAxis: 'time' }, 100);
    expect(byTime.markers.map((m) => m.x)).toEqual([2000]); // first point at or after step 15: step 20
  });

  it('marks the newest MAX_MARKERS weight changes of its losses and says how many older it left out', () => {
    const marks: WeightMark[] = Array.from({ length: MAX_MARKERS + 7 }, (_, i) => ({ name: 'G/gan', step: i % 30, weight: i }));
    marks.splice(3, 0, { name: 'other', step: 1, weight: 9 }); // another chart's: neither drawn nor counted
    const m = buildChartModel({ ...state, marks }, ['G/gan'], flat, 100);
    expect(m.markers).toHaveLength(MAX_MARKERS);
    expect(m.markers[0]?.label).toBe('G/gan ×7'); // weights 0..6 are the 7 oldest
    expect(m.markers.at(-1)?.label).toBe(`G/gan ×${MAX_MARKERS + 6}`);
    expect(m.notes).toContain(`the ${MAX_MARKERS} newest weight changes marked; 7 older not`);
  });

  it('spans the x axis over every point, also where steps went back (a restored checkpoint)', () => {
    const s = emptySeries('r');
    for (let i = 0; i < 100; i++) pushToSeries(s, i < 60 ? i : i - 40, 1, 1, 1, i);
    const model = buildChartModel({ series: new Map(Object.entries({ r: s })), marks: [] }, ['r'], flat, 10);
    expect(model.xExtent).toEqual([0, 59]);
    // The axis is rounded out to whole ticks: 59 / 5 ticks -> steps of 10, so 0..60.
    expect(model.xDomain).toEqual([0, 60]);
  });

  it('rounds the x axis out to whole ticks, so it changes a few times while a run grows, not at each redraw', () => {
    const s = emptySeries('r');
    const domains = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      pushToSeries(s, i, 1, 1, 1, i);
      if (i >= 100 && i % 10 === 0) domains.add(String(buildChartModel({ series: new Map([['r', s]]), marks: [] }, ['r'], flat, 100).xDomain));
    }
    // 190 redraws from step 100 to 1990, a handful of axes (0..100, ..150, ..200, ..250, ..300, ..400, ..500, ..600, ..800, ..1000, ..1200, ..1400, ..1600, ..1800, ..2000).
    expect(domains.size).toBeLessThan(20);
    expect([...domains].at(-1)).toBe('0,2000');
  });

  it('is empty for names with no points yet', () => {
    expect(buildChartModel(state, ['missing'], flat, 100)).toBe(EMPTY_MODEL);
    expect(buildChartModel({ series: new Map(Object.entries({ e: emptySeries('e') })), marks: [] }, ['e'], flat, 100)).toBe(EMPTY_MODEL);
  });

  it('a builder fed a growing series draws what a fresh build draws (cached smoothing and blocks)', () => {
    const s = emptySeries('grow');
    const grown = { series: new Map(Object.entries({ grow: s })), marks: [] };
    const build = createChartModelBuilder();
    const options = { ...DEFAULT_CHART_OPTIONS, smoothing: 0.9 };
    for (let i = 0; i < 3000; i++) {
      // Constant for 500 steps (TensorBoard draws those unsmoothed), then noisy.
      pushToSeries(s, i, i < 500 ? 1 : 1 + Math.sin(i * 1.7), 1, 1, i);
      if (i % 250 === 0 || i === 2999) {
        const cached = build(grown, ['grow'], options, 40);
        const fresh = buildChartModel({ series: new Map(Object.entries({ grow: clone(s) })), marks: [] }, ['grow'], options, 40);
        expect(cached.lines).toEqual(fresh.lines);
      }
    }
  });
});

function clone(s: Series): Series {
  return { ...s, step: s.step.slice(), value: s.value.slice(), weight: s.weight.slice(), raw: s.raw.slice(), time: s.time.slice() };
}

