import * as tf from '@tensorflow/tfjs-core';
import { Tensor } from '@tensorflow/tfjs-core';
import { LossConfigError, type LossModule, type LossOutputs } from './types';

export type LossValue = Tensor | readonly Tensor[] | null | undefined;

export interface ParsedLosses {
  /** The sum of every entry whose key contains 'loss': what is back-propagated. */
  loss: Tensor;
  /** Each entry's mean (a list's means summed), plus 'loss', the total. Scalars, still on the device. */
  logVars: Record<string, Tensor>;
}

/**
 * MMagic/MMGeneration's `_parse_losses`: each entry becomes its mean (a list, the sum of its
 * members' means; null and undefined are skipped), and the total sums the entries whose key
 * contains 'loss' (so 'acc_real' is logged but not trained on). Values stay tensors: read
 * them back in one batch, not per step.
 */
export function parseLosses(record: Readonly<Record<string, LossValue>>): ParsedLosses {
  return tf.tidy(() => {
    const logVars: Record<string, Tensor> = {};
    for (const [key, value] of Object.entries(record)) {
      if (value == null) continue;
      if (value instanceof Tensor) {
        logVars[key] = tf.mean(value);
      } else if (Array.isArray(value) && value.every((v) => v instanceof Tensor)) {
        logVars[key] = value.length === 0 ? tf.scalar(0) : tf.addN(value.map((v) => tf.mean(v)));
      } else {
        throw new LossConfigError(`parseLosses: "${key}" is not a tensor or a list of tensors`);
      }
    }
    const trained = Object.entries(logVars).filter(([key]) => key.includes('loss'));
    const loss = trained.length === 0 ? tf.scalar(0) : tf.addN(trained.map(([, v]) => v));
    logVars.loss = loss;
    return { loss, logVars };
  });
}

/**
 * Runs loss modules on an outputs object into a losses record, as MMGeneration's
 * `_get_disc_loss` does: a module that skips this iteration (null) adds nothing, and modules
 * with the same `lossName()` are summed into one entry.
 */
export function collectLosses(
  modules: readonly LossModule[],
  outputs: LossOutputs,
  into: Record<string, Tensor> = {},
): Record<string, Tensor> {
  for (const module of modules) {
    const value = module.forwardOutputs(outputs);
    if (value === null) continue;
    const name = module.lossName();
    const previous = into[name];
    into[name] = previous === undefined ? value : tf.add(previous, value);
  }
  return into;
}
