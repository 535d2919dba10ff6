import { useMemo } from 'react';
import { useStore } from 'zustand';
import type { HistoryState } from '../state/historyStore';
import { ChartGrid } from './charts';
import { chartLossTags } from './charts/tagCharts';
import { usePlayground, useSettings } from './usePlayground';

const SEP = '\u0000';
/** The history's loss names as one string: the panel re-renders when a loss appears, not per batch. */
const namesKey = (s: HistoryState) => [...s.series.keys()].join(SEP);

/**
 * The loss charts of the current run (one per tag), with another run overlaid if one is chosen.
 * The charts follow the spec and the history both: a run opened or a log loaded with other
 * losses is drawn too.
 */
export function LossChartsPanel() {
  const playground = usePlayground();
  const losses = useSettings((s) => s.settings.spec.losses);
  const names = useStore(playground.stores.history, namesKey);
  const overlay = useStore(playground.stores.runs, (s) => s.overlaySeries);
  const lossTags = useMemo(() => chartLossTags(losses, names === '' ? [] : names.split(SEP)), [losses, names]);
  return <ChartGrid store={playground.stores.history} lossTags={lossTags} overlay={overlay} />;
}
