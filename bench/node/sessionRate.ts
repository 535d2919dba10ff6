// The worker's own TrainingSession loop in Node (history, loss maps, samples, metrics, progress,
// posted to an endpoint that counts them): what the page's worker runs, without the page. The
// bench sets the page's rate beside this one (bench/report.ts), since the bare trainer loop does
// not stream anything.
import * as tf from '@tensorflow/tfjs';
import { TrainingSession } from '../../src/engine/session';
import type { GanTrainer } from '../../src/engine/trainer';
import { PROTOCOL_VERSION, type RunSettings, type TrainingEvent } from '../../src/protocol/messages';
import { cpuNow, yieldToEvents } from '../measure';
import { buildSetup, type NodeBackend } from './host';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function bytesOf(v: unknown): number {
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (typeof v === 'number') return 8;
  if (typeof v === 'string') return v.length;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + bytesOf(x), 0);
  if (v && typeof v === 'object') return Object.entries(v).reduce((n, [k, x]) => n + k.length + bytesOf(x), 0);
  return 1;
}

export interface SessionRate {
  readonly steps: number;
  readonly seconds: number;
  readonly stepsPerSecond: number;
  readonly stepsPerCpuSecond: number;
  /** Events posted per second, and their estimated bytes per second, by type. */
  readonly byType: Record<string, { count: number; bytes: number }>;
}

/** `settings` on `backend` (already in use) through a TrainingSession: `settleMs` after its first step, then `seconds`. */
export async function sessionLoopRate(settings: RunSettings, backend: NodeBackend, seconds: number, settleMs = 1000): Promise<SessionRate> {
  const byType: Record<string, { count: number; bytes: number }> = {};
  let counting = false;
  let lastStep = 0; // from the progress events: the run is warm once one came
  let failure: string | null = null;
  const session = new TrainingSession(
    {
      postMessage: (e: TrainingEvent) => {
        if (e.type === 'progress') lastStep = e.progress.step;
        if (e.type === 'failed' || e.type === 'stopped') failure = e.message;
        if (!counting) return;
        const t = (byType[e.type] ??= { count: 0, bytes: 0 });
        t.count++;
        t.bytes += bytesOf(e);
      },
    },
    { chooseBackend: async () => ({ backend, reasons: [], adapter: null }), buildSetup: (x) => buildSetup(x), yieldToEvents },
  );
  const iteration = () => (session as unknown as { trainer: GanTrainer | null }).trainer?.iteration ?? 0;
  try {
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: { ...settings, backend } });
    for (const t0 = performance.now(); lastStep === 0; await sleep(5)) {
      if (failure !== null) throw new Error(failure);
      if (performance.now() - t0 > 120_000) throw new Error('no first step within 120 s');
    }
    await sleep(settleMs);
    const w0 = performance.now();
    const c0 = cpuNow();
    const it0 = iteration();
    counting = true;
    await sleep(seconds * 1000);
    const steps = iteration() - it0;
    const wall = (performance.now() - w0) / 1000;
    const cpu = cpuNow() - c0;
    counting = false;
    if (failure !== null) throw new Error(failure);
    for (const t of Object.values(byType)) {
      t.count = +(t.count / wall).toFixed(1);
      t.bytes = Math.round(t.bytes / wall);
    }
    return { steps, seconds: wall, stepsPerSecond: steps / wall, stepsPerCpuSecond: steps / cpu, byType };
  } finally {
    await session.handle({ type: 'reset' });
    tf.disposeVariables();
  }
}
