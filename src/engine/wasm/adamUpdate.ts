// Adam's update of one variable as one kernel: tfjs's AdamOptimizer runs ~14 element-wise
// kernels per variable (each a new tensor, a dispatch and a pass over the weights), ~10 ms of
// CPU in a pix2pix 32 step on wasm. This is the same arithmetic in one SIMD pass over the
// wasm heap (adamUpdate.wat); in plain JS it was slower than tfjs's ops (double-precision
// division and sqrt per element, no SIMD).
import type { KernelBackend, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { ADAM_WASM, ADAM_WASM_SHARED_MEMORY } from './adamUpdateBinary';
import { f32, makeF32 } from './heap';
import { onBackendMemory } from './onBackendMemory';

export const ADAM_UPDATE = 'GanAdamUpdate';

export interface AdamUpdateAttrs {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly learningRate: number;
}

type AdamFn = (...args: number[]) => void;

/**
 * The update function over the backend's memory, or null where it cannot run (no SIMD in this
 * engine, or a memory this cannot find): fusedAdam.ts then takes tfjs's ops.
 */
export const adamFunction = onBackendMemory({ plain: ADAM_WASM, shared: ADAM_WASM_SHARED_MEMORY }, (exports) => exports.adam as AdamFn);

const f = Math.fround;

/**
 * The kernel: inputs value, m, v, gradient (float32, one shape) and the two scalars
 * oneMinusAccBeta1 and oneMinusAccBeta2 (1 - beta^t, as the optimizer makes them once per
 * step); outputs [value, m, v], new tensors (the old ones may be shared: a clone of a variable
 * shares its data). The scalars are float32, as tfjs makes tensors of beta1, 1 - beta1,
 * epsilon and -learningRate.
 */
export const adamUpdateConfig: KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend: b }) => {
    const backend = b as KernelBackend;
    const { value, m, v, grad, oneMinusAccBeta1, oneMinusAccBeta2 } = inputs as Record<string, TensorInfo>;
    for (const [name, t] of Object.entries({ m, v, grad })) {
      if (t!.shape.join() !== value!.shape.join()) throw new Error(`${ADAM_UPDATE}: ${name} has shape [${t!.shape}], the variable [${value!.shape}]`);
    }
    const adam = adamFunction(backend);
    if (!adam) throw new Error(`${ADAM_UPDATE}: this wasm engine cannot run the fused update (no SIMD?)`);
    const a = attrs as unknown as AdamUpdateAttrs;
    const outs = [0, 1, 2].map(() => makeF32(backend, [...value!.shape]));
    // Views after the last allocation: a growing heap detaches older ones.
    const at = (t: TensorInfo) => f32(backend, t).byteOffset;
    const [d1, d2] = [f32(backend, oneMinusAccBeta1!)[0]!, f32(backend, oneMinusAccBeta2!)[0]!];
    const n = f32(backend, value!).length;
    adam(at(value!), at(m!), at(v!), at(grad!), at(outs[0]!), at(outs[1]!), at(outs[2]!), n, f(a.beta1), f(1 - a.beta1), f(a.beta2), f(1 - a.beta2), d1, d2, f(a.epsilon), f(-a.learningRate));
    return outs;
  },
};
