// The GAN Lab default on wasm in the page's worker, for builds side by side, turn about: the
// rate from the history events (bench/browser/pageRun.ts), and from a Chrome trace of the same
// window the CPU time of the worker's thread and the main thread (their RunTask events' `tdur`)
// and the main thread's longest task by wall and by CPU time.
// Build:  node src/cli/launch.mjs bench/browser/pageRate.ts build <dir>      (the current sources into <dir>)
// Run:    node src/cli/launch.mjs bench/browser/pageRate.ts <dir>[,<dir>...] [rounds] [windowMs]
// PAGE_BACKEND=webgl (or webgpu, cpu) trains on that backend instead of wasm. TRACE=0: no Chrome
// trace (no CPU shares; tracing costs every thread some CPU). FRAMES=0: no animation-frame
// counter in the page during the window (it keeps the page rendering every frame). ALL_KINDS=1:
// the main thread's work by every trace event name, with devtools.timeline's (FunctionCall,
// Layout, Paint...) traced too.
// PROC=1: every thread's CPU over the window from /proc (bench/browser/procCpu.ts), by process
// kind and thread name, with no trace's cost (use with TRACE=0).
// HIDE_PAGE=1 hides the page's content while it trains (nothing drawn).
// SETTLE_MS: how long after the first step the window opens (default 2000; webgl compiles programs for a while).
// GPU_TRACE=1 adds the GPU process's trace events per step (bench/browser/gpuTrace.ts) over the
// whole run.
import { loadavg } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { build, preview } from 'vite';
import { GAN_LAB_DEFAULT } from '../cases';
import { openApp } from './app';
import { runInPage, type PageResult } from './pageRun';
import { DEFAULT_TRACE_CATEGORIES, summarizeTrace } from './gpuTrace';
import { startProcSampler } from './procCpu';

const root = process.cwd();
const [, , first, second, third] = process.argv;
const backend = (process.env.PAGE_BACKEND ?? 'wasm') as 'wasm' | 'webgl' | 'webgpu' | 'cpu';

type TraceEvent = { name: string; ph: string; pid: number; tid: number; ts: number; id?: string; dur?: number; tdur?: number; args?: { name?: string; data?: ProfileData } };
type ProfileData = { cpuProfile?: { nodes?: { id: number; parent?: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[] }; timeDeltas?: number[] };

/** With PROFILE=1 (or PROFILE=main): the worker's (the main thread's) V8 samples from the trace, self time by function. */
function threadProfile(events: TraceEvent[], threadPrefix: string): string {
  const names = threadNames(events);
  const frames = new Map<string, { functionName: string; url: string; lineNumber: number }>();
  const counts = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const parents = new Map<string, string>();
  let total = 0;
  // A chunk is keyed by its profile's id; the 'Profile' event carries the profiled thread.
  const workerProfiles = new Set(events.filter((e) => e.name === 'Profile' && (names.get(`${e.pid}:${e.tid}`) ?? '').startsWith(threadPrefix)).map((e) => e.id));
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !workerProfiles.has(e.id)) continue;
    const p = e.args?.data?.cpuProfile;
    for (const n of p?.nodes ?? []) {
      frames.set(`${e.id}:${n.id}`, n.callFrame);
      if (n.parent !== undefined) parents.set(`${e.id}:${n.id}`, `${e.id}:${n.parent}`);
    }
    for (const id of p?.samples ?? []) {
      const f = frames.get(`${e.id}:${id}`);
      const key = f ? `${f.functionName || '(anon)'} ${(f.url ?? '').split('/').pop()}:${f.lineNumber}` : '?';
      counts.set(key, (counts.get(key) ?? 0) + 1);
      total++;
      const seen = new Set<string>();
      for (let n: string | undefined = `${e.id}:${id}`; n; n = parents.get(n)) {
        const name = frames.get(n)?.functionName;
        if (name && !seen.has(name)) {
          seen.add(name);
          inclusive.set(name, (inclusive.get(name) ?? 0) + 1);
        }
      }
    }
  }
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, n]) => `${((100 * n) / total).toFixed(1)}% ${name}`).join('\n');
  return `self:\n${top(counts, 15)}\ninclusive:\n${top(inclusive, Number(process.env.PROFILE_TOP ?? 60))}`;
}

async function serve(dir: string) {
  const server = await preview({ root, logLevel: 'warn', build: { outDir: path.resolve(dir) }, preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } });
  return { url: `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/`, close: () => server.close() };
}

/** Thread names by "pid:tid", from the trace's metadata events. */
function threadNames(events: TraceEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  return names;
}

/** The last complete event's end (a reduce: a long trace overflows a spread's arguments). */
function traceEnd(all: TraceEvent[]): number {
  return all.reduce((end, e) => (e.ph === 'X' ? Math.max(end, e.ts + (e.dur ?? 0)) : end), -Infinity);
}

/** POOL=1: what the renderer's thread-pool threads run (V8's GC, compiles...), by event name, nested events counted in each. */
function poolWork(all: TraceEvent[], windowS: number): string {
  const end = traceEnd(all);
  const names = threadNames(all);
  const byName = new Map<string, number>();
  for (const e of all) {
    if (e.ph !== 'X' || e.ts < end - windowS * 1e6) continue;
    const thread = names.get(`${e.pid}:${e.tid}`) ?? '?';
    if (!thread.startsWith('ThreadPoolForeground')) continue;
    byName.set(e.name, (byName.get(e.name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
  }
  return `thread pool by event (share of a core): ${[...byName].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, ms]) => `${k} ${(ms / windowS / 10).toFixed(1)}%`).join(', ')}`;
}

/** Top-level RunTask CPU per thread name over the trace, and the main thread's longest tasks. */
function summarize(all: TraceEvent[], windowS: number) {
  // The window ends as the page pauses, a few ms before the trace does: its last windowS seconds.
  const end = traceEnd(all);
  const events = all.filter((e) => e.ph === 'M' || e.ts >= end - windowS * 1e6);
  const names = threadNames(events);
  const processes = new Map<number, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'process_name') processes.set(e.pid, e.args?.name ?? '?');
  const cpu = new Map<string, number>();
  // The worker's wall time inside tasks: against its CPU time, the time it was runnable but
  // waited for a core; against the window, the time it had nothing to run (rests, waits).
  let workerWallMs = 0;
  // Every thread's top-level task CPU, by process and thread name (the GPU process, the compositor, raster).
  const byThread = new Map<string, number>();
  let longestWall = 0, longestCpu = 0, over50Wall = 0, over50Cpu = 0;
  for (const e of events) {
    if (e.name !== 'RunTask' || e.ph !== 'X') continue;
    const name = names.get(`${e.pid}:${e.tid}`) ?? '?';
    const key = name.startsWith('DedicatedWorker') ? 'worker' : name === 'CrRendererMain' ? 'main' : name;
    cpu.set(key, (cpu.get(key) ?? 0) + (e.tdur ?? 0) / 1000);
    if (key === 'worker') workerWallMs += (e.dur ?? 0) / 1000;
    const thread = `${processes.get(e.pid) ?? e.pid}/${name.replace(/\d+$/, '')}`;
    byThread.set(thread, (byThread.get(thread) ?? 0) + (e.tdur ?? 0) / 1000);
    if (key === 'main') {
      longestWall = Math.max(longestWall, (e.dur ?? 0) / 1000);
      longestCpu = Math.max(longestCpu, (e.tdur ?? 0) / 1000);
      if ((e.dur ?? 0) > 50_000) over50Wall++;
      if ((e.tdur ?? 0) > 50_000) over50Cpu++;
    }
  }
  // The main thread's work by kind (they nest: a FunctionCall inside a FireAnimationFrame counts in both).
  const kinds = new Map<string, number>();
  const kindNames = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'FunctionCall', 'FireAnimationFrame', 'TimerFire', 'EventDispatch', 'v8.callFunction', 'MajorGC', 'MinorGC', 'HitTest', 'ScheduleStyleRecalculation', 'RasterTask', 'UpdateLayer', 'IntersectionObserverController::computeIntersections', 'ResizeObserverController::DeliverObservations']);
  for (const e of events) {
    if (e.ph !== 'X' || (!kindNames.has(e.name) && !process.env.ALL_KINDS) || (names.get(`${e.pid}:${e.tid}`) ?? '') !== 'CrRendererMain') continue;
    kinds.set(e.name, (kinds.get(e.name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
  }
  const mainKinds = [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, ms]) => `${k} ${(ms / windowS / 10).toFixed(1)}%`).join(', ');
  const threads = [...byThread].sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms / windowS >= 5).map(([t, ms]) => `${t} ${((ms / windowS / 1000) * 100).toFixed(0)}%`).join(', ');
  return { threads, mainKinds, workerCpuMs: cpu.get('worker') ?? 0, workerWallMs, mainCpuMs: cpu.get('main') ?? 0, longestWall, longestCpu, over50Wall, over50Cpu };
}

async function measure(dir: string, windowMs: number) {
  const server = await serve(dir);
  const app = await openApp(`${server.url}?backend=${backend}`);
  let sampler: ReturnType<typeof startProcSampler> | null = null;
  try {
    const cdp = await app.page.context().newCDPSession(app.page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
    // TRACE=0: no trace (tracing costs every thread some CPU), so only the rate and the late frames.
    const tracing = process.env.TRACE !== '0';
    if (tracing) await cdp.send('Tracing.start', { categories: `disabled-by-default-devtools.timeline,toplevel${process.env.ALL_KINDS ? ',devtools.timeline' : ''}${process.env.PROFILE ? ',disabled-by-default-v8.cpu_profiler' : ''}${process.env.GPU_TRACE ? `,${DEFAULT_TRACE_CATEGORIES}` : ''}${process.env.POOL ? ',v8,disabled-by-default-v8.gc,disabled-by-default-v8.compile,v8.wasm,disabled-by-default-v8.wasm.detailed' : ''}`, transferMode: 'ReportEvents' });
    // The page's late frames over the run, as the worker's pace hears of them (long-animation-frame).
    await app.page.evaluate(() => {
      const g = globalThis as unknown as { lateFrames: number[] };
      g.lateFrames = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => g.lateFrames.push(e.duration))).observe({ type: 'long-animation-frame', buffered: false });
    });
    const countFrames = process.env.FRAMES !== '0';
    // HIDE_PAGE=1: the page's content hidden (nothing drawn but the worker still streams), to
    // tell the page's drawing from the training in what the GPU process and the cores do.
    if (process.env.HIDE_PAGE) await app.page.addStyleTag({ content: 'body > * { display: none !important; }' });
    sampler = process.env.PROC ? startProcSampler() : null;
    const r: PageResult = await runInPage(app.page, { settings: { ...GAN_LAB_DEFAULT, backend, ...(process.env.GRAD_EVERY ? { gradEvery: Number(process.env.GRAD_EVERY) } : {}) }, settleMs: Number(process.env.SETTLE_MS ?? 2000), windowMs, minSteps: 5, maxWindowMs: windowMs + 2000, warmTimeoutMs: 90_000, countFrames });
    if (sampler) {
      const cpu = sampler.window(r.windowSeconds ?? windowMs / 1000);
      console.log(`CPU by thread over the window, shares of a core (total ${(cpu.total * 100).toFixed(0)}%): ${cpu.byLabel.filter(([, v]) => v >= 0.005).map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`).join(', ')}`);
    }
    const lateFrames = await app.page.evaluate(() => (globalThis as unknown as { lateFrames: number[] }).lateFrames);
    if (tracing) {
      const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await done;
    }
    // The window ends as the page pauses, a few ms before the trace does (as in summarize).
    if (tracing && process.env.GPU_TRACE) {
      const windowEnd = traceEnd(events);
      console.log(summarizeTrace(events as Parameters<typeof summarizeTrace>[0], r.steps ?? 1, 40, [windowEnd - (r.windowSeconds ?? 1) * 1e6, windowEnd]).join('\n'));
    }
    if (process.env.POOL) console.log(poolWork(events, r.windowSeconds ?? 1));
    if (process.env.PROFILE) console.log(threadProfile(events, process.env.PROFILE === 'main' ? 'CrRendererMain' : 'DedicatedWorker'));
    const spanS = r.windowSeconds ?? 1;
    const s = summarize(events, spanS);
    const rate = r.steps && r.seconds ? r.steps / r.seconds : NaN;
    const perSec = Object.fromEntries(Object.entries(r.messages?.byType ?? {}).map(([k, v]) => [k, `${(v.count / (r.windowSeconds ?? 1)).toFixed(1)}/s ${(v.bytes / (r.windowSeconds ?? 1) / 1000).toFixed(1)} kB/s`]));
    return { lateFrames: lateFrames.length, lateWorst: Math.max(0, ...lateFrames), rate, steps: r.steps, seconds: r.seconds, frames: r.frames, longTasks: r.longTasks, spanS, workerCpuShare: s.workerCpuMs / 1000 / spanS, workerBusyShare: s.workerWallMs / 1000 / spanS, mainCpuShare: s.mainCpuMs / 1000 / spanS, ...s, perSec, error: r.error };
  } finally {
    sampler?.stop();
    await app.close();
    await server.close();
  }
}

if (first === 'build') {
  await build({ root, logLevel: 'error', build: { outDir: path.resolve(second!), emptyOutDir: true, ...(process.env.NOMINIFY ? { minify: false } : {}) } });
  console.log(`built into ${second}`);
} else {
  const dirs = first!.split(',');
  const rounds = Number(second ?? 2);
  const windowMs = Number(third ?? 6000);
  for (let i = 0; i < rounds; i++) {
    for (const dir of i % 2 === 0 ? dirs : [...dirs].reverse()) {
      const before = loadavg()[0]!.toFixed(2);
      const m = await measure(dir, windowMs);
      console.log(
        `${dir}: ${m.rate.toFixed(0)} it/s (${m.steps} in ${m.seconds?.toFixed(1)} s), load ${before}->${loadavg()[0]!.toFixed(2)}; ` +
          `worker CPU ${(m.workerCpuShare * 100).toFixed(0)}% (in tasks ${(m.workerBusyShare * 100).toFixed(0)}% of wall) -> ${(m.rate / m.workerCpuShare).toFixed(0)} it per worker-CPU-s; main CPU ${(m.mainCpuShare * 100).toFixed(0)}%; ` +
          `main longest ${m.longestWall.toFixed(0)} ms wall / ${m.longestCpu.toFixed(0)} ms CPU, over 50: ${m.over50Wall} wall / ${m.over50Cpu} CPU; ` +
          `late frames (LoAF, whole run) ${m.lateFrames} (worst ${m.lateWorst.toFixed(0)}); frames ${m.frames?.count} (${m.frames?.over50} over 50, worst ${m.frames?.worstMs.toFixed(0)}); longtask ${m.longTasks?.count}; threads (share of a core): ${m.threads}; main by kind: ${m.mainKinds}; ${JSON.stringify(m.perSec)}${m.error ? ` ERROR ${m.error}` : ''}`,
      );
    }
  }
}
