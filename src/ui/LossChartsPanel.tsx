import { useMemo } from 'react';
import { useStore } from 'zustand';
import { ChartGrid } from './charts';
import { usePlayground, useSettings } from './usePlayground';

/** The loss charts of the current run (one per tag), with another run overlaid if one is chosen. */
export function LossChartsPanel() {
  const playground = usePlayground();
  const losses = useSettings((s) => s.settings.spec.losses);
  const overlay = useStore(playground.stores.runs, (s) => s.overlaySeries);
  const lossTags = useMemo(() => Object.fromEntries(losses.map((l) => [l.name, l.tags])), [losses]);
  return <ChartGrid store={playground.stores.history} lossTags={lossTags} overlay={overlay} />;
}
