import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { BaseLoss, batchMean } from './baseLoss';
import { bceMeanWithLogits, bceWithLogits } from './bceWithLogits';
import { GAN_ARGS, GAN_COMPS_TYPES, GAN_TYPES, ganSchema, ganSuppliedByConfig, type GanConfig, type GanType } from './catalog/gan';
import { parseConfig } from './config';
import { gaussianBlur } from './gaussianBlur';
import { LossConfigError, type LossWithMap } from './types';

export { GAN_COMPS_TYPES, GAN_TYPES } from './catalog/gan';
export type { GanType } from './catalog/gan';


/**
 * t * weight, or t itself for a weight of 1: the same numbers, and in a training step one
 * taped op (and its saved copies and gradient) fewer.
 */
function times(t: Tensor, weight: number): Tensor {
  return weight === 1 ? t : tf.mul(t, weight);
}

/**
 * MMagic's GANLoss. `forward(input, targetIsReal, isDisc, mask)` gives the adversarial loss
 * of the critic's output `input`:
 * - vanilla: BCE with logits against the real/fake label; lsgan: MSE against it; l1: L1.
 * - wgan: -mean(input) for real, mean(input) for fake.
 * - wgan-logistic-ns: mean(softplus(-input)) for real, mean(softplus(input)) for fake.
 * - hinge: discriminator mean(relu(1 - input)) real, mean(relu(1 + input)) fake;
 *   generator -mean(input) whatever the target.
 * - smgan (AOT-GAN): MSE where the input is resized (bilinear, align corners) to the mask;
 *   the discriminator's fake target is the mask blurred by MMagic's GaussianBlur
 *   (71x71, sigma 10); the generator's loss is mean(mse * mask / mean(mask)).
 * `loss_weight` multiplies the generator's loss only (isDisc false), as in MMagic. A mask
 * is used by smgan only; other types ignore it, as MMagic does.
 */
export class GANLoss extends BaseLoss {
  readonly ganType: GanType;
  readonly realLabel: number;
  readonly fakeLabel: number;
  readonly lossWeight: number;
  private readonly targetIsRealDefault: boolean | undefined;
  private readonly isDiscDefault: boolean;

  constructor(config: GanConfig, type = 'GANLoss', types: readonly [string, ...string[]] = GAN_TYPES) {
    const c = parseConfig(type, ganSchema(types), config);
    super({
      type,
      lossName: c.loss_name,
      dataInfo: c.data_info,
      interval: c.interval,
      args: GAN_ARGS,
      suppliedByConfig: ganSuppliedByConfig(c),
    });
    this.ganType = c.gan_type as GanType;
    this.realLabel = c.real_label_val;
    this.fakeLabel = c.fake_label_val;
    this.lossWeight = c.loss_weight;
    this.targetIsRealDefault = c.target_is_real;
    this.isDiscDefault = c.is_disc;
  }

  forward(input: Tensor, targetIsReal: boolean, isDisc = false, mask?: Tensor | null): Tensor {
    return this.compute(input, targetIsReal, isDisc, mask ?? null, false).loss;
  }

  /** `forward`, with the (weighted) per-element loss averaged over the batch. */
  forwardWithMap(input: Tensor, targetIsReal: boolean, isDisc = false, mask?: Tensor | null): LossWithMap {
    return this.compute(input, targetIsReal, isDisc, mask ?? null, true);
  }

  private compute(input: Tensor, targetIsReal: boolean, isDisc: boolean, mask: Tensor | null, withMap: boolean): LossWithMap {
    if (this.ganType === 'smgan' && mask == null) {
      throw new LossConfigError(`${this.label}: gan_type 'smgan' needs a mask (the fourth argument)`);
    }
    return tf.tidy(() => {
      // MMagic: loss_weight is for the generator; the discriminator's loss is never weighted.
      const weight = isDisc ? 1 : this.lossWeight;
      // BCE's mean as one kernel where the backend has one (webgl). A map over [n, 1] logits is
      // that mean itself (its batch mean), so it needs no per-element loss.
      const fused = this.ganType === 'vanilla' && (!withMap || input.shape[1] === 1) ? bceMeanWithLogits(input, this.labelValue(targetIsReal)) : null;
      if (fused) {
        const loss = times(fused, weight);
        return withMap ? { loss, map: tf.reshape(loss, [1]) } : { loss };
      }
      const { loss, elementwise } = this.unweighted(input, targetIsReal, isDisc, mask);
      return withMap ? { loss: times(loss, weight), map: batchMean(times(elementwise, weight)) } : { loss: times(loss, weight) };
    }) as LossWithMap;
  }

  private labelValue(targetIsReal: boolean): number {
    return targetIsReal ? this.realLabel : this.fakeLabel;
  }

  /** The unweighted loss and its per-element terms (the loss is their mean but for smgan's generator). */
  private unweighted(input: Tensor, targetIsReal: boolean, isDisc: boolean, mask: Tensor | null): { loss: Tensor; elementwise: Tensor } {
    const y = this.labelValue(targetIsReal);
    const signed = () => (targetIsReal ? tf.neg(input) : input);
    let elementwise: Tensor;
    switch (this.ganType) {
      case 'vanilla':
        elementwise = bceWithLogits(input, y);
        break;
      case 'lsgan':
        elementwise = tf.square(tf.sub(input, y));
        break;
      case 'l1':
        elementwise = tf.abs(tf.sub(input, y));
        break;
      case 'wgan':
        elementwise = signed();
        break;
      case 'wgan-logistic-ns':
        elementwise = tf.softplus(signed());
        break;
      case 'hinge':
        elementwise = isDisc ? tf.relu(tf.add(1, signed())) : tf.neg(input);
        break;
      case 'smgan':
        return this.smgan(input, targetIsReal, isDisc, mask as Tensor);
    }
    return { loss: tf.mean(elementwise), elementwise };
  }

  private smgan(input: Tensor, targetIsReal: boolean, isDisc: boolean, mask: Tensor): { loss: Tensor; elementwise: Tensor } {
    if (input.rank !== 4 || mask.rank !== 4) {
      throw new LossConfigError(
        `${this.label}: smgan needs NHWC input and mask, got shapes [${input.shape.join(', ')}] and [${mask.shape.join(', ')}]`,
      );
    }
    const [, mh, mw] = mask.shape as number[] as [number, number, number];
    const sameSize = input.shape[1] === mh && input.shape[2] === mw;
    const resized = sameSize ? input : tf.image.resizeBilinear(input as Tensor4D, [mh, mw], true);
    if (isDisc) {
      const target = targetIsReal ? tf.fill(resized.shape, this.realLabel) : gaussianBlur(mask as Tensor4D);
      const elementwise = tf.squaredDifference(resized, target);
      return { loss: tf.mean(elementwise), elementwise };
    }
    // MMagic: mean(mse * mask / mean(mask)), a scalar mse spread over the mask; the map shows
    // the squared error itself.
    const elementwise = tf.square(tf.sub(resized, this.labelValue(targetIsReal)));
    const loss = tf.mean(tf.div(tf.mul(tf.mean(elementwise), mask), tf.mean(mask)));
    return { loss, elementwise };
  }

  protected fromArgs(args: Record<string, unknown>): Tensor {
    return this.fromArgsWithMapOrNot(args, false).loss;
  }

  protected override fromArgsWithMap(args: Record<string, unknown>): LossWithMap {
    return this.fromArgsWithMapOrNot(args, true);
  }

  private fromArgsWithMapOrNot(args: Record<string, unknown>, withMap: boolean): LossWithMap {
    const targetIsReal = args.target_is_real ?? this.targetIsRealDefault;
    if (typeof targetIsReal !== 'boolean') {
      throw new LossConfigError(
        `${this.label}: target_is_real must be a boolean (from the config, data_info, or y), got ${targetIsReal === undefined ? 'nothing' : typeof targetIsReal}`,
      );
    }
    const isDisc = (args.is_disc as boolean | undefined) ?? this.isDiscDefault;
    return this.compute(args.input as Tensor, targetIsReal, isDisc, (args.mask as Tensor | undefined) ?? null, withMap);
  }
}

/**
 * MMagic's GANLossComps: GANLoss without smgan and l1. It can also pick its input from an
 * outputs object with data_info, e.g. {input: 'disc_pred_fake'} plus target_is_real: false
 * and is_disc: true in its config.
 */
export class GANLossComps extends GANLoss {
  constructor(config: GanConfig) {
    super(config, 'GANLossComps', GAN_COMPS_TYPES);
  }
}
