import * as tf from '@tensorflow/tfjs';
import { ACTIVATIONS, activationLayer, SeedStream, type Activation } from './layers';
import type { NoiseKind } from './noise';
import { intIn, oneOf, plainObject, seedField } from './validate';

/** GAN Lab's noise choices. */
export const TOY_NOISES = ['uniform', 'gaussian'] as const satisfies readonly NoiseKind[];

/** GAN Lab's generator ends in tanh; 'linear' lets points leave (-1, 1). */
export const TOY_OUTPUTS = ['tanh', 'linear'] as const;

/** The 2-D toy GAN of GAN Lab: two MLPs, noise -> point and point -> logit. */
export interface ToyConfig {
  family: 'toy';
  /** Hidden layers in each network. @default 2 */
  layers?: number;
  /** Units per hidden layer. @default 16 */
  units?: number;
  /** @default 'relu' */
  activation?: Activation;
  /** Noise dimensions (GAN Lab: 1 or 2, which it can draw). @default 2 */
  noiseDim?: number;
  /** @default 'uniform' */
  noise?: (typeof TOY_NOISES)[number];
  /** The generator's last activation. @default 'tanh' */
  output?: (typeof TOY_OUTPUTS)[number];
  /** Seeds every initializer. @default 0 */
  seed?: number;
}
export type ResolvedToyConfig = Required<ToyConfig>;

const KEYS = ['family', 'layers', 'units', 'activation', 'noiseDim', 'noise', 'output', 'seed'] as const;

export function resolveToyConfig(input: unknown): ResolvedToyConfig {
  const c = plainObject('toy', input, KEYS);
  return {
    family: 'toy',
    layers: intIn('toy.layers', c.layers, 1, 8, 2),
    units: intIn('toy.units', c.units, 1, 512, 16),
    activation: oneOf('toy.activation', c.activation, ACTIVATIONS, 'relu'),
    noiseDim: intIn('toy.noiseDim', c.noiseDim, 1, 64, 2),
    noise: oneOf('toy.noise', c.noise, TOY_NOISES, 'uniform'),
    output: oneOf('toy.output', c.output, TOY_OUTPUTS, 'tanh'),
    seed: seedField('toy.seed', c.seed),
  };
}

function mlp(inputDim: number, outputDim: number, c: ResolvedToyConfig, seeds: SeedStream, last: 'tanh' | 'linear', name: string) {
  const model = tf.sequential({ name });
  for (let i = 0; i < c.layers; i++) {
    model.add(
      tf.layers.dense({
        ...(i === 0 ? { inputShape: [inputDim] } : {}),
        units: c.units,
        kernelInitializer: seeds.lecun(),
      }),
    );
    model.add(activationLayer(c.activation));
  }
  model.add(tf.layers.dense({ units: outputDim, kernelInitializer: seeds.lecun() }));
  if (last === 'tanh') model.add(tf.layers.activation({ activation: 'tanh' }));
  return model;
}

/** Generator [N, noiseDim] -> [N, 2]; discriminator [N, 2] -> [N, 1] logits. */
export function buildToy(c: ResolvedToyConfig): { generator: tf.LayersModel; discriminator: tf.LayersModel } {
  // Separate streams so resizing the generator leaves the discriminator's weights alone.
  const generator = mlp(c.noiseDim, 2, c, new SeedStream(c.seed * 2), c.output, 'toy_generator');
  const discriminator = mlp(2, 1, c, new SeedStream(c.seed * 2 + 1), 'linear', 'toy_discriminator');
  return { generator, discriminator };
}
