// The toy GAN's config and its check, without tfjs (the page checks run settings too).
import type { NoiseKind } from './noise';
import { ACTIVATIONS, type Activation } from './options';
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

/** Fills in the defaults and checks every field; errors name `<label>.<field>`. */
export function resolveToyConfig(input: unknown, label = 'toy'): ResolvedToyConfig {
  const c = plainObject(label, input, KEYS);
  return {
    family: 'toy',
    layers: intIn(`${label}.layers`, c.layers, 1, 8, 2),
    units: intIn(`${label}.units`, c.units, 1, 512, 16),
    activation: oneOf(`${label}.activation`, c.activation, ACTIVATIONS, 'relu'),
    noiseDim: intIn(`${label}.noiseDim`, c.noiseDim, 1, 64, 2),
    noise: oneOf(`${label}.noise`, c.noise, TOY_NOISES, 'uniform'),
    output: oneOf(`${label}.output`, c.output, TOY_OUTPUTS, 'tanh'),
    seed: seedField(`${label}.seed`, c.seed),
  };
}
