// Which quality charts the page draws, and what each holds: the metrics in their groups (G's
// series and the EMA generator's, `metric/JS@ema`, side by side), then D's health.
import { parseSeriesName } from '../../manager/seriesNames';

/** Metrics drawn in one chart, on one scale (QualityCharts' GROUPS). */
export interface QualityGroup {
  readonly title: string;
  readonly metrics: readonly string[];
}

export interface QualityChart {
  readonly title: string;
  readonly names: readonly string[];
}

/** Metrics drawn together, on one scale: a divergence pair, shares of 0..1, image similarity; KID and FID apart (scales ~100x apart). */
export const QUALITY_GROUPS: readonly QualityGroup[] = [
  { title: 'Quality: KL and JS to the target (bits)', metrics: ['KL', 'JS'] },
  { title: 'Quality: modes covered, points off every mode', metrics: ['modeCoverage', 'offMode'] },
  { title: 'Quality: PSNR on held-out pairs (dB)', metrics: ['PSNR'] },
  { title: 'Quality: SSIM and L1 on held-out pairs', metrics: ['SSIM', 'L1'] },
  // DCGAN: on the digit classifier's features (not Inception's: not comparable with papers' numbers).
  { title: 'Quality: KID to held-out digits (lower is better)', metrics: ['KID'] },
  { title: 'Quality: FID to held-out digits (lower is better)', metrics: ['FID'] },
  { title: 'Quality: entropy of the predicted digits (bits, 3.32 = all ten alike)', metrics: ['classEntropy'] },
];

/** The charts for the metric and D health series among `names`, in page order; none empty. */
export function qualityCharts(names: readonly string[], groups: readonly QualityGroup[] = QUALITY_GROUPS): QualityChart[] {
  // Each metric's series: G's, then the EMA generator's.
  const metricOf = new Map<string, string[]>();
  for (const n of names) {
    const s = parseSeriesName(n);
    if (s.kind === 'metric') metricOf.set(s.metric, [...(metricOf.get(s.metric) ?? []), n].sort());
  }
  const grouped = new Set(groups.flatMap((g) => g.metrics));
  return [
    ...groups.map((g) => ({ title: g.title, names: g.metrics.flatMap((m) => metricOf.get(m) ?? []) })),
    // A metric no group knows gets a chart of its own.
    ...[...metricOf].filter(([m]) => !grouped.has(m)).map(([m, n]) => ({ title: `Quality: ${m}`, names: n })),
    { title: "D's mean raw output on real and fake", names: ['dHealth/real', 'dHealth/fake'].filter((n) => names.includes(n)) },
    { title: "D's accuracy (real above, fake below its threshold)", names: names.includes('dHealth/accuracy') ? ['dHealth/accuracy'] : [] },
  ].filter((c) => c.names.length > 0);
}
