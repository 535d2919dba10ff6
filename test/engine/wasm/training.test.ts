// Whole conv models trained on wasm against the same training on cpu: every conv's filter
// gradient (Conv2DBackpropFilter, also behind conv2dTranspose), input gradient and transposed
// conv (Conv2DBackpropInput), batch norm's backward pass (Tile), and through the edge losses
// depthwiseConv2d's input gradient, run in this project's wasm kernels.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels, type ModelConfig } from '../../../src/engine/models';
import { GanTrainer } from '../../../src/engine/trainer';
import { conv2DBackpropInputConfig } from '../../../src/engine/wasm/conv2dBackpropInput';
import { initNodeWasmBackend } from '../../../src/engine/wasm/node';
import { GradientLoss } from '../../../src/losses';
import { builtinSpec, type LossSpec } from '../../../src/manager';
import { randomSource } from '../../helpers/randomImages';

beforeAll(() => {
  initNodeWasmBackend();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

interface Run {
  /** Which of `initial` and `final` are trained (the rest: batch norm's moving statistics). */
  trainable: boolean[];
  initial: Float32Array[];
  /** Each trainable weight's gradient of a probe loss, before training. */
  gradients: Float32Array[];
  final: Float32Array[];
}

const LEARNING_RATE = 2e-3;

/**
 * Builds the models on `backend` (weights copied from `initial` when given), takes D's
 * gradient once, then trains `steps` iterations with Adam; checks that nothing leaked.
 */
async function train(backend: 'cpu' | 'wasm', config: ModelConfig, spec: LossSpec, steps: number, initial?: Float32Array[]): Promise<Run> {
  await tf.setBackend(backend);
  const tensorsBefore = tf.memory().numTensors;
  const buffersBefore = tf.backend().numDataIds();
  const models = buildModels(config);
  const weights = () => [...models.generator.weights, ...models.discriminator.weights];
  initial?.forEach((values, i) => {
    const t = tf.tensor(values, weights()[i]!.shape as number[]);
    weights()[i]!.write(t);
    t.dispose();
  });
  const read = () => Promise.all(weights().map(async (w) => (await w.read().data()) as Float32Array));
  const start = await read();
  const trainable = weights().map((w) => w.trainable);

  const shape = models.modelKeys.generatorInputShape.length === 1 ? models.modelKeys.generatorOutputShape : models.modelKeys.generatorInputShape;
  const data = randomSource(config.family as 'dcgan' | 'pix2pix', shape);
  const trainer = new GanTrainer({
    networks: { generator: models.generator, discriminator: models.discriminator, ...(models.sampleNoise && { sampleNoise: models.sampleNoise }) },
    data,
    spec,
    optimizers: { G: { type: 'adam', learningRate: LEARNING_RATE }, D: { type: 'adam', learningRate: LEARNING_RATE } },
    batchSize: 4,
    seed: 5,
  });
  // A probe loss through G and then D (and for pix2pix the Sobel filters too): its gradient
  // reaches every weight through every kind of conv, before any training step.
  const vars = weights().filter((w) => w.trainable).map((w) => w.read() as tf.Variable);
  const { grads, value } = tf.variableGrads(() => {
    const batch = data.next(4, 99);
    const train = { training: true };
    if (batch.kind === 'samples') {
      const fake = models.generator.apply(models.sampleNoise!(4, 98), train) as tf.Tensor;
      return tf.mean(tf.square(models.discriminator.apply(fake, train) as tf.Tensor));
    }
    const fake = models.generator.apply(batch.a, train) as tf.Tensor;
    const critic = tf.mean(tf.square(models.discriminator.apply(tf.concat([batch.a, fake], -1), train) as tf.Tensor));
    return tf.add(critic, new GradientLoss().forward(fake, batch.b)) as tf.Scalar;
  }, vars);
  const gradients = await Promise.all(vars.map(async (v) => (await grads[v.name]!.data()) as Float32Array));
  tf.dispose([value, ...Object.values(grads)]);

  for (let i = 0; i < steps; i++) trainer.step();
  await trainer.flush();
  const final = await read();
  trainer.dispose();
  models.dispose();
  expect(tf.memory().numTensors, `${backend}: tensors left behind`).toBe(tensorsBefore);
  if (backend === 'wasm') expect(tf.backend().numDataIds(), 'wasm buffers left behind').toBe(buffersBefore);
  return { trainable, initial: start, gradients, final };
}

/** ||a - b|| / ||b|| over one weight or gradient. */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < b.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    norm += b[i]! ** 2;
  }
  return Math.sqrt(diff / (norm || 1));
}

/** The largest difference between the trained weights of two sets, in Adam steps (learning rates). */
function weightDrift(a: Float32Array[], b: Float32Array[], trainable: boolean[]): number {
  let worst = 0;
  a.forEach((w, i) => trainable[i] && w.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i]![j]!)))));
  return worst / LEARNING_RATE;
}

describe('conv models train on wasm as on cpu', () => {
  const cases: [string, ModelConfig, () => LossSpec][] = [
    ['DCGAN (width 4, batch norm in G)', { family: 'dcgan', width: 4, noiseDim: 8, seed: 1 }, () => builtinSpec('dcgan')],
    [
      // Several losses share fake_b and the critic's predictions: wasm's saved tensors are real
      // copies, so an output freed by the first loss's tidy crashed the second (a trainer bug
      // that other backends hid). Sobel and Laplacian also need the depthwise backprop kernels.
      'pix2pix 32 px (width 4), extended spec with Sobel and Laplacian on',
      { family: 'pix2pix', size: 32, width: 4, dLayers: 2, seed: 2 },
      () => {
        const spec = builtinSpec('pix2pix/extended');
        return { ...spec, losses: spec.losses.map((l) => (l.name === 'G_SOBEL' || l.name === 'G_LAP' ? { ...l, loss_weight: 5 } : l)) };
      },
    ],
    [
      // R1 differentiates the critic twice on wasm (WGAN-GP would too, but draws an unseeded alpha).
      'DCGAN (width 4), hinge + R1 every step',
      { family: 'dcgan', width: 4, noiseDim: 8, seed: 3 },
      () => {
        const spec = builtinSpec('hinge-r1');
        return { ...spec, losses: spec.losses.map((l) => (l.name === 'D_r1' ? { ...l, interval: 1, loss_weight: 1 } : l)) };
      },
    ],
  ];

  // At these widths the registered Conv2DBackpropInput takes tfjs-wasm's own loop on the
  // smallest layers; forced, every transposed conv and input gradient runs the phase conv.
  const kernels: [string, tf.KernelConfig | null][] = [
    ['as registered', null],
    ['the phase conv on every Conv2DBackpropInput', conv2DBackpropInputConfig()],
  ];
  describe.each(kernels)('%s', (_, forced) => {
    let registered: tf.KernelConfig;
    beforeAll(() => {
      registered = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
      if (forced) {
        tf.unregisterKernel(tf.Conv2DBackpropInput, 'wasm');
        tf.registerKernel(forced);
      }
    });
    afterAll(() => {
      tf.unregisterKernel(tf.Conv2DBackpropInput, 'wasm');
      tf.registerKernel(registered);
    });

    it.each(cases)('%s: same gradients, and the same weights after 3 Adam steps', async (_, config, spec) => {
      const cpu = await train('cpu', config, spec(), 3);
      const wasm = await train('wasm', config, spec(), 3, cpu.initial);
      // float32 sums in another order: the gradients agree to ~2e-6 of their norm.
      wasm.gradients.forEach((g, i) => expect(relativeError(g, cpu.gradients[i]!), `gradient ${i}`).toBeLessThan(1e-4));
      // Adam moves each weight by about one learning rate a step whatever the gradient's size,
      // so a weight whose gradient is ~0 may step differently (seen: 0.02 of a step); a wrong
      // gradient would be off by whole steps.
      expect(weightDrift(wasm.final, cpu.final, cpu.trainable)).toBeLessThan(0.25);
      // ...and the training moved the weights by whole steps, so the agreement is not vacuous.
      expect(weightDrift(cpu.final, cpu.initial, cpu.trainable)).toBeGreaterThan(1);
      // Batch norm's moving statistics follow the batches' activations.
      wasm.final.forEach((w, i) => cpu.trainable[i] || expect(relativeError(w, cpu.final[i]!), `moving statistic ${i}`).toBeLessThan(1e-4));
    });
  });
});
