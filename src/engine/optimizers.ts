import * as tf from '@tensorflow/tfjs';
import { MIN_FLOAT32_NORMAL, OPTIMIZER_DEFAULTS, optimizerConfigSchema, type OptimizerConfig } from '../protocol/optimizerConfig';
import { RunSettingsError, zodIssues } from '../protocol/settingsIssues';
import { FusedAdamOptimizer } from './fusedAdam';
import { WebglSgdOptimizer } from './webglSgd';

export type { OptimizerConfig } from '../protocol/optimizerConfig';

/**
 * An optimizer from its JSON config (the run settings' schema); a bad config is refused with
 * the field's path from `path`, e.g. `optimizers.G.learningRate: must be > 0, got -1`.
 */
export function buildOptimizer(config: OptimizerConfig, path = 'optimizer'): tf.Optimizer {
  const result = optimizerConfigSchema.safeParse(config);
  if (!result.success) throw new RunSettingsError(zodIssues(result.error, config, optimizerConfigSchema, path));
  const c = result.data;
  const d = OPTIMIZER_DEFAULTS;
  // An epsilon left out stays undefined: tfjs then takes the backend's (1e-4 where 1e-7 would round to 0).
  switch (c.type) {
    case 'adam':
      // tf.train.adam's optimizer, one kernel per variable's update on wasm (fusedAdam.ts).
      return new FusedAdamOptimizer(c.learningRate, c.beta1 ?? d.beta1, c.beta2 ?? d.beta2, c.epsilon);
    case 'sgd':
      // SGD with momentum is tfjs's MomentumOptimizer (its own class, so a checkpoint names it).
      // Plain SGD is tfjs's, each variable's step one shader on webgl (webglSgd.ts).
      return (c.momentum ?? d.momentum) > 0 ? tf.train.momentum(c.learningRate, c.momentum!) : new WebglSgdOptimizer(c.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(c.learningRate, c.decay ?? d.decay, c.momentum ?? d.momentum, c.epsilon);
  }
}

// By class name: tfjs's Optimizer answers `instanceof` for any optimizer (Symbol.hasInstance
// checks for minimize and applyGradients), so `x instanceof tf.SGDOptimizer` holds for Adam too.
const steppedByScalar = (optimizer: tf.Optimizer) => ['SGD', 'Momentum'].includes(optimizer.getClassName());

/**
 * Changes an optimizer's learning rate between steps, keeping its moments (recreating an
 * Adam optimizer would reset them). Adam and RMSprop read a plain `learningRate` field each
 * step; SGD and momentum step with a scalar made from it once, which only their own
 * `setLearningRate` remakes (setting the field alone left SGD at its first rate).
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new RangeError(`learning rate must be a positive finite number, got ${learningRate}`);
  }
  // As the settings schema refuses it: in float32, where the update runs, it is 0 or denormal.
  if (learningRate < MIN_FLOAT32_NORMAL) {
    throw new RangeError(`learning rate must be at least 2^-126 (about 1.2e-38, float32's smallest normal; below it nothing trains), got ${learningRate}`);
  }
  if (steppedByScalar(optimizer)) (optimizer as tf.SGDOptimizer).setLearningRate(learningRate);
  else (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}

/**
 * Frees an optimizer's tensors. tfjs's MomentumOptimizer.dispose frees its slots and momentum
 * but not the learning-rate scalar it inherits from SGD: one tensor lost per run.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  if (optimizer.getClassName() === 'Momentum') (optimizer as unknown as { c: tf.Tensor }).c.dispose();
}
