import { createStore } from 'zustand/vanilla';
import type { BackendName, BuiltNetwork, NetworkName, ProgressMessage, TrainingEvent } from '../protocol/messages';

export type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'stopped' | 'failed';

export interface RunState {
  readonly status: RunStatus;
  readonly backend: BackendName | null;
  /** Why the better backends were not used. */
  readonly reasons: readonly string[];
  readonly adapter: string | null;
  /** The outputs keys a loss's data_info may name (from the worker). */
  readonly outputKeys: readonly string[];
  readonly progress: ProgressMessage | null;
  readonly warmup: { readonly compileMs: number | null; readonly firstStepMs: number } | null;
  readonly lastCheckpointStep: number | null;
  /** What the worker built for the run (from 'ready'): sizes and optimizers as tfjs has them. */
  readonly built: Readonly<Record<NetworkName, BuiltNetwork>> | null;
  /** A readable message with what to do next; null when all is well. */
  readonly error: string | null;
  setStatus(status: RunStatus): void;
  /** A message from the page itself (a refused Start, a link that could not be used); the status stays. */
  setError(error: string | null): void;
  apply(event: TrainingEvent): void;
}

/** The run's status line: plain data from the worker's events. */
export function createRunStore() {
  return createStore<RunState>()((set) => ({
    status: 'idle',
    backend: null,
    reasons: [],
    adapter: null,
    outputKeys: [],
    progress: null,
    warmup: null,
    lastCheckpointStep: null,
    built: null,
    error: null,
    setStatus: (status) => set({ status, ...(status === 'starting' ? { error: null } : {}) }),
    setError: (error) => set({ error }),
    apply(event) {
      switch (event.type) {
        case 'probed':
          set({ backend: event.backend, reasons: event.reasons, adapter: event.adapter });
          return;
        case 'ready':
          set({ status: 'running', backend: event.backend, reasons: event.reasons, adapter: event.adapter, outputKeys: event.outputKeys, built: event.networks ?? null, error: null });
          return;
        case 'progress':
          set({ progress: event.progress });
          return;
        case 'warmedUp':
          set({ warmup: { compileMs: event.compileMs, firstStepMs: event.firstStepMs } });
          return;
        case 'paused':
          // Late news of a run the page has already reset or seen end: it must not come back as paused.
          set((state) => (state.status === 'idle' || state.status === 'stopped' || state.status === 'failed' ? {} : { status: 'paused' }));
          return;
        case 'stopped':
          set({ status: 'stopped', error: event.message });
          return;
        case 'failed':
          set({ status: 'failed', error: event.message });
          return;
        case 'rejected':
          // The run goes on: say what was not applied, keep the status.
          set({ error: `Not applied (${event.command}): ${event.message}` });
          return;
        case 'checkpointSaved':
          set({ lastCheckpointStep: event.step });
          return;
        case 'weightChanged':
        case 'specChanged':
          // A change the run took: a rejection said before is old news (a live run has no other error).
          set((state) => (state.status === 'running' || state.status === 'paused' ? { error: null } : {}));
          return;
        case 'history':
        case 'lossMaps':
        case 'samples':
        case 'alarms':
          return;
      }
    },
  }));
}

export type RunStore = ReturnType<typeof createRunStore>;
