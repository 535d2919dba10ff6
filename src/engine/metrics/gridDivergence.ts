// GAN Lab's toy quality measure (GANLabEvaluatorGridDensities): the plane cut into a grid of
// cells, each point set turned into the share of its points per cell, and the divergences of
// those histograms in bits, with 1e-4 added to every cell's share so an empty cell costs a
// bounded amount. GAN Lab's plane is [0, 1]^2; ours is [-extent, extent]^2, and a point outside
// it counts in the nearest edge cell (GAN Lab's index would run off its array).
import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { binCounts } from './binCounts';

/** GAN Lab's grid and epsilon. */
export const GRID_DIVERGENCE = { cells: 30, extent: 1, epsilon: 1e-4 } as const;

/** Each cell's share of `points` ([n, 2]) on a cells x cells grid over [-extent, extent]^2, row by row from the bottom. */
export function gridDensity(points: Tensor2D, cells: number = GRID_DIVERGENCE.cells, extent: number = GRID_DIVERGENCE.extent): Tensor1D {
  return tf.tidy(() => {
    const n = points.shape[0];
    // floor((x + extent) / (2 extent) * cells), clamped to the grid.
    const scaled = tf.floor(tf.mul(tf.add(points, extent), cells / (2 * extent)));
    const [col, row] = tf.split(tf.clipByValue(scaled, 0, cells - 1), 2, 1);
    const index = tf.cast(tf.reshape(tf.add(tf.mul(row!, cells), col!), [-1]), 'int32') as Tensor1D;
    const counts = binCounts(index, tf.ones([n]) as Tensor1D, cells * cells);
    return tf.div(counts, Math.max(n, 1)) as Tensor1D;
  });
}

const log2 = (x: Tensor) => tf.div(tf.log(x), Math.LN2);

/** sum_j (p_j + eps) log2((p_j + eps) / (q_j + eps)): GAN Lab's getKLDivergenceScore with p the target's shares. */
export function klDivergence(p: Tensor1D, q: Tensor1D, epsilon: number = GRID_DIVERGENCE.epsilon): Tensor {
  return tf.tidy(() => {
    const pe = tf.add(p, epsilon);
    return tf.sum(tf.mul(pe, log2(tf.div(pe, tf.add(q, epsilon)))));
  });
}

/** GAN Lab's getJSDivergenceScore: half of each side's smoothed KL to m = (p + q) / 2, m smoothed too. */
export function jsDivergence(p: Tensor1D, q: Tensor1D, epsilon: number = GRID_DIVERGENCE.epsilon): Tensor {
  return tf.tidy(() => {
    const m = tf.mul(tf.add(p, q), 0.5) as Tensor1D;
    return tf.mul(tf.add(klDivergence(p, m, epsilon), klDivergence(q, m, epsilon)), 0.5);
  });
}
