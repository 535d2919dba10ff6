// The first step on webgpu with and without tfjs's parallel shader compilation
// (settings.parallelCompile), from the worker's 'warmedUp' event. A fresh browser for every
// run, so no compiled shader survives from an earlier one.
import { benchCase, type CaseId } from '../cases';
import { fmt, type BenchContext } from '../context';
import type { WarmupRow } from '../types';
import { openApp } from './app';
import { runInPage } from './pageRun';

export async function browserWarmup(ctx: BenchContext, url: string): Promise<WarmupRow[]> {
  const cases: CaseId[] = ctx.quick ? ['dcgan28'] : ['dcgan28', 'pix2pix32'];
  const repeats = ctx.quick ? 1 : 2;
  const rows: WarmupRow[] = [];
  for (const id of cases) {
    for (let r = 0; r < repeats; r++) {
      // Alternate the order so a change in the machine's load does not favour one setting.
      for (const parallelCompile of r % 2 === 0 ? [true, false] : [false, true]) {
        const c = benchCase(id);
        const app = await openApp(url);
        try {
          const result = await runInPage(app.page, {
            settings: { ...c.settings, backend: 'webgpu', parallelCompile },
            settleMs: 0,
            windowMs: 0,
            minSteps: 0,
            maxWindowMs: 0,
            warmTimeoutMs: ctx.quick ? 90_000 : 180_000,
          });
          const row: WarmupRow =
            result.ready?.backend !== 'webgpu'
              ? { case: id, parallelCompile, status: 'unavailable', note: result.ready ? result.ready.reasons.join('; ') : (result.error ?? 'no ready event') }
              : !result.warmed
                ? { case: id, parallelCompile, status: 'failed', note: result.error ?? 'no warmedUp event' }
                : {
                    case: id,
                    parallelCompile,
                    status: 'ok',
                    backend: result.ready.backend,
                    compileMs: result.warmed.compileMs,
                    firstStepMs: result.warmed.firstStepMs,
                    startToWarmMs: result.startToWarmMs!,
                  };
          rows.push(row);
          ctx.log(
            `warm-up webgpu ${id}, parallelCompile ${parallelCompile}: ` +
              (row.status === 'ok'
                ? `compile ${row.compileMs == null ? '-' : fmt.ms(row.compileMs)} ms, first step ${fmt.ms(row.firstStepMs!)} ms, start to warmed up ${fmt.ms(row.startToWarmMs!)} ms`
                : `${row.status}: ${row.note ?? ''}`),
          );
        } finally {
          await app.close();
        }
      }
    }
  }
  return rows;
}
