import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { dHealthSeries } from '../../src/engine/dHealth';
import { GanTrainer, type GanNetworks, type RealDataSource } from '../../src/engine/trainer';
import { builtinSpec } from '../../src/manager';

/** D(x) = x0 - x1: a linear critic whose outputs are read off the points. */
function linearCritic(): tf.Sequential {
  const d = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
  d.setWeights([tf.tensor2d([[1], [-1]]), tf.tensor1d([0])]);
  return d;
}

/** G(z) = (0, 1) whatever z: every generated point scores 0 - 1 = -1. */
function constantGenerator(): tf.Sequential {
  const g = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2 })] });
  g.setWeights([tf.zeros([2, 2]), tf.tensor1d([0, 1])]);
  return g;
}

// Scores 1, 0.5, -1, 2 under the linear critic.
const REAL = [[1, 0], [0.5, 0], [-1, 0], [2, 0]];
const realData: RealDataSource = { next: () => ({ kind: 'samples', real: tf.tensor2d(REAL) }) };

describe('dHealthSeries', () => {
  const real = () => tf.tensor2d([[1], [0.5], [-1]]);
  const fake = () => tf.tensor2d([[-1], [2]]);

  it('threshold 0 (logits): means 1/6 and 1/2; 2 of 3 real above, 1 of 2 fake below: accuracy 3/5', async () => {
    const before = tf.memory().numTensors;
    const series = tf.tidy(() => {
      const s = dHealthSeries({ real: real(), fake: fake() }, 0)!;
      return { names: s.names, values: tf.keep(s.values) };
    });
    expect(series.names).toEqual(['dHealth/real', 'dHealth/fake', 'dHealth/accuracy']);
    const [r, f, acc] = Array.from(await series.values.data());
    expect(r).toBeCloseTo((1 + 0.5 - 1) / 3, 6);
    expect(f).toBeCloseTo((-1 + 2) / 2, 6);
    expect(acc).toBeCloseTo(3 / 5, 6);
    series.values.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("threshold 0.5 (least squares' midpoint): 0.5 itself is not above it; 1 real + 1 fake right: 2/5", async () => {
    const values = tf.tidy(() => dHealthSeries({ real: real(), fake: fake() }, 0.5)!.values);
    expect((await values.data())[2]).toBeCloseTo(2 / 5, 6);
    values.dispose();
  });

  it('only the fake side seen: its mean and its accuracy alone; nothing seen: null', async () => {
    const s = tf.tidy(() => {
      const out = dHealthSeries({ fake: fake() }, 0)!;
      return { names: out.names, values: tf.keep(out.values) };
    });
    expect(s.names).toEqual(['dHealth/fake', 'dHealth/accuracy']);
    expect(Array.from(await s.values.data())).toEqual([0.5, 0.5]);
    s.values.dispose();
    expect(dHealthSeries({}, 0)).toBeNull();
  });
});

describe("a D update's health series", () => {
  it("are the critic's outputs before its update: real (1 + 0.5 - 1 + 2)/4, fake -1, accuracy (3 + 4)/8 at the log loss's threshold 0", async () => {
    const networks: GanNetworks = { generator: constantGenerator(), discriminator: linearCritic(), sampleNoise: (n) => tf.zeros([n, 2]) };
    const optimizers = { G: { type: 'sgd', learningRate: 0.1 }, D: { type: 'sgd', learningRate: 0.1 } } as const;
    const trainer = new GanTrainer({ networks, data: realData, spec: builtinSpec('toy/log-loss'), optimizers, batchSize: 4 });
    trainer.step();
    const { columns } = await trainer.flush();
    const at = (name: string) => columns.value[columns.step.findIndex((_, i) => columns.names[columns.loss[i]!] === name)];
    expect(at('dHealth/real')).toBeCloseTo((1 + 0.5 - 1 + 2) / 4, 5);
    expect(at('dHealth/fake')).toBeCloseTo(-1, 5);
    expect(at('dHealth/accuracy')).toBeCloseTo(7 / 8, 6);
    // One D update per iteration: one health row per series, at step 0.
    expect(columns.names.filter((n) => n.startsWith('dHealth/'))).toHaveLength(3);
    trainer.dispose();
    networks.generator.dispose();
    networks.discriminator.dispose();
  });
});
