// Binary cross-entropy on logits as one taped op. Built from seven taped ops, each saves clones
// of its inputs and its gradient adds reshapes and casts: in a small network's training step
// that bookkeeping costs more than the arithmetic. One custom-gradient op runs the same seven
// kernels untaped, saves two tensors, and its backward runs tfjs's own gradients of those
// seven ops in the order its tape would, so values and gradients are the same to the bit.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** max(x,0) - x*y + log(1 + e^-|x|), as plain ops (each taped). */
function plainBce(logits: Tensor, label: number): Tensor {
  return tf.add(tf.sub(tf.relu(logits), tf.mul(logits, label)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
}

/**
 * The gradient tfjs's tape gives plainBce, op for op: the add and the sub pass dy through
 * (their reshapes change nothing here), log1p's dy / (e + 1), exp's dy * e, neg's -dy, abs's
 * dy * step(x, -1), the product's dy * y, relu's dy * step(x); x's three parts summed in the
 * tape's reverse order (abs, then the product, then relu).
 */
function bceGradient(dy: Tensor, x: Tensor, e: Tensor, label: number): Tensor {
  const dAbs = tf.neg(tf.mul(tf.div(dy, tf.add(e, 1)), e));
  const viaAbs = tf.mul(dAbs, tf.step(x, -1));
  // A label of 0 adds -dy * 0, a zero, which changes no finite sum.
  const viaProduct = label === 0 ? viaAbs : tf.add(viaAbs, label === 1 ? tf.neg(dy) : tf.mul(tf.neg(dy), label));
  return tf.add(viaProduct, tf.mul(dy, tf.step(x)));
}

/**
 * Binary cross-entropy with logits, element-wise and stable: max(x,0) - x*y + log(1 + e^-|x|).
 * Its backward is not itself taped, so inside a gradient of a gradient it runs as plain ops.
 */
export function bceWithLogits(logits: Tensor, label: number): Tensor {
  if (tf.engine().state.gradientDepth > 1) return plainBce(logits, label);
  const op = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [Tensor, tf.GradSaveFunc];
    const e = tf.exp(tf.neg(tf.abs(x)));
    // x * 1 is x, to the bit, and relu(x) - x * 0 is relu(x) for a finite x: a real or a fake
    // label's product, and its gradient's, cost nothing.
    const value = tf.add(label === 0 ? tf.relu(x) : tf.sub(tf.relu(x), label === 1 ? x : tf.mul(x, label)), tf.log1p(e));
    save([x, e]);
    return {
      value,
      gradFunc: (dy: Tensor, [savedX, savedE]: Tensor[]) => {
        if (tf.engine().isTapeOn()) {
          throw new Error('bceWithLogits: its gradient cannot itself be differentiated; compute the loss inside the outer gradient');
        }
        return bceGradient(dy, savedX!, savedE!, label);
      },
    };
  });
  return op(logits);
}

/**
 * Names of a backend's own kernels for the mean of BCE with logits over a rank-2 tensor (attr
 * `label`) and for its gradient (inputs x and the scalar dy). The engine registers them where
 * one shader beats tfjs's kernels (webgl, src/engine/webgl/kernels.ts); losses stay free of
 * any backend.
 */
export const BCE_MEAN_KERNEL = 'GlpBceMeanWithLogits';
export const BCE_MEAN_GRAD_KERNEL = 'GlpBceMeanWithLogitsGrad';

/**
 * mean(bceWithLogits(logits, label)) as one taped op of one kernel each way, where the active
 * backend has BCE_MEAN_KERNEL; null where it does not (or for a tensor it does not take), and
 * the caller computes the mean of bceWithLogits. The kernel sums in its own order, so the
 * last bits may differ.
 */
export function bceMeanWithLogits(logits: Tensor, label: number): Tensor | null {
  if (logits.rank !== 2 || logits.dtype !== 'float32' || tf.engine().state.gradientDepth > 1) return null;
  if (tf.getKernel(BCE_MEAN_KERNEL, tf.getBackend()) === undefined || tf.getKernel(BCE_MEAN_GRAD_KERNEL, tf.getBackend()) === undefined) return null;
  const attrs = { label } as unknown as tf.NamedAttrMap;
  const op = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [Tensor, tf.GradSaveFunc];
    save([x]);
    return {
      value: tf.engine().runKernel(BCE_MEAN_KERNEL, { x }, attrs) as Tensor,
      gradFunc: (dy: Tensor, [savedX]: Tensor[]) => {
        if (tf.engine().isTapeOn()) {
          throw new Error('bceMeanWithLogits: its gradient cannot itself be differentiated; compute the loss inside the outer gradient');
        }
        return tf.engine().runKernel(BCE_MEAN_GRAD_KERNEL, { x: savedX!, dy }, attrs) as Tensor;
      },
    };
  });
  return op(logits);
}
