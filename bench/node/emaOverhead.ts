// What the EMA generator costs per step: the engine's GanTrainer with settings.ema against the
// same trainer without, steps of the two alternating (compareTrainers, managerOverhead.ts).
// Each step adds one average of G's weights (two multiplies and an add per weight tensor) and
// a copy of its buffers; nothing is read back.
import { EmaGenerator } from '../../src/engine/emaGenerator';
import { GanTrainer } from '../../src/engine/trainer';
import { benchCase, type CaseId } from '../cases';
import { fmt, type BenchContext } from '../context';
import type { OverheadRow } from '../types';
import { buildSetup, type NodeBackend } from './host';
import { compareTrainers } from './managerOverhead';

/** The page's momentum (EmaControls' PAGE_EMA_MOMENTUM); the cost does not depend on it. */
export const BENCH_EMA = { momentum: 0.001 } as const;

function measure(id: CaseId, backend: NodeBackend, ctx: BenchContext): Promise<OverheadRow> {
  const { settings } = benchCase(id);
  return compareTrainers(id, backend, ctx, {
    make: (setup, i) => new GanTrainer({ ...settings, networks: setup.networks, data: setup.data, ...(i === 0 ? {} : { ema: BENCH_EMA }) }),
    // Two steps: the first update copies, the second averages, so both paths are warm.
    warmSteps: 2,
    seconds: ctx.quick ? 1 : 3,
  });
}

/**
 * One EMA update alone, in ms: a steadier figure than the difference of two noisy step times
 * when the machine is busy. Updates 2.. average (the first copies); the last is read back.
 */
async function updateMs(id: CaseId, count: number): Promise<number> {
  const setup = await buildSetup(benchCase(id).settings);
  const ema = new EmaGenerator(setup.networks.generator, BENCH_EMA);
  try {
    ema.afterGeneratorUpdates(1);
    ema.afterGeneratorUpdates(2);
    const t0 = performance.now();
    for (let i = 3; i < 3 + count; i++) ema.afterGeneratorUpdates(i);
    await ema.weights[0]!.read().data();
    return (performance.now() - t0) / count;
  } finally {
    ema.dispose();
    setup.models.dispose();
  }
}

/** The cost of an EMA generator on the toy (cpu) and DCGAN 28 (wasm). */
export async function emaOverhead(ctx: BenchContext): Promise<OverheadRow[]> {
  const plan: [CaseId, NodeBackend][] = ctx.quick ? [['toy', 'cpu']] : [['toy', 'cpu'], ['dcgan28', 'wasm']];
  const rows: OverheadRow[] = [];
  for (const [id, backend] of plan) {
    const compared = await measure(id, backend, ctx);
    const row = compared.status === 'ok' ? { ...compared, note: `one EMA update alone: ${(await updateMs(id, ctx.quick ? 20 : 100)).toPrecision(2)} ms` } : compared;
    rows.push(row);
    ctx.log(
      `EMA generator ${id} on node/${backend}: ` +
        (row.status === 'ok'
          ? `${fmt.percent(row.overhead!)} time per step (blocks ${fmt.percent(row.overheadMin!)} .. ${fmt.percent(row.overheadMax!)}; CPU time ${fmt.percent(row.cpuOverhead!)}); ` +
            `${fmt.rate(row.directStepsPerSecond!)} off vs ${fmt.rate(row.managerStepsPerSecond!)} on, steps/s; ${row.note}`
          : `${row.status}: ${row.note ?? ''}`),
    );
  }
  return rows;
}
