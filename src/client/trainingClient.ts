// The one owner of the training worker: posts commands, hands events to a listener.
// Imports protocol types only, never tfjs: the worker bundle carries tfjs, the page does not.
import type { TrainingCommand, TrainingEvent } from '../protocol/messages';
import { trainingWorkerName, type TrainingWorkerRole } from '../protocol/workerName';
import { watchFrames } from './frameWatch';

export interface TrainingClient {
  send(command: TrainingCommand): void;
  /** Stops the worker for good. */
  terminate(): void;
}

/** @param role 'sweep' for a page sweep's extra worker (it keeps no checkpoint). @default 'page' */
export function createTrainingClient(onEvent: (event: TrainingEvent) => void, role: TrainingWorkerRole = 'page'): TrainingClient {
  // Named by the page's ?threads= (the wasm backend's thread count, read before it starts) and its role.
  const worker = new Worker(new URL('../worker/training.worker.ts', import.meta.url), { type: 'module', name: trainingWorkerName(location.search, role) });
  worker.onmessage = (message: MessageEvent<TrainingEvent>) => onEvent(message.data);
  // A worker that fails to load or throws at top level never posts; report that as an event.
  worker.onerror = (error: ErrorEvent) => {
    error.preventDefault();
    onEvent({ type: 'failed', message: error.message || 'the training worker failed to start' });
  };
  // The worker trains flat out and rests only while the page's frames run late (adaptivePace.ts).
  const unwatch = watchFrames((frameMs) => worker.postMessage({ type: 'pageLate', frameMs } satisfies TrainingCommand));
  return {
    send: (command) => worker.postMessage(command),
    terminate: () => {
      unwatch();
      worker.terminate();
    },
  };
}
