import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifierAccuracy, normalizeFeatureScale, trainDigitClassifier } from '../../../src/cli/classifierTraining';
import { isHeldOutDigit, mnistImages, mnistSplit } from '../../../src/engine/data';
import { loadMnistFile } from '../../../src/engine/data/mnistFile';
import { CLASSIFIER_PARAM_COUNT, classifierForward, classifierTensors, FEATURE_DIM, initialClassifierWeights } from '../../../src/engine/metrics/digitClassifier';
import { DIGIT_CLASSIFIER_PATH, encodeClassifierWeights, parseClassifierWeights } from '../../../src/engine/metrics/digitClassifierFile';

const mnist = await loadMnistFile('public/data/mnist-10k.u8');
const committed = parseClassifierWeights(new Uint8Array(readFileSync(`public/${DIGIT_CLASSIFIER_PATH}`)));

/** Mean squared feature (|f|^2 / d averaged over digits) and the logits of `indices`. */
async function outputs(weights: readonly Float32Array[], indices: readonly number[]) {
  const params = classifierTensors(weights);
  const { images } = mnistImages(mnist, indices);
  const out = classifierForward(params, tf.tensor4d(images, [indices.length, 28, 28, 1]));
  const [f, logits] = await Promise.all([out.features.data(), out.logits.data()]);
  tf.dispose([...params, out.features, out.logits]);
  return { meanSquare: Array.from(f).reduce((s, v) => s + v * v, 0) / (indices.length * FEATURE_DIM), logits: Array.from(logits) };
}

describe('the held-out split', () => {
  it('holds out every fifth digit: 2,000 of 10,000, about 200 of each class, disjoint from the 8,000 others', () => {
    const heldOut = mnistSplit(mnist, true);
    const train = mnistSplit(mnist, false);
    expect([heldOut.length, train.length]).toEqual([2000, 8000]);
    expect(heldOut.slice(0, 3)).toEqual([4, 9, 14]);
    expect(heldOut.every(isHeldOutDigit) && !train.some(isHeldOutDigit)).toBe(true);
    const perClass = Array.from({ length: 10 }, (_, c) => heldOut.filter((i) => mnist.labels[i] === c).length);
    for (const n of perClass) expect(n).toBeGreaterThanOrEqual(170);
    expect(mnistSplit(mnist, true, [3]).every((i) => mnist.labels[i] === 3)).toBe(true);
  });
});

describe('the committed digit classifier', () => {
  it('classifies at least 97% of the 2,000 held-out digits correctly', async () => {
    const accuracy = await classifierAccuracy(committed, mnist, mnistSplit(mnist, true));
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
  }, 180_000);

  it("has features of mean square about 1 on the training digits (its scale is folded into the weights)", async () => {
    // The script scales to exactly 1 over all 8,000; every 40th of them is a fair sample.
    const { meanSquare } = await outputs(committed, mnistSplit(mnist, false).filter((_, k) => k % 40 === 0));
    expect(meanSquare).toBeGreaterThan(0.8);
    expect(meanSquare).toBeLessThan(1.25);
  });
});

describe('the weights file', () => {
  it('round-trips, and refuses a file of another shape naming it', () => {
    const weights = initialClassifierWeights(3);
    const bytes = encodeClassifierWeights(weights);
    expect(bytes.length).toBe(12 + 4 * CLASSIFIER_PARAM_COUNT);
    expect(parseClassifierWeights(bytes)).toEqual(weights);
    expect(() => parseClassifierWeights(bytes.slice(0, 100), 'x.bin')).toThrow(/^x\.bin: 100 bytes, its header needs 47924; rebuild it with `npm run classifier:digits`$/);
    const wrongCount = bytes.slice();
    new DataView(wrongCount.buffer).setUint32(8, 5, true);
    expect(() => parseClassifierWeights(wrongCount, 'x.bin')).toThrow(/5 weights, the classifier has 11978/);
    expect(() => parseClassifierWeights(new TextEncoder().encode('<!doctype html>'), 'x.bin')).toThrow(/starts with "<!do", not "DGCL"/);
  });
});

describe('training the classifier', () => {
  it('is deterministic: the same seed gives the same weights, which differ from the initial ones', async () => {
    const options = { seed: 5, maxSteps: 2, batchSize: 8 };
    const before = tf.memory().numTensors;
    const first = await trainDigitClassifier(mnist, options);
    const second = await trainDigitClassifier(mnist, options);
    expect(tf.memory().numTensors).toBe(before);
    expect(second).toEqual(first);
    expect(first).not.toEqual(initialClassifierWeights(5));
  });

  it('normalizing the feature scale makes their mean square 1 and leaves the logits as they were', async () => {
    const indices = mnistSplit(mnist, false).slice(0, 50);
    const raw = initialClassifierWeights(1);
    const scaled = await normalizeFeatureScale(raw, mnist, indices);
    const [a, b] = [await outputs(raw, indices), await outputs(scaled, indices)];
    expect(b.meanSquare).toBeCloseTo(1, 4);
    expect(b.logits).toEqual(a.logits.map((v) => expect.closeTo(v, 3)));
  });
});
