// Main-thread tasks of a page from a Chrome trace, with the CPU time each took: on a machine
// whose cores other jobs keep busy, a long task's wall time is mostly waiting for a core.
import type { Page } from 'playwright-core';

/** A main-thread task of the page: its wall-clock length and the CPU time the thread spent in it. */
export interface MainTask {
  readonly start: number;
  readonly wallMs: number;
  readonly cpuMs: number;
}

/**
 * The renderer main thread's tasks over `overWallMs` (wall clock) while `during` runs, from a
 * Chrome trace (its RunTask events: `dur` is wall time, `tdur` the thread's CPU time in it). On
 * a machine whose cores other jobs keep busy, a task's wall time counts the time the thread
 * waited for a core; its CPU time is the page's own work.
 */
export async function mainThreadTasks(page: Page, during: () => Promise<void>, overWallMs = 50): Promise<MainTask[]> {
  const cdp = await page.context().newCDPSession(page);
  const events: { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string } }[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    for (const event of e.value as unknown as typeof events) events.push(event);
  });
  await cdp.send('Tracing.start', { categories: 'disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  try {
    await during();
  } finally {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
  }
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.name === 'RunTask' && main.has(`${e.pid}:${e.tid}`) && (e.dur ?? 0) > overWallMs * 1000);
  const t0 = events.reduce((min, e) => (e.ph !== 'M' && e.ts < min ? e.ts : min), Infinity);
  return tasks.map((e) => ({ start: Math.round((e.ts - t0) / 1000), wallMs: Math.round(e.dur! / 100) / 10, cpuMs: Math.round((e.tdur ?? e.dur!) / 100) / 10 }));
}
