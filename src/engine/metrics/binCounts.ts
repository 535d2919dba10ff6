// Weighted counts per bin (tf.bincount's result) without a read-back on webgl: tfjs-backend-webgl
// 4.22's Bincount reads both inputs with readSync and counts on the CPU, a blocking read that
// drains the GPU in the middle of training at every measurement. There each value becomes a
// one-hot row and the counts are one weighted sum of those rows, on the device. Other backends
// keep tf.bincount (a native kernel on cpu and wasm, a GPU program on webgpu).
import * as tf from '@tensorflow/tfjs';
import type { Tensor1D } from '@tensorflow/tfjs';

/** Backends whose Bincount kernel reads its inputs back synchronously. */
const READS_BACK = new Set(['webgl']);

/**
 * For each bin j in [0, size): the sum of `weights` where `index` is j (indices past the last
 * bin count nowhere, as in tf.bincount, which throws on a negative one). The one-hot form is used
 * where the backend's Bincount would read back; `onDevice` forces it or tf.bincount (tests).
 */
export function binCounts(index: Tensor1D, weights: Tensor1D, size: number, onDevice: boolean = READS_BACK.has(tf.getBackend())): Tensor1D {
  if (!onDevice) return tf.bincount(index, weights, size);
  return tf.tidy(() => {
    // [1, n] x [n, size]: exact for counts of 0/1 weights below 2^24.
    const rows = tf.cast(tf.oneHot(index, size), 'float32');
    return tf.reshape(tf.matMul(tf.reshape(weights, [1, -1]), rows), [size]) as Tensor1D;
  });
}
