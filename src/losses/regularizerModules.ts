import * as tf from '@tensorflow/tfjs-core';
import { Tensor } from '@tensorflow/tfjs-core';
import type { z } from 'zod';
import { BaseLoss, batchMean } from './baseLoss';
import {
  DISC_SHIFT_ARGS,
  DISC_SHIFT_SCHEMA,
  GP_ARGS,
  GP_SCHEMA,
  PATH_ARGS,
  PATH_SCHEMA,
  R1_ARGS,
  R1_SCHEMA,
  type NormMode,
} from './catalog/regularizer';
import { parseConfig } from './config';
import type { Network } from './dataInfo';
import { discShiftLoss, genPathRegularizer, gradientPenaltyElements, r1GradientPenaltyElements } from './regularizers';
import { LossConfigError, type LossOutputs, type LossWithMap } from './types';

/**
 * MMGeneration's calling convention: with data_info the single argument is the outputs
 * object; without it the loss's own arguments come directly.
 */
function isOutputsCall(loss: BaseLoss, args: readonly unknown[]): boolean {
  if (loss.dataInfo === null) return false;
  const [first] = args;
  if (args.length !== 1 || first === null || typeof first !== 'object' || first instanceof Tensor) {
    throw new LossConfigError(`${loss.label}: it has data_info, so call it with one outputs object`);
  }
  return true;
}

/**
 * A loss that is the mean of per-element values (weight included): the loss is their mean, its
 * map their batch mean. The penalties differ only in how they compute the elements.
 */
abstract class MeanOfElementsLoss extends BaseLoss {
  /** The weighted loss per element, before the mean. */
  protected abstract elements(args: Record<string, unknown>): Tensor;

  protected fromArgs(args: Record<string, unknown>): Tensor {
    return tf.tidy(() => tf.mean(this.elements(args)));
  }

  protected override fromArgsWithMap(args: Record<string, unknown>): LossWithMap {
    return tf.tidy(() => {
      const elements = this.elements(args);
      return { loss: tf.mean(elements), map: batchMean(elements) };
    });
  }
}

/** PGGAN's drift penalty as MMGeneration's module: loss_weight * mean(pred^2). */
export class DiscShiftLoss extends MeanOfElementsLoss {
  readonly lossWeight: number;

  constructor(config: z.input<typeof DISC_SHIFT_SCHEMA> = {}) {
    const c = parseConfig('DiscShiftLoss', DISC_SHIFT_SCHEMA, config);
    super({
      type: 'DiscShiftLoss',
      lossName: c.loss_name,
      dataInfo: c.data_info,
      interval: c.interval,
      args: DISC_SHIFT_ARGS,
    });
    this.lossWeight = c.loss_weight;
  }

  forward(outputs: LossOutputs): Tensor | null;
  forward(pred: Tensor): Tensor;
  forward(...args: [LossOutputs] | [Tensor]): Tensor | null {
    if (isOutputsCall(this, args)) return this.forwardOutputs(args[0] as LossOutputs);
    return this.fromArgs({ pred: args[0] });
  }

  protected elements(args: Record<string, unknown>): Tensor {
    return tf.mul(discShiftLoss(args.pred as Tensor), this.lossWeight);
  }
}

/** WGAN-GP's gradient penalty as a module: loss_weight * gradientPenaltyLoss(...). */
export class GradientPenaltyLoss extends MeanOfElementsLoss {
  readonly lossWeight: number;
  readonly normMode: NormMode;

  constructor(config: z.input<typeof GP_SCHEMA> = {}) {
    const c = parseConfig('GradientPenaltyLoss', GP_SCHEMA, config);
    super({ type: 'GradientPenaltyLoss', lossName: c.loss_name, dataInfo: c.data_info, interval: c.interval, args: GP_ARGS });
    this.lossWeight = c.loss_weight;
    this.normMode = c.norm_mode;
  }

  forward(outputs: LossOutputs): Tensor | null;
  forward(discriminator: Network, realData: Tensor, fakeData: Tensor, mask?: Tensor | null): Tensor;
  forward(...args: unknown[]): Tensor | null {
    if (isOutputsCall(this, args)) return this.forwardOutputs(args[0] as LossOutputs);
    const [discriminator, real_data, fake_data, mask] = args;
    return this.fromArgs({ discriminator, real_data, fake_data, mask });
  }

  /** loss_weight times the penalty per pixel (or per sample with norm_mode 'HWC'). */
  protected elements(args: Record<string, unknown>): Tensor {
    const options = { mask: args.mask as Tensor | undefined, normMode: this.normMode };
    return tf.mul(gradientPenaltyElements(args.discriminator as Network, args.real_data as Tensor, args.fake_data as Tensor, options), this.lossWeight);
  }
}

/** R1 as a module: loss_weight * r1GradientPenaltyLoss(...), every `interval` iterations. */
export class R1GradientPenalty extends MeanOfElementsLoss {
  readonly lossWeight: number;
  readonly normMode: NormMode;

  constructor(config: z.input<typeof R1_SCHEMA> = {}) {
    const c = parseConfig('R1GradientPenalty', R1_SCHEMA, config);
    super({ type: 'R1GradientPenalty', lossName: c.loss_name, dataInfo: c.data_info, interval: c.interval, args: R1_ARGS });
    this.lossWeight = c.loss_weight;
    this.normMode = c.norm_mode;
  }

  forward(outputs: LossOutputs): Tensor | null;
  forward(discriminator: Network, realData: Tensor, mask?: Tensor | null): Tensor;
  forward(...args: unknown[]): Tensor | null {
    if (isOutputsCall(this, args)) return this.forwardOutputs(args[0] as LossOutputs);
    const [discriminator, real_data, mask] = args;
    return this.fromArgs({ discriminator, real_data, mask });
  }

  /** loss_weight times the squared gradient per pixel (or per sample with norm_mode 'HWC'). */
  protected elements(args: Record<string, unknown>): Tensor {
    const options = { mask: args.mask as Tensor | undefined, normMode: this.normMode };
    return tf.mul(r1GradientPenaltyElements(args.discriminator as Network, args.real_data as Tensor, options), this.lossWeight);
  }
}

/**
 * StyleGAN2's path length regularizer as a module. It keeps the moving mean path length
 * between calls (on the device, starting at 0), as MMGeneration's buffer does; `dispose()`
 * frees it.
 */
export class GeneratorPathRegularizer extends BaseLoss {
  readonly lossWeight: number;
  readonly plBatchShrink: number;
  readonly decay: number;
  readonly plBatchSize: number | null;
  readonly latentShape: readonly number[] | undefined;
  private meanPathLength: Tensor | null = null;

  constructor(config: z.input<typeof PATH_SCHEMA> = {}) {
    const c = parseConfig('GeneratorPathRegularizer', PATH_SCHEMA, config);
    super({
      type: 'GeneratorPathRegularizer',
      lossName: c.loss_name,
      dataInfo: c.data_info,
      interval: c.interval,
      args: PATH_ARGS,
    });
    this.lossWeight = c.loss_weight;
    this.plBatchShrink = c.pl_batch_shrink;
    this.decay = c.decay;
    this.plBatchSize = c.pl_batch_size;
    this.latentShape = c.latent_shape;
  }

  /** The moving mean path length so far (a scalar tensor owned by the module), or null before the first call. */
  get meanPathLengthTensor(): Tensor | null {
    return this.meanPathLength;
  }

  forward(outputs: LossOutputs): Tensor | null;
  forward(generator: Network, numBatches: number): Tensor;
  forward(...args: unknown[]): Tensor | null {
    if (isOutputsCall(this, args)) return this.forwardOutputs(args[0] as LossOutputs);
    const [generator, num_batches] = args;
    return this.fromArgs({ generator, num_batches });
  }

  protected fromArgs(args: Record<string, unknown>): Tensor {
    const { penalty, pathMean, pathLengths } = genPathRegularizer(
      args.generator as Network,
      args.num_batches as number,
      this.meanPathLength ?? 0,
      {
        plBatchShrink: this.plBatchShrink,
        decay: this.decay,
        weight: this.lossWeight,
        plBatchSize: this.plBatchSize,
        ...(this.latentShape ? { latentShape: this.latentShape } : {}),
      },
    );
    pathLengths.dispose();
    this.meanPathLength?.dispose();
    // Outlives the caller's tidy; as a tensor it stays on the device (no read-back per step).
    this.meanPathLength = tf.keep(pathMean);
    return penalty;
  }

  getState(): Record<string, Tensor> {
    return this.meanPathLength ? { meanPathLength: this.meanPathLength } : {};
  }

  setState(state: Record<string, Tensor>): void {
    const value = state.meanPathLength;
    if (value !== undefined && value.size !== 1) {
      throw new LossConfigError(`GeneratorPathRegularizer.setState: meanPathLength must be a scalar, got shape [${value.shape.join(', ')}]`);
    }
    this.dispose();
    // A new tensor (reshape shares the data), kept so a caller's tidy cannot free it.
    if (value !== undefined) this.meanPathLength = tf.keep(tf.tidy(() => tf.reshape(value, [])));
  }

  override dispose(): void {
    this.meanPathLength?.dispose();
    this.meanPathLength = null;
  }
}
