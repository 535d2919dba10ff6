import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { EmaGenerator } from '../../src/engine/emaGenerator';
import { buildModels, resolveModelConfig } from '../../src/engine/models';
import { GanTrainer } from '../../src/engine/trainer';
import { builtinSpec } from '../../src/manager';
import type { EmaSettings } from '../../src/protocol/messages';
import { onePoint, toyNetworks } from '../helpers/toyGan';

/** y = x * k + b, one input and two outputs: two weights, the kernel k [1, 2] and the bias b [2]. */
function tinyGenerator(): tf.Sequential {
  return tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 2, kernelInitializer: 'zeros' })] });
}

/** Sets the live generator's kernel and bias, as a G step would. */
function setLive(model: tf.LayersModel, kernel: [number, number], bias: [number, number]): void {
  model.setWeights([tf.tensor2d([kernel]), tf.tensor1d(bias)]);
}

async function values(weights: readonly tf.LayerVariable[]): Promise<number[][]> {
  return Promise.all(weights.map(async (w) => Array.from(await w.read().data())));
}

const made: { dispose(): void }[] = [];
function track<T extends { dispose(): void }>(x: T): T {
  made.push(x);
  return x;
}
afterEach(() => made.splice(0).forEach((x) => x.dispose()));

describe("EmaGenerator: MMagic's ExponentialMovingAverage", () => {
  it('averages with the new weights weighted by momentum: (1 - m) * old + m * new (MMagic convention)', async () => {
    const g = track(tinyGenerator());
    const ema = track(new EmaGenerator(g, { momentum: 0.25 }));
    setLive(g, [1, 2], [4, 8]);
    // mmengine's first update_parameters call copies: the average starts at G after iteration 1.
    ema.afterGeneratorUpdates(1);
    expect(await values(ema.weights)).toEqual([
      [1, 2],
      [4, 8],
    ]);
    setLive(g, [5, -2], [0, 12]);
    ema.afterGeneratorUpdates(2);
    // 0.75 * 1 + 0.25 * 5 = 2, 0.75 * 2 + 0.25 * -2 = 1; 0.75 * 4 + 0 = 3, 0.75 * 8 + 0.25 * 12 = 9.
    expect(await values(ema.weights)).toEqual([
      [2, 1],
      [3, 9],
    ]);
    expect(ema.updates).toBe(2);
    // The shadow model computes with the average: y = 1 * [2, 1] + [3, 9].
    const y = ema.model.predict(tf.tensor2d([[1]])) as tf.Tensor;
    expect(Array.from(await y.data())).toEqual([5, 10]);
  });

  it('starts as a copy of G (MMagic deep-copies it) and its model is not trainable', async () => {
    const g = track(tinyGenerator());
    setLive(g, [3, 4], [5, 6]);
    const ema = track(new EmaGenerator(g, { momentum: 0.5 }));
    expect(await values(ema.weights)).toEqual([
      [3, 4],
      [5, 6],
    ]);
    expect(ema.model.trainableWeights).toHaveLength(0);
    expect(ema.model.weights[0]).not.toBe(g.weights[0]);
  });

  it('before startIteration the shadow is a copy of G (sync_parameters), and the count stays 0', async () => {
    const g = track(tinyGenerator());
    const ema = track(new EmaGenerator(g, { momentum: 0.5, startIteration: 3 }));
    setLive(g, [1, 1], [1, 1]);
    ema.afterGeneratorUpdates(1);
    setLive(g, [3, 3], [3, 3]);
    ema.afterGeneratorUpdates(2);
    expect(await values(ema.weights)).toEqual([
      [3, 3],
      [3, 3],
    ]);
    expect(ema.updates).toBe(0);
    // Iteration 3 is the first update_parameters call: a copy again; iteration 4 averages.
    setLive(g, [5, 5], [5, 5]);
    ema.afterGeneratorUpdates(3);
    setLive(g, [7, 7], [9, 9]);
    ema.afterGeneratorUpdates(4);
    // 0.5 * 5 + 0.5 * 7 = 6; 0.5 * 5 + 0.5 * 9 = 7.
    expect(await values(ema.weights)).toEqual([
      [6, 6],
      [7, 7],
    ]);
    expect(ema.updates).toBe(2);
  });

  it('with interval 2, averages on calls 2, 4, ... and leaves the parameters alone in between', async () => {
    const g = track(tinyGenerator());
    const ema = track(new EmaGenerator(g, { momentum: 0.5, interval: 2 }));
    const kernels: number[] = [];
    for (const [i, live] of [2, 4, 8, 16, 32].entries()) {
      setLive(g, [live, live], [0, 0]);
      ema.afterGeneratorUpdates(i + 1);
      kernels.push((await values(ema.weights))[0]![0]!);
    }
    // Call 0 copies 2; call 1 keeps 2; call 2: (2 + 8) / 2 = 5; call 3 keeps 5; call 4: (5 + 32) / 2 = 18.5.
    expect(kernels).toEqual([2, 2, 5, 5, 18.5]);
  });

  it("copies batch norm's moving statistics (buffers) and averages gamma and beta (parameters)", async () => {
    const g = track(
      tf.sequential({ layers: [tf.layers.batchNormalization({ inputShape: [1], movingMeanInitializer: 'zeros', movingVarianceInitializer: 'ones' })] }),
    );
    const ema = track(new EmaGenerator(g, { momentum: 0.25 }));
    // Weights: gamma, beta, moving mean, moving variance.
    const set = (v: number) => g.setWeights([tf.tensor1d([v]), tf.tensor1d([v]), tf.tensor1d([v]), tf.tensor1d([v])]);
    set(4);
    ema.afterGeneratorUpdates(1);
    set(8);
    ema.afterGeneratorUpdates(2);
    // Parameters: 0.75 * 4 + 0.25 * 8 = 5. Buffers: G's, 8.
    expect((await values(ema.weights)).map((w) => w[0])).toEqual([5, 5, 8, 8]);
  });

  it.each([
    ['dcgan', { width: 4 }],
    ['pix2pix', { width: 4, size: 32 }],
  ] as const)("pairs %s's weights layer by layer, batch norm's statistics between its layers included", async (family, config) => {
    // Bug: paired by the models' `weights` lists, which put every trainable weight first; the
    // copy's are all non-trainable, so the lists differed from the first moving mean on.
    const models = track(buildModels(resolveModelConfig({ family, seed: 1, ...config }, 'model')));
    const ema = track(new EmaGenerator(models.generator, { momentum: 0.5 }));
    const input = models.sampleNoise ? models.sampleNoise(3, 4) : tf.randomNormal([3, 32, 32, models.modelKeys.generatorInputShape[2]!], 0, 1, 'float32', 4);
    const [want, got] = await Promise.all([(models.generator.predict(input) as tf.Tensor).data(), (ema.model.predict(input) as tf.Tensor).data()]);
    expect(Array.from(got)).toEqual(Array.from(want));
    const names = (ws: readonly tf.LayerVariable[]) => ws.map((w) => w.originalName);
    expect(names(ema.weights)).toEqual(names(models.generator.layers.flatMap((l) => l.weights)));
  });

  it('holds no tensor more after any number of updates', () => {
    const g = track(tinyGenerator());
    const ema = track(new EmaGenerator(g, { momentum: 0.1, interval: 2 }));
    const before = tf.memory().numTensors;
    for (let i = 1; i <= 5; i++) ema.afterGeneratorUpdates(i);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a momentum MMagic refuses, naming the field', () => {
    const g = track(tinyGenerator());
    for (const momentum of [0, 1, -0.1, Number.NaN]) expect(() => new EmaGenerator(g, { momentum })).toThrow(/ema\.momentum must be between 0 and 1/);
  });
});

describe('the EMA generator in a GanTrainer', () => {
  function toyTrainer(ema: EmaSettings, extra: { gSteps?: number } = {}) {
    const networks = toyNetworks();
    const trainer = new GanTrainer({
      networks,
      data: onePoint,
      spec: builtinSpec('toy/log-loss'),
      optimizers: { G: { type: 'adam', learningRate: 0.05 }, D: { type: 'adam', learningRate: 0.05 } },
      batchSize: 8,
      seed: 2,
      ema,
      ...extra,
    });
    track({ dispose: () => (trainer.dispose(), networks.generator.dispose(), networks.discriminator.dispose()) });
    return { trainer, networks };
  }
  const flat = async (weights: readonly tf.LayerVariable[]) => (await values(weights)).flat();

  it("is updated after each iteration's G updates: shadow = (1 - m) * previous + m * G", async () => {
    const m = 0.3;
    const { trainer, networks } = toyTrainer({ momentum: m });
    trainer.step();
    const g1 = await flat(networks.generator.weights);
    expect(await flat(trainer.ema!.weights)).toEqual(g1);
    trainer.step();
    const g2 = await flat(networks.generator.weights);
    const want = g1.map((w, i) => (1 - m) * w + m * g2[i]!);
    const got = await flat(trainer.ema!.weights);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    // G moved, so the average differs from it: the check is not G == G.
    expect(Math.max(...got.map((v, i) => Math.abs(v - g2[i]!)))).toBeGreaterThan(1e-4);
  });

  it("follows the page's single steps: Step G updates it, Step D does not", async () => {
    const { trainer, networks } = toyTrainer({ momentum: 0.5 });
    trainer.stepNetwork('G');
    expect(trainer.ema!.updates).toBe(1);
    trainer.stepNetwork('D');
    expect(trainer.ema!.updates).toBe(1);
    const g1 = await flat(networks.generator.weights);
    trainer.stepNetwork('G');
    const g2 = await flat(networks.generator.weights);
    const got = await flat(trainer.ema!.weights);
    got.forEach((v, i) => expect(v).toBeCloseTo((g1[i]! + g2[i]!) / 2, 6));
  });

  it('equals G until startIteration, in iterations', async () => {
    const { trainer, networks } = toyTrainer({ momentum: 0.5, startIteration: 3 });
    for (let i = 0; i < 3; i++) trainer.step();
    // Iterations 1 and 2 copy (sync_parameters); iteration 3 is the first call, a copy too.
    expect(await flat(trainer.ema!.weights)).toEqual(await flat(networks.generator.weights));
    expect(trainer.ema!.updates).toBe(1);
    trainer.step();
    expect(await flat(trainer.ema!.weights)).not.toEqual(await flat(networks.generator.weights));
  });

  it('leaks no tensor per step', async () => {
    const { trainer } = toyTrainer({ momentum: 0.1 });
    trainer.step();
    await trainer.flush();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) trainer.step();
    // The manager holds recorded values until a flush: count after one.
    await trainer.flush();
    expect(tf.memory().numTensors).toBe(before);
  });
});
