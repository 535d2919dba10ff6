// The digit classifier whose features DCGAN's KID and FID compare (Inception's part in the
// papers' FID, scaled to 28 x 28 digits): trained by `npm run classifier:digits`
// (src/cli/trainDigitClassifier.ts) on the digits the app ships, less the held-out fifth.
// Plain tfjs ops on a list of weights, the same function in training and in measurement.
import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import { createRandom } from '../data/random';

/**
 * conv 5x5 1->8, ReLU, max pool 2 (28 -> 24 -> 12); conv 5x5 8->16, ReLU, max pool 2
 * (12 -> 8 -> 4); dense 256 -> 32, ReLU: the features; dense 32 -> 10: the logits.
 * Shapes as tfjs takes them: conv kernels HWIO, dense kernels [in, out].
 */
export const CLASSIFIER_SHAPES: readonly (readonly number[])[] = [
  [5, 5, 1, 8], [8],
  [5, 5, 8, 16], [16],
  [256, 32], [32],
  [32, 10], [10],
];

/** Elements of a tensor of `shape`. */
export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Units of the feature layer (the penultimate one), the d of KID's kernel and FID's covariances. */
export const FEATURE_DIM = 32;
export const CLASSES = 10;

/** Floats in the weights: 11,978 (47.9 KB as float32). */
export const CLASSIFIER_PARAM_COUNT = CLASSIFIER_SHAPES.reduce((sum, shape) => sum + sizeOf(shape), 0);

export interface ClassifierOutputs {
  /** [n, FEATURE_DIM], after the ReLU. */
  readonly features: Tensor2D;
  /** [n, CLASSES]. */
  readonly logits: Tensor2D;
}

/** The forward pass on [n, 28, 28, 1] images in [-1, 1] (the GAN's range), with `params` in CLASSIFIER_SHAPES order. */
export function classifierForward(params: readonly Tensor[], images: Tensor4D): ClassifierOutputs {
  if (params.length !== CLASSIFIER_SHAPES.length) throw new RangeError(`the classifier takes ${CLASSIFIER_SHAPES.length} weight tensors, got ${params.length}`);
  const [k1, b1, k2, b2, w3, b3, w4, b4] = params as [Tensor4D, Tensor, Tensor4D, Tensor, Tensor2D, Tensor, Tensor2D, Tensor];
  return tf.tidy(() => {
    const c1 = tf.maxPool(tf.relu(tf.add(tf.conv2d(images, k1, 1, 'valid'), b1)) as Tensor4D, 2, 2, 'valid');
    const c2 = tf.maxPool(tf.relu(tf.add(tf.conv2d(c1, k2, 1, 'valid'), b2)) as Tensor4D, 2, 2, 'valid');
    const features = tf.relu(tf.add(tf.matMul(tf.reshape(c2, [images.shape[0], 256]), w3), b3)) as Tensor2D;
    const logits = tf.add(tf.matMul(features, w4), b4) as Tensor2D;
    return { features, logits };
  });
}

/** He-normal kernels (std sqrt(2 / fan in)) and zero biases, drawn from `seed` with our own PRNG. */
export function initialClassifierWeights(seed: number): Float32Array[] {
  const random = createRandom(seed);
  return CLASSIFIER_SHAPES.map((shape) => {
    const values = new Float32Array(sizeOf(shape));
    if (shape.length === 1) return values;
    const std = Math.sqrt(2 / sizeOf(shape.slice(0, -1)));
    for (let i = 0; i < values.length; i++) values[i] = random.normal() * std;
    return values;
  });
}

/** The weights as tensors (the caller disposes them). */
export function classifierTensors(weights: readonly Float32Array[]): Tensor[] {
  return weights.map((w, i) => tf.tensor(w, [...CLASSIFIER_SHAPES[i]!]));
}
