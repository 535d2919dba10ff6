// A backend that traps: tfjs's wasm backend runs in one WebAssembly instance, and a trap in it
// ("memory access out of bounds" when its heap overflows, "unreachable" after an abort) leaves
// that instance in an unknown state: every later run in the same worker failed until a reload.
// Such errors end the run with a 'failed' event that asks the page for a fresh worker.
import type { BackendName, TrainingEvent } from '../protocol/messages';

const MEMORY = /memory access out of bounds|out of memory|\bOOM\b|Cannot enlarge memory|could not allocate memory/i;

/** Whether `error` is a WebAssembly trap (or emscripten's abort, which throws one). */
export function isBackendTrap(error: unknown): boolean {
  if (typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError) return true;
  // Another realm's RuntimeError (the wasm module's own globals) is not an instance of ours.
  return error instanceof Error && error.name === 'RuntimeError';
}

export interface TrapContext {
  readonly backend: BackendName;
  readonly batchSize: number | undefined;
  readonly step: number | undefined;
}

/** The 'failed' event for an error: a trap says what happened, where, and that the worker must be replaced. */
export function failedEvent(error: unknown, context: TrapContext): Extract<TrainingEvent, { type: 'failed' }> {
  const detail = error instanceof Error ? error.message : String(error);
  if (!isBackendTrap(error)) return { type: 'failed', message: detail };
  const what = MEMORY.test(detail) ? 'ran out of memory' : 'crashed';
  const batch = context.batchSize === undefined ? '' : ` at batch ${context.batchSize.toLocaleString('en-US')}`;
  const step = context.step === undefined ? '' : `, step ${context.step}`;
  return {
    type: 'failed',
    message: `The ${context.backend} backend ${what}${batch}${step} (${detail.slice(0, 200)}). Lower the batch size or the model's size.`,
    replaceWorker: true,
  };
}
