// The history store's content replaced or cut (the store itself only appends): a run opened
// from the archive, a run going on from an earlier checkpoint.
import type { AlarmRecord } from '../../manager/alarms/types';
import type { HistoryStore, WeightMark } from '../../state/historyStore';
import type { Series } from '../../state/series';
import { appendBatch, seriesToBatch, truncateSeries, type SeriesByName } from './columns';

/** Shows these series, marks and alarms instead of what the store holds. */
export function showSeries(store: HistoryStore, series: SeriesByName, marks: readonly WeightMark[], alarms: readonly AlarmRecord[]): void {
  const history = store.getState();
  history.reset();
  if (series.size > 0) history.append(seriesToBatch(series));
  marks.forEach((mark) => history.mark(mark));
  history.addAlarms(alarms);
}

/** Drops the shown values and alarms from step `from` on, and the marks unless `keepMarks`. */
export function cutShownHistory(store: HistoryStore, from: number, keepMarks: boolean): void {
  const { series, marks, alarms } = store.getState();
  const copy = new Map<string, Series>();
  appendBatch(copy, seriesToBatch(series));
  truncateSeries(copy, from);
  showSeries(store, copy, keepMarks ? marks : marks.filter((m) => m.step < from), alarms.filter((a) => a.step < from));
}

/** Drops the shown weight marks from step `from` on. */
export function cutShownMarks(store: HistoryStore, from: number): void {
  store.setState((s) => ({ marks: s.marks.filter((m) => m.step < from), version: s.version + 1 }));
}
