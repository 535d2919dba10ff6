// A dense layer's forward and backward passes as the webgl kernels of ../webgl/kernels.ts:
// act(x W + b) one shader; the kernel's and the bias's gradients one shader, the input's one,
// each computing the activation's derivative from the layer's output as it reads the gradient.
import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { DENSE_GRAD_B_KERNEL, DENSE_GRAD_W_KERNEL, DENSE_GRAD_WB_KERNEL, DENSE_GRAD_X_KERNEL, DENSE_KERNEL, type DenseAttrs } from '../webgl/kernels';
import type { Activation } from './fusedMlp';

function attrsOf(a: Activation | undefined): tf.NamedAttrMap {
  const attrs: DenseAttrs = a === undefined ? { activation: 'linear', alpha: 0 } : { activation: a.kind, alpha: a.kind === 'leakyRelu' ? a.alpha : 0 };
  return attrs as unknown as tf.NamedAttrMap;
}

/** act(x W + b), untaped (run it inside a custom gradient's forward). */
export function webglDense(x: Tensor, kernel: Tensor, bias: Tensor | null, activation: Activation | undefined): Tensor {
  const inputs: tf.NamedTensorMap = bias === null ? { x, w: kernel } : { x, w: kernel, b: bias };
  return tf.engine().runKernel(DENSE_KERNEL, inputs, attrsOf(activation)) as Tensor;
}

export interface DenseSaved {
  /** The layer's input (null where no kernel gradient is wanted). */
  readonly x: Tensor | null;
  /** dL/d(the layer's output). */
  readonly dy: Tensor;
  /** The layer's output, after its activation (null for a linear layer). */
  readonly y: Tensor | null;
  readonly kernel: Tensor;
  readonly activation: Activation | undefined;
}

/** The gradients `wanted` asks for (the kernel's and the bias's together one kernel, the input's one); undefined for the others. */
export function webglDenseBackward(
  { x, dy, y, kernel, activation }: DenseSaved,
  wanted: { readonly weights: boolean; readonly bias: boolean; readonly input: boolean },
): { kernel?: Tensor; bias?: Tensor; input?: Tensor } {
  const attrs = attrsOf(activation);
  const g: tf.NamedTensorMap = y === null ? { dy } : { dy, y };
  const run = (name: string, inputs: tf.NamedTensorMap) => tf.engine().runKernel(name, inputs, attrs) as Tensor;
  if (wanted.weights && x === null) throw new Error('webglDenseBackward: a kernel gradient needs the layer\u2019s input');
  const input = wanted.input ? { input: run(DENSE_GRAD_X_KERNEL, { ...g, w: kernel }) } : {};
  if (wanted.weights && wanted.bias) {
    // One shader for both; the slices are views of its texture (tfjs's webgl slices a
    // contiguous block of an unpacked tensor without a shader).
    const [k, m] = kernel.shape as [number, number];
    const both = run(DENSE_GRAD_WB_KERNEL, { x: x!, ...g });
    const biasRow = tf.slice(both, [k, 0], [1, m]);
    const grads = { kernel: tf.slice(both, [0, 0], [k, m]), bias: tf.reshape(biasRow, [m]) };
    tf.dispose([both, biasRow]);
    return { ...grads, ...input };
  }
  return {
    ...(wanted.weights ? { kernel: run(DENSE_GRAD_W_KERNEL, { x: x!, ...g }) } : {}),
    ...(wanted.bias ? { bias: run(DENSE_GRAD_B_KERNEL, g) } : {}),
    ...input,
  };
}
