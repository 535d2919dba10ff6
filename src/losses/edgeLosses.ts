import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { assertSameShape, BaseLoss, batchMean } from './baseLoss';
import { EDGE_ARGS, EDGE_SCHEMAS, type EdgeConfig, type EdgeSchema } from './catalog/edge';
import { parseConfig } from './config';
import { l1Elementwise, mseElementwise } from './pixelLosses';
import { maskReduceLoss } from './reduction';
import { LossConfigError, type LossWithMap, type Reduction } from './types';

/** Sobel kernels as MMagic and NectarGAN write them (rows top to bottom). */
export const SOBEL_X = [
  [1, 0, -1],
  [2, 0, -2],
  [1, 0, -1],
] as const;
export const SOBEL_Y = [
  [1, 2, 1],
  [0, 0, 0],
  [-1, -2, -1],
] as const;
/** NectarGAN's 4-neighbour Laplacian. */
export const LAPLACIAN = [
  [0, 1, 0],
  [1, -4, 1],
  [0, 1, 0],
] as const;
/** NectarGAN adds this under the square root of the Sobel magnitude. */
const SOBEL_MAGNITUDE_EPS = 1e-6;

/**
 * Cross-correlates every channel with a 3x3 kernel, zero-padded to keep H and W (PyTorch's
 * `conv2d(x, k, padding=1)`, applied per channel).
 */
export function filter3x3(x: Tensor4D, kernel: readonly (readonly number[])[]): Tensor4D {
  const channels = x.shape[3];
  return tf.tidy(() => {
    const k = tf.tensor2d(kernel.map((row) => [...row]), [3, 3]);
    const depthwise = tf.tile(tf.reshape(k, [3, 3, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
    return tf.depthwiseConv2d(x, depthwise, 1, 'same');
  });
}

function asImage(label: string, t: Tensor, name: string): Tensor4D {
  if (t.rank !== 4) {
    throw new LossConfigError(`${label}: ${name} must be an NHWC batch of rank 4, got shape [${t.shape.join(', ')}]`);
  }
  return t as Tensor4D;
}

abstract class EdgeLoss extends BaseLoss {
  readonly lossWeight: number;
  readonly reduction: Reduction;

  protected constructor(type: keyof typeof EDGE_SCHEMAS, config: unknown) {
    // Sobel's and Laplacian's schemas only add metric, so the base schema's output type still describes the result.
    const c = parseConfig(type, EDGE_SCHEMAS[type] as EdgeSchema, config);
    super({ type, lossName: c.loss_name, dataInfo: c.data_info, interval: c.interval, args: EDGE_ARGS });
    this.lossWeight = c.loss_weight;
    this.reduction = c.reduction;
    this.options = c;
  }

  protected readonly options: Readonly<Record<string, unknown>>;

  /** The loss between the two edge maps before weighting: reduced, and element-wise (masked). */
  protected abstract edgeLoss(pred: Tensor4D, target: Tensor4D, weight: Tensor | null): { loss: Tensor; elementwise: Tensor };

  forward(pred: Tensor, target: Tensor, weight?: Tensor | null): Tensor {
    return this.compute(pred, target, weight, false).loss;
  }

  /** `forward`, with the weighted per-element loss averaged over the batch. */
  forwardWithMap(pred: Tensor, target: Tensor, weight?: Tensor | null): LossWithMap {
    return this.compute(pred, target, weight, true);
  }

  private compute(pred: Tensor, target: Tensor, weight: Tensor | null | undefined, withMap: boolean): LossWithMap {
    assertSameShape(this.label, pred, target, ['pred', 'target']);
    const p = asImage(this.label, pred, 'pred');
    const t = asImage(this.label, target, 'target');
    return tf.tidy(() => {
      const { loss, elementwise } = this.edgeLoss(p, t, weight ?? null);
      const weighted = tf.mul(loss, this.lossWeight);
      if (!withMap) return { loss: weighted };
      const masked = weight ? tf.mul(elementwise, weight) : elementwise;
      return { loss: weighted, map: batchMean(tf.mul(masked, this.lossWeight)) };
    }) as LossWithMap;
  }

  protected fromArgs(args: Record<string, unknown>): Tensor {
    return this.forward(args.pred as Tensor, args.target as Tensor, args.weight as Tensor | undefined);
  }

  protected override fromArgsWithMap(args: Record<string, unknown>): LossWithMap {
    return this.forwardWithMap(args.pred as Tensor, args.target as Tensor, args.weight as Tensor | undefined);
  }
}

/**
 * MMagic's GradientLoss: L1 between the Sobel x-gradients plus L1 between the Sobel
 * y-gradients of prediction and target, each reduced with `reduction`. MMagic convolves a
 * single-channel map; we filter every channel the same way.
 */
export class GradientLoss extends EdgeLoss {
  constructor(config: EdgeConfig = {}) {
    super('GradientLoss', config);
  }

  protected edgeLoss(pred: Tensor4D, target: Tensor4D, weight: Tensor | null) {
    const dx = l1Elementwise(filter3x3(pred, SOBEL_X), filter3x3(target, SOBEL_X));
    const dy = l1Elementwise(filter3x3(pred, SOBEL_Y), filter3x3(target, SOBEL_Y));
    const loss = tf.add(maskReduceLoss(dx, weight, this.reduction), maskReduceLoss(dy, weight, this.reduction));
    return { loss, elementwise: tf.add(dx, dy) };
  }
}

/** NectarGAN's grayscale: the mean over channels, keeping a channel axis of 1. */
function grayscale(x: Tensor4D): Tensor4D {
  return tf.mean(x, 3, true) as Tensor4D;
}

function metricFn(name: unknown) {
  return name === 'L2' ? mseElementwise : l1Elementwise;
}

/**
 * NectarGAN's Sobel structure loss: both images to grayscale (channel mean), Sobel
 * magnitude sqrt(gx^2 + gy^2 + 1e-6), then L1 (or L2) between the magnitudes.
 */
export class SobelLoss extends EdgeLoss {
  constructor(config: EdgeConfig & { metric?: 'L1' | 'L2' } = {}) {
    super('SobelLoss', config);
  }

  static magnitude(x: Tensor4D): Tensor4D {
    return tf.tidy(() => {
      const gray = grayscale(x);
      const sq = tf.add(tf.square(filter3x3(gray, SOBEL_X)), tf.square(filter3x3(gray, SOBEL_Y)));
      return tf.sqrt(tf.add(sq, SOBEL_MAGNITUDE_EPS)) as Tensor4D;
    });
  }

  protected edgeLoss(pred: Tensor4D, target: Tensor4D, weight: Tensor | null) {
    const elementwise = metricFn(this.options.metric)(SobelLoss.magnitude(pred), SobelLoss.magnitude(target));
    return { loss: maskReduceLoss(elementwise, weight, this.reduction), elementwise };
  }
}

/** NectarGAN's Laplacian loss: grayscale, the 4-neighbour Laplacian, then L1 (or L2). */
export class LaplacianLoss extends EdgeLoss {
  constructor(config: EdgeConfig & { metric?: 'L1' | 'L2' } = {}) {
    super('LaplacianLoss', config);
  }

  protected edgeLoss(pred: Tensor4D, target: Tensor4D, weight: Tensor | null) {
    const lap = (x: Tensor4D) => filter3x3(grayscale(x), LAPLACIAN);
    const elementwise = metricFn(this.options.metric)(lap(pred), lap(target));
    return { loss: maskReduceLoss(elementwise, weight, this.reduction), elementwise };
  }
}
