// Tensors and bytes held by a run, early and late: the worker's own TrainingSession loop
// (history, loss maps, samples, progress) driven in Node, paused at each checkpoint step so
// nothing is pending when tf.memory() is read.
import * as tf from '@tensorflow/tfjs';
import { TrainingSession } from '../../src/engine/session';
import { PROTOCOL_VERSION, type RunSettings, type TrainingEvent } from '../../src/protocol/messages';
import { benchCase, describeCase, type BenchCase, type CaseId } from '../cases';
import type { BenchContext } from '../context';
import type { MemoryRow } from '../types';
import { buildSetup, errorMessage, useBackend, type NodeBackend } from './host';

interface Plan {
  readonly id: CaseId;
  readonly backend: NodeBackend;
  readonly steps: readonly number[];
  /** Model and batch overrides: a leak shows per step whatever the width, so small is enough. */
  readonly shrink?: Pick<RunSettings, 'model' | 'batchSize'>;
}

function plans(quick: boolean): Plan[] {
  if (quick) return [{ id: 'toy', backend: 'cpu', steps: [100, 500] }];
  return [
    { id: 'toy', backend: 'cpu', steps: [100, 2000] },
    { id: 'dcgan28', backend: 'wasm', steps: [100, 2000], shrink: { model: { width: 4, noiseDim: 16 }, batchSize: 4 } },
  ];
}

async function measureMemory(plan: Plan, ctx: BenchContext): Promise<MemoryRow> {
  const base = benchCase(plan.id);
  const c: BenchCase = plan.shrink ? { ...base, settings: { ...base.settings, ...plan.shrink } } : base;
  const row = { case: plan.id, runtime: 'node', backend: plan.backend, config: describeCase(c) } as const;
  await useBackend(plan.backend);
  const events: TrainingEvent[] = [];
  let iteration = 0;
  let target = 0;
  let paused: (() => void) | null = null;
  const session: TrainingSession = new TrainingSession(
    {
      postMessage: (event) => {
        events.push(event);
        if (event.type === 'paused' || event.type === 'failed' || event.type === 'stopped') paused?.();
      },
    },
    {
      chooseBackend: async () => ({ backend: plan.backend, reasons: [], adapter: null }),
      buildSetup: (settings) => buildSetup(settings),
      // Called once after every step: the place to pause at an exact step.
      yieldToEvents: () => {
        iteration++;
        if (iteration === target) void session.handle({ type: 'pause' });
        return new Promise((resolve) => setImmediate(resolve));
      },
    },
  );
  const before = tf.memory().numTensors;
  const at: { step: number; numTensors: number; numBytes: number }[] = [];
  try {
    for (const [i, step] of plan.steps.entries()) {
      target = step;
      const reached = new Promise<void>((resolve) => (paused = resolve));
      await session.handle(i === 0 ? { type: 'start', version: PROTOCOL_VERSION, settings: { ...c.settings, backend: plan.backend } } : { type: 'resume' });
      if (!events.some((e) => e.type === 'failed')) await reached;
      const failed = events.find((e) => e.type === 'failed' || e.type === 'stopped');
      if (failed) throw new Error(failed.message);
      const memory = tf.memory();
      at.push({ step: iteration, numTensors: memory.numTensors, numBytes: memory.numBytes });
      ctx.log(`memory node/${plan.backend} ${plan.id} at step ${iteration}: ${memory.numTensors} tensors, ${memory.numBytes} bytes`);
    }
    await session.handle({ type: 'reset' });
    const first = at[0]!;
    return {
      ...row,
      status: 'ok',
      at,
      equal: at.every((a) => a.numTensors === first.numTensors && a.numBytes === first.numBytes),
      leftAfterReset: tf.memory().numTensors - before,
    };
  } catch (error) {
    await session.handle({ type: 'reset' });
    return { ...row, status: 'failed', note: errorMessage(error).split('\n')[0], at };
  }
}

export async function nodeMemory(ctx: BenchContext): Promise<MemoryRow[]> {
  const rows: MemoryRow[] = [];
  for (const plan of plans(ctx.quick)) rows.push(await measureMemory(plan, ctx));
  return rows;
}
