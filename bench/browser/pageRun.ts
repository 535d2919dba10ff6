// One run in the page through `window.playground` (src/app/debugHook.ts): start, wait for
// 'warmedUp', let it settle, then watch a window of training flat out. Steps come from the
// history events' step numbers; the page-side observers (long tasks, frames, message sizes)
// run only inside the window.
import type { Page } from 'playwright-core';
import type { RunSettings } from '../../src/protocol/messages';

export interface PagePlan {
  /** The run to start; null watches the page idle for `windowMs` (a baseline). */
  readonly settings: RunSettings | null;
  /** After 'warmedUp', wait this long before the window opens. */
  readonly settleMs: number;
  /** The window lasts this long and holds at least `minSteps` steps... */
  readonly windowMs: number;
  readonly minSteps: number;
  /** ...unless it has lasted this long. */
  readonly maxWindowMs: number;
  /** From start to 'warmedUp' at most. */
  readonly warmTimeoutMs: number;
  /** From 'warmedUp' to the end at most. @default settleMs + maxWindowMs + 60 s */
  readonly runTimeoutMs?: number;
  /** Stop at 'warmedUp' (only the start is wanted). @default false */
  readonly untilWarm?: boolean;
  /** Count animation frames in the window (a requestAnimationFrame loop, which keeps the page rendering every frame). @default true */
  readonly countFrames?: boolean;
  /** Pause when the history reaches these steps and report tf.memory() from the 'progress' sent on pause. */
  readonly memoryAt?: readonly number[];
}

export interface PageResult {
  readonly ready?: { readonly backend: string; readonly reasons: readonly string[]; readonly adapter: string | null };
  readonly warmed?: { readonly compileMs: number | null; readonly firstStepMs: number };
  readonly startToReadyMs?: number;
  readonly startToWarmMs?: number;
  /** Steps and seconds between the first and last history event of the window. */
  readonly steps?: number;
  readonly seconds?: number;
  readonly windowSeconds?: number;
  readonly longTasks?: { readonly count: number; readonly totalMs: number; readonly maxMs: number };
  readonly frames?: { readonly count: number; readonly over50: number; readonly worstMs: number };
  readonly messages?: { readonly count: number; readonly bytes: number; readonly byType: Record<string, { count: number; bytes: number }> };
  readonly memory?: { readonly step: number; readonly numTensors: number; readonly numBytes: number; readonly numBytesInGPU: number | null }[];
  readonly error?: string;
}

/** Runs `plan` in the page; every failure comes back as `error`, with what was seen until then. */
export function runInPage(page: Page, plan: PagePlan): Promise<PageResult> {
  return page.evaluate(async (plan) => {
    type Event = { type: string; [key: string]: unknown };
    type Debug = { start(s: unknown): void; send(c: unknown): void; subscribe(l: (e: Event) => void): () => void };
    const debug = (globalThis as unknown as { playground: Debug }).playground;

    /** Structured-clone payload, estimated: typed arrays' bytes, 8 per number, string lengths, key names. */
    const sizeOf = (value: unknown): number => {
      if (ArrayBuffer.isView(value)) return value.byteLength;
      if (value instanceof ArrayBuffer) return value.byteLength;
      if (typeof value === 'number') return 8;
      if (typeof value === 'string') return value.length;
      if (typeof value === 'boolean' || value === null || value === undefined) return 1;
      if (Array.isArray(value)) return value.reduce((n: number, v) => n + sizeOf(v), 0);
      if (typeof value === 'object') return Object.entries(value).reduce((n, [k, v]) => n + k.length + sizeOf(v), 0);
      return 0;
    };

    const result: Record<string, unknown> = {};
    const t0 = performance.now();
    let windowStart: { t: number; step: number } | null = null;
    let last: { t: number; step: number } | null = null;
    let settleUntil = Infinity;
    const longTasks: number[] = [];
    const frames: number[] = [];
    const messages = { count: 0, bytes: 0, byType: {} as Record<string, { count: number; bytes: number }> };
    const memory: unknown[] = [];
    const memoryAt = [...(plan.memoryAt ?? [])];
    let observer: PerformanceObserver | null = null;
    let rafId = 0;
    let mine = false;
    let pausedForMemory = false;
    let lastProgress: unknown = null;

    const openWindow = (t: number, step: number) => {
      windowStart = { t, step };
      last = { t, step };
      observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
      observer.observe({ type: 'longtask', buffered: false });
      if (plan.countFrames === false) return;
      let prev = performance.now();
      const frame = (now: number) => {
        frames.push(now - prev);
        prev = now;
        rafId = requestAnimationFrame(frame);
      };
      rafId = requestAnimationFrame(frame);
    };

    return new Promise<Record<string, unknown>>((resolve) => {
      let off: () => void = () => {};
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (error?: string) => {
        off();
        clearTimeout(timer);
        observer?.disconnect();
        cancelAnimationFrame(rafId);
        if (plan.settings) debug.send({ type: 'pause' });
        const end = performance.now();
        if (windowStart && last) {
          result.steps = last.step - windowStart.step;
          result.seconds = (last.t - windowStart.t) / 1000;
          result.windowSeconds = (end - windowStart.t) / 1000;
          result.longTasks = { count: longTasks.length, totalMs: longTasks.reduce((a, b) => a + b, 0), maxMs: Math.max(0, ...longTasks) };
          result.frames = { count: frames.length, over50: frames.filter((f) => f > 50).length, worstMs: Math.max(0, ...frames) };
          result.messages = messages;
        }
        if (memory.length > 0) result.memory = memory;
        if (error) result.error = error;
        resolve(result);
      };
      const armTimer = (ms: number, what: string) => {
        clearTimeout(timer);
        timer = setTimeout(() => finish(`timed out after ${(ms / 1000).toFixed(0)} s ${what}`), ms);
      };
      off = debug.subscribe((event) => {
        const now = performance.now();
        // The previous run's last reports (sent as it paused) may still be arriving.
        if (event.type === 'ready') {
          mine = true;
          result.ready = { backend: event.backend, reasons: event.reasons, adapter: event.adapter };
          result.startToReadyMs = now - t0;
        }
        if (!mine) return;
        if (windowStart) {
          const bytes = sizeOf(event);
          messages.count++;
          messages.bytes += bytes;
          const entry = (messages.byType[event.type] ??= { count: 0, bytes: 0 });
          entry.count++;
          entry.bytes += bytes;
        }
        if (event.type === 'failed' || event.type === 'stopped') return finish(String(event.message));
        if (event.type === 'warmedUp') {
          result.warmed = { compileMs: event.compileMs, firstStepMs: event.firstStepMs };
          result.startToWarmMs = now - t0;
          if (plan.untilWarm) return finish();
          settleUntil = now + plan.settleMs;
          armTimer(plan.runTimeoutMs ?? plan.settleMs + plan.maxWindowMs + 60_000, 'after the first step');
          return;
        }
        if (event.type === 'progress') lastProgress = event.progress;
        // On pause the worker reads everything back, then sends its progress, then 'paused'.
        if (event.type === 'paused' && pausedForMemory && lastProgress) {
          const p = lastProgress as { step: number; numTensors: number; numBytes: number; numBytesInGPU: number | null };
          memory.push({ step: p.step, numTensors: p.numTensors, numBytes: p.numBytes, numBytesInGPU: p.numBytesInGPU });
          pausedForMemory = false;
          if (memoryAt.length === 0) return finish();
          debug.send({ type: 'resume' });
          return;
        }
        if (event.type !== 'history') return;
        const steps = event.batch as { step: Float64Array };
        const step = steps.step[steps.step.length - 1] ?? 0;
        if (memoryAt.length > 0 && !pausedForMemory && step >= (memoryAt[0] as number)) {
          memoryAt.shift();
          pausedForMemory = true;
          debug.send({ type: 'pause' });
          return;
        }
        if (plan.memoryAt || now < settleUntil) return;
        if (!windowStart) return openWindow(now, step);
        last = { t: now, step };
        const elapsed = now - windowStart.t;
        if ((elapsed >= plan.windowMs && step - windowStart.step >= plan.minSteps) || elapsed >= plan.maxWindowMs) finish();
      });
      if (!plan.settings) {
        openWindow(performance.now(), 0);
        timer = setTimeout(() => finish(), plan.windowMs);
        return;
      }
      armTimer(plan.warmTimeoutMs, 'waiting for the first step');
      debug.start(plan.settings);
    });
  }, plan) as Promise<PageResult>;
}
