// Which quality charts the page draws for a run's metric/ and dHealth/ series, and their titles.
import { parseSeriesName } from '../../manager/seriesNames';

/** Metrics drawn together, on one scale: a divergence pair, shares of 0..1, image similarity; KID and FID apart (scales ~100x apart). */
const GROUPS: readonly { readonly title: string; readonly metrics: readonly string[]; readonly logY?: boolean }[] = [
  { title: 'Quality: KL and JS to the target (bits)', metrics: ['KL', 'JS'] },
  { title: 'Quality: modes covered, points off every mode', metrics: ['modeCoverage', 'offMode'] },
  { title: 'Quality: PSNR on held-out pairs (dB)', metrics: ['PSNR'] },
  { title: 'Quality: SSIM and L1 on held-out pairs', metrics: ['SSIM', 'L1'] },
  // DCGAN: on the digit classifier's features (not Inception's: not comparable with papers' numbers).
  { title: 'Quality: KID to held-out digits (lower is better)', metrics: ['KID'] },
  { title: 'Quality: FID to held-out digits (lower is better)', metrics: ['FID'] },
  { title: 'Quality: entropy of the predicted digits (bits, 3.32 = all ten alike)', metrics: ['classEntropy'] },
];

/** The charts for these series names (each chart's title and its series, in drawing order); empty charts left out. */
export function qualityCharts(names: readonly string[]): { title: string; names: string[] }[] {
  const metricOf = new Map(names.flatMap((n) => { const s = parseSeriesName(n); return s.kind === 'metric' ? [[s.metric, n] as const] : []; }));
  const grouped = new Set(GROUPS.flatMap((g) => g.metrics));
  return [
    ...GROUPS.map((g) => ({ title: g.title, names: g.metrics.flatMap((m) => (metricOf.has(m) ? [metricOf.get(m)!] : [])) })),
    // A metric no group knows gets a chart of its own.
    ...[...metricOf].filter(([m]) => !grouped.has(m)).map(([m, n]) => ({ title: `Quality: ${m}`, names: [n] })),
    { title: "D's mean raw output on real and fake", names: ['dHealth/real', 'dHealth/fake'].filter((n) => names.includes(n)) },
    { title: "D's accuracy (real above, fake below its threshold)", names: names.includes('dHealth/accuracy') ? ['dHealth/accuracy'] : [] },
  ].filter((c) => c.names.length > 0);
}
