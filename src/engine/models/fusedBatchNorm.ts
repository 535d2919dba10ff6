// Batch norm's training-mode pass as one taped op with a closed-form backward. tfjs-layers
// runs it op by op: moments (mean, subtract, square, mean), the normalization, and the moving
// averages, each a tape node that saves clones of its inputs, and a backward that
// differentiates the moments and the normalization kernel piece by piece (~40 kernels a
// layer). Inside a custom gradient's forward nothing is taped, so the layer saves only x,
// gamma and the batch's moments, and its backward is the textbook formula in a dozen ops; on
// wasm with SIMD the moments with the moving averages, and the backward, are one kernel each
// (src/engine/wasm/batchNorm.ts).
import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { BATCH_NORM_GRAD, BATCH_NORM_MOMENTS, batchNormFunctions } from '../wasm/batchNorm';

/** What the fused pass reads of tfjs-layers' BatchNormalization (private in its typings). */
interface BatchNormState {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: { read(): tf.Variable };
  beta: { read(): tf.Variable };
  movingMean: { read(): tf.Variable; write(value: Tensor): void };
  movingVariance: { read(): tf.Variable; write(value: Tensor): void };
}

type Kwargs = Record<string, unknown>;

/** The moving average update tfjs-layers runs, with the same ops: orig - (orig - value) * (1 - momentum). */
function movingAverage(orig: Tensor, value: Tensor, momentum: number): Tensor {
  return tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - momentum));
}

/**
 * dL/dx, dL/dgamma, dL/dbeta of y = gamma * (x - mean) / sqrt(var + eps) + beta with the
 * batch's own (biased) moments: with xHat the normalized input and n the values per channel,
 * dbeta = sum(dy), dgamma = sum(dy * xHat), dx = gamma / sqrt(var + eps) * (dy - dbeta / n - xHat * dgamma / n).
 */
export function batchNormBackward(dy: Tensor, x: Tensor, gamma: Tensor, mean: Tensor, variance: Tensor, epsilon: number): [Tensor, Tensor, Tensor] {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const n = x.size / (x.shape.at(-1) ?? 1);
  const invStd = tf.rsqrt(tf.add(variance, epsilon));
  const xHat = tf.mul(tf.sub(x, mean), invStd);
  const dBeta = tf.sum(dy, axes);
  const dGamma = tf.sum(tf.mul(dy, xHat), axes);
  const centered = tf.sub(tf.sub(dy, tf.div(dBeta, n)), tf.mul(xHat, tf.div(dGamma, n)));
  return [tf.mul(centered, tf.mul(gamma, invStd)), dGamma, dBeta];
}

/**
 * Whether this backend runs the moments and the backward as one wasm kernel each
 * (src/engine/wasm/batchNorm.ts): on wasm with SIMD, for channels in whole SIMD lanes.
 */
function onWasmKernels(channels: number): boolean {
  return channels % 4 === 0 && tf.getKernel(BATCH_NORM_GRAD, tf.getBackend()) !== undefined && batchNormFunctions(tf.backend()) !== null;
}

/** A layer's moving statistics, updated as tfjs-layers updates them by each training call. */
export interface MovingStatistics {
  readonly mean: Tensor;
  readonly variance: Tensor;
  readonly momentum: number;
  /** Receives the updated mean and variance. */
  readonly write: (mean: Tensor, variance: Tensor) => void;
}

/**
 * Batch norm over every axis but the last, in training mode, as one custom-gradient op.
 * The forward runs the kernels tfjs-layers runs (tf.moments, then the FusedBatchNorm kernel),
 * so outputs and moving statistics are the same to the bit; on wasm the moments (with the
 * moving averages) and the backward are one kernel each, the same formulas summed in another
 * order.
 */
export function batchNormTraining(x: Tensor, gamma: Tensor, beta: Tensor, epsilon: number, moving: MovingStatistics): Tensor {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const op = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
    const [input, g, b] = args as [Tensor, Tensor, Tensor];
    const save = args[3] as tf.GradSaveFunc;
    const kernels = onWasmKernels(input.shape.at(-1) ?? 0);
    const { mean, variance } = kernels ? momentsKernel(input, moving) : opsMoments(input, axes, moving);
    const value = tf.batchNorm(input, mean, variance, b, g, epsilon);
    save([input, g, mean, variance]);
    return {
      value,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        if (tf.engine().isTapeOn()) {
          // Its saved moments are off the tape: a second derivative through them would be silently wrong.
          throw new Error('batch norm (fused): its gradient cannot itself be differentiated; run the forward pass inside the outer gradient');
        }
        const [sx, sg, sm, sv] = saved as [Tensor, Tensor, Tensor, Tensor];
        if (!kernels) return batchNormBackward(dy, sx, sg, sm, sv, epsilon);
        const inputs = { dy, x: sx, gamma: sg, mean: sm, variance: sv };
        return tf.engine().runKernel(BATCH_NORM_GRAD, inputs, { epsilon }) as Tensor[];
      },
    };
  });
  return op(x, gamma, beta);
}

/** The batch's moments as tfjs-layers computes them, and the moving averages as it updates them. */
function opsMoments(x: Tensor, axes: number[], moving: MovingStatistics): { mean: Tensor; variance: Tensor } {
  const { mean, variance } = tf.moments(x, axes);
  moving.write(movingAverage(moving.mean, mean, moving.momentum), movingAverage(moving.variance, variance, moving.momentum));
  return { mean, variance };
}

/** The moments and the moving averages in one kernel (src/engine/wasm/batchNorm.ts). */
function momentsKernel(x: Tensor, moving: MovingStatistics): { mean: Tensor; variance: Tensor } {
  const inputs = { x, movingMean: moving.mean, movingVariance: moving.variance };
  const [mean, variance, movingMean, movingVariance] = tf.engine().runKernel(BATCH_NORM_MOMENTS, inputs, { momentum: moving.momentum }) as Tensor[];
  moving.write(movingMean!, movingVariance!);
  return { mean: mean!, variance: variance! };
}

/**
 * `layer` (a tfjs-layers BatchNormalization) with its training-mode call fused. Everything else
 * is the layer's own: inference mode, weights, names, class name and config (so checkpoints
 * and summaries see no difference), and the plain ops inside a gradient of a gradient (R1,
 * WGAN-GP and path length differentiate D twice, through the moments).
 */
export function fuseBatchNormTraining(layer: tf.layers.Layer): tf.layers.Layer {
  const state = layer as unknown as BatchNormState;
  const plainCall = layer.call.bind(layer);
  layer.call = (inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] => {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const lastAxis = x !== undefined && (state.axis === -1 || state.axis === x.rank - 1);
    if (kwargs['training'] !== true || !lastAxis || !state.center || !state.scale || x.rank < 2 || tf.engine().state.gradientDepth > 1) {
      return plainCall(inputs, kwargs);
    }
    return tf.tidy(() =>
      batchNormTraining(x, state.gamma.read(), state.beta.read(), state.epsilon, {
        mean: state.movingMean.read(),
        variance: state.movingVariance.read(),
        momentum: state.momentum,
        write: (mean, variance) => {
          state.movingMean.write(mean);
          state.movingVariance.write(variance);
        },
      }),
    );
  };
  return layer;
}
