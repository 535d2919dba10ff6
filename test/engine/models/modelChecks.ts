import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { trainingNetwork, type GanModels } from '../../../src/engine/models';
import { gradientPenaltyLoss, r1GradientPenaltyLoss } from '../../../src/losses';

/** Every weight's values, in model order: what "same weights" compares. */
export async function weightValues(model: tf.LayersModel): Promise<number[][]> {
  return Promise.all(model.weights.map(async (w) => Array.from(await w.read().data())));
}

/** Trainable parameters of a dense layer, and of a k x k conv (or transposed conv). */
export const denseParams = (inputs: number, units: number, bias = true) => inputs * units + (bias ? units : 0);
export const convParams = (k: number, cin: number, cout: number, bias = true) => k * k * cin * cout + (bias ? cout : 0);

/**
 * Runs R1 and the gradient penalty through the discriminator (in training mode, as the trainer
 * calls it) inside tf.variableGrads, and asserts every kernel gets a finite, non-zero gradient.
 */
export function expectPenaltiesReachKernels(models: GanModels, real: tf.Tensor, fake: tf.Tensor): void {
  const disc = trainingNetwork(models.discriminator);
  const vars = models.discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
  const kernels = vars.filter((v) => v.name.endsWith('kernel'));
  expect(kernels.length).toBeGreaterThan(0);
  const alpha = tf.fill([real.shape[0] ?? 1, ...real.shape.slice(1).map(() => 1)], 0.4);
  const penalties = {
    r1: () => r1GradientPenaltyLoss(disc, real) as tf.Scalar,
    gp: () => gradientPenaltyLoss(disc, real, fake, { alpha, normMode: 'HWC' }) as tf.Scalar,
  };
  for (const [name, penalty] of Object.entries(penalties)) {
    const { value, grads } = tf.variableGrads(penalty, vars);
    expect(Number.isFinite(value.dataSync()[0]), `${name} value`).toBe(true);
    for (const kernel of kernels) {
      const g = grads[kernel.name];
      expect(g, `${name}: no gradient for ${kernel.name}`).toBeDefined();
      const data = (g as tf.Tensor).dataSync();
      expect(data.every(Number.isFinite), `${name}: ${kernel.name} finite`).toBe(true);
      expect(data.some((v) => v !== 0), `${name}: ${kernel.name} non-zero`).toBe(true);
    }
    tf.dispose([value, ...Object.values(grads)]);
  }
  alpha.dispose();
}

/** A generator and discriminator forward pass, outside any tidy, leaves nothing behind. */
export function expectForwardLeaksNothing(models: GanModels, input: tf.Tensor, discInput: (fake: tf.Tensor) => tf.Tensor): void {
  const step = () => {
    const fake = models.generator.apply(input, { training: true }) as tf.Tensor;
    const dIn = discInput(fake);
    const logits = models.discriminator.apply(dIn, { training: true }) as tf.Tensor;
    tf.dispose([fake, dIn, logits]);
  };
  step(); // a first call may build lazily-created state
  const before = tf.memory().numTensors;
  step();
  expect(tf.memory().numTensors).toBe(before);
}
