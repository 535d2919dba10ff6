// Training steps per second in Node, on tfjs's cpu and wasm backends: the engine's own
// GanTrainer, losses read back every 10 steps as `npm run train` does.
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { GanTrainer } from '../../src/engine/trainer';
import { benchCase, CASE_IDS, describeCase, flopsPerStep, type BenchCase, type CaseId } from '../cases';
import { caseWanted, fmt, LEFT_OUT_BY_CASES, type BenchContext } from '../context';
import { measureSteps, type RateOptions } from '../measure';
import { SESSION_LOOP_BACKEND, type ThroughputRow } from '../types';
import { buildSetup, errorMessage, NODE_BACKENDS, useBackend, type NodeBackend } from './host';
import { sessionLoopRate } from './sessionRate';

export function rateOptions(quick: boolean): RateOptions {
  return quick
    ? { minSeconds: 2, minSteps: 3, maxSeconds: 6, slowStepSeconds: 2, syncEvery: 10 }
    : { minSeconds: 6, minSteps: 5, maxSeconds: 10, slowStepSeconds: 2, syncEvery: 10 };
}

/** tfjs's cpu backend takes 10-40 s per conv step here: --quick leaves those out. */
function skipped(c: BenchCase, backend: NodeBackend, ctx: BenchContext): string | null {
  if (!caseWanted(ctx, c.id)) return LEFT_OUT_BY_CASES;
  return ctx.quick && backend === 'cpu' && c.id !== 'toy' ? 'left out of --quick (10-40 s per step on cpu)' : null;
}

async function measureCase(c: BenchCase, backend: NodeBackend, ctx: BenchContext, threads = 1): Promise<ThroughputRow> {
  const flops = flopsPerStep(ctx.flops[c.id], c.settings.batchSize, c.settings.dSteps, c.settings.gSteps);
  const base = { case: c.id, label: c.label, config: describeCase(c), runtime: 'node', backend, ...(threads > 1 && { threads }), flopsPerStep: flops } as const;
  const skip = skipped(c, backend, ctx);
  if (skip) return { ...base, status: 'skipped', note: skip };
  await useBackend(backend, threads);
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

/**
 * wasm's threaded SIMD binary at these thread counts, beside the single-threaded rows, on the
 * cases PyTorch is measured on (bench/torch): every core, at most 4, where there are two or more.
 */
export function threadedCounts(cores: number): number[] {
  const n = Math.min(4, cores);
  return n > 1 ? [n] : [];
}
const THREADED_CASES: readonly CaseId[] = ['dcgan28', 'pix2pix32'];

export async function nodeThroughput(ctx: BenchContext): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  const measure = async (id: CaseId, backend: NodeBackend, threads = 1) => {
    const row = await measureCase(benchCase(id), backend, ctx, threads);
    rows.push(row);
    ctx.log(
      `throughput node/${backend}${threads > 1 ? ` ${threads} threads` : ''} ${id}: ` +
        (row.status === 'ok'
          ? `${fmt.rate(row.stepsPerSecond!)} steps/s (${row.steps} steps in ${row.seconds!.toFixed(1)} s), ${fmt.flops(row.flopsPerSecond!)}FLOP/s`
          : `${row.status}: ${row.note ?? ''}`),
    );
  };
  for (const backend of NODE_BACKENDS) for (const id of CASE_IDS) await measure(id, backend);
  for (const threads of threadedCounts(availableParallelism())) for (const id of THREADED_CASES) await measure(id, 'wasm', threads);
  // The sections after this one measure wasm on one thread.
  await useBackend('wasm', 1);
  rows.push(await sessionRow(ctx));
  return rows;
}

/**
 * The GAN Lab default through the worker's own session loop on wasm (bench/node/sessionRate.ts):
 * the same work as the page's worker, which the report sets beside the page's rate.
 */
async function sessionRow(ctx: BenchContext): Promise<ThroughputRow> {
  const c = benchCase('ganlab');
  const flops = flopsPerStep(ctx.flops[c.id], c.settings.batchSize, c.settings.dSteps, c.settings.gSteps);
  const base = { case: c.id, label: c.label, config: describeCase(c), runtime: 'node', backend: SESSION_LOOP_BACKEND, flopsPerStep: flops } as const;
  if (!caseWanted(ctx, c.id)) return { ...base, status: 'skipped', note: LEFT_OUT_BY_CASES };
  try {
    const rate = await sessionLoopRate(c.settings, 'wasm', ctx.quick ? 2 : 6, ctx.quick ? 500 : 3000);
    ctx.log(`throughput node/wasm session loop ${c.id}: ${fmt.rate(rate.stepsPerSecond)} steps/s (${rate.steps} steps in ${rate.seconds.toFixed(1)} s)`);
    return { ...base, status: 'ok', steps: rate.steps, seconds: rate.seconds, stepsPerSecond: rate.stepsPerSecond, stepsPerCpuSecond: rate.stepsPerCpuSecond, flopsPerSecond: flops * rate.stepsPerSecond };
  } catch (error) {
    return { ...base, status: 'failed', note: errorMessage(error).split('\n')[0] };
  }
}
