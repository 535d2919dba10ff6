import * as tf from '@tensorflow/tfjs';
import { LEAKY_SLOPE, normLayer, SeedStream } from './layers';
import type { DiscriminatorNorm } from './options';
import { unetDepth, type ResolvedPix2pixConfig } from './pix2pixConfig';

export { PIX2PIX_SIZES, resolvePix2pixConfig, unetDepth } from './pix2pixConfig';
export type { Pix2pixConfig, ResolvedPix2pixConfig } from './pix2pixConfig';

/** Filters at encoder stage i: w, 2w, 4w, then 8w, as pix2pix caps them. */
function filtersAt(width: number, i: number): number {
  return width * Math.min(2 ** i, 8);
}

type Norm = DiscriminatorNorm;

/** conv or transposed conv, 4x4 with 'same' padding, then the normalization if any. */
function conv(x: tf.SymbolicTensor, transpose: boolean, filters: number, strides: number, norm: Norm, seeds: SeedStream) {
  const args = { filters, kernelSize: 4, strides, padding: 'same' as const, useBias: norm === 'none', kernelInitializer: seeds.dcgan() };
  const y = (transpose ? tf.layers.conv2dTranspose(args) : tf.layers.conv2d(args)).apply(x) as tf.SymbolicTensor;
  const layer = normLayer(norm);
  return layer ? (layer.apply(y) as tf.SymbolicTensor) : y;
}

const leaky = (x: tf.SymbolicTensor) => tf.layers.leakyReLU({ alpha: LEAKY_SLOPE }).apply(x) as tf.SymbolicTensor;
const relu = (x: tf.SymbolicTensor) => tf.layers.reLU().apply(x) as tf.SymbolicTensor;

function generator(c: ResolvedPix2pixConfig, seeds: SeedStream): tf.LayersModel {
  const input = tf.input({ shape: [c.size, c.size, c.channelsA], name: 'real_a' });
  const depth = unetDepth(c.size);
  const skips: tf.SymbolicTensor[] = [];
  let x = input;
  for (let i = 0; i < depth; i++) {
    // As in pix2pix, no normalization on the outermost layer (it sees raw pixels) nor on the
    // 1 x 1 bottleneck, whose batch statistics at batch size 1 would zero it.
    const norm = i === 0 || i === depth - 1 ? 'none' : c.gNorm;
    x = leaky(conv(x, false, filtersAt(c.width, i), 2, norm, seeds));
    skips.push(x);
  }
  for (let i = depth - 2; i >= 0; i--) {
    x = relu(conv(x, true, filtersAt(c.width, i), 2, c.gNorm, seeds));
    // The skip hands the decoder the encoder's detail at this resolution.
    x = tf.layers.concatenate({ axis: -1 }).apply([x, skips[i] as tf.SymbolicTensor]) as tf.SymbolicTensor;
  }
  const out = conv(x, true, c.channelsB, 2, 'none', seeds);
  const image = tf.layers.activation({ activation: 'tanh' }).apply(out) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: image, name: 'pix2pix_generator' });
}

/**
 * PatchGAN on A and B concatenated on the channel axis (MMagic's `cat(real_a, b)`), one
 * input so the penalties, which differentiate a one-input network, apply as they are.
 */
function discriminator(c: ResolvedPix2pixConfig, seeds: SeedStream): tf.LayersModel {
  const input = tf.input({ shape: [c.size, c.size, c.channelsA + c.channelsB], name: 'real_a_b' });
  let x = input;
  for (let i = 0; i < c.dLayers; i++) x = leaky(conv(x, false, filtersAt(c.width, i), 2, i === 0 ? 'none' : c.dNorm, seeds));
  // A stride-1 conv to one channel: each logit judges one overlapping patch of the pair.
  const logits = conv(x, false, 1, 1, 'none', seeds);
  return tf.model({ inputs: input, outputs: logits, name: 'pix2pix_discriminator' });
}

/**
 * Generator [N, S, S, cA] -> [N, S, S, cB] in (-1, 1); discriminator
 * [N, S, S, cA + cB] -> [N, S / 2^dLayers, S / 2^dLayers, 1] logits.
 */
export function buildPix2pix(c: ResolvedPix2pixConfig): { generator: tf.LayersModel; discriminator: tf.LayersModel } {
  return {
    generator: generator(c, new SeedStream(c.seed * 2)),
    discriminator: discriminator(c, new SeedStream(c.seed * 2 + 1)),
  };
}

/** The discriminator's input for a pair: A and B (real or generated) along the channel axis. */
export function pairInput(realA: tf.Tensor4D, b: tf.Tensor4D): tf.Tensor4D {
  return tf.concat([realA, b], -1);
}
