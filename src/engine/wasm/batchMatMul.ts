import * as tf from '@tensorflow/tfjs';
import type { BatchMatMulAttrs, KernelBackend, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { withScratch } from './scratch';

/**
 * BatchMatMul with transposeA or transposeB as a Transpose of that operand and then tfjs-wasm's
 * own BatchMatMul without transposes. tfjs 4.22's wasm kernel runs a transposed operand 7-13x
 * slower than a plain one (measured here: [32, 3136]^T x [32, 100] 7.8 ms, transposed first
 * 0.85 ms), and every dense layer's gradient is such a product (dW = x^T dy, dx = dy W^T).
 * The transpose moves each element of the operand once; the product touches it n or m times.
 */
export function batchMatMulConfig(replaced?: KernelConfig): KernelConfig {
  if (!replaced) throw new Error("batchMatMulConfig: wasm's own BatchMatMul is not registered");
  return {
    kernelName: tf.BatchMatMul,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { inputs, backend } = args;
      const attrs = args.attrs as unknown as BatchMatMulAttrs;
      const [a, b] = [inputs.a!, inputs.b!];
      if ((!attrs.transposeA && !attrs.transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') return replaced.kernelFunc(args);
      return withScratch(backend as KernelBackend, (s) => {
        const swapLast = (x: TensorInfo) => {
          const perm = x.shape.map((_, i) => i);
          [perm[perm.length - 1], perm[perm.length - 2]] = [perm.length - 2, perm.length - 1];
          return s.transpose(x, perm);
        };
        const plain = { a: attrs.transposeA ? swapLast(a) : a, b: attrs.transposeB ? swapLast(b) : b };
        return replaced.kernelFunc({ inputs: plain, backend, attrs: { ...attrs, transposeA: false, transposeB: false } }) as TensorInfo;
      });
    },
  };
}
