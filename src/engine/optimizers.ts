import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';

/** An optimizer as JSON, so it travels in a run's settings. */
export const optimizerConfigSchema = z.strictObject({
  type: z.enum(['adam', 'sgd', 'rmsprop']),
  /** @default 2e-4 (DCGAN's) */
  learningRate: z.number().positive().finite().default(2e-4),
  /** Adam's beta1; DCGAN and pix2pix use 0.5. @default 0.5 */
  beta1: z.number().min(0).max(1).default(0.5),
  /** @default 0.999 */
  beta2: z.number().min(0).max(1).default(0.999),
});
export type OptimizerConfig = z.input<typeof optimizerConfigSchema>;

export function buildOptimizer(config: OptimizerConfig): tf.Optimizer {
  const c = optimizerConfigSchema.parse(config);
  switch (c.type) {
    case 'adam':
      return tf.train.adam(c.learningRate, c.beta1, c.beta2);
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
