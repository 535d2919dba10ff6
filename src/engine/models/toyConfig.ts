// The toy GAN's config and its check, without tfjs (the page checks run settings too).
import type { NoiseKind } from './noise';
import { ACTIVATIONS, type Activation } from './options';
import { intIn, oneOf, plainObject, seedField } from './validate';

/** GAN Lab's noise choices. */
export const TOY_NOISES = ['uniform', 'gaussian'] as const satisfies readonly NoiseKind[];

/** GAN Lab's generator ends in tanh; 'linear' lets points leave (-1, 1). */
export const TOY_OUTPUTS = ['tanh', 'linear'] as const;

export const MAX_TOY_LAYERS = 8;
export const MAX_TOY_UNITS = 512;

/** The 2-D toy GAN of GAN Lab: two MLPs, noise -> point and point -> logit. */
export interface ToyConfig {
  family: 'toy';
  /** Hidden layers in each network (gLayers and dLayers set one alone). @default 2 */
  layers?: number;
  /** Units per hidden layer in each network (gUnits and dUnits set one alone). @default 16 */
  units?: number;
  /** The generator's hidden layers (GAN Lab sets G and D apart). @default layers */
  gLayers?: number;
  /** Units per generator hidden layer. @default units */
  gUnits?: number;
  /** The discriminator's hidden layers. @default layers */
  dLayers?: number;
  /** Units per discriminator hidden layer. @default units */
  dUnits?: number;
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

const KEYS = ['family', 'layers', 'units', 'gLayers', 'gUnits', 'dLayers', 'dUnits', 'activation', 'noiseDim', 'noise', 'output', 'seed'] as const;

/** Fills in the defaults and checks every field; errors name `<label>.<field>`. */
export function resolveToyConfig(input: unknown, label = 'toy'): ResolvedToyConfig {
  const c = plainObject(label, input, KEYS);
  const layers = intIn(`${label}.layers`, c.layers, 1, MAX_TOY_LAYERS, 2);
  const units = intIn(`${label}.units`, c.units, 1, MAX_TOY_UNITS, 16);
  return {
    family: 'toy',
    layers,
    units,
    gLayers: intIn(`${label}.gLayers`, c.gLayers, 1, MAX_TOY_LAYERS, layers),
    gUnits: intIn(`${label}.gUnits`, c.gUnits, 1, MAX_TOY_UNITS, units),
    dLayers: intIn(`${label}.dLayers`, c.dLayers, 1, MAX_TOY_LAYERS, layers),
    dUnits: intIn(`${label}.dUnits`, c.dUnits, 1, MAX_TOY_UNITS, units),
    activation: oneOf(`${label}.activation`, c.activation, ACTIVATIONS, 'relu'),
    noiseDim: intIn(`${label}.noiseDim`, c.noiseDim, 1, 64, 2),
    noise: oneOf(`${label}.noise`, c.noise, TOY_NOISES, 'uniform'),
    output: oneOf(`${label}.output`, c.output, TOY_OUTPUTS, 'tanh'),
    seed: seedField(`${label}.seed`, c.seed),
  };
}
