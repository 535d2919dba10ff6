import * as tf from '@tensorflow/tfjs';
import { OPTIMIZER_DEFAULTS, optimizerConfigSchema, type OptimizerConfig } from '../protocol/optimizerConfig';
import { RunSettingsError, zodIssues } from '../protocol/settingsIssues';

export type { OptimizerConfig } from '../protocol/optimizerConfig';

/**
 * An optimizer from its JSON config (the run settings' schema); a bad config is refused with
 * the field's path from `path`, e.g. `optimizers.G.learningRate: must be > 0, got -1`.
 */
export function buildOptimizer(config: OptimizerConfig, path = 'optimizer'): tf.Optimizer {
  const result = optimizerConfigSchema.safeParse(config);
  if (!result.success) throw new RunSettingsError(zodIssues(result.error, config, optimizerConfigSchema, path));
  const c = result.data;
  switch (c.type) {
    case 'adam':
      return tf.train.adam(c.learningRate, c.beta1 ?? OPTIMIZER_DEFAULTS.beta1, c.beta2 ?? OPTIMIZER_DEFAULTS.beta2);
    case 'sgd':
      return tf.train.sgd(c.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(c.learningRate);
  }
}

/**
 * Changes an optimizer's learning rate between steps, keeping its moments (recreating an
 * Adam optimizer would reset them). tfjs keeps the rate in a plain `learningRate` field.
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new RangeError(`learning rate must be a positive finite number, got ${learningRate}`);
  }
  (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}
