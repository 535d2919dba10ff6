import { useContext, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { isDerivedSeries } from '../manager/seriesNames';
import type { HistoryState } from '../state/historyStore';
import { ChartGrid } from './charts';
import { AlarmsList } from './charts/AlarmsList';
import { browserStorage, loadChartSettings, saveChartSettings, type ChartSettings } from './charts/chartSettings';
import { ComparisonContext } from './charts/comparison';
import { ZoomContext } from './charts/cursor';
import { resetZoomOnNewRun } from './charts/zoomReset';
import { GradientCharts } from './charts/GradientCharts';
import { LearningRateChart } from './charts/LearningRateChart';
import { QualityCharts } from './charts/QualityCharts';
import { chartLossTags } from './charts/tagCharts';
import styles from './charts/charts.module.css';
import { useDrawnRuns } from './runs/drawnRuns';
import { usePlayground, useSettings } from './usePlayground';

const SEP = '\u0000';
/** The history's loss names as one string: the panel re-renders when a loss appears, not per batch. */
const namesKey = (s: HistoryState) => [...s.series.keys()].filter((n) => !isDerivedSeries(n)).join(SEP);

/**
 * The loss charts of the current run (one per tag), with every shown run and seed group beside it,
 * the run's alarms (each also marked on the charts of its series), and the gradient charts
 * (share, norms, cosines) where the run records them. The charts follow
 * the spec and the history both: a run opened or a log loaded with other losses is drawn too.
 */
export function LossChartsPanel() {
  const playground = usePlayground();
  const losses = useSettings((s) => s.settings.spec.losses);
  const names = useStore(playground.stores.history, namesKey);
  const { comparison } = useDrawnRuns();
  const lossTags = useMemo(() => chartLossTags(losses, names === '' ? [] : names.split(SEP)), [losses, names]);
  // Kept across reloads (localStorage): the options, the single-loss charts, the typed ranges.
  const [chart, setChart] = useState<ChartSettings>(() => loadChartSettings(browserStorage()));
  useEffect(() => saveChartSettings(browserStorage(), chart), [chart]);
  const { options } = chart;
  const zoom = useContext(ZoomContext);
  useEffect(() => resetZoomOnNewRun(playground.stores.history, zoom), [playground, zoom]);
  return (
    <ComparisonContext.Provider value={comparison}>
      <ChartGrid
        store={playground.stores.history}
        lossTags={lossTags}
        options={options}
        onOptionsChange={(next) => setChart((c) => ({ ...c, options: next }))}
        added={chart.added}
        onAddedChange={(next) => setChart((c) => ({ ...c, added: next }))}
        ranges={chart.ranges}
        onRangesChange={(next) => setChart((c) => ({ ...c, ranges: next }))}
      />
      <AlarmsList store={playground.stores.history} />
      <section aria-label="Quality charts" className={styles.grid}>
        <QualityCharts store={playground.stores.history} options={options} />
      </section>
      <section aria-label="Gradient charts" className={styles.grid}>
        <GradientCharts store={playground.stores.history} options={options} />
      </section>
      <section aria-label="Learning rate chart" className={styles.grid}>
        <LearningRateChart store={playground.stores.history} options={options} />
      </section>
    </ComparisonContext.Provider>
  );
}
