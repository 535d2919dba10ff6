import { createStore } from 'zustand/vanilla';
import type { AlarmRecord } from '../manager/alarms/types';
import type { HistoryBatch } from '../protocol/messages';
import { pushToSeries, seriesFor, type SeriesByName } from './series';

/** Where a loss's weight or schedule was changed during the run (from the worker, exact step), for the charts' markers. */
export interface WeightMark {
  readonly name: string;
  readonly step: number;
  /** The new weight, or null when a schedule was set. */
  readonly weight: number | null;
}

export interface HistoryState {
  /** Bumped on every append: charts redraw when it changes (transient subscription). */
  readonly version: number;
  readonly series: SeriesByName;
  readonly marks: readonly WeightMark[];
  /** The run's alarms in the order raised (src/manager/alarms): the alarms list and the charts' markers. */
  readonly alarms: readonly AlarmRecord[];
  append(batch: HistoryBatch): void;
  mark(mark: WeightMark): void;
  addAlarms(alarms: readonly AlarmRecord[]): void;
  reset(): void;
}

/**
 * Loss histories on the page. Series are mutated in place (typed arrays) and `version`
 * changes, so high-rate data reaches charts without re-rendering React per batch.
 */
export function createHistoryStore() {
  return createStore<HistoryState>()((set, get) => ({
    version: 0,
    series: new Map(),
    marks: [],
    alarms: [],
    append(batch) {
      const series = new Map(get().series);
      for (let i = 0; i < batch.step.length; i++) {
        const name = batch.names[batch.loss[i] as number] ?? '?';
        const s = seriesFor(series, name);
        pushToSeries(s, batch.step[i] as number, batch.value[i] as number, batch.weight[i] as number, batch.raw[i] as number, batch.time[i] as number);
      }
      set({ series, version: get().version + 1 });
    },
    mark(mark) {
      set({ marks: [...get().marks, mark], version: get().version + 1 });
    },
    addAlarms(alarms) {
      if (alarms.length > 0) set({ alarms: [...get().alarms, ...alarms], version: get().version + 1 });
    },
    reset() {
      set({ series: new Map(), marks: [], alarms: [], version: get().version + 1 });
    },
  }));
}

export type HistoryStore = ReturnType<typeof createHistoryStore>;

