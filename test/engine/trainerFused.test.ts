import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModels } from '../../src/engine/models';
import { mlpLayers } from '../../src/engine/models/plainForward';
import { GanTrainer, type GanNetworks } from '../../src/engine/trainer';
import { builtinSpec } from '../../src/manager';
import { buildRunSetup } from '../../src/engine/setup';
import { GAN_LAB_DEFAULT } from '../../bench/cases';
import { onePoint } from '../helpers/toyGan';

/**
 * The toy networks of a seed; `viaApply` wraps each in a functional model over the same
 * layers, which the trainer cannot fuse, so it runs tfjs-layers' own `apply` (the reference).
 */
function toy(seed: number, activation: 'relu' | 'tanh', viaApply: boolean) {
  const models = buildModels({ family: 'toy', layers: 2, units: 8, activation, seed });
  const wrap = (m: tf.LayersModel) => (viaApply ? tf.model({ inputs: m.inputs, outputs: m.outputs }) : m);
  const networks: GanNetworks = { generator: wrap(models.generator), discriminator: wrap(models.discriminator), sampleNoise: models.sampleNoise! };
  return { models, networks };
}

async function weightsAfter(spec: string, activation: 'relu' | 'tanh', viaApply: boolean): Promise<{ weights: number[][]; losses: number[] }> {
  const { models, networks } = toy(5, activation, viaApply);
  expect(mlpLayers(networks.generator) === null).toBe(viaApply);
  const trainer = new GanTrainer({
    networks,
    data: onePoint,
    spec: builtinSpec(spec),
    optimizers: { G: { type: 'sgd', learningRate: 0.1 }, D: { type: 'adam', learningRate: 0.01 } },
    batchSize: 150,
    dSteps: 2,
    gSteps: 1,
    gradEvery: 2,
    ema: { momentum: 0.5 },
    seed: 2,
  });
  const before = tf.memory().numTensors;
  for (let i = 0; i < 4; i++) trainer.step();
  await trainer.flush();
  const after = tf.memory().numTensors;
  for (let i = 0; i < 4; i++) trainer.step();
  await trainer.flush();
  // The diagnostics' and EMA's tensors are made by the first steps; after that the count holds.
  expect(tf.memory().numTensors).toBe(after);
  expect(after).toBeGreaterThanOrEqual(before);
  const losses = Object.values(trainer.manager.getRegisteredLosses(null, false)).flatMap((l) => Array.from(l.history.losses));
  const weights = [...models.generator.getWeights(), ...models.discriminator.getWeights(), ...(trainer.ema?.weights.map((w) => w.read()) ?? [])].map((w) => Array.from(w.dataSync()));
  trainer.dispose();
  models.dispose();
  return { weights, losses };
}

describe('GanTrainer with fused toy MLPs', () => {
  it.each([
    ['toy/log-loss', 'relu'],
    ['toy/least-squares', 'tanh'],
    ['hinge-r1', 'relu'],
    ['wgan-gp', 'tanh'],
  ] as const)('trains %s (%s) to the weights, EMA and losses the layers API gives', async (spec, activation) => {
    const ours = await weightsAfter(spec, activation, false);
    const theirs = await weightsAfter(spec, activation, true);
    expect(ours.losses.length).toBeGreaterThan(0);
    expect(ours.losses).toEqual(theirs.losses.map((v) => expect.closeTo(v, 4)));
    expect(ours.weights.length).toBe(theirs.weights.length);
    ours.weights.forEach((w, i) => expect(w).toEqual(theirs.weights[i]!.map((v) => expect.closeTo(v, 4))));
  });
});

describe("GAN Lab's default iteration", () => {
  it('runs far fewer kernels than op-by-op MLPs and losses did (tfjs dispatch is the cost at this size)', async () => {
    // GAN Lab's defaults, the bench's case: 2 hidden layers of 8 ReLU units, 2-D uniform noise,
    // batch 150, 2 D + 1 G updates, log loss, SGD 0.1.
    const settings = GAN_LAB_DEFAULT;
    const setup = await buildRunSetup(settings, { loadMnist: () => Promise.reject(new Error('no MNIST for the toy')) });
    const trainer = new GanTrainer({ ...settings, gradEvery: 0, networks: setup.networks, data: setup.data });
    trainer.step();
    await trainer.flush();
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => trainer.step());
    await trainer.flush();
    expect(tf.memory().numTensors).toBe(before);
    const names = profile.kernels.map((k) => k.name);
    const count = (name: string) => names.filter((n) => n === name).length;
    // Before the fused MLP and BCE ops (fd5e45c): 681 kernels, 218 of them Identity (saved
    // copies), 64 Reshape and 41 Cast (in gradients). Now: 8 network passes of 8-9 kernels and
    // one entry each, 5 BCE ops; saved copies are x and the hidden outputs.
    expect(names.length).toBeLessThanOrEqual(410); // 392 when written
    // Saved copies and clones. Each D update: D's two passes save x and 2 hidden outputs (6),
    // their BCEs x and e^-|x| (4), the loss means and map means their inputs (4), the manager
    // copies each raw value (2), the objective's addN saves and clones its 2 terms (4): 20.
    // G's update: G saves x, 2 hidden outputs and tanh's (4), D its 2 hidden outputs (2), the
    // BCE 2, the means 2, the raw copy 1: 11. In all 2 x 20 + 11 = 51.
    expect(count('Identity')).toBeLessThanOrEqual(51);
    expect(count('Cast')).toBeLessThanOrEqual(4); // D health's two comparisons, per D update
    // 3 matMuls a pass. Forward: 8 passes (G, D on real, D on fake in each of the 2 D updates;
    // G and D in G's) = 24. Weight gradients: D's 4 passes in its updates and G's in its own =
    // 15. Input gradients: layers 2-3 of those 5 passes = 10, all 3 of D's pass in G's update = 13.
    expect(count('BatchMatMul')).toBe(24 + 15 + 13);
    trainer.dispose();
    setup.models.dispose();
  });
});
