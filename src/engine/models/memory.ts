// How much memory a training step needs, from the resolved config alone: no tfjs, so the page
// refuses a batch that would not fit before the worker tries it (a wasm heap that overflows
// traps, and the worker's tfjs is unusable after that). The layer walk mirrors toy.ts,
// dcgan.ts and pix2pix.ts; a test checks it against the built models' own shapes and counts.
import { optimizerSlots, type OptimizerConfig } from '../../protocol/optimizerConfig';
import type { ResolvedModelConfig } from './config';
import { DCGAN_IMAGE_SHAPE, type ResolvedDcganConfig } from './dcganConfig';
import type { DiscriminatorNorm } from './options';
import { unetDepth, type ResolvedPix2pixConfig } from './pix2pixConfig';

/** One network's size: parameters (batch norm's moving statistics included, as tfjs counts them) and values per sample. */
export interface NetworkSize {
  readonly params: number;
  /** Every layer's output, per sample: what a backward pass keeps. */
  readonly activations: number;
  /** The input, per sample. */
  readonly input: number;
}

/** Accumulates a network layer by layer: the current shape per sample, params and outputs so far. */
class Walk {
  params = 0;
  activations = 0;
  readonly input: number;
  shape: number[];

  constructor(shape: number[]) {
    this.shape = shape;
    this.input = size(shape);
  }

  /** A layer with `params` weights whose output has `shape` (default: unchanged). */
  layer(params: number, shape = this.shape): this {
    this.params += params;
    this.shape = shape;
    this.activations += size(shape);
    return this;
  }

  dense(units: number, bias = true): this {
    return this.layer(size(this.shape) * units + (bias ? units : 0), [units]);
  }

  /** A k x k conv (or transposed conv) with 'same' padding, its side divided (or multiplied) by the stride. */
  conv(filters: number, k: number, stride: number, transpose: boolean, bias: boolean): this {
    const [h, w, c] = this.shape as [number, number, number];
    const side = (d: number) => (transpose ? d * stride : Math.ceil(d / stride));
    return this.layer(k * k * c * filters + (bias ? filters : 0), [side(h), side(w), filters]);
  }

  /** Batch norm: 4 values per channel (scale, offset, moving mean and variance); layer norm over H, W, C: 2 per element. */
  norm(kind: DiscriminatorNorm): this {
    if (kind === 'none') return this;
    return this.layer(kind === 'batch' ? 4 * (this.shape.at(-1) as number) : 2 * size(this.shape));
  }

  result(): NetworkSize {
    return { params: this.params, activations: this.activations, input: this.input };
  }
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function toyNetwork(layers: number, units: number, inputDim: number, outputDim: number, tanh: boolean): NetworkSize {
  const net = new Walk([inputDim]);
  for (let i = 0; i < layers; i++) net.dense(units).layer(0);
  net.dense(outputDim);
  if (tanh) net.layer(0);
  return net.result();
}

function dcganNetworks(c: ResolvedDcganConfig): { generator: NetworkSize; discriminator: NetworkSize } {
  const w = c.width;
  const block = (net: Walk, filters: number, k: number, stride: number, transpose: boolean, norm: DiscriminatorNorm) =>
    net.conv(filters, k, stride, transpose, norm === 'none').norm(norm).layer(0);
  const g = new Walk([c.noiseDim]).dense(7 * 7 * 4 * w, c.gNorm === 'none').norm(c.gNorm === 'batch' ? 'batch' : 'none');
  g.layer(0).layer(0, [7, 7, 4 * w]); // relu, reshape
  for (let i = 0; i < c.depth; i++) block(g, 4 * w, 3, 1, false, c.gNorm);
  block(g, 2 * w, 4, 2, true, c.gNorm);
  for (let i = 0; i < c.depth; i++) block(g, 2 * w, 3, 1, false, c.gNorm);
  block(g, DCGAN_IMAGE_SHAPE[2], 4, 2, true, 'none');
  const d = new Walk([...DCGAN_IMAGE_SHAPE]);
  block(d, w, 4, 2, false, 'none');
  for (let i = 0; i < c.depth; i++) block(d, w, 3, 1, false, c.dNorm);
  block(d, 2 * w, 4, 2, false, c.dNorm);
  for (let i = 0; i < c.depth; i++) block(d, 2 * w, 3, 1, false, c.dNorm);
  d.layer(0, [size(d.shape)]).dense(1); // flatten, logit
  return { generator: g.result(), discriminator: d.result() };
}

function pix2pixNetworks(c: ResolvedPix2pixConfig): { generator: NetworkSize; discriminator: NetworkSize } {
  const filtersAt = (i: number) => c.width * Math.min(2 ** i, 8);
  const conv = (net: Walk, filters: number, stride: number, transpose: boolean, norm: DiscriminatorNorm) =>
    net.conv(filters, 4, stride, transpose, norm === 'none').norm(norm).layer(0); // then leaky or relu
  const depth = unetDepth(c.size);
  const g = new Walk([c.size, c.size, c.channelsA]);
  const skips: number[] = [];
  for (let i = 0; i < depth; i++) {
    conv(g, filtersAt(i), 2, false, i === 0 || i === depth - 1 ? 'none' : c.gNorm);
    skips.push(filtersAt(i));
  }
  for (let i = depth - 2; i >= 0; i--) {
    conv(g, filtersAt(i), 2, true, c.gNorm);
    const [h, w, ch] = g.shape as [number, number, number];
    g.layer(0, [h, w, ch + (skips[i] as number)]); // concatenate the skip
  }
  g.conv(c.channelsB, 4, 2, true, true).layer(0); // tanh
  const d = new Walk([c.size, c.size, c.channelsA + c.channelsB]);
  for (let i = 0; i < c.dLayers; i++) conv(d, filtersAt(i), 2, false, i === 0 ? 'none' : c.dNorm);
  d.conv(1, 4, 1, false, true);
  return { generator: g.result(), discriminator: d.result() };
}

/** Each network's parameters and per-sample activations, as the built models have them. */
export function networkSizes(config: ResolvedModelConfig): { generator: NetworkSize; discriminator: NetworkSize } {
  switch (config.family) {
    case 'toy':
      return {
        generator: toyNetwork(config.gLayers, config.gUnits, config.noiseDim, 2, config.output === 'tanh'),
        discriminator: toyNetwork(config.dLayers, config.dUnits, 2, 1, false),
      };
    case 'dcgan':
      return dcganNetworks(config);
    case 'pix2pix':
      return pix2pixNetworks(config);
  }
}

/**
 * Bytes a step holds per activation value: measured with tf.profile's peakBytes on tfjs's cpu
 * backend over the built-in specs (3.5 for the toy's log loss to 8.1 for pix2pix's extended
 * spec: each layer's output, its gradient, batch norm's and the losses' intermediates, the
 * penalties' second backward pass), rounded up to 10 floats.
 */
export const ACTIVATION_FACTOR = 10;

export interface MemoryEstimate {
  /** Everything a step needs at its peak. */
  readonly bytes: number;
  /** What does not grow with the batch: weights, their gradients, the optimizers' state (and an EMA generator's copy of G). */
  readonly fixedBytes: number;
  /** What each sample of the batch adds: activations of G, of D twice (real and fake), the inputs. */
  readonly perSampleBytes: number;
}

/**
 * An estimate of a training step's peak memory in float32: the weights, one gradient and the
 * optimizer's slots per parameter, plus ACTIVATION_FACTOR floats per activation per sample.
 */
export function estimateTrainingMemory(
  config: ResolvedModelConfig,
  batchSize: number,
  optimizers: { readonly G: Pick<OptimizerConfig, 'type' | 'momentum'>; readonly D: Pick<OptimizerConfig, 'type' | 'momentum'> },
  /** An EMA generator (settings.ema) keeps one more copy of G's weights. @default false */
  emaGenerator = false,
): MemoryEstimate {
  const { generator: g, discriminator: d } = networkSizes(config);
  const gCopies = 2 + optimizerSlots(optimizers.G) + (emaGenerator ? 1 : 0);
  const fixedBytes = 4 * (g.params * gCopies + d.params * (2 + optimizerSlots(optimizers.D)));
  const perSampleBytes = 4 * ACTIVATION_FACTOR * (g.activations + 2 * d.activations + g.input + d.input);
  return { bytes: fixedBytes + batchSize * perSampleBytes, fixedBytes, perSampleBytes };
}
