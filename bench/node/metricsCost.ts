// What a quality measurement costs (src/engine/metrics): the toy's grid divergences, DCGAN's
// KID, FID and class entropy, pix2pix's L1, PSNR and SSIM, each timed as the CLI times them
// (metricsTime: the pass, and for DCGAN its read-back and float64 reductions) beside the
// run's step time, so the cost at the page's cadence (every 200 steps) is their ratio.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { metricsTime, recordMetricsIfDue } from '../../src/engine/metrics/cadence';
import { DIGIT_CLASSIFIER_PATH, parseClassifierWeights } from '../../src/engine/metrics/digitClassifierFile';
import { buildRunSetup } from '../../src/engine/setup';
import { GanTrainer } from '../../src/engine/trainer';
import { benchCase, type CaseId } from '../cases';
import { fmt, type BenchContext } from '../context';
import type { MetricsCostRow } from '../types';
import { errorMessage, nodeDataHost, useBackend, type NodeBackend } from './host';

/** The page's cadence, for the per-step share. */
export const PAGE_METRICS_EVERY = 200;

const host = {
  ...nodeDataHost,
  loadDigitClassifier: async () => parseClassifierWeights(new Uint8Array(await readFile(resolve('public', DIGIT_CLASSIFIER_PATH)))),
};

async function measure(id: CaseId, backend: NodeBackend, passes: number): Promise<MetricsCostRow> {
  await useBackend(backend);
  const settings = { ...benchCase(id).settings, metricsEvery: 1 };
  const setup = await buildRunSetup(settings, host);
  const trainer = new GanTrainer({ ...settings, networks: setup.networks, data: setup.data });
  try {
    let stepMs = 0;
    let firstMs = 0;
    for (let i = 0; i <= passes; i++) {
      const t0 = performance.now();
      trainer.step();
      await trainer.flush();
      if (i > 0) stepMs += performance.now() - t0;
      await recordMetricsIfDue(trainer, settings, setup.networks);
      if (i === 0) firstMs = metricsTime(trainer).ms;
    }
    const { ms, count } = metricsTime(trainer);
    if (count !== passes + 1) return { case: id, backend, status: 'skipped', note: 'no quality measure for this run' };
    const passMs = (ms - firstMs) / passes;
    const meanStepMs = stepMs / passes;
    return { case: id, backend, status: 'ok', passes, firstMs, passMs, stepMs: meanStepMs, shareAtPageCadence: passMs / (PAGE_METRICS_EVERY * meanStepMs) };
  } catch (error) {
    return { case: id, backend, status: 'failed', note: errorMessage(error) };
  } finally {
    trainer.dispose();
    setup.models.dispose();
  }
}

/** One quality measurement's time per family, on the backend `npm run train` uses for it. */
export async function metricsCost(ctx: BenchContext): Promise<MetricsCostRow[]> {
  const plan: [CaseId, NodeBackend][] = ctx.quick ? [['toy', 'cpu'], ['dcgan28', 'wasm']] : [['toy', 'cpu'], ['dcgan28', 'wasm'], ['pix2pix32', 'wasm']];
  const rows: MetricsCostRow[] = [];
  for (const [id, backend] of plan) {
    const row = await measure(id, backend, ctx.quick ? 2 : 4);
    rows.push(row);
    ctx.log(
      `metrics ${id} on node/${backend}: ` +
        (row.status === 'ok'
          ? `${fmt.ms(row.passMs!)} ms a pass (the first ${fmt.ms(row.firstMs!)} ms), a step ${fmt.ms(row.stepMs!)} ms: ${fmt.percent(row.shareAtPageCadence!)} at every ${PAGE_METRICS_EVERY} steps`
          : `${row.status}: ${row.note ?? ''}`),
    );
  }
  return rows;
}
