import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRandom, mnistImages, mnistSplit } from '../../../src/engine/data';
import { loadMnistFile } from '../../../src/engine/data/mnistFile';
import { recordMetricsIfDue } from '../../../src/engine/metrics/cadence';
import { classifierForward, classifierTensors, FEATURE_DIM } from '../../../src/engine/metrics/digitClassifier';
import { DIGIT_CLASSIFIER_PATH, parseClassifierWeights } from '../../../src/engine/metrics/digitClassifierFile';
import { features, pickRows, type Features } from '../../../src/engine/metrics/features';
import { featureStats, frechetDistance } from '../../../src/engine/metrics/fid';
import { kernelInceptionDistance } from '../../../src/engine/metrics/kid';
import { buildModels } from '../../../src/engine/models';
import { GanTrainer, type GanNetworks } from '../../../src/engine/trainer';
import { builtinSpec } from '../../../src/manager';
import type { RunSettings } from '../../../src/protocol/messages';

const mnist = await loadMnistFile('public/data/mnist-10k.u8');
const classifierWeights = parseClassifierWeights(new Uint8Array(readFileSync(`public/${DIGIT_CLASSIFIER_PATH}`)));

async function featuresOf(images: Float32Array, n: number): Promise<Features> {
  const params = classifierTensors(classifierWeights);
  const out = classifierForward(params, tf.tensor4d(images, [n, 28, 28, 1]));
  const values = await out.features.data();
  tf.dispose([...params, out.features, out.logits]);
  return features(Float64Array.from(values), n, FEATURE_DIM);
}

const heldOut = mnistSplit(mnist, true);
const real = await featuresOf(mnistImages(mnist, heldOut).images, heldOut.length);
// Alternate digits, so both halves hold every class in the file's proportions.
const even = pickRows(real, heldOut.flatMap((_, i) => (i % 2 === 0 ? [i] : [])));
const odd = pickRows(real, heldOut.flatMap((_, i) => (i % 2 === 1 ? [i] : [])));
const random = createRandom(3);
const noise = await featuresOf(Float32Array.from({ length: 1000 * 784 }, () => random.range(-1, 1)), 1000);

// KID as DCGAN's measure takes it: 100 subsets of 1,000 (here every subset is a whole half).
const kid = (a: Features, b: Features) => kernelInceptionDistance(a, b, { subsets: 100, subsetSize: 1000, seed: 7 });

describe("KID and FID on the digit classifier's features", () => {
  it('two halves of the held-out digits: |KID| below 0.02; real digits against uniform noise: KID above 0.5', () => {
    // Measured with the committed classifier: KID(halves) = -0.0043 (unbiased: it can fall
    // below 0), KID(half, noise) = 2.02. The bounds leave 4.6x and 4x, and are 25x apart.
    expect(Math.abs(kid(even, odd))).toBeLessThan(0.02);
    expect(kid(even, noise)).toBeGreaterThan(0.5);
  });

  it('FID: two halves below 0.2, real against noise above 3', () => {
    // Measured: 0.037 and 13.6 (5x and 4.5x margins).
    expect(frechetDistance(featureStats(even), featureStats(odd))).toBeLessThan(0.2);
    expect(frechetDistance(featureStats(even), featureStats(noise))).toBeGreaterThan(3);
  });
});

describe("DCGAN's measure in a run", () => {
  it('records KID, FID and class entropy at the cadence, leaving no tensor behind', async () => {
    const models = buildModels({ family: 'dcgan', width: 2, noiseDim: 4, seed: 1 });
    const networks: GanNetworks = { generator: models.generator, discriminator: models.discriminator, sampleNoise: models.sampleNoise!, digitMetrics: { mnist, classifierWeights } };
    const data = { next: (n: number, s: number) => ({ kind: 'samples' as const, real: tf.randomUniform([n, 28, 28, 1], -1, 1, 'float32', s) }) };
    const optimizers = { G: { type: 'adam', learningRate: 2e-4 }, D: { type: 'adam', learningRate: 2e-4 } } as const;
    const trainer = new GanTrainer({ networks, data, spec: builtinSpec('dcgan'), optimizers, batchSize: 2 });
    // The real set is the held-out ones: 2s only here, to keep the test short.
    const settings = { family: 'dcgan', data: { digits: [2] }, seed: 0, metricsEvery: 1 } as unknown as RunSettings;
    const values = new Map<string, number[]>();
    const step = async () => {
      trainer.step();
      await recordMetricsIfDue(trainer, settings, networks);
      const { columns } = await trainer.flush();
      columns.step.forEach((_, i) => {
        const name = columns.names[columns.loss[i]!]!;
        if (name.startsWith('metric/')) values.set(name, [...(values.get(name) ?? []), columns.raw[i]!]);
      });
    };
    await step(); // the first measurement also reads the held-out digits' features
    const before = tf.memory().numTensors;
    await step();
    expect(tf.memory().numTensors).toBe(before);
    expect([...values.keys()]).toEqual(['metric/KID', 'metric/FID', 'metric/classEntropy']);
    // An untrained G draws grey blurs: far from the digits, and the classifier calls them one or two things.
    for (const k of values.get('metric/KID')!) expect(k).toBeGreaterThan(0.1);
    for (const f of values.get('metric/FID')!) expect(f).toBeGreaterThan(1);
    for (const h of values.get('metric/classEntropy')!) expect(h >= 0 && h <= Math.log2(10)).toBe(true);
    trainer.dispose();
    models.dispose();
  }, 180_000);
});
