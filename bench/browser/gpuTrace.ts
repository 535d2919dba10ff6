// A Chrome trace of the webgl probe's timed window (bench/browser/webglProbe.ts with
// PROBE_TRACE=1, or PROBE_TRACE=<categories>): per iteration, each thread's task time in every
// process, and in the GPU process the trace events by name (inclusive wall and thread time), so
// our trainer and the peer loop can be compared on what SwiftShader's GPU process does. The
// window is the probe's own marks (console.timeStamp 'probe-start' / 'probe-end').
import type { CDPSession } from 'playwright-core';

type TraceEvent = { name: string; cat?: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string; data?: { message?: string } } };

export const DEFAULT_TRACE_CATEGORIES = 'toplevel,devtools.timeline,gpu,gpu.service,gpu.angle,gpu.decoder,ipc,mojom,disabled-by-default-gpu.service,disabled-by-default-gpu.device';

export async function startTrace(cdp: CDPSession, categories: string): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  return async () => {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    return events;
  };
}

/**
 * Lines of text: per thread (process/thread) task ms per iteration, then the GPU process's events
 * by name, over `window` (trace microseconds) or else between the probe's marks.
 */
export function summarizeTrace(all: TraceEvent[], iterations: number, top = 40, window?: readonly [number, number]): string[] {
  const stamp = (label: string) => all.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === label)?.ts;
  const t0 = window?.[0] ?? stamp('probe-start') ?? -Infinity;
  const t1 = window?.[1] ?? stamp('probe-end') ?? Infinity;
  const threads = new Map<string, string>();
  const processes = new Map<number, string>();
  for (const e of all) {
    if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
    if (e.ph === 'M' && e.name === 'process_name') processes.set(e.pid, e.args?.name ?? '?');
  }
  const gpuPid = [...processes].find(([, name]) => name === 'GPU Process')?.[0];
  // B/E pairs become complete events (the GPU process's decoder and ANGLE trace both ways).
  const events: TraceEvent[] = [];
  const open = new Map<string, TraceEvent[]>();
  for (const e of all) {
    if (e.ts < t0 || e.ts > t1) continue;
    if (e.ph === 'X') events.push(e);
    else if (e.ph === 'B') {
      const key = `${e.pid}:${e.tid}`;
      open.set(key, [...(open.get(key) ?? []), e]);
    } else if (e.ph === 'E') {
      const stack = open.get(`${e.pid}:${e.tid}`);
      const b = stack?.pop();
      if (b) events.push({ ...b, ph: 'X', dur: e.ts - b.ts });
    }
  }
  const per = (us: number) => (us / 1000 / iterations).toFixed(2);
  const lines: string[] = [`trace window ${((t1 - t0) / 1e6).toFixed(2)} s, ${iterations} iterations; ms per iteration`];
  const tasks = new Map<string, { wall: number; cpu: number; count: number }>();
  for (const e of events) {
    if (e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'RunTask') continue;
    const key = `${processes.get(e.pid) ?? e.pid}/${(threads.get(`${e.pid}:${e.tid}`) ?? '?').replace(/\d+$/, '')}`;
    const t = tasks.get(key) ?? { wall: 0, cpu: 0, count: 0 };
    tasks.set(key, { wall: t.wall + (e.dur ?? 0), cpu: t.cpu + (e.tdur ?? 0), count: t.count + 1 });
  }
  lines.push('tasks (wall / thread ms / count per iteration): ' + [...tasks].sort((a, b) => b[1].wall - a[1].wall).slice(0, 12).map(([k, t]) => `${k} ${per(t.wall)} / ${per(t.cpu)} / ${(t.count / iterations).toFixed(1)}`).join('; '));
  if (gpuPid === undefined) return [...lines, 'no GPU Process in the trace'];
  const byName = new Map<string, { wall: number; cpu: number; count: number }>();
  for (const e of events) {
    if (e.pid !== gpuPid) continue;
    const key = `${(threads.get(`${e.pid}:${e.tid}`) ?? '?').replace(/\d+$/, '')}: ${e.name}`;
    const t = byName.get(key) ?? { wall: 0, cpu: 0, count: 0 };
    byName.set(key, { wall: t.wall + (e.dur ?? 0), cpu: t.cpu + (e.tdur ?? 0), count: t.count + 1 });
  }
  lines.push('GPU process events (inclusive wall / thread ms / count per iteration):');
  for (const [k, t] of [...byName].sort((a, b) => b[1].wall - a[1].wall).slice(0, top)) lines.push(`  ${k} ${per(t.wall)} / ${per(t.cpu)} / ${(t.count / iterations).toFixed(1)}`);
  return lines;
}
