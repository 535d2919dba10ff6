// The manager's batched read-back (src/manager/readBack.ts) on a backend against the cpu
// backend: batches of series of mixed lengths come back with the same values in the same order,
// and on webgl batches of new lengths compile no new shader program once each piece's length
// and the padded size have been seen (test/e2e/webglKernels.test.ts).
import * as tf from '@tensorflow/tfjs';
import { readBack, type Pending } from '../../../src/manager/readBack';
import { registerWebglTrainingKernels } from '../../../src/engine/webgl/kernels';

export interface ReadBackCheck {
  readonly backend: string;
  /** Each batch's values as read on this backend, in order. */
  readonly values: number[][];
  /** Programs tfjs's webgl backend compiled for the batches after the first two (null off webgl). */
  readonly compiledAfterWarmUp: number | null;
}

/** Series of `lengths` values each, numbered from `start` (1/3, 2/3, ...: values a copy must keep to the bit). */
function batch(lengths: readonly number[], start: number): Pending[] {
  let next = start;
  return lengths.map((n, i) => {
    const values = Array.from({ length: n }, () => Math.fround(next++ / 3));
    return { kind: 'series', names: values.map((_, j) => `s${i}.${j}`), step: i, time: 0, values: tf.keep(tf.tensor1d(values)) };
  });
}

/** Two warm-up batches (every length at both padded sizes: 16 and 69 values, padded to 64 and 128), then batches of other counts (4, 25, 66). */
export const READ_BACK_BATCHES: readonly (readonly number[])[] = [
  [1, 3, 1, 1, 3, 7],
  [1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 7, 7, 7],
  [3, 1],
  [1, 1, 1, 3, 1, 1, 1, 3, 1, 1, 1, 3, 7],
  [1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 7, 7],
];

export async function compareReadBack(backend: string): Promise<ReadBackCheck> {
  await tf.setBackend(backend);
  registerWebglTrainingKernels();
  const cache = backend === 'webgl' ? (tf.backend() as unknown as { binaryCache: Record<string, unknown> }).binaryCache : null;
  const values: number[][] = [];
  let compiled = 0;
  // Recorded values are on the GPU in training; small tensors made from arrays would send
  // tfjs's concat to the CPU instead.
  const cpuForward = tf.env().getBool('WEBGL_CPU_FORWARD');
  tf.env().set('WEBGL_CPU_FORWARD', false);
  try {
    for (const [i, lengths] of READ_BACK_BATCHES.entries()) {
      const before = cache ? Object.keys(cache).length : 0;
      values.push((await readBack(batch(lengths, 100 * i))).map((v) => v.raw));
      if (i >= 2 && cache) compiled += Object.keys(cache).length - before;
    }
  } finally {
    tf.env().set('WEBGL_CPU_FORWARD', cpuForward);
  }
  return { backend: tf.getBackend(), values, compiledAfterWarmUp: cache ? compiled : null };
}
