// Trains the digit classifier (src/engine/metrics/digitClassifier.ts) on the shipped digits
// less the held-out fifth: seeded init, seeded shuffles, no dropout, so a run on one backend
// gives the same weights every time.
import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor4D, Variable } from '@tensorflow/tfjs';
import { createRandom, epochSampler, mnistImages, mnistSplit, type MnistData, type Random } from '../engine/data';
import { CLASSES, classifierForward, classifierTensors, FEATURE_DIM, initialClassifierWeights } from '../engine/metrics/digitClassifier';

export interface ClassifierTrainingOptions {
  /** @default 0 */
  readonly seed?: number;
  /** Passes over the training digits. @default 20 */
  readonly epochs?: number;
  /** @default 64 */
  readonly batchSize?: number;
  /** Adam's, x0.3 after half the epochs and x0.1 after three quarters. @default 2e-3 */
  readonly learningRate?: number;
  /** Each training digit moves by up to this many pixels each way, drawn per use. @default 2 */
  readonly shift?: number;
  /** Stop after this many updates (tests). @default no limit */
  readonly maxSteps?: number;
  /** After each epoch: its number and mean training loss. */
  readonly onEpoch?: (epoch: number, loss: number) => void;
}

/** Adam whose learning rate can be lowered between epochs, keeping its moments. */
class SteppedAdam extends tf.AdamOptimizer {
  constructor(learningRate: number) {
    super(learningRate, 0.9, 0.999, 1e-7);
  }
  setLearningRate(rate: number): void {
    this.learningRate = rate;
  }
}

/** Moves each image by a whole number of pixels in [-shift, shift] each way, in place; paper (-1) fills in. */
export function shiftImages(images: Float32Array, rows: number, cols: number, shift: number, random: Random): void {
  const size = rows * cols;
  const copy = new Float32Array(size);
  for (let at = 0; at < images.length; at += size) {
    const dy = random.int(2 * shift + 1) - shift;
    const dx = random.int(2 * shift + 1) - shift;
    copy.set(images.subarray(at, at + size));
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        const sy = y - dy;
        const sx = x - dx;
        images[at + y * cols + x] = sy >= 0 && sy < rows && sx >= 0 && sx < cols ? copy[sy * cols + sx]! : -1;
      }
    }
  }
}

/** Share of `indices`' digits the weights classify correctly. */
export async function classifierAccuracy(weights: readonly Float32Array[], data: MnistData, indices: readonly number[]): Promise<number> {
  const params = classifierTensors(weights);
  let correct = 0;
  try {
    for (let start = 0; start < indices.length; start += 500) {
      const { images, labels } = mnistImages(data, indices.slice(start, start + 500));
      const predicted = tf.tidy(() => tf.argMax(classifierForward(params, tf.tensor4d(images, [labels.length, data.rows, data.cols, 1])).logits, 1));
      const values = await predicted.data();
      predicted.dispose();
      labels.forEach((label, i) => (correct += values[i] === label ? 1 : 0));
    }
  } finally {
    tf.dispose(params);
  }
  return correct / indices.length;
}

/**
 * The same classifier with its features scaled so that `indices`' digits have a mean squared
 * feature of 1 (mean |f|^2 / d = 1): ReLU commutes with a positive factor, so the feature
 * layer's weights are divided by it and the logits' multiplied, and the logits do not change.
 * KID's kernel (x.y / d + 1)^3 assumes features of about that size, as Inception's are; raw,
 * ours were ~50 and the cubic made KID's numbers ~10^4.
 */
export async function normalizeFeatureScale(weights: readonly Float32Array[], data: MnistData, indices: readonly number[]): Promise<Float32Array[]> {
  const params = classifierTensors(weights);
  let sumSquares = 0;
  try {
    for (let start = 0; start < indices.length; start += 500) {
      const { images, labels } = mnistImages(data, indices.slice(start, start + 500));
      const squares = tf.tidy(() => tf.sum(tf.square(classifierForward(params, tf.tensor4d(images, [labels.length, data.rows, data.cols, 1])).features)));
      sumSquares += (await squares.data())[0]!;
      squares.dispose();
    }
  } finally {
    tf.dispose(params);
  }
  const scale = Math.sqrt(sumSquares / (indices.length * FEATURE_DIM));
  if (!(scale > 0 && Number.isFinite(scale))) throw new RangeError(`the classifier's features are all 0 or not finite (scale ${scale})`);
  return weights.map((w, i) => (i === 4 || i === 5 ? w.map((v) => v / scale) : i === 6 ? w.map((v) => v * scale) : Float32Array.from(w)));
}

/** The trained weights, in CLASSIFIER_SHAPES order. */
export async function trainDigitClassifier(data: MnistData, options: ClassifierTrainingOptions = {}): Promise<Float32Array[]> {
  const { seed = 0, epochs = 20, batchSize = 64, learningRate = 2e-3, shift = 2, maxSteps = Infinity } = options;
  const train = mnistSplit(data, false);
  const nextIndex = epochSampler(train.length, createRandom(seed + 1));
  const random = createRandom(seed + 2);
  const variables: Variable[] = classifierTensors(initialClassifierWeights(seed)).map((t) => {
    const v = tf.variable(t);
    t.dispose();
    return v;
  });
  const optimizer = new SteppedAdam(learningRate);
  const stepsPerEpoch = Math.ceil(train.length / batchSize);
  let step = 0;
  try {
    for (let epoch = 1; epoch <= epochs && step < maxSteps; epoch++) {
      const losses: Tensor[] = [];
      for (let s = 0; s < stepsPerEpoch && step < maxSteps; s++, step++) {
        const { images, labels } = mnistImages(data, Array.from({ length: batchSize }, () => train[nextIndex()]!));
        shiftImages(images, data.rows, data.cols, shift, random);
        optimizer.setLearningRate(learningRate * (epoch > epochs * 0.75 ? 0.1 : epoch > epochs / 2 ? 0.3 : 1));
        const loss = optimizer.minimize(() => {
          const x = tf.tensor4d(images, [batchSize, data.rows, data.cols, 1]) as Tensor4D;
          const { logits } = classifierForward(variables, x);
          return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES), logits);
        }, true, variables);
        losses.push(loss!);
      }
      const mean = tf.tidy(() => tf.mean(tf.stack(losses)));
      const value = (await mean.data())[0]!;
      tf.dispose([mean, ...losses]);
      options.onEpoch?.(epoch, value);
    }
    return await Promise.all(variables.map(async (v) => new Float32Array(await v.data())));
  } finally {
    optimizer.dispose();
    tf.dispose(variables);
  }
}
