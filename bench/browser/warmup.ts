// The first step on webgpu with and without tfjs's parallel shader compilation
// (settings.parallelCompile), from the worker's 'warmedUp' event. A fresh browser for every
// run, so no compiled shader survives from an earlier one.
import { benchCase, type CaseId } from '../cases';
import { fmt, type BenchContext } from '../context';
import type { WarmupRow } from '../types';
import { openApp } from './app';
import { runInPage } from './pageRun';

async function warmOnce(ctx: BenchContext, url: string, id: CaseId, parallelCompile: boolean): Promise<WarmupRow> {
  const app = await openApp(url);
  try {
    const result = await runInPage(app.page, {
      settings: { ...benchCase(id).settings, backend: 'webgpu', parallelCompile },
      untilWarm: true,
      settleMs: 0,
      windowMs: 0,
      minSteps: 0,
      maxWindowMs: 0,
      warmTimeoutMs: ctx.quick ? 90_000 : 180_000,
    });
    if (result.ready?.backend !== 'webgpu') {
      return { case: id, parallelCompile, status: 'unavailable', note: result.ready ? result.ready.reasons.join('; ') : (result.error ?? 'no ready event') };
    }
    if (!result.warmed) return { case: id, parallelCompile, status: 'failed', note: result.error ?? 'no warmedUp event' };
    return {
      case: id,
      parallelCompile,
      status: 'ok',
      backend: result.ready.backend,
      compileMs: result.warmed.compileMs,
      firstStepMs: result.warmed.firstStepMs,
      startToWarmMs: result.startToWarmMs!,
    };
  } finally {
    await app.close();
  }
}

export async function browserWarmup(ctx: BenchContext, url: string): Promise<WarmupRow[]> {
  const cases: CaseId[] = ctx.quick ? ['toy'] : ['dcgan28', 'pix2pix32'];
  const rows: WarmupRow[] = [];
  for (const [i, id] of cases.entries()) {
    // One run each (20-45 s apiece on SwiftShader); the order alternates between cases so a
    // change in the machine's load does not always favour the same setting.
    for (const parallelCompile of i % 2 === 0 ? [true, false] : [false, true]) {
      const row = await warmOnce(ctx, url, id, parallelCompile);
      rows.push(row);
      ctx.log(
        `warm-up webgpu ${id}, parallelCompile ${parallelCompile}: ` +
          (row.status === 'ok'
            ? `compile ${row.compileMs == null ? '-' : fmt.ms(row.compileMs)} ms, first step ${fmt.ms(row.firstStepMs!)} ms, start to warmed up ${fmt.ms(row.startToWarmMs!)} ms`
            : `${row.status}: ${row.note ?? ''}`),
      );
    }
  }
  return rows;
}
