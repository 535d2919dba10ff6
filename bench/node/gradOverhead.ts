// What the per-loss gradient diagnostics cost: the engine's GanTrainer at gradEvery 10 (the
// page's default) against the same trainer with them off, steps of the two alternating (see
// managerOverhead.ts). Off means no extra work at all (a unit test counts the kernels); on,
// every tenth update differentiates each of its losses on its own.
import { GanTrainer } from '../../src/engine/trainer';
import { benchCase, type CaseId } from '../cases';
import { fmt, type BenchContext } from '../context';
import type { OverheadRow } from '../types';
import { buildSetup, errorMessage, useBackend, type NodeBackend } from './host';
import { interleaved, type Block } from './managerOverhead';

/** The page's default cadence. */
export const BENCH_GRAD_EVERY = 10;

async function measure(id: CaseId, backend: NodeBackend, ctx: BenchContext): Promise<OverheadRow> {
  const c = benchCase(id);
  await useBackend(backend);
  const blocks = ctx.quick ? 3 : 6;
  // Long enough for several diagnosed steps per block even on pix2pix (~10 steps/s).
  const seconds = ctx.quick ? 2 : 4;
  const made = await Promise.all([buildSetup(c.settings), buildSetup(c.settings)]);
  const trainers = made.map(
    (setup, i) => new GanTrainer({ ...c.settings, networks: setup.networks, data: setup.data, gradEvery: i === 0 ? 0 : BENCH_GRAD_EVERY }),
  ) as [GanTrainer, GanTrainer];
  try {
    // Warm both, the diagnosed path included (iteration 0 is diagnosed).
    for (const trainer of trainers) {
      trainer.step();
      trainer.step();
      await trainer.flush();
    }
    const runs: Block[] = [];
    for (let b = 0; b < blocks; b++) runs.push(await interleaved(trainers, seconds));
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

/** The cost of gradEvery 10 on the toy (cpu), DCGAN 28 and pix2pix 32 (wasm). */
export async function gradOverhead(ctx: BenchContext): Promise<OverheadRow[]> {
  const plan: [CaseId, NodeBackend][] = ctx.quick ? [['toy', 'cpu']] : [['toy', 'cpu'], ['dcgan28', 'wasm'], ['pix2pix32', 'wasm']];
  const rows: OverheadRow[] = [];
  for (const [id, backend] of plan) {
    const row = await measure(id, backend, ctx);
    rows.push(row);
    ctx.log(
      `gradient diagnostics (gradEvery ${BENCH_GRAD_EVERY}) ${id} on node/${backend}: ` +
        (row.status === 'ok'
          ? `${fmt.percent(row.overhead!)} time per step (blocks ${fmt.percent(row.overheadMin!)} .. ${fmt.percent(row.overheadMax!)}; CPU time ${fmt.percent(row.cpuOverhead!)}); ` +
            `${fmt.rate(row.directStepsPerSecond!)} off vs ${fmt.rate(row.managerStepsPerSecond!)} on, steps/s`
          : `${row.status}: ${row.note ?? ''}`),
    );
  }
  return rows;
}
