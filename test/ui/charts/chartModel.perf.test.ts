import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { pushToSeries, seriesFor, type Series } from '../../../src/state/series';
import { createChartModelBuilder } from '../../../src/ui/charts/chartModel';
import { downsampleMinMax } from '../../../src/ui/charts/downsample';
import { DEFAULT_CHART_OPTIONS, type LossChartOptions } from '../../../src/ui/charts/options';
import { smoothEma } from '../../../src/ui/charts/smoothEma';
import { outlierBounds } from '../../../src/ui/charts/yDomain';

const N = 100_000;
const NAMES = ['G/gan', 'G/l1', 'D/real', 'D/fake'];
const COLUMNS = 800; // a chart about 900 px wide

let seed = 3;
function append(series: Map<string, Series>, count: number): void {
  for (const [k, name] of NAMES.entries()) {
    const s = seriesFor(series, name);
    for (let j = 0; j < count; j++) {
      const i = s.length;
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const raw = (k + 1) * (0.5 + Math.exp(-i / 30_000)) + 0.3 * (seed / 2 ** 31) + (i % 9973 === 0 ? 20 : 0);
      pushToSeries(s, i, raw * 0.5, 0.5, raw, i * 12);
    }
  }
}

interface Timing {
  /** Wall-clock milliseconds per call. */
  mean: number;
  worst: number;
  /** CPU milliseconds per call: what the work costs when the 2 cores are shared with other jobs. */
  cpu: number;
}

/** Per-call time of `fn` over `runs`, after a JIT warm-up. */
function time(fn: () => void, runs = 20): Timing {
  for (let i = 0; i < 3; i++) fn();
  let worst = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    worst = Math.max(worst, performance.now() - t);
  }
  const mean = (performance.now() - t0) / runs;
  const cpu = process.cpuUsage(cpu0);
  return { mean, worst, cpu: (cpu.user + cpu.system) / 1000 / runs };
}

const ms = (t: Timing) => `${t.mean.toFixed(2)} ms wall (worst ${t.worst.toFixed(2)}), ${t.cpu.toFixed(2)} ms CPU`;

describe('redraw cost: 4 losses x 100,000 points', () => {
  it('builds a model of O(columns) points', () => {
    const series = new Map<string, Series>();
    append(series, 20_000);
    const model = createChartModelBuilder()({ series, marks: [] }, NAMES, DEFAULT_CHART_OPTIONS, COLUMNS);
    // 4 losses x (smoothed + faint unsmoothed) x at most 4 points per column.
    expect(model.lines).toHaveLength(8);
    expect(model.pointCount).toBeLessThanOrEqual(8 * 4 * COLUMNS);
  });

  it('reports the time per redraw (benchmark: target < 16 ms; console.info, not an assertion)', () => {
    const one = { series: new Map<string, Series>() };
    append(one.series, N);
    const s = one.series.get('G/gan')!;
    const smoothed = NAMES.map((n) => smoothEma(one.series.get(n)!.value, 0.6, N));
    const report = [
      `pure functions, from scratch, one loss of 100,000 points:`,
      `  smoothEma: ${ms(time(() => smoothEma(s.value, 0.6, s.length)))}`,
      `  downsampleMinMax -> ${COLUMNS} columns: ${ms(time(() => downsampleMinMax(s.step, s.value, 0, s.length, COLUMNS)))}`,
      `  outlierBounds over 4 x 100,000: ${ms(time(() => outlierBounds(smoothed)))}`,
      `chart redraw, 4 losses, 100 new points each per redraw (a history batch), cached smoothing and blocks:`,
    ];
    const variants: [string, LossChartOptions][] = [
      ['smoothing 0.95, ignore outliers (defaults)', DEFAULT_CHART_OPTIONS],
      ['smoothing 0.95, all points', { ...DEFAULT_CHART_OPTIONS, ignoreOutliers: false }],
      ['no smoothing, log y, weights', { ...DEFAULT_CHART_OPTIONS, smoothing: 0, logY: true, showWeight: true }],
    ];
    for (const [label, options] of variants) {
      const series = new Map<string, Series>();
      append(series, N);
      const build = createChartModelBuilder();
      const t0 = performance.now();
      build({ series, marks: [] }, NAMES, options, COLUMNS);
      const first = performance.now() - t0;
      const redraw = time(() => {
        append(series, 100);
        build({ series, marks: [] }, NAMES, options, COLUMNS);
      }, 50);
      report.push(`  ${label}: first draw ${first.toFixed(2)} ms, then ${ms(redraw)}`);
    }
    report.push(`(load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores)`);
    console.info(report.join('\n'));
  });
});
