import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { assertSameShape, BaseLoss, batchMean } from './baseLoss';
import { dataInfo, interval, lossWeight, parseConfig, reduction } from './config';
import type { ArgSpec } from './dataInfo';
import { maskReduceLoss } from './reduction';
import type { LossWithMap, Reduction } from './types';

const PIXEL_ARGS: readonly ArgSpec[] = [
  { name: 'pred', kind: 'tensor' },
  { name: 'target', kind: 'tensor' },
  { name: 'weight', kind: 'tensor', optional: true },
];

function pixelSchema(defaultName: string) {
  return z.strictObject({
    /** @default 1 */
    loss_weight: lossWeight,
    /** @default 'mean' */
    reduction,
    /** Per-sample masked mean; only with reduction 'mean' and a weight. @default false */
    sample_wise: z.boolean().default(false),
    data_info: dataInfo,
    interval,
    loss_name: z.string().min(1).default(defaultName),
  });
}

export type PixelLossConfig = z.input<ReturnType<typeof pixelSchema>>;

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

  protected constructor(type: string, defaultName: string, config: unknown, extraSchema?: z.ZodRawShape) {
    // Extra options only add keys, so the base schema's output type still describes the result.
    const schema = (extraSchema ? pixelSchema(defaultName).extend(extraSchema) : pixelSchema(defaultName)) as ReturnType<typeof pixelSchema>;
    const c = parseConfig(type, schema, config);
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
    super('L1Loss', 'loss_l1', config);
  }
}

/** MSE (L2). */
export class MSELoss extends PixelLoss {
  protected elementwise = mseElementwise;
  constructor(config: PixelLossConfig = {}) {
    super('MSELoss', 'loss_mse', config);
  }
}

const charbonnierExtra = {
  /** Curvature near zero: sqrt((pred - target)^2 + eps). @default 1e-12 */
  eps: z.number().finite().nonnegative().default(1e-12),
};

/** Charbonnier loss, a differentiable L1: sqrt((pred - target)^2 + eps). */
export class CharbonnierLoss extends PixelLoss {
  readonly eps: number;
  protected elementwise: ElementwiseFn = (pred, target) =>
    tf.sqrt(tf.add(tf.squaredDifference(pred, target), this.eps));

  constructor(config: PixelLossConfig & { eps?: number } = {}) {
    super('CharbonnierLoss', 'loss_charbonnier', config, charbonnierExtra);
    this.eps = this.options.eps as number;
  }
}
