import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModels } from '../../src/engine/models';
import { mlpLayers } from '../../src/engine/models/plainForward';
import { GanTrainer, type GanNetworks } from '../../src/engine/trainer';
import { builtinSpec } from '../../src/manager';
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
