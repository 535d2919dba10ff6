// Mode coverage for targets made of modes (a ring or grid of Gaussians), as in the mode
// collapse literature (VEEGAN, Srivastava et al. 2017, on the same 2-D targets): a generated
// point belongs to its nearest mode when within `radius` (3 standard deviations of the target's
// jitter), a mode is covered when it holds at least `minShare` of the points a perfect generator
// would put there, and points near no mode are "off mode".
import * as tf from '@tensorflow/tfjs';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { binCounts } from './binCounts';

export interface ModeCoverageOptions {
  /** Distance from a mode's centre within which a point belongs to it. */
  readonly radius: number;
  /** A mode is covered with at least this share of n / modes points. @default 0.25 */
  readonly minShare?: number;
}

/** [share of modes covered, share of points near no mode] for `points` [n, 2] and the modes' `centres`. */
export function modeCoverage(points: Tensor2D, centres: readonly (readonly [number, number])[], options: ModeCoverageOptions): Tensor1D {
  const modes = centres.length;
  if (modes === 0) throw new RangeError('mode coverage needs at least one mode');
  const minShare = options.minShare ?? 0.25;
  return tf.tidy(() => {
    const n = points.shape[0];
    const c = tf.tensor2d(centres.map((p) => [p[0], p[1]]), [modes, 2]);
    // [n, modes] squared distances.
    const d2 = tf.sum(tf.square(tf.sub(tf.expandDims(points, 1), tf.expandDims(c, 0))), 2);
    const nearest = tf.argMin(d2, 1) as Tensor1D;
    const near = tf.lessEqual(tf.min(d2, 1), options.radius ** 2);
    const counts = binCounts(nearest, tf.cast(near, 'float32') as Tensor1D, modes);
    const covered = tf.mean(tf.cast(tf.greaterEqual(counts, (minShare * n) / modes), 'float32'));
    const offMode = tf.sub(1, tf.div(tf.sum(counts), Math.max(n, 1)));
    return tf.stack([covered, offMode]) as Tensor1D;
  });
}
