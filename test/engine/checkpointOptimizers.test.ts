// Every optimizer kind's state survives a checkpoint: N steps, checkpoint, M steps equals the
// same run restored and stepped M times (Adam's case with a live rate: checkpoint.test.ts).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createCheckpoint, resumeRun } from '../../src/engine/checkpoint';
import { buildRunSetup } from '../../src/engine/setup';
import { GanTrainer } from '../../src/engine/trainer';
import { builtinSpec } from '../../src/manager';
import type { RunSettings } from '../../src/protocol/messages';
import type { OptimizerConfig } from '../../src/protocol/optimizerConfig';

const host = { loadMnist: () => Promise.reject(new Error('toy runs need no MNIST')) };

function settings(G: OptimizerConfig, D: OptimizerConfig): RunSettings {
  return {
    family: 'toy',
    model: { gLayers: 1, gUnits: 6, dLayers: 3, dUnits: 5 },
    data: { kind: 'ring' },
    spec: builtinSpec('toy/log-loss'),
    optimizers: { G, D },
    batchSize: 8,
    dSteps: 1,
    gSteps: 1,
    seed: 3,
  };
}

async function weights(networks: { generator: tf.LayersModel; discriminator: tf.LayersModel }): Promise<number[]> {
  const all = [...networks.generator.weights, ...networks.discriminator.weights];
  return (await Promise.all(all.map((w) => w.read().data()))).flatMap((v) => Array.from(v));
}

const train = (trainer: GanTrainer, steps: number) => {
  for (let i = 0; i < steps; i++) trainer.step();
};

// [name, G's optimizer, D's optimizer, the tfjs classes, slot suffixes per weight]
const KINDS: [string, OptimizerConfig, OptimizerConfig, string, string[]][] = [
  ['SGD', { type: 'sgd', learningRate: 0.05 }, { type: 'sgd', learningRate: 0.1 }, 'SGD', []],
  ['SGD with momentum', { type: 'sgd', learningRate: 0.05, momentum: 0.9 }, { type: 'sgd', learningRate: 0.05, momentum: 0.5 }, 'Momentum', ['momentum']],
  ['RMSprop', { type: 'rmsprop', learningRate: 0.01, decay: 0.8, momentum: 0.5, epsilon: 1e-4 }, { type: 'rmsprop', learningRate: 0.01 }, 'RMSProp', ['rms', 'momentum']],
  ['Adam', { type: 'adam', learningRate: 0.01, beta1: 0.3, beta2: 0.9, epsilon: 1e-3 }, { type: 'adam', learningRate: 0.01 }, 'Adam', ['m', 'v']],
];

describe('checkpoints keep each optimizer kind', () => {
  it.each(KINDS)('%s: N steps, checkpoint, restore, M steps = N + M steps', async (_name, G, D, className, slots) => {
    const before = tf.memory().numTensors;
    const s = settings(G, D);
    const setup = await buildRunSetup(s, host);
    const trainer = new GanTrainer({ ...s, networks: setup.networks, data: setup.data });
    train(trainer, 4);
    trainer.setLearningRate('G', 0.02);
    train(trainer, 2);
    const checkpoint = await createCheckpoint({ trainer, networks: setup.networks, settings: s });
    expect(checkpoint.header.optimizers).toEqual({ G: { className, learningRate: 0.02 }, D: { className, learningRate: D.learningRate } });
    // One slot per kind for every weight: G has 4 weights (1 hidden layer), D 8 (3 hidden layers).
    const saved = checkpoint.header.weights.map((w) => w.name);
    for (const [network, count] of [['G', 4], ['D', 8]] as const) {
      const names = saved.filter((n) => n.startsWith(`optimizer/${network}/`));
      expect(names).toHaveLength(1 + count * slots.length);
      for (const slot of slots) expect(names.filter((n) => n.endsWith(`/${slot}`))).toHaveLength(count);
    }
    train(trainer, 5);

    const resumed = await resumeRun(checkpoint, host);
    expect(resumed.trainer.optimizer('G').getClassName()).toBe(className);
    expect(resumed.trainer.optimizer('G').getConfig().learningRate).toBe(0.02);
    train(resumed.trainer, 5);
    const [want, got] = [await weights(setup.networks), await weights(resumed.setup.networks)];
    expect(got).toHaveLength(want.length);
    // Adam's restored beta powers are pow(beta, t) rather than t products: a last-bit difference at most.
    expect(Math.max(...want.map((w, i) => Math.abs(w - got[i]!)))).toBeLessThan(1e-6);
    const atCheckpoint = Array.from(new Float32Array(checkpoint.weightData, 0, 8));
    expect(want.slice(0, 8)).not.toEqual(atCheckpoint);
    for (const run of [{ trainer, setup }, resumed]) {
      run.trainer.dispose();
      run.setup.models.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("refuses a checkpoint whose optimizer is another kind than the run's", async () => {
    const sgd = settings({ type: 'sgd', learningRate: 0.1 }, { type: 'sgd', learningRate: 0.1 });
    const setup = await buildRunSetup(sgd, host);
    const trainer = new GanTrainer({ ...sgd, networks: setup.networks, data: setup.data });
    train(trainer, 1);
    const checkpoint = await createCheckpoint({ trainer, networks: setup.networks, settings: sgd });
    const header = { ...checkpoint.header, settings: { ...sgd, optimizers: { ...sgd.optimizers, D: { type: 'rmsprop', learningRate: 0.1 } } } } as const;
    await expect(resumeRun({ ...checkpoint, header }, host)).rejects.toThrow('optimizer D: the checkpoint\'s is SGD, this run\'s RMSProp');
    trainer.dispose();
    setup.models.dispose();
  });
});
