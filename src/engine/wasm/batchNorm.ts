// Batch norm's training statistics and backward pass as wasm kernels (batchNorm.wat), which
// fusedBatchNorm.ts runs on wasm. The pix2pix and DCGAN layers are small (at most 16k values),
// so tfjs's chain of kernels per layer costs its dispatches and the transposes in front of its
// reductions over the leading axes, not arithmetic: here each is one call of two passes.
import type { KernelBackend, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { BATCH_NORM_WASM, BATCH_NORM_WASM_SHARED_MEMORY } from './batchNormBinary';
import { f32, makeF32 } from './heap';

export const BATCH_NORM_MOMENTS = 'GanBatchNormMoments';
export const BATCH_NORM_GRAD = 'GanBatchNormGrad';

type Fn = (...args: number[]) => void;
interface BatchNormFns {
  readonly moments: Fn;
  readonly grad: Fn;
}

/** What this reads of tfjs-backend-wasm's emscripten module: its memory. */
interface EmscriptenModule {
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
}

const instances = new WeakMap<WebAssembly.Memory, BatchNormFns | null>();

const bytes = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/** The functions over the backend's memory, or null where they cannot run (no SIMD); as adamUpdate.ts does. */
export function batchNormFunctions(backend: KernelBackend): BatchNormFns | null {
  const module = (backend as unknown as { wasm?: EmscriptenModule }).wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  if (!memory) return null;
  if (!instances.has(memory)) {
    const shared = Object.prototype.toString.call(memory.buffer) === '[object SharedArrayBuffer]';
    let fns: BatchNormFns | null = null;
    try {
      const compiled = new WebAssembly.Module(bytes(shared ? BATCH_NORM_WASM_SHARED_MEMORY : BATCH_NORM_WASM));
      const exports = new WebAssembly.Instance(compiled, { env: { memory } }).exports;
      fns = { moments: exports.moments as Fn, grad: exports.grad as Fn };
    } catch {
      fns = null; // an engine without wasm SIMD: fusedBatchNorm.ts takes tfjs's ops
    }
    instances.set(memory, fns);
  }
  return instances.get(memory)!;
}

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

/** Input x [..., c]; outputs the mean and the biased variance over every axis but the last, each [c]. */
export const batchNormMomentsConfig: KernelConfig = {
  kernelName: BATCH_NORM_MOMENTS,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend: b }) => {
    const backend = b as KernelBackend;
    const { x } = inputs as Record<string, TensorInfo>;
    const c = channelsOf(BATCH_NORM_MOMENTS, x!);
    const fns = functions(BATCH_NORM_MOMENTS, backend);
    const [mean, variance] = [makeF32(backend, [c]), makeF32(backend, [c])];
    const at = (t: TensorInfo) => f32(backend, t).byteOffset;
    fns.moments(at(x!), f32(backend, x!).length / c, c, at(mean), at(variance));
    return [mean, variance];
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
