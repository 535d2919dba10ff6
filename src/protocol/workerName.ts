// A page's `?threads=N` reaches the training worker as the worker's name: the one thing a page
// hands a worker before its first message, and the wasm backend's thread count must be known
// before the worker starts it. A sweep's extra workers are named apart, since they keep no
// checkpoint (the page's one slot is its own run's). tfjs-free, for the client and the worker alike.

const BASE = 'training';
const SWEEP = 'training-sweep';
const THREADS = ' threads=';

/** Who a training worker works for: the page's run (its controls and charts) or a page sweep's variants. */
export type TrainingWorkerRole = 'page' | 'sweep';

/**
 * The training worker's name for a page URL's query: `training`, or `training threads=4` as asked
 * (the raw text, cut to 20 characters); `training-sweep...` for a sweep's worker.
 */
export function trainingWorkerName(search: string, role: TrainingWorkerRole = 'page'): string {
  const base = role === 'sweep' ? SWEEP : BASE;
  const raw = new URLSearchParams(search).get('threads');
  return raw === null ? base : `${base}${THREADS}${raw.slice(0, 20)}`;
}

/** The raw `?threads=` value a training worker was named with, or null when none was given. */
export function threadsAskedIn(workerName: string): string | null {
  for (const base of [BASE, SWEEP]) if (workerName.startsWith(base + THREADS)) return workerName.slice(base.length + THREADS.length);
  return null;
}

/** Whether the worker was started for a page sweep's variants. */
export function isSweepWorker(workerName: string): boolean {
  return workerName === SWEEP || workerName.startsWith(SWEEP + THREADS);
}
