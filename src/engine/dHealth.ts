// The discriminator's state per D update, from the outputs its losses already computed (no
// extra forward pass): its mean raw output on the real and on the generated batch, and its
// accuracy, the share of real outputs above the threshold and generated ones below it.
import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs';
import { dHealthName, type LossManager } from '../manager';
import { criticKind } from './toyPlane';
import { CRITIC_HEALTH_KERNEL, onWebglKernels } from './webgl/kernels';

/** The critic's outputs an update computed, where a loss asked for them. */
export interface CriticOutputs {
  real?: Tensor;
  fake?: Tensor;
}

/**
 * Where the critic's raw output splits "real" from "fake": 0 for the log losses (a logit of 0 is
 * probability 0.5), for wgan and hinge (their sign), and the midpoint of the labels for the
 * labelled ones (0.5 for lsgan's 1 and 0). The D losses' first non-logistic GAN type decides,
 * as the toy plane's scale does (criticKind); labels with real below fake are not supported.
 */
export function criticThreshold(manager: LossManager): number {
  const kind = criticKind(manager);
  return kind.kind === 'probability' ? 0 : kind.centre;
}

/**
 * The health series' names and values (one 1-D tensor, in name order) for the outputs seen:
 * dHealth/real and dHealth/fake where each was computed, and dHealth/accuracy over all the
 * outputs seen (a patch critic's every patch counts). Null when the update saw neither.
 * Call inside a tidy.
 */
export function dHealthSeries(outputs: CriticOutputs, threshold: number): { names: string[]; values: Tensor1D } | null {
  const { real, fake } = outputs;
  // On webgl the three values are one shader (webgl/kernels.ts), where the ops below are ~12 dispatches.
  if (real?.dtype === 'float32' && fake?.dtype === 'float32' && real.size > 0 && fake.size > 0 && onWebglKernels()) {
    const attrs = { threshold } as unknown as tf.NamedAttrMap;
    const values = tf.engine().runKernel(CRITIC_HEALTH_KERNEL, { real: tf.reshape(real, [-1]), fake: tf.reshape(fake, [-1]) }, attrs) as Tensor1D;
    return { names: [dHealthName('real'), dHealthName('fake'), dHealthName('accuracy')], values };
  }
  const names: string[] = [];
  const means: Tensor[] = [];
  const hits: Tensor[] = [];
  let count = 0;
  for (const side of ['real', 'fake'] as const) {
    const pred = outputs[side];
    if (pred === undefined) continue;
    names.push(dHealthName(side));
    means.push(tf.mean(pred));
    const right = side === 'real' ? tf.greater(pred, threshold) : tf.less(pred, threshold);
    hits.push(tf.sum(tf.cast(right, 'float32')));
    count += pred.size;
  }
  if (names.length === 0) return null;
  names.push(dHealthName('accuracy'));
  // Scalars stacked in one kernel (not reshaped and concatenated: a kernel each, per D update).
  return { names, values: tf.stack([...means, tf.div(tf.addN(hits), count)]) as Tensor1D };
}

/** Records the update's health series with the manager (read back at its next flush). Call inside the update's tidy. */
export function recordDHealth(manager: LossManager, outputs: CriticOutputs, step: number): void {
  const series = dHealthSeries(outputs, criticThreshold(manager));
  if (series) manager.recordSeries(series.names, series.values, { step });
}
