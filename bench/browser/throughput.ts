// Training steps per second in headless Chromium: the app's worker on webgpu, webgl and wasm,
// a fresh browser per backend. Without a GPU, Chromium's WebGPU and WebGL run on SwiftShader
// (a CPU renderer), which is what these figures then measure.
import { benchCase, CASE_IDS, describeCase, flopsPerStep, type BenchCase } from '../cases';
import { caseWanted, fmt, LEFT_OUT_BY_CASES, type BenchContext } from '../context';
import type { ThroughputRow } from '../types';
import { openApp } from './app';
import { runInPage, type PageResult } from './pageRun';

export const BROWSER_BACKENDS = ['webgpu', 'webgl', 'wasm'] as const;
export type BrowserBackend = (typeof BROWSER_BACKENDS)[number];

export interface BrowserFacts {
  chromium?: string;
  webgpuAdapter?: string;
}

// The full run settles 3 s after the first step: a fresh page's V8 is still compiling the
// training code's hot functions for seconds (its compiler threads then take a core of 2), and
// the rate a person sees is the one after that. No animation-frame counter here (it keeps the
// page drawing every frame; the smoothness section counts frames).
function windowFor(quick: boolean) {
  return quick
    ? { settleMs: 500, windowMs: 2000, minSteps: 3, maxWindowMs: 6000, warmTimeoutMs: 60_000, runTimeoutMs: 30_000 }
    : { settleMs: 3000, windowMs: 5000, minSteps: 5, maxWindowMs: 15_000, warmTimeoutMs: 90_000, runTimeoutMs: 45_000 };
}

// GAN Lab's default on webgl settles 20 s: on SwiftShader the page compiles some 230 shader
// programs (the trainer's, the preview's, the metrics', the read-back's) over its first 10-15 s
// and trains at about half its rate meanwhile (README); GAN Lab's figure is its steady rate.
const WEBGL_GANLAB_SETTLE_MS = 20_000;
/** The case's window, and the note its row carries where the window is not the usual one. */
function windowOf(quick: boolean, c: BenchCase, backend: BrowserBackend) {
  const base = windowFor(quick);
  if (quick || c.id !== 'ganlab' || backend !== 'webgl') return { timing: base, note: null };
  return {
    timing: { ...base, settleMs: WEBGL_GANLAB_SETTLE_MS, runTimeoutMs: base.runTimeoutMs + WEBGL_GANLAB_SETTLE_MS },
    note: `after a ${WEBGL_GANLAB_SETTLE_MS / 1000} s settle: its shader programs compile over the first 10-15 s`,
  };
}

/** --quick keeps the toy on each backend and DCGAN on wasm (a DCGAN step takes 2-12 s on SwiftShader). */
const inQuick = (c: BenchCase, backend: BrowserBackend) => c.id === 'toy' || (c.id === 'ganlab' && backend === 'wasm') || (c.id === 'dcgan28' && backend === 'wasm');

function toRow(c: BenchCase, backend: BrowserBackend, flops: number, r: PageResult): ThroughputRow {
  const base = { case: c.id, label: c.label, config: describeCase(c), runtime: 'chromium', backend, flopsPerStep: flops } as const;
  if (r.ready && r.ready.backend !== backend) {
    return { ...base, status: 'unavailable', note: `the worker started ${r.ready.backend}: ${r.ready.reasons.join('; ')}` };
  }
  if (!r.steps || !r.seconds) {
    if (!r.warmed) return { ...base, status: 'failed', note: r.error ?? 'no first step' };
    // Too slow for a window: the first step (compile included) bounds the rate from below.
    const stepsPerSecond = 1000 / r.warmed.firstStepMs;
    return {
      ...base,
      status: 'ok',
      steps: 1,
      seconds: r.warmed.firstStepMs / 1000,
      stepsPerSecond,
      flopsPerSecond: flops * stepsPerSecond,
      firstStepSeconds: r.warmed.firstStepMs / 1000,
      note: `at least: the first step alone (${(r.warmed.firstStepMs / 1000).toFixed(0)} s, compile included); no second history batch came in the window`,
    };
  }
  const stepsPerSecond = r.steps / r.seconds;
  return {
    ...base,
    status: 'ok',
    steps: r.steps,
    seconds: r.seconds,
    stepsPerSecond,
    flopsPerSecond: flops * stepsPerSecond,
    ...(r.warmed ? { firstStepSeconds: r.warmed.firstStepMs / 1000 } : {}),
    ...(r.error ? { note: r.error } : {}),
  };
}

export async function browserThroughput(ctx: BenchContext, url: string, facts: BrowserFacts): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const backend of BROWSER_BACKENDS) {
    const app = await openApp(url);
    facts.chromium ??= app.version;
    try {
      for (const id of CASE_IDS) {
        const c = benchCase(id);
        const flops = flopsPerStep(ctx.flops[id], c.settings.batchSize, c.settings.dSteps, c.settings.gSteps);
        if (!caseWanted(ctx, id)) {
          rows.push({ case: id, label: c.label, config: describeCase(c), runtime: 'chromium', backend, flopsPerStep: flops, status: 'skipped', note: LEFT_OUT_BY_CASES });
          continue;
        }
        if (ctx.quick && !inQuick(c, backend)) {
          rows.push({ case: id, label: c.label, config: describeCase(c), runtime: 'chromium', backend, flopsPerStep: flops, status: 'skipped', note: 'left out of --quick' });
          continue;
        }
        const { timing, note: settled } = windowOf(ctx.quick, c, backend);
        const result = await runInPage(app.page, { settings: { ...c.settings, backend }, ...timing, countFrames: false });
        if (backend === 'webgpu' && result.ready?.adapter) facts.webgpuAdapter ??= result.ready.adapter;
        const plain = toRow(c, backend, flops, result);
        const row = settled && plain.status === 'ok' ? { ...plain, note: plain.note ? `${settled}; ${plain.note}` : settled } : plain;
        rows.push(row);
        ctx.log(
          `throughput chromium/${backend} ${id}: ` +
            (row.status === 'ok'
              ? `${fmt.rate(row.stepsPerSecond!)} steps/s (${row.steps} steps in ${row.seconds!.toFixed(1)} s; first step ${fmt.ms(result.warmed?.firstStepMs ?? NaN)} ms)`
              : `${row.status}: ${row.note ?? ''}`),
        );
        // The worker could not start the backend: the other cases would say the same.
        if (row.status === 'unavailable') {
          for (const rest of CASE_IDS.slice(CASE_IDS.indexOf(id) + 1)) {
            const r = benchCase(rest);
            rows.push({ ...row, case: rest, label: r.label, config: describeCase(r), flopsPerStep: flopsPerStep(ctx.flops[rest], r.settings.batchSize) });
          }
          break;
        }
      }
    } finally {
      await app.close();
    }
  }
  return rows;
}
