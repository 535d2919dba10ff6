// One naming scheme for every series a run records besides its losses, and the one place that
// reads it. A spec's loss name has no '/' (specValidation's NAME), so these never clash with
// one; a loss of an imported log named "G/gan" is still a loss (no known prefix):
//
//   grad/G/G_L1            L2 norm of the gradient of G_L1's weighted term w.r.t. G's weights
//   grad/G                 L2 norm of G's update gradient (the sum of its losses' gradients)
//   gradShare/G/G_L1       grad/G/G_L1 over the sum of G's losses' norms (shares sum to 1)
//   gradCos/G/G_GAN~G_L1   cosine between two of G's losses' gradients (negative: they fight)
//   gradLayer/G/G_L1/dense_Dense1.kernel
//                          with the per-layer toggle: the norm of G_L1's gradient w.r.t. one
//                          weight tensor of G (tfjs's variable name, its '/' written '.')
//   metric/JS              a quality measure (engine/metrics)
//   metric/JS@ema          the same measure of the EMA generator (a run with settings.ema)
//   dHealth/accuracy       the discriminator's state per D update: its mean raw output on real
//                          (dHealth/real) and fake (dHealth/fake) data, and its accuracy
//   lr/generator.lr        a learning rate from an imported MMagic / mmengine log, by its key
//                          there (mmengine's `<optimizer>.lr`, MMCV's `lr` or `lr.<optimizer>`)
//
// tfjs-free: the page's charts, the archive and the exports parse names here too.
import type { Network } from './networks';

export type SeriesName =
  | { readonly kind: 'loss'; readonly loss: string }
  | { readonly kind: 'grad'; readonly network: Network; readonly loss: string | null }
  | { readonly kind: 'gradShare'; readonly network: Network; readonly loss: string }
  | { readonly kind: 'gradCos'; readonly network: Network; readonly a: string; readonly b: string }
  | { readonly kind: 'gradLayer'; readonly network: Network; readonly loss: string; readonly layer: string }
  | { readonly kind: 'metric'; readonly metric: string; readonly ema?: true }
  | { readonly kind: 'dHealth'; readonly stat: DHealthStat }
  | { readonly kind: 'lr'; readonly optimizer: string }
  | { readonly kind: 'other'; readonly name: string };

export const gradNormName = (network: Network, loss?: string): string => (loss === undefined ? `grad/${network}` : `grad/${network}/${loss}`);
export const gradShareName = (network: Network, loss: string): string => `gradShare/${network}/${loss}`;
export const gradCosName = (network: Network, a: string, b: string): string => `gradCos/${network}/${a}~${b}`;
export const metricName = (metric: string): string => `metric/${metric}`;
/** Marks a metric series as measured on the EMA generator instead of G: `metric/JS@ema`. */
export const EMA_SERIES_SUFFIX = '@ema';
export const emaSeriesName = (name: string): string => `${name}${EMA_SERIES_SUFFIX}`;
/** A weight tensor's variable name as a series name segment: its '/' written '.'. */
export const gradLayerName = (network: Network, loss: string, variable: string): string => `gradLayer/${network}/${loss}/${variable.replaceAll('/', '.')}`;

/** A learning rate series; `key` is the log's name for it, its '/' written '.'. */
export const lrName = (key: string): string => `lr/${key.replaceAll('/', '.')}`;

/** What the discriminator's health series hold: its mean raw output on real and on fake data, and its accuracy. */
export const D_HEALTH_STATS = ['real', 'fake', 'accuracy'] as const;
export type DHealthStat = (typeof D_HEALTH_STATS)[number];
export const dHealthName = (stat: DHealthStat): string => `dHealth/${stat}`;
const isDHealthStat = (s: string | undefined): s is DHealthStat => (D_HEALTH_STATS as readonly (string | undefined)[]).includes(s);

const DERIVED = /^(grad|gradShare|gradCos|gradLayer|metric|dHealth|lr)\//;

/** True for a series derived from the losses (gradients, metrics): not a loss. */
export function isDerivedSeries(name: string): boolean {
  return DERIVED.test(name);
}

const isNetwork = (s: string | undefined): s is Network => s === 'G' || s === 'D';

export function parseSeriesName(name: string): SeriesName {
  if (!isDerivedSeries(name)) return { kind: 'loss', loss: name };
  const [head, network, rest, ...more] = name.split('/');
  if (head === 'gradLayer' && isNetwork(network) && rest && more.length === 1 && more[0]) return { kind: 'gradLayer', network, loss: rest, layer: more[0] };
  if (more.length === 0) {
    if (head === 'grad' && isNetwork(network)) return { kind: 'grad', network, loss: rest ?? null };
    if (head === 'gradShare' && isNetwork(network) && rest) return { kind: 'gradShare', network, loss: rest };
    if (head === 'gradCos' && isNetwork(network) && rest) {
      const [a, b, ...extra] = rest.split('~');
      if (a && b && extra.length === 0) return { kind: 'gradCos', network, a, b };
    }
    if (head === 'metric' && network && rest === undefined) {
      const base = network.endsWith(EMA_SERIES_SUFFIX) ? network.slice(0, -EMA_SERIES_SUFFIX.length) : '';
      return base ? { kind: 'metric', metric: base, ema: true } : { kind: 'metric', metric: network };
    }
    if (head === 'dHealth' && isDHealthStat(network) && rest === undefined) return { kind: 'dHealth', stat: network };
    if (head === 'lr' && network && rest === undefined) return { kind: 'lr', optimizer: network };
  }
  return { kind: 'other', name };
}

/**
 * How a chart names a series and which loss's colour it takes: a gradient norm or share of
 * G_L1 is "G_L1" in G_L1's colour, G's total norm "total", a cosine "G_GAN ~ G_L1".
 */
export function seriesLabel(name: string): { label: string; colorOf: string } {
  const s = parseSeriesName(name);
  switch (s.kind) {
    case 'loss':
      return { label: s.loss, colorOf: s.loss };
    case 'grad':
      return s.loss === null ? { label: `${s.network} total`, colorOf: name } : { label: s.loss, colorOf: s.loss };
    case 'gradShare':
      return { label: s.loss, colorOf: s.loss };
    case 'gradCos':
      return { label: `${s.a} ~ ${s.b}`, colorOf: name };
    case 'gradLayer':
      return { label: `${s.loss} ${s.layer}`, colorOf: name };
    case 'metric':
      return { label: s.ema ? `${s.metric} (EMA G)` : s.metric, colorOf: name };
    case 'dHealth':
      return { label: s.stat === 'accuracy' ? 'D accuracy' : `D(${s.stat})`, colorOf: name };
    case 'lr':
      return { label: s.optimizer, colorOf: name };
    case 'other':
      return { label: name, colorOf: name };
  }
}
