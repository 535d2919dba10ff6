// Batch norm's training statistics and backward pass as wasm kernels (batchNorm.wat), which
// fusedBatchNorm.ts runs on wasm. The pix2pix and DCGAN layers are small (at most 16k values),
// so tfjs's chain of kernels per layer costs its dispatches and the transposes in front of its
// reductions over the leading axes, not arithmetic: here each is one call of two passes.
import type { KernelBackend, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { BATCH_NORM_WASM, BATCH_NORM_WASM_SHARED_MEMORY } from './batchNormBinary';
import { f32, makeF32 } from './heap';
import { onBackendMemory } from './onBackendMemory';

export const BATCH_NORM_MOMENTS = 'GanBatchNormMoments';
export const BATCH_NORM_GRAD = 'GanBatchNormGrad';

type Fn = (...args: number[]) => void;
interface BatchNormFns {
  readonly moments: Fn;
  readonly grad: Fn;
}

/** The functions over the backend's memory, or null where they cannot run (no SIMD): fusedBatchNorm.ts then takes tfjs's ops. */
export const batchNormFunctions = onBackendMemory<BatchNormFns>(
  { plain: BATCH_NORM_WASM, shared: BATCH_NORM_WASM_SHARED_MEMORY },
  (exports) => ({ moments: exports.moments as Fn, grad: exports.grad as Fn }),
);

/** The channels (last axis) of a float32 tensor of rank >= 2, checked to be whole SIMD lanes. */
function channelsOf(kernel: string, x: TensorInfo): number {
  const c = x.shape.at(-1) ?? 0;
  if (x.shape.length < 2 || c % 4 !== 0 || c === 0) throw new Error(`${kernel}: x has shape [${x.shape}]; it needs rank >= 2 and channels a multiple of 4`);
  return c;
}

function functions(kernel: string, backend: KernelBackend): BatchNormFns {
  const fns = batchNormFunctions(backend);
  if (!fns) throw new Error(`${kernel}: this wasm engine cannot run the kernel (no SIMD?)`);
  return fns;
}

/**
 * moving - (moving - batch) * decay per channel, as float32 ops in tfjs-layers' order (its moving
 * average runs Sub, Mul by the scalar 1 - momentum, Sub): each step rounded to float32
 * (fround of a double +, - or * of float32 values is the float32 result), so equal to the bit.
 */
function movingAverage(moving: Float32Array, batch: Float32Array, decay: number, out: Float32Array): void {
  const f = Math.fround;
  for (let j = 0; j < out.length; j++) out[j] = f(moving[j]! - f(f(moving[j]! - batch[j]!) * decay));
}

/**
 * Input x [..., c]; outputs the mean and the biased variance over every axis but the last, each
 * [c]. With inputs movingMean and movingVariance [c] and attr momentum, also those moved toward
 * the batch's (tfjs-layers' update, to the bit), so a layer's training call is one kernel.
 */
export const batchNormMomentsConfig: KernelConfig = {
  kernelName: BATCH_NORM_MOMENTS,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend: b }) => {
    const backend = b as KernelBackend;
    const { x, movingMean, movingVariance } = inputs as Record<string, TensorInfo | undefined>;
    const c = channelsOf(BATCH_NORM_MOMENTS, x!);
    const moving = movingMean && movingVariance ? [movingMean, movingVariance] : [];
    for (const t of moving) {
      if (t.shape.join() !== String(c)) throw new Error(`${BATCH_NORM_MOMENTS}: a moving statistic has shape [${t.shape}], not [${c}]`);
    }
    const fns = functions(BATCH_NORM_MOMENTS, backend);
    const outs = [0, 1, ...moving].map(() => makeF32(backend, [c]));
    // Views after the last allocation: a growing heap detaches older ones.
    const view = (t: TensorInfo) => f32(backend, t);
    const [mean, variance] = outs as [TensorInfo, TensorInfo];
    fns.moments(view(x!).byteOffset, view(x!).length / c, c, view(mean).byteOffset, view(variance).byteOffset);
    if (moving.length > 0) {
      const decay = Math.fround(1 - (attrs as { momentum: number }).momentum);
      movingAverage(view(moving[0]!), view(mean), decay, view(outs[2]!));
      movingAverage(view(moving[1]!), view(variance), decay, view(outs[3]!));
    }
    return outs;
  },
};

/**
 * Inputs dy and x [..., c], gamma, mean and variance [c]; attr epsilon; outputs dx, dgamma and
 * dbeta of y = gamma * (x - mean) / sqrt(variance + epsilon) + beta with the batch's moments.
 */
export const batchNormGradConfig: KernelConfig = {
  kernelName: BATCH_NORM_GRAD,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend: b }) => {
    const backend = b as KernelBackend;
    const { dy, x, gamma, mean, variance } = inputs as Record<string, TensorInfo>;
    const c = channelsOf(BATCH_NORM_GRAD, x!);
    if (dy!.shape.join() !== x!.shape.join()) throw new Error(`${BATCH_NORM_GRAD}: dy has shape [${dy!.shape}], x [${x!.shape}]`);
    for (const [name, t] of Object.entries({ gamma, mean, variance })) {
      if (t!.shape.join() !== String(c)) throw new Error(`${BATCH_NORM_GRAD}: ${name} has shape [${t!.shape}], not [${c}]`);
    }
    const fns = functions(BATCH_NORM_GRAD, backend);
    const epsilon = (attrs as { epsilon: number }).epsilon;
    const [dx, dGamma, dBeta] = [makeF32(backend, [...x!.shape]), makeF32(backend, [c]), makeF32(backend, [c])];
    const scratch = makeF32(backend, [4 * c]);
    // Views after the last allocation: a growing heap detaches older ones.
    const at = (t: TensorInfo) => f32(backend, t).byteOffset;
    fns.grad(at(dy!), at(x!), at(gamma!), at(mean!), at(variance!), Math.fround(epsilon), f32(backend, x!).length / c, c, at(dx), at(dGamma), at(dBeta), at(scratch));
    backend.disposeData(scratch.dataId);
    return [dx, dGamma, dBeta];
  },
};
