/**
 * The thin tfjs layer over the typed-array sources: everything else in data/ is tf-free, so the
 * generators are tested without a backend and the same arrays can be posted to the page.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BatchSource, PairSource } from './source';

/** The next `n` items as one tensor of shape [n, ...itemShape]. The caller disposes it. */
export function sampleTensor(source: BatchSource, n: number): tf.Tensor {
  return tf.tensor(source.nextBatch(n), [n, ...source.itemShape], 'float32');
}

/** The next `n` pairs as two NHWC tensors. The caller disposes both. */
export function samplePairTensors(source: PairSource, n: number): { a: tf.Tensor4D; b: tf.Tensor4D } {
  const { a, b } = source.nextPairs(n);
  return { a: tf.tensor4d(a, [n, ...source.shapeA]), b: tf.tensor4d(b, [n, ...source.shapeB]) };
}

/** Points as an [n, 2] tensor, e.g. `planeGrid(...)` for the discriminator's heat map. */
export function pointsTensor(points: Float32Array): tf.Tensor2D {
  if (points.length % 2 !== 0) throw new RangeError(`points must be [x, y] pairs, got ${points.length} values`);
  return tf.tensor2d(points, [points.length / 2, 2]);
}
