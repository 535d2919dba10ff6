// What the per-loss gradient diagnostics cost: the engine's GanTrainer at gradEvery 10 (the
// page's default) against the same trainer with them off, steps of the two alternating (see
// managerOverhead.ts). Off means no extra work at all (a unit test counts the kernels); on,
// every tenth update differentiates each of its losses on its own.
import { GanTrainer } from '../../src/engine/trainer';
import { benchCase, type CaseId } from '../cases';
import { fmt, type BenchContext } from '../context';
import type { OverheadRow } from '../types';
import type { NodeBackend } from './host';
import { compareTrainers } from './managerOverhead';

/** The page's default cadence. */
export const BENCH_GRAD_EVERY = 10;

function measure(id: CaseId, backend: NodeBackend, ctx: BenchContext): Promise<OverheadRow> {
  const { settings } = benchCase(id);
  return compareTrainers(id, backend, ctx, {
    make: (setup, i) => new GanTrainer({ ...settings, networks: setup.networks, data: setup.data, gradEvery: i === 0 ? 0 : BENCH_GRAD_EVERY }),
    // Two steps: iteration 0 is diagnosed, so both paths are warm.
    warmSteps: 2,
    // Long enough for several diagnosed steps per block even on pix2pix (~10 steps/s).
    seconds: ctx.quick ? 2 : 4,
  });
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
