// Owns the smoke worker: starts it, forwards its one event, and terminates it.
// Imports protocol types only, never tfjs (the worker bundle carries tfjs, the page does not).
import type { SmokeEvent } from '../protocol/messages';

/** Starts the smoke worker; `onEvent` gets its result once. Returns a function that stops it. */
export function startSmoke(onEvent: (event: SmokeEvent) => void): () => void {
  const worker = new Worker(new URL('../worker/smoke.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (message: MessageEvent<SmokeEvent>) => {
    onEvent(message.data);
    worker.terminate();
  };
  // A worker that fails to load or throws at top level never posts; report that too.
  worker.onerror = (error: ErrorEvent) => {
    error.preventDefault();
    onEvent({ type: 'failed', message: error.message || 'smoke worker failed to start' });
    worker.terminate();
  };
  return () => worker.terminate();
}
