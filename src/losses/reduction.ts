import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { showValue } from './jsonText';
import { LossConfigError, REDUCTIONS, type Reduction } from './types';

/** Division guard MMagic adds to a weight's sum in masked means. */
const MASK_EPS = 1e-12;

export function isReduction(value: unknown): value is Reduction {
  return typeof value === 'string' && (REDUCTIONS as readonly string[]).includes(value);
}

export function assertReduction(value: unknown, where: string): asserts value is Reduction {
  if (!isReduction(value)) {
    throw new LossConfigError(
      `${where}: unsupported reduction ${showValue(value)}; expected one of ${REDUCTIONS.join(', ')}`,
    );
  }
}

/** Reduces an element-wise loss: 'none' returns it as is, 'mean' and 'sum' give a scalar. */
export function reduceLoss(loss: Tensor, reduction: Reduction): Tensor {
  assertReduction(reduction, 'reduceLoss');
  switch (reduction) {
    case 'none':
      return loss;
    case 'mean':
      return tf.mean(loss);
    case 'sum':
      return tf.sum(loss);
  }
}

/** Channel count of an NHWC (or [N, C]) tensor: its last axis. */
function channels(t: Tensor): number {
  return t.shape[t.shape.length - 1] ?? 1;
}

function assertWeightFits(loss: Tensor, weight: Tensor): void {
  const where = `maskReduceLoss: weight shape [${weight.shape.join(', ')}] vs loss shape [${loss.shape.join(', ')}]`;
  if (weight.rank !== loss.rank) {
    throw new LossConfigError(`${where}: the weight must have the loss's rank (${loss.rank}), got ${weight.rank}`);
  }
  const wc = channels(weight);
  if (wc !== 1 && wc !== channels(loss)) {
    throw new LossConfigError(
      `${where}: the weight must have 1 channel or as many as the loss (${channels(loss)}), got ${wc}`,
    );
  }
  for (let axis = 0; axis < loss.rank - 1; axis++) {
    if (weight.shape[axis] !== loss.shape[axis]) {
      throw new LossConfigError(`${where}: axis ${axis} differs (${weight.shape[axis]} vs ${loss.shape[axis]})`);
    }
  }
}

/**
 * MMagic's `mask_reduce_loss` for channels-last tensors: multiplies the loss by an
 * element-wise weight (1 channel or as many as the loss), then reduces. With a weight,
 * 'mean' divides by the weight's sum (broadcast to the loss's channels) + 1e-12, so it is
 * the mean over the masked region; `sampleWise` does that per sample and averages the
 * samples.
 */
export function maskReduceLoss(
  loss: Tensor,
  weight?: Tensor | null,
  reduction: Reduction = 'mean',
  sampleWise = false,
): Tensor {
  assertReduction(reduction, 'maskReduceLoss');
  if (weight == null) return reduceLoss(loss, reduction);
  assertWeightFits(loss, weight);
  return tf.tidy(() => {
    const weighted = tf.mul(loss, weight);
    if (reduction !== 'mean') return reduceLoss(weighted, reduction);
    const fullWeight = channels(weight) === 1 ? tf.broadcastTo(weight, loss.shape) : weight;
    if (sampleWise) {
      const nonBatchAxes = loss.shape.map((_, axis) => axis).slice(1);
      const perSample = tf.sum(fullWeight, nonBatchAxes, true);
      const batch = loss.shape[0] ?? 1;
      return tf.div(tf.sum(tf.div(weighted, tf.add(perSample, MASK_EPS))), batch);
    }
    return tf.div(tf.sum(weighted), tf.add(tf.sum(fullWeight), MASK_EPS));
  });
}
