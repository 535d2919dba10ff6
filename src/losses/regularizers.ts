import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { nextLossSeed } from './randomSeed';
import { NORM_MODES, type NormMode } from './catalog/regularizer';
import { asNetwork, type Network } from './dataInfo';
import { assertRecordedOpsDifferentiable, inputGradient, tapePosition } from './secondOrder';
import { showValue } from './jsonText';
import { LossConfigError } from './types';

export { NORM_MODES } from './catalog/regularizer';
export type { NormMode } from './catalog/regularizer';

export interface PenaltyOptions {
  /** Inpainting mask (1 channel or as many as the data); the penalty is divided by its mean. */
  mask?: Tensor | null;
  /** 'pixel': L2 norm over the channel axis; 'HWC': over each whole sample. @default 'pixel' */
  normMode?: NormMode;
}

export interface GradientPenaltyOptions extends PenaltyOptions {
  /** Interpolation weights of the real data, shape [N, 1, ...]; drawn from U(0, 1) if absent. */
  alpha?: Tensor;
  /** Seed for alpha, for a reproducible penalty. */
  seed?: number;
}

function network(label: string, net: Network): (x: Tensor) => Tensor {
  const fn = asNetwork(net);
  if (fn === null) throw new LossConfigError(`${label}: expected a network (a function of a batch, or a model with apply)`);
  return fn;
}

function assertNormMode(label: string, mode: string): asserts mode is NormMode {
  if (!(NORM_MODES as readonly string[]).includes(mode)) {
    throw new LossConfigError(`${label}: norm_mode must be one of ${NORM_MODES.join(', ')}, got ${showValue(mode)}`);
  }
}

/** Per-sample shape [N, 1, 1, ...] for a tensor like `like`. */
function perSampleShape(like: Tensor): number[] {
  return like.shape.map((d, axis) => (axis === 0 ? d : 1));
}

/**
 * L2 norm along an axis whose gradient at a zero vector is 0, as PyTorch's is. tfjs's
 * `norm` gives 0/0 = NaN there, and masked gradients are exactly zero: the "double where"
 * keeps sqrt away from 0 in the branch that is not taken, so no NaN reaches the weights.
 */
function safeNorm(x: Tensor, axis: number): Tensor {
  const squared = tf.sum(tf.square(x), axis);
  const positive = tf.greater(squared, 0);
  const safe = tf.where(positive, squared, tf.onesLike(squared));
  return tf.where(positive, tf.sqrt(safe), tf.zerosLike(squared));
}

/** Applies the mask, then the L2 norm per pixel (channel axis) or per sample. */
function gradientNorm(gradients: Tensor, mask: Tensor | null | undefined, normMode: NormMode): Tensor {
  const masked = mask ? tf.mul(gradients, mask) : gradients;
  if (normMode === 'pixel') return safeNorm(masked, -1);
  return safeNorm(tf.reshape(masked, [masked.shape[0] ?? 1, -1]), 1);
}

/**
 * WGAN-GP's gradient penalty (MMagic's `gradient_penalty_loss`): mean((||grad D(x̂)|| - 1)^2)
 * at x̂ = alpha * real + (1 - alpha) * fake, alpha ~ U(0, 1) per sample. With a mask the
 * gradient is masked and the penalty divided by the mask's mean.
 */
export function gradientPenaltyLoss(disc: Network, realData: Tensor, fakeData: Tensor, options: GradientPenaltyOptions = {}): Tensor {
  return tf.tidy(() => tf.mean(gradientPenaltyElements(disc, realData, fakeData, options)));
}

/**
 * The gradient penalty before its mean: per pixel ([N, H, W, 1] for images, [N] for vectors)
 * with normMode 'pixel', per sample ([N]) with 'HWC'; divided by the mask's mean already, so
 * its mean is gradientPenaltyLoss. The loss map of GradientPenaltyLoss.
 */
export function gradientPenaltyElements(disc: Network, realData: Tensor, fakeData: Tensor, options: GradientPenaltyOptions = {}): Tensor {
  const label = 'gradientPenaltyLoss';
  const { mask, normMode = 'pixel' } = options;
  assertNormMode(label, normMode);
  const net = network(label, disc);
  return tf.tidy(() => {
    const alpha = options.alpha ?? tf.randomUniform(perSampleShape(realData), 0, 1, 'float32', nextLossSeed(options.seed));
    const interpolates = tf.add(tf.mul(alpha, realData), tf.mul(tf.sub(1, alpha), fakeData));
    const start = tapePosition();
    const gradients = inputGradient(label, net, interpolates);
    const elements = withMapChannel(tf.square(tf.sub(gradientNorm(gradients, mask, normMode), 1)));
    const result = mask ? tf.div(elements, tf.mean(mask)) : elements;
    assertRecordedOpsDifferentiable(label, start, result);
    return result;
  });
}

/**
 * R1 (Mescheder et al. 2018), MMagic's `r1_gradient_penalty_loss`: the squared norm of D's
 * gradient at real data, mean over pixels ('pixel') or the per-sample sum over H, W and C
 * averaged over the batch ('HWC'). With a mask, divided by the mask's mean.
 */
export function r1GradientPenaltyLoss(disc: Network, realData: Tensor, options: PenaltyOptions = {}): Tensor {
  return tf.tidy(() => tf.mean(r1GradientPenaltyElements(disc, realData, options)));
}

/**
 * R1 before its mean: the squared gradient per pixel ([N, H, W, 1] for images, [N] for vectors)
 * with 'pixel', per sample with 'HWC'; divided by the mask's mean, so its mean is
 * r1GradientPenaltyLoss. The loss map of R1GradientPenalty: where D's output is most sensitive.
 */
export function r1GradientPenaltyElements(disc: Network, realData: Tensor, options: PenaltyOptions = {}): Tensor {
  const label = 'r1GradientPenaltyLoss';
  const { mask, normMode = 'pixel' } = options;
  assertNormMode(label, normMode);
  const net = network(label, disc);
  return tf.tidy(() => {
    const start = tapePosition();
    const gradients = inputGradient(label, net, realData);
    const masked = mask ? tf.mul(gradients, mask) : gradients;
    const squared = tf.square(masked);
    const elements = normMode === 'pixel' ? withMapChannel(tf.sum(squared, -1)) : tf.sum(tf.reshape(squared, [masked.shape[0] ?? 1, -1]), 1);
    const result = mask ? tf.div(elements, tf.mean(mask)) : elements;
    assertRecordedOpsDifferentiable(label, start, result);
    return result;
  });
}

/** A per-pixel [N, H, W] gets a channel axis, as every image loss map has ([N, H, W, 1]). */
function withMapChannel(perPixel: Tensor): Tensor {
  return perPixel.rank === 3 ? tf.expandDims(perPixel, -1) : perPixel;
}

/** PGGAN's discriminator drift penalty, element-wise: pred^2 (reduce it yourself, or use DiscShiftLoss). */
export function discShiftLoss(pred: Tensor): Tensor {
  return tf.square(pred);
}

export interface PathRegularizerOptions {
  /** Divides the batch for this penalty (StyleGAN2 uses 2). @default 1 */
  plBatchShrink?: number;
  /** Moving-average rate of the mean path length. @default 0.01 */
  decay?: number;
  /** Multiplies the penalty. @default 1 */
  weight?: number;
  /** Overrides the batch size (and ignores plBatchShrink). */
  plBatchSize?: number | null;
  /**
   * One sample's latent shape, e.g. [128], or [numWs, 512] for StyleGAN's w+. Read from the
   * model's input when the generator is a LayersModel.
   */
  latentShape?: readonly number[];
  /** Draws a latent batch; defaults to a standard normal of latentShape. */
  sampleLatent?: (n: number) => Tensor;
  /** Seed for the latents (seed) and the image-space noise (seed + 1), for a reproducible penalty. */
  seed?: number;
  /** The image-space noise y, before its 1/sqrt(H*W) scaling; shaped like the generator's output. */
  noise?: Tensor;
}

export interface PathRegularizerResult {
  /** weight * mean((pathLengths - pathMean)^2) */
  penalty: Tensor;
  /** The updated moving average of the path length (a scalar). */
  pathMean: Tensor;
  /** ||J^T y|| per sample. */
  pathLengths: Tensor;
}

/** One sample's latent shape: given, or read off a LayersModel's first input. */
function latentShapeOf(generator: Network, given: readonly number[] | undefined): number[] | null {
  if (given) return [...given];
  const inputs = (generator as { inputs?: { shape?: readonly (number | null)[] }[] }).inputs;
  const shape = inputs?.[0]?.shape?.slice(1);
  return shape && shape.every((d): d is number => typeof d === 'number' && d > 0) ? shape : null;
}

/**
 * StyleGAN2's path length regularizer (MMagic's `gen_path_regularizer`). For latents w and
 * image-space noise y ~ N(0, 1) / sqrt(H * W), the path length is ||d(sum(G(w) * y)) / dw||
 * (summed over the latent's last axis, averaged over the others); the penalty is
 * weight * mean((pathLengths - pathMean)^2), where pathMean moves toward the batch's mean
 * path length at rate `decay` (and is part of the penalty's graph, as in MMagic).
 */
export function genPathRegularizer(
  generator: Network,
  numBatches: number,
  meanPathLength: number | Tensor,
  options: PathRegularizerOptions = {},
): PathRegularizerResult {
  const label = 'genPathRegularizer';
  const { plBatchShrink = 1, decay = 0.01, weight = 1, plBatchSize = null } = options;
  // Drawn once per call, so the latents and the noise get seeds related as documented.
  const seed = options.sampleLatent && options.noise ? options.seed : nextLossSeed(options.seed);
  let n = numBatches;
  if (plBatchShrink > 1) n = Math.max(1, Math.floor(n / plBatchShrink));
  if (plBatchSize != null) n = plBatchSize;
  if (!Number.isInteger(n) || n < 1) {
    throw new LossConfigError(`${label}: the batch size must be a positive integer, got ${n}`);
  }
  const net = network(label, generator);
  const shape = latentShapeOf(generator, options.latentShape);
  if (!options.sampleLatent && shape === null) {
    throw new LossConfigError(
      `${label}: cannot tell the generator's latent shape; pass latentShape (e.g. [128]) or sampleLatent, or give a LayersModel`,
    );
  }
  return tf.tidy(() => {
    const latents = options.sampleLatent
      ? options.sampleLatent(n)
      : tf.randomNormal([n, ...(shape as number[])], 0, 1, 'float32', seed);
    const start = tapePosition();
    const noiseSeed = seed === undefined ? undefined : seed + 1;
    const grad = inputGradient(label, (w) => {
      const fake = net(w);
      // Noise scaled by 1/sqrt(H*W) so the path length does not grow with the resolution.
      const spatial = fake.shape.slice(1, -1).reduce((a, b) => a * b, 1);
      const raw = options.noise ?? tf.randomNormal(fake.shape, 0, 1, 'float32', noiseSeed);
      if (!tf.util.arraysEqual(raw.shape, fake.shape)) {
        throw new LossConfigError(
          `${label}: noise shape [${raw.shape.join(', ')}] differs from the generator's output [${fake.shape.join(', ')}]`,
        );
      }
      const noise = tf.div(raw, Math.sqrt(spatial));
      return tf.sum(tf.mul(fake, noise));
    }, latents);
    const middleAxes = grad.shape.map((_, axis) => axis).slice(1, -1);
    const perSample = tf.sum(tf.square(grad), -1);
    const pathLengths = tf.sqrt(middleAxes.length > 0 ? tf.mean(perSample, middleAxes) : perSample);
    const previous = typeof meanPathLength === 'number' ? tf.scalar(meanPathLength) : meanPathLength;
    const pathMean = tf.add(previous, tf.mul(tf.sub(tf.mean(pathLengths), previous), decay));
    const penalty = tf.mul(tf.mean(tf.square(tf.sub(pathLengths, pathMean))), weight);
    assertRecordedOpsDifferentiable(label, start, penalty);
    return { penalty, pathMean, pathLengths };
  });
}
