import * as tf from '@tensorflow/tfjs';
import { DCGAN_IMAGE_SHAPE, type ResolvedDcganConfig } from './dcganConfig';
import { LEAKY_SLOPE, normLayer, SeedStream } from './layers';
import type { DiscriminatorNorm } from './options';

export { DCGAN_IMAGE_SHAPE, resolveDcganConfig } from './dcganConfig';
export type { DcganConfig, ResolvedDcganConfig } from './dcganConfig';

/** conv (k, stride) -> norm -> activation, appended to `model`. */
function convBlock(
  model: tf.Sequential,
  transpose: boolean,
  filters: number,
  kernelSize: number,
  strides: number,
  kind: DiscriminatorNorm,
  activation: tf.layers.Layer,
  seeds: SeedStream,
): void {
  const norm = normLayer(kind);
  // A conv followed by a normalization needs no bias: the normalization's offset does that.
  const args = { filters, kernelSize, strides, padding: 'same' as const, useBias: norm === null, kernelInitializer: seeds.dcgan() };
  model.add(transpose ? tf.layers.conv2dTranspose(args) : tf.layers.conv2d(args));
  if (norm) model.add(norm);
  model.add(activation);
}

function generator(c: ResolvedDcganConfig, seeds: SeedStream): tf.LayersModel {
  const w = c.width;
  const model = tf.sequential({ name: 'dcgan_generator' });
  const bn = c.gNorm === 'batch';
  model.add(tf.layers.dense({ inputShape: [c.noiseDim], units: 7 * 7 * 4 * w, useBias: !bn, kernelInitializer: seeds.dcgan() }));
  if (bn) model.add(normLayer('batch') as tf.layers.Layer);
  model.add(tf.layers.reLU());
  model.add(tf.layers.reshape({ targetShape: [7, 7, 4 * w] }));
  for (let i = 0; i < c.depth; i++) convBlock(model, false, 4 * w, 3, 1, c.gNorm, tf.layers.reLU(), seeds);
  convBlock(model, true, 2 * w, 4, 2, c.gNorm, tf.layers.reLU(), seeds); // 14 x 14
  for (let i = 0; i < c.depth; i++) convBlock(model, false, 2 * w, 3, 1, c.gNorm, tf.layers.reLU(), seeds);
  // The output layer has no normalization: it would pin the image's statistics.
  convBlock(model, true, DCGAN_IMAGE_SHAPE[2], 4, 2, 'none', tf.layers.activation({ activation: 'tanh' }), seeds);
  return model;
}

function discriminator(c: ResolvedDcganConfig, seeds: SeedStream): tf.LayersModel {
  const w = c.width;
  const model = tf.sequential({ name: 'dcgan_discriminator' });
  const leaky = () => tf.layers.leakyReLU({ alpha: LEAKY_SLOPE });
  // DCGAN leaves D's first layer unnormalized: normalizing the input layer made its samples oscillate.
  model.add(
    tf.layers.conv2d({
      inputShape: [...DCGAN_IMAGE_SHAPE],
      filters: w,
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      kernelInitializer: seeds.dcgan(),
    }),
  );
  model.add(leaky()); // 14 x 14
  for (let i = 0; i < c.depth; i++) convBlock(model, false, w, 3, 1, c.dNorm, leaky(), seeds);
  convBlock(model, false, 2 * w, 4, 2, c.dNorm, leaky(), seeds); // 7 x 7
  for (let i = 0; i < c.depth; i++) convBlock(model, false, 2 * w, 3, 1, c.dNorm, leaky(), seeds);
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 1, kernelInitializer: seeds.dcgan() }));
  return model;
}

/** Generator [N, noiseDim] -> [N, 28, 28, 1] in (-1, 1); discriminator [N, 28, 28, 1] -> [N, 1] logits. */
export function buildDcgan(c: ResolvedDcganConfig): { generator: tf.LayersModel; discriminator: tf.LayersModel } {
  return {
    generator: generator(c, new SeedStream(c.seed * 2)),
    discriminator: discriminator(c, new SeedStream(c.seed * 2 + 1)),
  };
}
