// Why each loss pulls as hard as it does: from the gradients of a network's losses' weighted
// terms in one update, the L2 norm of each, its share of their sum, the norm of the update's
// total, and the cosine between each pair (negative: the two losses fight). All of it from one
// Gram matrix of the flattened gradients, on the device; read back with the losses.
import * as tf from '@tensorflow/tfjs';
import type { NamedTensorMap, Tensor, Tensor1D } from '@tensorflow/tfjs';
import { gradCosName, gradLayerName, gradNormName, gradShareName, type Network } from '../manager';

export interface LossGradient {
  readonly name: string;
  /** The gradient of the loss's weighted term, by variable name (every trainable weight of the network). */
  readonly grads: NamedTensorMap;
}

/**
 * The series names, in the order `gradientSeries` returns their values; with `layers` (the
 * variables' names), each loss's norm per weight tensor last.
 */
export function gradientSeriesNames(network: Network, losses: readonly string[], layers: readonly string[] = []): string[] {
  const pairs: string[] = [];
  losses.forEach((a, i) => losses.slice(i + 1).forEach((b) => pairs.push(gradCosName(network, a, b))));
  const perLayer = losses.flatMap((l) => layers.map((v) => gradLayerName(network, l, v)));
  return [...losses.map((l) => gradNormName(network, l)), gradNormName(network), ...losses.map((l) => gradShareName(network, l)), ...pairs, ...perLayer];
}

/**
 * The diagnostics of one network's update, as one 1-D tensor in `gradientSeriesNames` order:
 * norms ||g_i||, the total's norm ||sum g_i||, shares ||g_i|| / sum_j ||g_j||, cosines
 * <g_i, g_j> / (||g_i|| ||g_j||) for i < j. Call inside a tidy.
 * @param order the variables' names, the same for every loss
 */
export function gradientSeries(perLoss: readonly LossGradient[], order: readonly string[], perLayer = false): Tensor1D {
  const n = perLoss.length;
  // Each loss's gradient flattened over every variable, in one order; the Gram matrix
  // <g_i, g_j> from element-wise products and sums. (matMul(rows, rows, false, true) over a
  // [n, ~1e6] stack transposed it first on wasm: ~8 ms a pix2pix 32 step on average.)
  const flat = perLoss.map((l) => tf.concat(order.map((v) => tf.reshape(l.grads[v]!, [-1]))));
  const dots: Tensor[][] = flat.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const dot = tf.sum(i === j ? tf.square(flat[i]!) : tf.mul(flat[i]!, flat[j]!));
      dots[i]![j] = dot;
      dots[j]![i] = dot;
    }
  }
  const gram = tf.stack(dots.map((row) => tf.stack(row))); // [n, n]
  const squared = tf.stack(dots.map((row, i) => row[i]!));
  const norms = tf.sqrt(squared);
  // ||sum g_i||^2 is the sum of the whole Gram matrix.
  const total = tf.reshape(tf.sqrt(tf.relu(tf.sum(gram))), [1]);
  const shares = tf.div(norms, tf.sum(norms));
  const parts: Tensor[] = [norms, total, shares];
  if (n > 1) {
    const outer = tf.outerProduct(norms as Tensor1D, norms as Tensor1D);
    const cos = tf.div(gram, outer);
    const upper: number[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) upper.push(i * n + j);
    parts.push(tf.gather(tf.reshape(cos, [-1]), tf.tensor1d(upper, 'int32')));
  }
  // Per weight tensor: ||g_i[v]|| for each loss i, then each variable v in `order`.
  if (perLayer) parts.push(tf.stack(perLoss.flatMap((l) => order.map((v) => tf.norm(l.grads[v]!)))));
  return tf.concat(parts) as Tensor1D;
}

/**
 * `grads` with a zero tensor for each variable the loss does not reach (tf.variableGrads gives
 * null there, e.g. R1's penalty and the critic's last bias), so every loss's row has every variable.
 */
export function withZeroGradients(grads: Readonly<Record<string, Tensor | null>>, vars: readonly tf.Variable[]): NamedTensorMap {
  const out: NamedTensorMap = {};
  for (const v of vars) out[v.name] = grads[v.name] ?? tf.zerosLike(v);
  return out;
}

/** The update's gradient: the per-loss gradients summed, variable by variable. */
export function sumGradients(perLoss: readonly LossGradient[], order: readonly string[]): NamedTensorMap {
  const out: NamedTensorMap = {};
  for (const v of order) {
    const parts = perLoss.map((l) => l.grads[v]!);
    out[v] = parts.length === 1 ? tf.clone(parts[0]!) : tf.addN(parts);
  }
  return out;
}
