import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { builtinSpec, type LossSpec } from '../../src/manager';
import { DEFAULT_STEPS_PER_EPOCH, epochLength, GanTrainer, type GanNetworks } from '../../src/engine/trainer';
import { onePoint, toyNetworks } from '../helpers/toyGan';

async function meanDistanceToTarget(trainer: GanTrainer, networks: GanNetworks): Promise<number> {
  const d = tf.tidy(() => {
    const fake = networks.generator.apply(networks.sampleNoise!(256, 999)) as tf.Tensor;
    return tf.mean(tf.norm(tf.sub(fake, tf.tensor2d([[0.5, -0.5]])), 'euclidean', 1));
  });
  const [v] = await d.data();
  d.dispose();
  void trainer;
  return v!;
}

function trainer(spec: LossSpec = builtinSpec('toy/least-squares'), networks = toyNetworks()) {
  return new GanTrainer({
    networks,
    data: onePoint,
    spec,
    optimizers: { G: { type: 'adam', learningRate: 0.01 }, D: { type: 'adam', learningRate: 0.01 } },
    batchSize: 32,
    seed: 3,
  });
}

describe('epochs', () => {
  it('are one pass over a sized dataset, a set length, or 1,000 iterations where data never ends', () => {
    // MNIST's 10,000 digits at batch 32, one real batch per iteration: 10,000 / 32 = 312.5 -> 313.
    expect(epochLength({ batchSize: 32, dSteps: 1, dataSize: 10_000 })).toBe(313);
    // Two D updates per iteration draw two batches: 10,000 / 64 = 156.25 -> 157.
    expect(epochLength({ batchSize: 32, dSteps: 2, dataSize: 10_000 })).toBe(157);
    expect(epochLength({ batchSize: 32, dSteps: 1, dataSize: 5 })).toBe(1);
    expect(epochLength({ batchSize: 32, dSteps: 1 })).toBe(DEFAULT_STEPS_PER_EPOCH);
    expect(epochLength({ batchSize: 32, dSteps: 1, dataSize: 10_000, stepsPerEpoch: 50 })).toBe(50);
  });

  it('move epoch-unit weight schedules as iterations pass (they stayed at epoch 0 before)', async () => {
    const base = builtinSpec('toy/log-loss');
    // G_GAN's weight: linear from 1 at epoch 0 to 3 at epoch 2.
    const schedule = { schedule: 'linear', unit: 'epoch', startEpoch: 0, endEpoch: 2, initialValue: 1, targetValue: 3 } as const;
    const spec: LossSpec = { ...base, losses: base.losses.map((l, i) => (i === 0 ? { ...l, schedule } : l)) };
    const t = new GanTrainer({
      networks: toyNetworks(),
      data: { ...onePoint, size: 40 }, // 40 examples at batch 10: 4 iterations an epoch
      spec,
      optimizers: { G: { type: 'adam', learningRate: 0.01 }, D: { type: 'adam', learningRate: 0.01 } },
      batchSize: 10,
    });
    expect(t.stepsPerEpoch).toBe(4);
    for (let i = 0; i < 10; i++) t.step();
    expect(t.epoch).toBe(Math.floor(10 / 4));
    await t.flush();
    const g = t.manager.getRegisteredLosses(null, false).G_GAN!.history;
    // Iterations 0-3 are epoch 0 (weight 1), 4-7 epoch 1 (halfway: 2), 8-9 epoch 2 (3).
    expect(Array.from(g.weights)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3]);
    t.dispose();
  });

  it('refuses a length that is not a whole number of iterations', () => {
    expect(() => new GanTrainer({ networks: toyNetworks(), data: onePoint, spec: builtinSpec('toy/log-loss'), optimizers: { G: { type: 'sgd', learningRate: 0.1 }, D: { type: 'sgd', learningRate: 0.1 } }, stepsPerEpoch: 0 })).toThrow(
      'stepsPerEpoch must be a whole number >= 1, got 0',
    );
  });
});

describe('GanTrainer', () => {
  it('learns an easy target: generated points move to it', async () => {
    const networks = toyNetworks();
    const t = trainer(builtinSpec('toy/least-squares'), networks);
    const before = await meanDistanceToTarget(t, networks);
    for (let i = 0; i < 300; i++) t.step();
    const after = await meanDistanceToTarget(t, networks);
    expect(after).toBeLessThan(before / 3);
    t.dispose();
  });

  it('records every loss each iteration, and a live weight change at the step it happened', async () => {
    const t = trainer(builtinSpec('toy/log-loss'));
    for (let i = 0; i < 10; i++) {
      if (i === 6) t.manager.setWeight('G_GAN', 0.5);
      t.step();
    }
    await t.flush();
    const losses = t.manager.getRegisteredLosses(null, false);
    expect(Array.from(losses.D_real!.history.steps)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(losses.G_GAN!.history.weights)).toEqual([1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5]);
    expect(t.manager.weightChanges).toEqual([{ name: 'G_GAN', step: 6, weight: 0.5, schedule: null }]);
    t.dispose();
  });

  it('runs lazy R1 only on its interval, and keeps tensor counts flat over a thousand iterations', async () => {
    const spec = builtinSpec('hinge-r1');
    (spec.losses[3] as unknown as { interval: number }).interval = 4;
    const t = trainer(spec);
    t.step();
    await t.flush();
    const before = tf.memory().numTensors;
    for (let i = 1; i < 1000; i++) {
      t.step();
      if (i % 50 === 0) await t.flush();
    }
    await t.flush();
    expect(tf.memory().numTensors).toBe(before);
    const r1 = t.manager.getRegisteredLosses(null, false).D_r1!.history;
    expect(r1.length).toBe(1000 / 4);
    expect(Array.from(r1.steps.slice(0, 3))).toEqual([0, 4, 8]);
    t.dispose();
  });

  it('reports a NaN loss with its name and step', async () => {
    const networks = toyNetworks();
    const t = trainer(builtinSpec('toy/least-squares'), networks);
    t.step();
    // Poison the critic: every prediction becomes NaN.
    const w = networks.discriminator.trainableWeights[0]!.read() as tf.Variable;
    w.assign(tf.fill(w.shape, Number.NaN));
    t.step();
    const { nonFinite } = await t.flush();
    expect(nonFinite.map((f) => [f.name, f.step])).toEqual([
      ['D_real', 1],
      ['D_fake', 1],
      ['G_GAN', 1],
    ]);
    t.dispose();
  });

  it('needs data_info on every loss and a loss for each network', () => {
    const noDataInfo = builtinSpec('dcgan');
    delete (noDataInfo.losses[1] as { data_info?: unknown }).data_info;
    expect(() => trainer(noDataInfo)).toThrow(/losses\[1\] \(D_real\): the engine picks a loss's arguments from its outputs, so it needs data_info/);
    const gOnly = builtinSpec('dcgan');
    (gOnly as { losses: unknown[] }).losses = gOnly.losses.slice(0, 1);
    expect(() => trainer(gOnly)).toThrow(/the spec has no loss tagged "D"/);
  });
});
