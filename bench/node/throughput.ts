// Training steps per second in Node, on tfjs's cpu and wasm backends: the engine's own
// GanTrainer, losses read back every 10 steps as `npm run train` does.
import * as tf from '@tensorflow/tfjs';
import { GanTrainer } from '../../src/engine/trainer';
import { benchCase, CASE_IDS, describeCase, flopsPerStep, type BenchCase } from '../cases';
import { fmt, type BenchContext } from '../context';
import { measureSteps, type RateOptions } from '../measure';
import type { ThroughputRow } from '../types';
import { buildSetup, errorMessage, NODE_BACKENDS, useBackend, type NodeBackend } from './host';

export function rateOptions(quick: boolean): RateOptions {
  return quick
    ? { minSeconds: 2, minSteps: 3, maxSeconds: 6, slowStepSeconds: 2, syncEvery: 10 }
    : { minSeconds: 6, minSteps: 5, maxSeconds: 10, slowStepSeconds: 2, syncEvery: 10 };
}

/** tfjs's cpu backend takes 10-40 s per conv step here: --quick leaves those out. */
function skipped(c: BenchCase, backend: NodeBackend, quick: boolean): string | null {
  return quick && backend === 'cpu' && c.id !== 'toy' ? 'left out of --quick (10-40 s per step on cpu)' : null;
}

async function measureCase(c: BenchCase, backend: NodeBackend, ctx: BenchContext): Promise<ThroughputRow> {
  const flops = flopsPerStep(ctx.flops[c.id], c.settings.batchSize, c.settings.dSteps, c.settings.gSteps);
  const base = { case: c.id, label: c.label, config: describeCase(c), runtime: 'node', backend, flopsPerStep: flops } as const;
  const skip = skipped(c, backend, ctx.quick);
  if (skip) return { ...base, status: 'skipped', note: skip };
  await useBackend(backend);
  const setup = await buildSetup({ ...c.settings, backend });
  const trainer = new GanTrainer({ ...c.settings, networks: setup.networks, data: setup.data });
  try {
    const rate = await measureSteps(() => trainer.step(), () => trainer.flush(), rateOptions(ctx.quick));
    const note = rate.firstStepKept
      ? `${rate.steps} step${rate.steps === 1 ? '' : 's'} timed, the first (${rate.firstStepSeconds.toFixed(1)} s) included: no warm-up step thrown away at this speed`
      : undefined;
    return {
      ...base,
      status: 'ok',
      ...(note ? { note } : {}),
      steps: rate.steps,
      seconds: rate.wallSeconds,
      stepsPerSecond: rate.stepsPerSecond,
      stepsPerCpuSecond: rate.stepsPerCpuSecond,
      firstStepSeconds: rate.firstStepSeconds,
      flopsPerSecond: flops * rate.stepsPerSecond,
    };
  } catch (error) {
    return { ...base, status: 'failed', note: errorMessage(error).split('\n')[0] };
  } finally {
    trainer.dispose();
    setup.models.dispose();
    tf.disposeVariables();
  }
}

export async function nodeThroughput(ctx: BenchContext): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const backend of NODE_BACKENDS) {
    for (const id of CASE_IDS) {
      const row = await measureCase(benchCase(id), backend, ctx);
      rows.push(row);
      ctx.log(
        `throughput node/${backend} ${id}: ` +
          (row.status === 'ok'
            ? `${fmt.rate(row.stepsPerSecond!)} steps/s (${row.steps} steps in ${row.seconds!.toFixed(1)} s), ${fmt.flops(row.flopsPerSecond!)}FLOP/s`
            : `${row.status}: ${row.note ?? ''}`),
      );
    }
  }
  return rows;
}
