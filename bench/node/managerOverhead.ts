// What the LossManager costs per step: the engine's GanTrainer with its manager, against the
// same trainer whose manager only runs each loss module and weights it (no recording, maps,
// schedules, pending values or read-back). Rounds alternate so load changes hit both alike.
import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import type { LossOutputs } from '../../src/losses';
import { GanTrainer } from '../../src/engine/trainer';
import { isLossModule, LossManager, type LMLoss } from '../../src/manager';
import { benchCase, type CaseId } from '../cases';
import { fmt, type BenchContext } from '../context';
import { median, yieldToEvents } from '../measure';
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

/** Reads back every 100 ms, as the worker does; the direct trainer has nothing to read. */
const FLUSH_MS = 100;

interface Round {
  steps: number;
  wall: number;
  cpu: number;
}

async function trainFor(trainer: GanTrainer, seconds: number): Promise<Round> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let lastFlush = t0;
  let steps = 0;
  while (performance.now() - t0 < seconds * 1000) {
    trainer.step();
    steps++;
    if (performance.now() - lastFlush >= FLUSH_MS) {
      await trainer.flush();
      await yieldToEvents();
      lastFlush = performance.now();
    }
  }
  await trainer.flush();
  const cpu = process.cpuUsage(c0);
  return { steps, wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

async function measureOverhead(id: CaseId, backend: NodeBackend, ctx: BenchContext): Promise<OverheadRow> {
  const c = benchCase(id);
  await useBackend(backend);
  const rounds = ctx.quick ? 3 : 5;
  const seconds = ctx.quick ? 1 : id === 'toy' ? 2 : 3;
  const made = await Promise.all([buildSetup(c.settings), buildSetup(c.settings)]);
  const [direct, managed] = made.map(
    (setup, i) => new GanTrainer({ ...c.settings, networks: setup.networks, data: setup.data, ...(i === 0 ? { manager: new DirectLossManager() } : {}) }),
  ) as [GanTrainer, GanTrainer];
  try {
    for (const trainer of [direct, managed]) {
      trainer.step();
      await trainer.flush();
    }
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    const totals = { direct: { steps: 0, wall: 0 }, managed: { steps: 0, wall: 0 } };
    for (let r = 0; r < rounds; r++) {
      // Alternate which goes first, so a trend in the machine's load does not favour one.
      const order = r % 2 === 0 ? ([direct, managed] as const) : ([managed, direct] as const);
      const [first, second] = [await trainFor(order[0], seconds), await trainFor(order[1], seconds)];
      const [d, m] = order[0] === direct ? [first, second] : [second, first];
      ratios.push(d.steps / d.wall / (m.steps / m.wall) - 1);
      cpuRatios.push(d.steps / d.cpu / (m.steps / m.cpu) - 1);
      totals.direct.steps += d.steps;
      totals.direct.wall += d.wall;
      totals.managed.steps += m.steps;
      totals.managed.wall += m.wall;
    }
    return {
      case: id,
      backend,
      status: 'ok',
      rounds,
      directStepsPerSecond: totals.direct.steps / totals.direct.wall,
      managerStepsPerSecond: totals.managed.steps / totals.managed.wall,
      overhead: median(ratios),
      overheadMin: Math.min(...ratios),
      overheadMax: Math.max(...ratios),
      cpuOverhead: median(cpuRatios),
    };
  } catch (error) {
    return { case: id, backend, status: 'failed', note: errorMessage(error).split('\n')[0] };
  } finally {
    direct.dispose();
    managed.dispose();
    made.forEach((setup) => setup.models.dispose());
  }
}

export async function managerOverhead(ctx: BenchContext): Promise<OverheadRow[]> {
  const plan: [CaseId, NodeBackend][] = ctx.quick ? [['toy', 'cpu']] : [['toy', 'cpu'], ['toy', 'wasm'], ['dcgan28', 'wasm'], ['pix2pix32', 'wasm']];
  const rows: OverheadRow[] = [];
  for (const [id, backend] of plan) {
    const row = await measureOverhead(id, backend, ctx);
    rows.push(row);
    ctx.log(
      `manager overhead ${id} on node/${backend}: ` +
        (row.status === 'ok'
          ? `${fmt.percent(row.overhead!)} per step (rounds ${fmt.percent(row.overheadMin!)} .. ${fmt.percent(row.overheadMax!)}; CPU time ${fmt.percent(row.cpuOverhead!)}); ` +
            `${fmt.rate(row.directStepsPerSecond!)} vs ${fmt.rate(row.managerStepsPerSecond!)} steps/s`
          : `${row.status}: ${row.note ?? ''}`),
    );
  }
  return rows;
}
