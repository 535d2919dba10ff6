// A page sweep's progress and results: one row per variant. Plain data; the runner
// (src/client/sweep/sweepRunner.ts) writes it, the sweep panel reads it.
import { createStore } from 'zustand/vanilla';

/** How a variant stands: not yet started, training, trained to its steps, failed, stopped by Stop, or never run. */
export type SweepVariantStatus = 'waiting' | 'running' | 'done' | 'failed' | 'stopped' | 'not run';

export interface SweepRow {
  readonly name: string;
  /** Axis path -> value. A Map: a loss may be called __proto__. */
  readonly values: ReadonlyMap<string, number>;
  readonly seed: number;
  readonly status: SweepVariantStatus;
  /** The last step the run reported. */
  readonly step: number;
  /** Final value (src/protocol/finalValue.ts) of each loss and metric series, by series name. */
  readonly final: ReadonlyMap<string, number>;
  /** Why it failed, or what went wrong naming it. */
  readonly message: string | null;
}

export interface SweepState {
  readonly status: 'idle' | 'running' | 'stopping' | 'done' | 'stopped';
  /** The axes' paths, in the sweep's order (the table's first columns). */
  readonly axes: readonly string[];
  readonly steps: number;
  readonly rows: readonly SweepRow[];
  /** Index of the variant training now. */
  readonly current: number | null;
  begin(axes: readonly string[], steps: number, rows: readonly SweepRow[]): void;
  setStatus(status: SweepState['status']): void;
  setCurrent(index: number | null): void;
  patchRow(index: number, patch: Partial<Omit<SweepRow, 'name' | 'values' | 'seed'>>): void;
}

export type SweepStore = ReturnType<typeof createSweepStore>;

export function createSweepStore() {
  return createStore<SweepState>()((set) => ({
    status: 'idle',
    axes: [],
    steps: 0,
    rows: [],
    current: null,
    begin: (axes, steps, rows) => set({ status: 'running', axes, steps, rows, current: null }),
    setStatus: (status) => set({ status }),
    setCurrent: (current) => set({ current }),
    patchRow: (index, patch) => set((state) => ({ rows: state.rows.map((row, i) => (i === index ? { ...row, ...patch } : row)) })),
  }));
}
