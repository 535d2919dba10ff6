import { useStore } from 'zustand';
import { isDerivedSeries, parseSeriesName } from '../../manager/seriesNames';
import type { HistoryState, HistoryStore } from '../../state/historyStore';
import styles from './charts.module.css';
import { LossChart } from './LossChart';
import type { LossChartOptions } from './options';
import { qualityCharts } from './qualityGroups';

const SEP = '\u0000';
/** Metrics arrive every metricsEvery steps, D's health every step: once a second is live enough. */
const QUALITY_REDRAW_MS = 1000;
const qualityKey = (s: HistoryState) =>
  [...s.series.keys()]
    .filter((n) => {
      if (!isDerivedSeries(n)) return false;
      const kind = parseSeriesName(n).kind;
      return kind === 'metric' || kind === 'dHealth';
    })
    .join(SEP);

/**
 * Whether the GAN is getting better: the quality metrics the worker measures on a fixed
 * evaluation set (metric/..., and metric/...@ema beside them for an EMA generator), grouped by
 * scale, and the discriminator's health per update
 * (its mean raw output on real and fake data, and its accuracy).
 */
export function QualityCharts({ store, options }: { store: HistoryStore; options: LossChartOptions }) {
  const key = useStore(store, qualityKey);
  const names = key === '' ? [] : key.split(SEP);
  if (names.length === 0) return null;
  const charts = qualityCharts(names);
  return (
    <div className={styles.gradients}>
      {charts.map((c) => (
        <LossChart key={c.title} store={store} names={c.names} title={c.title} options={{ ...options, logY: false, showWeight: false }} height={180} redrawMs={QUALITY_REDRAW_MS} />
      ))}
    </div>
  );
}
