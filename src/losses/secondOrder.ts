import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { LossConfigError } from './types';

/**
 * Kernels whose output is piecewise constant in their inputs (comparisons, logic), so
 * their true gradient is zero. tfjs 4.22 registers none for them, and leakyRelu's gradient
 * is built from `greater`, so differentiating a gradient through it fails ("gradient
 * function not found for Greater") until these are registered.
 */
const ZERO_GRADIENT_KERNELS: Readonly<Record<string, readonly string[]>> = {
  Greater: ['a', 'b'],
  GreaterEqual: ['a', 'b'],
  Less: ['a', 'b'],
  LessEqual: ['a', 'b'],
  Equal: ['a', 'b'],
  NotEqual: ['a', 'b'],
  LogicalAnd: ['a', 'b'],
  LogicalOr: ['a', 'b'],
  LogicalXor: ['a', 'b'],
  LogicalNot: ['x'],
};

/**
 * tfjs saves some kernels' *outputs* for their gradient (tanh: dy * (1 - y^2)), and saved
 * tensors are detached copies: a gradient of that gradient silently misses the path through
 * y, so a path length penalty through a tanh output came out 7% off finite differences.
 * These replacements recompute the output from the saved input instead (one extra
 * element-wise op in the backward pass), which keeps the path.
 */
const INPUT_BASED_GRADIENTS: readonly GradConfig[] = [
  {
    kernelName: 'Tanh',
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as Tensor, tf.sub(1, tf.square(tf.tanh(x as Tensor)))) }),
  },
  {
    kernelName: 'Sigmoid',
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({
      x: () => {
        const s = tf.sigmoid(x as Tensor);
        return tf.mul(dy as Tensor, tf.mul(s, tf.sub(1, s)));
      },
    }),
  },
  {
    kernelName: 'Exp',
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as Tensor, tf.exp(x as Tensor)) }),
  },
];

/** Which layer each gradient-less backward kernel comes from, for the error message. */
const BACKWARD_KERNEL_SOURCES: Readonly<Record<string, string>> = {
  MaxPoolGrad: 'maxPooling2d',
  AvgPoolGrad: 'averagePooling2d',
  EluGrad: 'elu',
  ResizeBilinearGrad: 'bilinear upsampling (resizeBilinear)',
  LRNGrad: 'local response normalization',
  Conv2DBackpropFilter: "a conv2d's filter gradient",
  DepthwiseConv2dNativeBackpropInput: 'depthwiseConv2d / separableConv2d',
  DepthwiseConv2dNativeBackpropFilter: 'depthwiseConv2d / separableConv2d',
};

/**
 * Makes tfjs's gradients differentiable once more, which input-gradient penalties (R1,
 * WGAN-GP, path length) need: zero gradients for the comparison and logical kernels that
 * have none (so gradients of gradients flow through leakyRelu, relu6, maximum, clipByValue),
 * and input-based gradients for tanh, sigmoid and exp (see INPUT_BASED_GRADIENTS).
 * Idempotent; an explicit call, made by the penalties themselves, never an import side effect.
 */
export function enableSecondOrderGradients(): void {
  for (const config of INPUT_BASED_GRADIENTS) {
    const current = tf.getGradient(config.kernelName);
    if (current == null || current.outputsToSave?.some(Boolean)) tf.registerGradient(config);
  }
  for (const [kernelName, inputs] of Object.entries(ZERO_GRADIENT_KERNELS)) {
    if (tf.getGradient(kernelName) != null) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: [...inputs],
      gradFunc: (_dy, saved) =>
        Object.fromEntries(inputs.map((name, i) => [name, () => tf.zeros((saved[i] as Tensor).shape, 'float32')])),
    });
  }
}

/** Where the gradient tape stands now, or null when no gradient is being recorded. */
export function tapePosition(): number | null {
  const tape = tf.engine().state.activeTape as unknown[] | null | undefined;
  return tape == null ? null : tape.length;
}

/**
 * Throws a clear error when an operation recorded since `start` that `result` depends on
 * has no gradient: the caller's backward pass through this penalty would otherwise fail
 * later, far from here, with "gradient function not found for MaxPoolGrad". Operations the
 * result does not use (fused layers compute every input's gradient at once) are fine.
 */
export function assertRecordedOpsDifferentiable(label: string, start: number | null, result: Tensor): void {
  const tape = tf.engine().state.activeTape;
  if (start === null || tape == null) return;
  const needed = new Set<number>([result.id]);
  for (let i = tape.length - 1; i >= start; i--) {
    const node = tape[i];
    if (!node || !node.outputs.some((t) => needed.has(t.id))) continue;
    if (node.gradient == null) {
      const source = BACKWARD_KERNEL_SOURCES[node.kernelName];
      throw new LossConfigError(
        `${label}: this network cannot be differentiated twice, which the penalty needs: tfjs has no gradient for the kernel "${node.kernelName}"` +
          (source ? ` (the backward pass of ${source})` : '') +
          '. Build it from layers with second-order gradients (dense, conv2d, conv2dTranspose, leakyReLU, ReLU, tanh, sigmoid, layer norm) and leave out pooling, ELU and bilinear resizing.',
      );
    }
    for (const input of Object.values(node.inputs)) needed.add(input.id);
  }
}

/**
 * Gradient of sum(net(x)) with respect to x, kept on the tape so a caller's gradient
 * (of a penalty on it) reaches the network's weights. Errors name the loss.
 */
export function inputGradient(label: string, net: (x: Tensor) => Tensor, x: Tensor): Tensor {
  enableSecondOrderGradients();
  try {
    return tf.grad((input: Tensor) => net(input))(x);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new LossConfigError(`${label}: could not differentiate the network with respect to its input: ${message}`);
  }
}
