// The page's chart work per redraw, in Node: 4 tag charts of one loss each, 100,000 points per
// loss, in the page's history store; each redraw follows a history batch of 100 new steps.
// Times the chart models (smoothing, M4 downsampling, axes) the charts hand to recharts.
import { createHistoryStore } from '../../src/state/historyStore';
import { createChartModelBuilder, type ChartModelBuilder } from '../../src/ui/charts/chartModel';
import { DEFAULT_CHART_OPTIONS } from '../../src/ui/charts/options';
import { emptyHistoryColumns } from '../../src/manager/historyColumns';
import type { HistoryBatch } from '../../src/protocol/messages';
import { fmt, type BenchContext } from '../context';
import { timeCalls } from '../measure';
import type { ChartRedrawResult } from '../types';

const TAGS = ['G', 'D', 'pixel', 'reg'] as const;
const NAMES = ['G_GAN', 'D_real', 'G_L1', 'D_r1'] as const;
const POINTS = 100_000;
/** A chart about 900 px wide. */
const COLUMNS = 800;

/** `steps` steps of every loss: decaying curves with noise and a spike every 9,973 steps. */
function batch(from: number, steps: number, seed: { value: number }): HistoryBatch {
  const n = steps * NAMES.length;
  const columns = emptyHistoryColumns([...NAMES], n);
  for (let s = 0; s < steps; s++) {
    for (let k = 0; k < NAMES.length; k++) {
      const i = s * NAMES.length + k;
      const step = from + s;
      seed.value = (seed.value * 1103515245 + 12345) % 2 ** 31;
      const raw = (k + 1) * (0.5 + Math.exp(-step / 30_000)) + 0.3 * (seed.value / 2 ** 31) + (step % 9973 === 0 ? 20 : 0);
      columns.loss[i] = k;
      columns.step[i] = step;
      columns.raw[i] = raw;
      columns.weight[i] = 1;
      columns.value[i] = raw;
      columns.time[i] = step * 12;
    }
  }
  return columns;
}

export function chartRedraw(ctx: BenchContext): ChartRedrawResult {
  const store = createHistoryStore();
  const seed = { value: 3 };
  for (let from = 0; from < POINTS; from += 10_000) store.getState().append(batch(from, 10_000, seed));
  // One builder per chart, as each LossChart keeps its own (it caches the outlier bounds).
  const builders: ChartModelBuilder[] = TAGS.map(() => createChartModelBuilder());
  const drawAll = () => builders.forEach((build, i) => build(store.getState(), [NAMES[i] as string], DEFAULT_CHART_OPTIONS, COLUMNS));
  const t0 = performance.now();
  drawAll();
  const firstDrawMs = performance.now() - t0;
  let next = POINTS;
  const runs = ctx.quick ? 20 : 100;
  const redraw = timeCalls(() => {
    store.getState().append(batch(next, 100, seed));
    next += 100;
    drawAll();
  }, runs);
  ctx.log(
    `chart redraw, ${TAGS.length} charts x ${POINTS.toLocaleString('en-US')} points: first draw ${fmt.ms(firstDrawMs)} ms, then ` +
      `${fmt.ms(redraw.meanMs)} ms mean (p95 ${fmt.ms(redraw.p95Ms)}, worst ${fmt.ms(redraw.worstMs)}; ${fmt.ms(redraw.cpuMs)} ms CPU) per redraw`,
  );
  return {
    status: 'ok',
    charts: TAGS.length,
    pointsPerChart: POINTS,
    columns: COLUMNS,
    firstDrawMs,
    redrawMeanMs: redraw.meanMs,
    redrawP95Ms: redraw.p95Ms,
    redrawWorstMs: redraw.worstMs,
    redrawCpuMs: redraw.cpuMs,
  };
}
