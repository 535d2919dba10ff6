import { useStore } from 'zustand';
import { isDerivedSeries, parseSeriesName } from '../../manager/seriesNames';
import type { HistoryState, HistoryStore } from '../../state/historyStore';
import styles from './charts.module.css';
import { LossChart } from './LossChart';
import type { LossChartOptions } from './options';

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

/** Metrics drawn together, on one scale: a divergence pair, shares of 0..1, image similarity. */
const GROUPS: readonly { readonly title: string; readonly metrics: readonly string[]; readonly logY?: boolean }[] = [
  { title: 'Quality: KL and JS to the target (bits)', metrics: ['KL', 'JS'] },
  { title: 'Quality: modes covered, points off every mode', metrics: ['modeCoverage', 'offMode'] },
  { title: 'Quality: PSNR on held-out pairs (dB)', metrics: ['PSNR'] },
  { title: 'Quality: SSIM and L1 on held-out pairs', metrics: ['SSIM', 'L1'] },
];

/**
 * Whether the GAN is getting better: the quality metrics the worker measures on a fixed
 * evaluation set (metric/...), grouped by scale, and the discriminator's health per update
 * (its mean raw output on real and fake data, and its accuracy).
 */
export function QualityCharts({ store, options }: { store: HistoryStore; options: LossChartOptions }) {
  const key = useStore(store, qualityKey);
  const names = key === '' ? [] : key.split(SEP);
  if (names.length === 0) return null;
  const metricOf = new Map(names.flatMap((n) => { const s = parseSeriesName(n); return s.kind === 'metric' ? [[s.metric, n] as const] : []; }));
  const grouped = new Set(GROUPS.flatMap((g) => g.metrics));
  const charts = [
    ...GROUPS.map((g) => ({ title: g.title, names: g.metrics.flatMap((m) => (metricOf.has(m) ? [metricOf.get(m)!] : [])) })),
    // A metric no group knows gets a chart of its own.
    ...[...metricOf].filter(([m]) => !grouped.has(m)).map(([m, n]) => ({ title: `Quality: ${m}`, names: [n] })),
    { title: "D's mean raw output on real and fake", names: ['dHealth/real', 'dHealth/fake'].filter((n) => names.includes(n)) },
    { title: "D's accuracy (real above, fake below its threshold)", names: names.includes('dHealth/accuracy') ? ['dHealth/accuracy'] : [] },
  ].filter((c) => c.names.length > 0);
  return (
    <div className={styles.gradients}>
      {charts.map((c) => (
        <LossChart key={c.title} store={store} names={c.names} title={c.title} options={{ ...options, logY: false, showWeight: false }} height={180} redrawMs={QUALITY_REDRAW_MS} />
      ))}
    </div>
  );
}
