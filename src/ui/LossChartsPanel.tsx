import { useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { isDerivedSeries } from '../manager/seriesNames';
import type { HistoryState } from '../state/historyStore';
import { ChartGrid, DEFAULT_CHART_OPTIONS } from './charts';
import { AlarmsList } from './charts/AlarmsList';
import { GradientCharts } from './charts/GradientCharts';
import { QualityCharts } from './charts/QualityCharts';
import { chartLossTags } from './charts/tagCharts';
import styles from './charts/charts.module.css';
import { usePlayground, useSettings } from './usePlayground';

const SEP = '\u0000';
/** The history's loss names as one string: the panel re-renders when a loss appears, not per batch. */
const namesKey = (s: HistoryState) => [...s.series.keys()].filter((n) => !isDerivedSeries(n)).join(SEP);

/**
 * The loss charts of the current run (one per tag), with another run overlaid if one is chosen,
 * the run's alarms (each also marked on the charts of its series), and the gradient charts
 * (share, norms, cosines) where the run records them. The charts follow
 * the spec and the history both: a run opened or a log loaded with other losses is drawn too.
 */
export function LossChartsPanel() {
  const playground = usePlayground();
  const losses = useSettings((s) => s.settings.spec.losses);
  const names = useStore(playground.stores.history, namesKey);
  const overlay = useStore(playground.stores.runs, (s) => s.overlaySeries);
  const lossTags = useMemo(() => chartLossTags(losses, names === '' ? [] : names.split(SEP)), [losses, names]);
  const [options, setOptions] = useState(DEFAULT_CHART_OPTIONS);
  return (
    <>
      <ChartGrid store={playground.stores.history} lossTags={lossTags} overlay={overlay} options={options} onOptionsChange={setOptions} />
      <AlarmsList store={playground.stores.history} />
      <section aria-label="Quality charts" className={styles.grid}>
        <QualityCharts store={playground.stores.history} options={options} />
      </section>
      <section aria-label="Gradient charts" className={styles.grid}>
        <GradientCharts store={playground.stores.history} options={options} />
      </section>
    </>
  );
}
