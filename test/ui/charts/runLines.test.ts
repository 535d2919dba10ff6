import { describe, expect, it } from 'vitest';
import { emptySeries, pushToSeries, type Series } from '../../../src/state/series';
import { buildChartModel } from '../../../src/ui/charts/chartModel';
import { SERIES_DASHES } from '../../../src/ui/charts/chartLines';
import type { Comparison } from '../../../src/ui/charts/comparison';
import type { Points } from '../../../src/ui/charts/downsample';
import { aggregateMembers, groupSeries } from '../../../src/ui/charts/groupSeries';
import { DEFAULT_CHART_OPTIONS, type LossChartOptions } from '../../../src/ui/charts/options';
import { furthest, groupRowAt, readoutRows } from '../../../src/ui/charts/readout';
import { smoothEma } from '../../../src/ui/charts/smoothEma';

/** A series logged at `steps` (default 0, 1, 2, ...) with value = raw = values[i], weight 1, time 10 ms a step. */
function series(name: string, values: number[], steps = values.map((_, i) => i)): Series {
  const s = emptySeries(name);
  values.forEach((v, i) => pushToSeries(s, steps[i]!, v, 1, v, steps[i]! * 10));
  return s;
}

const flat: LossChartOptions = { ...DEFAULT_CHART_OPTIONS, smoothing: 0, ignoreOutliers: false };
const ys = (p: Points | undefined) => (p ? Array.from(p.y.subarray(0, p.length)) : []);
const xs = (p: Points | undefined) => (p ? Array.from(p.x.subarray(0, p.length)) : []);
const all = (s: Series) => Array.from(s.value.subarray(0, s.length));

describe('a chart of several runs', () => {
  const mine = { series: new Map([['G_GAN', series('G_GAN', [1, 1, 1])], ['G_L1', series('G_L1', [5, 5, 5])]]), marks: [] };
  const theirs = new Map([['G_GAN', series('G_GAN', [2, 2, 2, 2])], ['G_L1', series('G_L1', [6, 6, 6, 6])]]);
  const comparison: Comparison = {
    runs: [
      { id: 'a', label: '#1 open', color: '#0072b2', series: null },
      { id: 'b', label: '#2 other', color: '#d55e00', series: theirs },
    ],
    groups: [],
  };

  it("colours each run's lines with the run's colour and gives each series its own dash, as TensorBoard colours runs", () => {
    const m = buildChartModel(mine, ['G_GAN', 'G_L1'], flat, 100, undefined, comparison);
    const drawn = m.lines.map((l) => [l.run, l.role, l.label, l.color, l.dash]);
    expect(drawn).toEqual([
      ['a', 'main', 'G_GAN · #1 open', '#0072b2', SERIES_DASHES[0]],
      ['b', 'overlay', 'G_GAN · #2 other', '#d55e00', SERIES_DASHES[0]],
      ['a', 'main', 'G_L1 · #1 open', '#0072b2', SERIES_DASHES[1]],
      ['b', 'overlay', 'G_L1 · #2 other', '#d55e00', SERIES_DASHES[1]],
    ]);
    expect(SERIES_DASHES[0]).toBeUndefined();
    expect(SERIES_DASHES[1]).not.toBe(SERIES_DASHES[0]);
    expect(new Set(m.lines.map((l) => l.key)).size).toBe(4);
    expect(ys(m.lines[1]!.points)).toEqual([2, 2, 2, 2]);
    // The x axis takes in the longer run (steps 0..3), the y axis both: [1, 6] padded.
    expect(m.xExtent).toEqual([0, 3]);
    expect(m.yDomain![0]).toBeLessThanOrEqual(1);
    expect(m.yDomain![1]).toBeGreaterThanOrEqual(6);
    // The readout reads another run's line from its own series; the open run's by name.
    expect(m.lines[1]!.source).toEqual([theirs.get('G_GAN')]);
    expect(m.lines[0]!.source).toBeUndefined();
    expect(m.lines[0]!.legend).toEqual({ run: '#1 open', series: 'G_GAN' });
  });

  it('snaps the cursor to the line that reaches furthest, so it reaches a longer shown run\'s end', () => {
    const m = buildChartModel(mine, ['G_GAN'], flat, 100, undefined, comparison);
    const sources = m.lines.map((l) => ({ key: l.key, label: l.label, color: l.color, series: l.source?.[0] ?? mine.series.get(l.name)! }));
    // The open run logs steps 0..2, the other 0..3.
    expect(furthest(sources)).toBe(theirs.get('G_GAN'));
    expect(furthest(sources.slice(0, 1))).toBe(mine.series.get('G_GAN'));
    expect(furthest([])).toBeUndefined();
  });

  it("draws the open run's faint unsmoothed copy, not the other runs'", () => {
    const m = buildChartModel(mine, ['G_GAN'], { ...flat, smoothing: 0.5 }, 100, undefined, comparison);
    expect(m.lines.map((l) => `${l.run}:${l.role}`)).toEqual(['a:unsmoothed', 'a:main', 'b:overlay']);
  });

  it('with only the open run, colours by series as before', () => {
    const alone: Comparison = { runs: [comparison.runs[0]!], groups: [] };
    const m = buildChartModel(mine, ['G_GAN', 'G_L1'], flat, 100, undefined, alone);
    expect(m.lines.map((l) => l.run)).toEqual([undefined, undefined]);
    expect(m.lines[0]!.color).not.toBe(m.lines[1]!.color);
  });
});

describe('a seed group', () => {
  // Three seeds of one setup; the third stopped a step early.
  const members = [series('G_GAN', [1, 4, 2, 8]), series('G_GAN', [3, 0, 2, 4]), series('G_GAN', [2, 5, 8])];

  it('is, at each step, the mean of its members with a band from their min to their max', () => {
    const { mean, lo, hi } = aggregateMembers(members, members.map((m) => m.value));
    expect(Array.from(mean.step.subarray(0, mean.length))).toEqual([0, 1, 2, 3]);
    expect(all(mean)).toEqual([(1 + 3 + 2) / 3, (4 + 0 + 5) / 3, (2 + 2 + 8) / 3, (8 + 4) / 2].map(Math.fround));
    expect(all(lo)).toEqual([1, 0, 2, 4]);
    expect(all(hi)).toEqual([3, 5, 8, 8]);
    // Time: the members' mean time at the step.
    expect(Array.from(mean.time.subarray(0, mean.length))).toEqual([0, 10, 20, 30]);
  });

  it('merges members logged at different steps, leaving non-finite values out', () => {
    const a = series('m', [1, NaN, 3], [0, 10, 20]);
    const b = series('m', [5, 7], [10, 15]);
    const { mean, lo, hi } = aggregateMembers([a, b], [a.value, b.value]);
    expect(Array.from(mean.step.subarray(0, mean.length))).toEqual([0, 10, 15, 20]);
    expect(all(mean)).toEqual([1, 5, 7, 3]);
    expect(all(lo)).toEqual([1, 5, 7, 3]);
    expect(all(hi)).toEqual([1, 5, 7, 3]);
    const none = aggregateMembers([series('n', [NaN])], [Float32Array.of(NaN)]);
    expect(all(none.mean)).toEqual([NaN]);
  });

  it('smooths each member first: the line is the mean of the drawn curves, the band spans them', () => {
    const g = groupSeries(members, 'value', 0.5);
    const curves = members.map((m) => Array.from(smoothEma(Array.from(m.value.subarray(0, m.length)), 0.5)));
    expect(all(g.hi)[1]).toBeCloseTo(Math.max(curves[0]![1]!, curves[1]![1]!, curves[2]![1]!), 5);
    expect(all(g.lo)[1]).toBeCloseTo(Math.min(curves[0]![1]!, curves[1]![1]!, curves[2]![1]!), 5);
    expect(all(g.mean)[1]).toBeCloseTo((curves[0]![1]! + curves[1]![1]! + curves[2]![1]!) / 3, 5);
    // Kept while no member grows; merged again when one does.
    expect(groupSeries(members, 'value', 0.5)).toBe(g);
    const grown = members.map((m) => ({ ...m }));
    pushToSeries(grown[2]!, 3, 6, 1, 6, 30);
    expect(groupSeries(grown, 'value', 0.5)).not.toBe(g);
  });

  it('draws a band behind its mean line in the group colour, and the readout gives the mean at the step', () => {
    const byId = new Map(members.map((s, i) => [`r${i}`, new Map([['G_GAN', s]])]));
    const comparison: Comparison = {
      runs: [],
      groups: [{ id: 'group:r0', label: 'toy (seeds 1, 2 and 3)', color: '#009e73', members: [...byId].map(([id, s]) => ({ id, label: id, color: '#000000', series: s })) }],
    };
    const m = buildChartModel({ series: new Map(), marks: [] }, ['G_GAN'], flat, 100, undefined, comparison);
    expect(m.lines.map((l) => [l.role, l.color, l.run])).toEqual([
      ['band', '#009e73', 'group:r0'],
      ['overlay', '#009e73', 'group:r0'],
    ]);
    const [band, mean] = m.lines;
    // One point per step at 100 columns: the band's edges are the members' max and min.
    expect(xs(band!.points)).toEqual([0, 1, 2, 3]);
    expect(ys(band!.points)).toEqual([3, 5, 8, 8]);
    expect(ys(band!.lower)).toEqual([1, 0, 2, 4]);
    expect(ys(mean!.points)).toEqual([2, 3, 4, 6]);
    expect(mean!.label).toBe('G_GAN · toy (seeds 1, 2 and 3) (mean of 3)');
    const rows = readoutRows([{ key: 'k', label: mean!.label, color: mean!.color, series: members[0]!, members: mean!.source }], 1, 'value', 0);
    expect(rows).toEqual([{ key: 'k', label: mean!.label, color: '#009e73', step: 1, smoothed: 3, raw: 3 }]);
    // At step 3 the third member has no value: the mean of the two that do, as drawn.
    expect(groupRowAt(members, 3, 'value', 0)).toEqual({ step: 3, smoothed: 6, raw: 6 });
    // Smoothed: the drawn (smoothed) mean, and the logged values' mean beside it.
    const smoothed = groupRowAt(members, 1, 'value', 0.5)!;
    expect(smoothed.smoothed).toBe(groupSeries(members, 'value', 0.5).mean.value[1]);
    expect(smoothed.raw).toBe(3);
  });
});
