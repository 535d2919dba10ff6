import * as tf from '@tensorflow/tfjs';
import { D_NORMS, G_NORMS, LEAKY_SLOPE, normLayer, SeedStream, type DiscriminatorNorm, type GeneratorNorm } from './layers';
import { intIn, oneOf, plainObject, seedField } from './validate';

/** The digits' shape: MNIST-like 28 x 28 x 1 in [-1, 1]. */
export const DCGAN_IMAGE_SHAPE = [28, 28, 1] as const;

/** DCGAN for 28 x 28 x 1 digits: two stride-2 stages in each network, 7 <-> 14 <-> 28. */
export interface DcganConfig {
  family: 'dcgan';
  /** Latent size; the noise is N(0, 1). @default 64 */
  noiseDim?: number;
  /** Base width w: D has w then 2w filters, G 4w then 2w. @default 32 */
  width?: number;
  /** Extra 3x3 stride-1 convs per stage in each network. @default 0 */
  depth?: number;
  /** @default 'batch' */
  gNorm?: GeneratorNorm;
  /** See D_NORMS (layers.ts) for why batch norm is offered but not the default. @default 'none' */
  dNorm?: DiscriminatorNorm;
  /** Seeds every initializer. @default 0 */
  seed?: number;
}
export type ResolvedDcganConfig = Required<DcganConfig>;

const KEYS = ['family', 'noiseDim', 'width', 'depth', 'gNorm', 'dNorm', 'seed'] as const;

export function resolveDcganConfig(input: unknown): ResolvedDcganConfig {
  const c = plainObject('dcgan', input, KEYS);
  return {
    family: 'dcgan',
    noiseDim: intIn('dcgan.noiseDim', c.noiseDim, 1, 1024, 64),
    width: intIn('dcgan.width', c.width, 1, 256, 32),
    depth: intIn('dcgan.depth', c.depth, 0, 4, 0),
    gNorm: oneOf('dcgan.gNorm', c.gNorm, G_NORMS, 'batch'),
    dNorm: oneOf('dcgan.dNorm', c.dNorm, D_NORMS, 'none'),
    seed: seedField('dcgan.seed', c.seed),
  };
}

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
