import type * as tf from '@tensorflow/tfjs';
import { resolveModelConfig, type ModelConfig, type ResolvedModelConfig } from './config';
import { buildDcgan } from './dcgan';
import { countFlops, formatFlops } from './flops';
import { sampleNoise, type NoiseKind } from './noise';
import { buildPix2pix } from './pix2pix';
import { buildToy } from './toy';

export { MODEL_FAMILIES, resolveModelConfig } from './config';
export type { ModelConfig, ModelFamily, ResolvedModelConfig } from './config';
export { DCGAN_IMAGE_SHAPE } from './dcgan';
export type { DcganConfig, ResolvedDcganConfig } from './dcgan';
export { countFlops, flopsByLayer, formatFlops, layerFlops } from './flops';
export { ACTIVATIONS, D_NORMS, G_NORMS } from './layers';
export type { Activation, DiscriminatorNorm, GeneratorNorm } from './layers';
export { NOISE_KINDS, sampleNoise } from './noise';
export type { NoiseKind } from './noise';
export { pairInput, PIX2PIX_SIZES, unetDepth } from './pix2pix';
export type { Pix2pixConfig, ResolvedPix2pixConfig } from './pix2pix';
export { TOY_NOISES, TOY_OUTPUTS } from './toy';
export type { ResolvedToyConfig, ToyConfig } from './toy';
export { ModelConfigError } from './validate';

/**
 * What each network takes and gives, by the losses' outputs keys (src/manager/builtinSpecs.ts).
 * Shapes are per sample, without the batch axis.
 */
export interface ModelKeys {
  /** 'noise' [N, noiseDim] for toy and dcgan; 'real_a' [N, S, S, cA] for pix2pix. */
  generatorInput: 'noise' | 'real_a';
  /** The generator's output: 'fake_imgs' (toy: 2-D points), or pix2pix's 'fake_b'. */
  generatorOutput: 'fake_imgs' | 'fake_b';
  /**
   * 'sample': real_imgs or fake_imgs as they are. 'real_a+b': pix2pix's real_a with real_b
   * or fake_b, concatenated on the channel axis (pairInput).
   */
  discriminatorInput: 'sample' | 'real_a+b';
  generatorInputShape: number[];
  generatorOutputShape: number[];
  discriminatorInputShape: number[];
  /** [1] for one logit per sample; [g, g, 1] for pix2pix's grid of patch logits. */
  discriminatorOutputShape: number[];
}

export interface GanModels {
  config: ResolvedModelConfig;
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  /** One sample's noise shape, [noiseDim], for toy and dcgan; absent for pix2pix (no noise). */
  latentShape?: number[];
  modelKeys: ModelKeys;
  /**
   * Which networks hold batch norm. Call those with `apply(x, { training: true })` in training
   * steps (see trainingNetwork): a plain `apply` uses the moving statistics and never updates them.
   */
  batchNorm: { generator: boolean; discriminator: boolean };
  /** A noise batch [n, noiseDim] of the config's distribution; absent for pix2pix. */
  sampleNoise?: (n: number, seed?: number) => tf.Tensor2D;
  /** FLOPs (2 x multiply-adds) per forward pass per sample. */
  flops: { generator: number; discriminator: number };
  /** Several lines: the config, then each network's shapes, parameters and FLOPs. */
  describe(): string;
  /** Frees both networks' weights. */
  dispose(): void;
}

/**
 * A model in training mode as a function of a batch, for the losses' `Network` arguments
 * (R1's and GP's `disc`): LayersModel.apply alone runs batch norm in inference mode.
 */
export function trainingNetwork(model: tf.LayersModel): (x: tf.Tensor) => tf.Tensor {
  return (x) => model.apply(x, { training: true }) as tf.Tensor;
}

function perSample(shape: readonly (number | null)[] | undefined): number[] {
  return (shape ?? []).slice(1).map((d) => d ?? -1);
}

const hasBatchNorm = (model: tf.LayersModel) => model.layers.some((l) => l.getClassName() === 'BatchNormalization');

function noiseOf(config: ResolvedModelConfig): { kind: NoiseKind; dim: number } | null {
  if (config.family === 'toy') return { kind: config.noise, dim: config.noiseDim };
  if (config.family === 'dcgan') return { kind: 'normal', dim: config.noiseDim };
  return null;
}

function describeModels(config: ResolvedModelConfig, models: Omit<GanModels, 'describe' | 'dispose'>): string {
  const { family, ...fields } = config;
  const keys = models.modelKeys;
  const line = (label: string, model: tf.LayersModel, input: string, output: number[], flops: number, bn: boolean) =>
    `  ${label}: ${input} -> [${output.join(', ')}]: ${model.countParams().toLocaleString('en-US')} params, ` +
    `${formatFlops(flops)} per sample${bn ? ' (batch norm: apply with training: true)' : ''}`;
  return [
    `${family} ${JSON.stringify(fields)}`,
    line('G', models.generator, `${keys.generatorInput} [${keys.generatorInputShape.join(', ')}]`, keys.generatorOutputShape, models.flops.generator, models.batchNorm.generator),
    line('D', models.discriminator, `${keys.discriminatorInput} [${keys.discriminatorInputShape.join(', ')}]`, keys.discriminatorOutputShape, models.flops.discriminator, models.batchNorm.discriminator),
  ].join('\n');
}

/** Builds a family's generator and discriminator from a JSON config (defaults filled in, fields checked). */
export function buildModels(input: ModelConfig): GanModels {
  const config = resolveModelConfig(input);
  const { generator, discriminator } =
    config.family === 'toy' ? buildToy(config) : config.family === 'dcgan' ? buildDcgan(config) : buildPix2pix(config);
  const pix2pix = config.family === 'pix2pix';
  const noise = noiseOf(config);
  const models: Omit<GanModels, 'describe' | 'dispose'> = {
    config,
    generator,
    discriminator,
    modelKeys: {
      generatorInput: pix2pix ? 'real_a' : 'noise',
      generatorOutput: pix2pix ? 'fake_b' : 'fake_imgs',
      discriminatorInput: pix2pix ? 'real_a+b' : 'sample',
      generatorInputShape: perSample(generator.inputs[0]?.shape),
      generatorOutputShape: perSample(generator.outputs[0]?.shape),
      discriminatorInputShape: perSample(discriminator.inputs[0]?.shape),
      discriminatorOutputShape: perSample(discriminator.outputs[0]?.shape),
    },
    batchNorm: { generator: hasBatchNorm(generator), discriminator: hasBatchNorm(discriminator) },
    flops: { generator: countFlops(generator), discriminator: countFlops(discriminator) },
    ...(noise && {
      latentShape: [noise.dim],
      sampleNoise: (n: number, seed?: number) => sampleNoise(noise.kind, noise.dim, n, seed),
    }),
  };
  return {
    ...models,
    describe: () => describeModels(config, models),
    dispose: () => {
      generator.dispose();
      discriminator.dispose();
    },
  };
}
