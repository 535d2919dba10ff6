// The page while the worker trains flat out on webgpu: main-thread long tasks (over 50 ms,
// PerformanceObserver 'longtask'), animation frames, and what the worker sends (messages and
// estimated bytes per second), over a fixed window. The page draws its charts, samples and
// loss maps as a person would see them.
import { benchCase, describeCase, type CaseId } from '../cases';
import { fmt, type BenchContext } from '../context';
import type { MemoryRow, SmoothnessRow } from '../types';
import { openApp } from './app';
import { runInPage } from './pageRun';

/** The page idle first (a baseline: this machine's other jobs make long tasks too), then runs flat out. */
function plans(quick: boolean): { id: CaseId | 'idle'; backend: 'webgpu' | 'wasm' | 'none' }[] {
  if (quick) return [{ id: 'idle', backend: 'none' }, { id: 'toy', backend: 'webgpu' }];
  return [
    { id: 'idle', backend: 'none' },
    { id: 'toy', backend: 'webgpu' },
    { id: 'toy', backend: 'wasm' },
    { id: 'ganlab', backend: 'wasm' },
    { id: 'dcgan28', backend: 'wasm' },
  ];
}

export async function pageSmoothness(ctx: BenchContext, url: string): Promise<SmoothnessRow[]> {
  const rows: SmoothnessRow[] = [];
  const app = await openApp(url);
  try {
    for (const { id, backend } of plans(ctx.quick)) {
      const windowMs = ctx.quick ? (id === 'idle' ? 3000 : 5000) : 8000;
      const r = await runInPage(app.page, {
        settings: id === 'idle' || backend === 'none' ? null : { ...benchCase(id).settings, backend },
        settleMs: 2000,
        windowMs,
        minSteps: 1,
        maxWindowMs: windowMs,
        warmTimeoutMs: 120_000,
      });
      const base = { case: id, backend: r.ready?.backend ?? backend } as const;
      if (!r.windowSeconds || !r.longTasks || !r.frames || !r.messages) {
        rows.push({ ...base, status: 'failed', note: r.error ?? 'the window never opened' });
        ctx.log(`smoothness ${id}: failed: ${r.error ?? ''}`);
        continue;
      }
      const seconds = r.windowSeconds;
      const row: SmoothnessRow = {
        ...base,
        status: 'ok',
        ...(r.ready && r.ready.backend !== backend ? { note: `ran on ${r.ready.backend}: ${r.ready.reasons.join('; ')}` } : {}),
        windowSeconds: seconds,
        stepsPerSecond: r.steps && r.seconds ? r.steps / r.seconds : 0,
        longTasks: r.longTasks.count,
        longTaskMs: r.longTasks.totalMs,
        longestTaskMs: r.longTasks.maxMs,
        frames: r.frames.count,
        framesOver50ms: r.frames.over50,
        worstFrameMs: r.frames.worstMs,
        messagesPerSecond: r.messages.count / seconds,
        bytesPerSecond: r.messages.bytes / seconds,
        byType: r.messages.byType,
      };
      rows.push(row);
      ctx.log(
        `smoothness ${id} on ${row.backend} over ${seconds.toFixed(1)} s: ${row.longTasks} long tasks (${fmt.ms(row.longTaskMs!)} ms, longest ${fmt.ms(row.longestTaskMs!)} ms), ` +
          `${row.frames} frames (${row.framesOver50ms} over 50 ms), ${fmt.rate(row.messagesPerSecond!)} messages/s, ${fmt.flops(row.bytesPerSecond!)}B/s`,
      );
    }
  } finally {
    await app.close();
  }
  return rows;
}

/**
 * tf.memory() in the worker at two steps of a toy run, from the progress sent on pause. On
 * wasm: SwiftShader's webgpu trains the toy at ~1.5 steps/s here, 20 minutes for 2,000 steps.
 */
export async function browserMemory(ctx: BenchContext, url: string): Promise<MemoryRow[]> {
  const c = benchCase('toy');
  const steps = ctx.quick ? [100, 500] : [100, 2000];
  const app = await openApp(url);
  try {
    const r = await runInPage(app.page, {
      settings: { ...c.settings, backend: 'wasm' },
      settleMs: 0,
      windowMs: 0,
      minSteps: 0,
      maxWindowMs: 0,
      warmTimeoutMs: 120_000,
      runTimeoutMs: 240_000,
      memoryAt: steps,
    });
    const base = { case: 'toy', runtime: 'chromium', backend: r.ready?.backend ?? 'wasm', config: describeCase(c) } as const;
    const at = (r.memory ?? []).map((m) => ({ step: m.step, numTensors: m.numTensors, numBytes: m.numBytes, numBytesInGPU: m.numBytesInGPU }));
    for (const a of at) ctx.log(`memory chromium/${base.backend} toy at step ${a.step}: ${a.numTensors} tensors, ${a.numBytes} bytes (${a.numBytesInGPU ?? '-'} bytes on the GPU)`);
    if (at.length < steps.length) return [{ ...base, status: 'failed', note: r.error ?? 'not every snapshot came', at }];
    const first = at[0]!;
    return [{ ...base, status: 'ok', at, equal: at.every((a) => a.numTensors === first.numTensors && a.numBytes === first.numBytes) }];
  } finally {
    await app.close();
  }
}
