// What the LossManager costs per step: the engine's GanTrainer with its manager, against the
// same trainer whose manager only runs each loss module and weights it (no recording, maps,
// schedules, pending values or read-back). Steps of the two alternate, each timed.
import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import type { LossOutputs } from '../../src/losses';
import { GanTrainer } from '../../src/engine/trainer';
import { isLossModule, LossManager, type LMLoss } from '../../src/manager';
import { benchCase, type CaseId } from '../cases';
import { fmt, type BenchContext } from '../context';
import { yieldToEvents } from '../measure';
import type { OverheadRow } from '../types';
import { buildSetup, errorMessage, useBackend, type NodeBackend } from './host';

/**
 * The losses computed directly: each spec module's forward on the outputs, times its weight,
 * as hand-written training code would. Registration and spec checks are the manager's own.
 */
export class DirectLossManager extends LossManager {
  private losses: Record<string, LMLoss> | null = null;

  override getRegisteredLosses(): Record<string, LMLoss> {
    return (this.losses ??= super.getRegisteredLosses());
  }

  override computeLoss(name: string, outputs: LossOutputs): Tensor | null {
    const loss = this.getRegisteredLosses()[name];
    if (!loss || !isLossModule(loss.fn)) throw new Error(`DirectLossManager: "${name}" is not a registered loss module`);
    const value = loss.fn.forwardOutputs(outputs);
    return value === null ? null : tf.mul(value, loss.lossWeight);
  }
}

/** Both read back every 100 ms, as the worker does (the direct trainer has nothing to read). */
const FLUSH_MS = 100;

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** Wall and CPU seconds each trainer spent in one block, and its steps. */
export interface Block {
  steps: number;
  wall: [number, number];
  cpu: [number, number];
}

/**
 * Alternates single steps of the two trainers for `seconds`, timing each: load that comes and
 * goes on this shared machine then falls on both alike, which whole rounds of one at a time
 * did not manage (rounds differed by +-25%).
 */
export async function interleaved(trainers: readonly [GanTrainer, GanTrainer], seconds: number): Promise<Block> {
  const block: Block = { steps: 0, wall: [0, 0], cpu: [0, 0] };
  const timed = async (i: 0 | 1, work: () => unknown) => {
    const w = performance.now();
    const c = cpuSeconds();
    await work();
    block.wall[i] += (performance.now() - w) / 1000;
    block.cpu[i] += cpuSeconds() - c;
  };
  const t0 = performance.now();
  let lastFlush = t0;
  while (performance.now() - t0 < seconds * 1000) {
    // Alternate which goes first within a pair, too.
    const order: (0 | 1)[] = block.steps % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) await timed(i, () => trainers[i].step());
    block.steps++;
    if (performance.now() - lastFlush >= FLUSH_MS) {
      for (const i of order) await timed(i, () => trainers[i].flush());
      await yieldToEvents();
      lastFlush = performance.now();
    }
  }
  for (const i of [0, 1] as const) await timed(i, () => trainers[i].flush());
  return block;
}

/** How two trainers of one case differ: `make(setup, i)` builds trainer i (0: the baseline). */
export interface Comparison {
  readonly make: (setup: Awaited<ReturnType<typeof buildSetup>>, i: 0 | 1) => GanTrainer;
  /** Steps each trainer takes before timing (its first kernels, Adam's moments). */
  readonly warmSteps: number;
  /** Seconds per block. */
  readonly seconds: number;
}

/**
 * Times trainer 1 against trainer 0 on case `id`, their steps alternating in blocks: steps per
 * second of each, and trainer 1's extra time (and CPU time) per step, with the range over blocks.
 */
export async function compareTrainers(id: CaseId, backend: NodeBackend, ctx: BenchContext, comparison: Comparison): Promise<OverheadRow> {
  const c = benchCase(id);
  await useBackend(backend);
  const blocks = ctx.quick ? 3 : 6;
  const made = await Promise.all([buildSetup(c.settings), buildSetup(c.settings)]);
  const trainers = made.map((setup, i) => comparison.make(setup, i as 0 | 1)) as [GanTrainer, GanTrainer];
  try {
    for (const trainer of trainers) {
      for (let k = 0; k < comparison.warmSteps; k++) trainer.step();
      await trainer.flush();
    }
    const runs: Block[] = [];
    for (let b = 0; b < blocks; b++) runs.push(await interleaved(trainers, comparison.seconds));
    const sum = (pick: (b: Block) => number) => runs.reduce((n, b) => n + pick(b), 0);
    const steps = sum((b) => b.steps);
    const ratios = runs.map((b) => b.wall[1] / b.wall[0] - 1);
    return {
      case: id,
      backend,
      status: 'ok',
      rounds: blocks,
      directStepsPerSecond: steps / sum((b) => b.wall[0]),
      managerStepsPerSecond: steps / sum((b) => b.wall[1]),
      overhead: sum((b) => b.wall[1]) / sum((b) => b.wall[0]) - 1,
      overheadMin: Math.min(...ratios),
      overheadMax: Math.max(...ratios),
      cpuOverhead: sum((b) => b.cpu[1]) / sum((b) => b.cpu[0]) - 1,
    };
  } catch (error) {
    return { case: id, backend, status: 'failed', note: errorMessage(error).split('\n')[0] };
  } finally {
    trainers.forEach((t) => t.dispose());
    made.forEach((setup) => setup.models.dispose());
  }
}

function measureOverhead(id: CaseId, backend: NodeBackend, ctx: BenchContext): Promise<OverheadRow> {
  const { settings } = benchCase(id);
  return compareTrainers(id, backend, ctx, {
    make: (setup, i) => new GanTrainer({ ...settings, networks: setup.networks, data: setup.data, ...(i === 0 ? { manager: new DirectLossManager() } : {}) }),
    warmSteps: 1,
    seconds: ctx.quick ? 1 : 3,
  });
}

export async function managerOverhead(ctx: BenchContext): Promise<OverheadRow[]> {
  const plan: [CaseId, NodeBackend][] = ctx.quick ? [['toy', 'cpu']] : [['toy', 'cpu'], ['dcgan28', 'wasm'], ['pix2pix32', 'wasm']];
  const rows: OverheadRow[] = [];
  for (const [id, backend] of plan) {
    const row = await measureOverhead(id, backend, ctx);
    rows.push(row);
    ctx.log(
      `manager overhead ${id} on node/${backend}: ` +
        (row.status === 'ok'
          ? `${fmt.percent(row.overhead!)} time per step (blocks ${fmt.percent(row.overheadMin!)} .. ${fmt.percent(row.overheadMax!)}; CPU time ${fmt.percent(row.cpuOverhead!)}); ` +
            `${fmt.rate(row.directStepsPerSecond!)} vs ${fmt.rate(row.managerStepsPerSecond!)} steps/s`
          : `${row.status}: ${row.note ?? ''}`),
    );
  }
  return rows;
}
