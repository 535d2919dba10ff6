// A page's `?threads=N` reaches the training worker as the worker's name: the one thing a page
// hands a worker before its first message, and the wasm backend's thread count must be known
// before the worker starts it. tfjs-free, for the client and the worker alike.

const BASE = 'training';
const THREADS = ' threads=';

/** The training worker's name for a page URL's query: `training`, or `training threads=4` as asked (the raw text, cut to 20 characters). */
export function trainingWorkerName(search: string): string {
  const raw = new URLSearchParams(search).get('threads');
  return raw === null ? BASE : `${BASE}${THREADS}${raw.slice(0, 20)}`;
}

/** The raw `?threads=` value a training worker was named with, or null when none was given. */
export function threadsAskedIn(workerName: string): string | null {
  return workerName.startsWith(BASE + THREADS) ? workerName.slice(BASE.length + THREADS.length) : null;
}
