import { useStore } from 'zustand';
import { parseSeriesName } from '../../manager/seriesNames';
import type { HistoryState, HistoryStore } from '../../state/historyStore';
import styles from './charts.module.css';
import { LossChart } from './LossChart';
import type { LossChartOptions } from './options';

const SEP = '\u0000';
const lrKey = (s: HistoryState) => [...s.series.keys()].filter((n) => parseSeriesName(n).kind === 'lr').join(SEP);

/**
 * The learning rates an imported MMagic log records (lr/<optimizer>.lr), one chart on a log
 * axis, where a schedule's steps and decays read as lines; nothing when the history has none.
 */
export function LearningRateChart({ store, options }: { store: HistoryStore; options: LossChartOptions }) {
  const key = useStore(store, lrKey);
  if (key === '') return null;
  return (
    <div className={styles.gradients}>
      <LossChart store={store} names={key.split(SEP)} title="Learning rates" options={{ ...options, logY: true, showWeight: false }} height={180} />
    </div>
  );
}
