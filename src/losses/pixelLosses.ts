import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { assertSameShape, BaseLoss, batchMean } from './baseLoss';
import { PIXEL_ARGS, PIXEL_SCHEMAS, type PixelLossConfig, type PixelSchema } from './catalog/pixel';
import { parseConfig } from './config';
import { maskReduceLoss } from './reduction';
import type { LossWithMap, Reduction } from './types';

export type { PixelLossConfig } from './catalog/pixel';

/** Element-wise loss of a pixel loss, before weighting and reduction. */
type ElementwiseFn = (pred: Tensor, target: Tensor) => Tensor;

/**
 * MMagic's pixel-wise losses: `loss_weight * mask_reduce_loss(f(pred, target), weight,
 * reduction, sample_wise)`, with an optional element-wise weight (1 channel or as many as
 * the prediction).
 */
abstract class PixelLoss extends BaseLoss {
  readonly lossWeight: number;
  readonly reduction: Reduction;
  readonly sampleWise: boolean;
  /** The validated config, defaults filled in. */
  protected readonly options: Readonly<Record<string, unknown>>;

  protected constructor(type: keyof typeof PIXEL_SCHEMAS, config: unknown) {
    // CharbonnierLoss's schema only adds eps, so the base schema's output type still describes the result.
    const c = parseConfig(type, PIXEL_SCHEMAS[type] as PixelSchema, config);
    super({ type, lossName: c.loss_name, dataInfo: c.data_info, interval: c.interval, args: PIXEL_ARGS });
    this.lossWeight = c.loss_weight;
    this.reduction = c.reduction;
    this.sampleWise = c.sample_wise;
    this.options = c;
  }

  protected abstract elementwise: ElementwiseFn;

  /** The weighted, reduced loss. `weight` masks elements (1 channel or as many as `pred`). */
  forward(pred: Tensor, target: Tensor, weight?: Tensor | null): Tensor {
    return this.compute(pred, target, weight, false).loss;
  }

  /** `forward`, with the weighted per-element loss averaged over the batch. */
  forwardWithMap(pred: Tensor, target: Tensor, weight?: Tensor | null): LossWithMap {
    return this.compute(pred, target, weight, true);
  }

  private compute(pred: Tensor, target: Tensor, weight: Tensor | null | undefined, withMap: boolean): LossWithMap {
    assertSameShape(this.label, pred, target, ['pred', 'target']);
    return tf.tidy(() => {
      const elementwise = this.elementwise(pred, target);
      const loss = tf.mul(maskReduceLoss(elementwise, weight, this.reduction, this.sampleWise), this.lossWeight);
      if (!withMap) return { loss };
      const masked = weight ? tf.mul(elementwise, weight) : elementwise;
      return { loss, map: batchMean(tf.mul(masked, this.lossWeight)) };
    }) as LossWithMap;
  }

  protected fromArgs(args: Record<string, unknown>): Tensor {
    return this.forward(args.pred as Tensor, args.target as Tensor, args.weight as Tensor | undefined);
  }

  protected override fromArgsWithMap(args: Record<string, unknown>): LossWithMap {
    return this.forwardWithMap(args.pred as Tensor, args.target as Tensor, args.weight as Tensor | undefined);
  }
}

export const l1Elementwise: ElementwiseFn = (pred, target) => tf.abs(tf.sub(pred, target));
export const mseElementwise: ElementwiseFn = (pred, target) => tf.squaredDifference(pred, target);

/** L1 (mean absolute error). */
export class L1Loss extends PixelLoss {
  protected elementwise = l1Elementwise;
  constructor(config: PixelLossConfig = {}) {
    super('L1Loss', config);
  }
}

/** MSE (L2). */
export class MSELoss extends PixelLoss {
  protected elementwise = mseElementwise;
  constructor(config: PixelLossConfig = {}) {
    super('MSELoss', config);
  }
}

/** Charbonnier loss, a differentiable L1: sqrt((pred - target)^2 + eps). */
export class CharbonnierLoss extends PixelLoss {
  readonly eps: number;
  protected elementwise: ElementwiseFn = (pred, target) =>
    tf.sqrt(tf.add(tf.squaredDifference(pred, target), this.eps));

  constructor(config: PixelLossConfig & { eps?: number } = {}) {
    super('CharbonnierLoss', config);
    this.eps = this.options.eps as number;
  }
}
