// The backward passes of leaky ReLU and ReLU as one wasm kernel each (activationGrad.wat). tfjs
// 4.22 differentiates each as three kernels and, for leaky ReLU, two uploaded scalars: pix2pix's
// and DCGAN's activations are small, so a kernel's dispatch costs more than its arithmetic.
// The gradients tfjs registers for LeakyRelu and Relu are wrapped to run the kernel on wasm and
// tfjs's own ops everywhere else, and inside a gradient of a gradient (the penalties), which
// must differentiate them again.
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelBackend, KernelConfig, NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { ACTIVATION_GRAD_WASM, ACTIVATION_GRAD_WASM_SHARED_MEMORY } from './activationGradBinary';
import { f32, makeF32 } from './heap';
import { onBackendMemory } from './onBackendMemory';

export const LEAKY_RELU_GRAD = 'GanLeakyReluGrad';
export const RELU_GRAD = 'GanReluGrad';

type Fn = (...args: number[]) => void;
interface ActivationGradFns {
  readonly leakyReluGrad: Fn;
  readonly reluGrad: Fn;
}

/** The functions over the backend's memory, or null where they cannot run (no SIMD): the gradients then take tfjs's ops. */
export const activationGradFunctions = onBackendMemory<ActivationGradFns>(
  { plain: ACTIVATION_GRAD_WASM, shared: ACTIVATION_GRAD_WASM_SHARED_MEMORY },
  (exports) => ({ leakyReluGrad: exports.leakyReluGrad as Fn, reluGrad: exports.reluGrad as Fn }),
);

/** A kernel of inputs dy and x (float32, one shape) to dx, by `run` over their heap offsets and size. */
function gradKernel(kernelName: string, run: (fns: ActivationGradFns, dy: number, x: number, out: number, n: number, attrs: NamedAttrMap) => void): KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend: b }) => {
      const backend = b as KernelBackend;
      const { dy, x } = inputs as Record<string, TensorInfo>;
      if (dy!.shape.join() !== x!.shape.join()) throw new Error(`${kernelName}: dy has shape [${dy!.shape}], x [${x!.shape}]`);
      const fns = activationGradFunctions(backend);
      if (!fns) throw new Error(`${kernelName}: this wasm engine cannot run the kernel (no SIMD?)`);
      const out = makeF32(backend, [...x!.shape]);
      // Views after the last allocation: a growing heap detaches older ones.
      const [dyv, xv] = [f32(backend, dy!), f32(backend, x!)];
      run(fns, dyv.byteOffset, xv.byteOffset, f32(backend, out).byteOffset, xv.length, attrs ?? {});
      return out;
    },
  };
}

/** Inputs dy and x, attr alpha: dy where x > 0, else dy * alpha (LeakyRelu's gradient). */
export const leakyReluGradConfig = gradKernel(LEAKY_RELU_GRAD, (fns, dy, x, out, n, attrs) => fns.leakyReluGrad(dy, x, out, n, Math.fround((attrs as { alpha: number }).alpha)));

/** Inputs dy and x: dy * step(x) (Relu's gradient). */
export const reluGradConfig = gradKernel(RELU_GRAD, (fns, dy, x, out, n) => fns.reluGrad(dy, x, out, n));

/** Whether a first-order gradient of float32 tensors runs here as the kernel. */
function onKernel(kernelName: string, dy: Tensor, x: Tensor): boolean {
  return (
    dy.dtype === 'float32' &&
    x.dtype === 'float32' &&
    !tf.engine().isTapeOn() &&
    tf.getBackend() === 'wasm' &&
    tf.getKernel(kernelName, 'wasm') !== undefined &&
    activationGradFunctions(tf.backend()) !== null
  );
}

/** The gradient functions registered here, so a second call keeps them. */
const ours = new WeakSet<GradConfig['gradFunc']>();

/**
 * Wraps tfjs's gradients of LeakyRelu and Relu so that, on wasm, a first-order gradient is the
 * kernel; a second call does nothing. Gradients are registered for every backend, so each
 * wrapped one checks where it runs and otherwise calls tfjs's own.
 * @returns the kernels whose gradients this call wrapped.
 */
export function registerWasmActivationGradients(): string[] {
  const wrapped: string[] = [];
  for (const [kernelName, gradKernelName] of [
    [tf.LeakyRelu, LEAKY_RELU_GRAD],
    [tf.Relu, RELU_GRAD],
  ] as const) {
    const theirs = tf.getGradient(kernelName);
    if (!theirs || ours.has(theirs.gradFunc)) continue;
    const gradFunc: GradConfig['gradFunc'] = (dy, saved, attrs) => {
      const x = saved[0]!;
      if (Array.isArray(dy) || !onKernel(gradKernelName, dy, x)) return theirs.gradFunc(dy, saved, attrs);
      return { x: () => tf.engine().runKernel(gradKernelName, { dy, x }, attrs) as Tensor };
    };
    ours.add(gradFunc);
    tf.registerGradient({ ...theirs, gradFunc });
    wrapped.push(kernelName);
  }
  return wrapped;
}
