import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
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
 * Registers zero gradients for comparison and logical kernels that have none, so that
 * gradients of gradients flow through leakyRelu, relu6, maximum, clipByValue and friends.
 * Idempotent, and it never replaces a gradient tfjs (or anyone) already registered.
 */
export function enableSecondOrderGradients(): void {
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
 * Throws a clear error when an operation recorded since `start` has no gradient: the
 * caller's backward pass (through this penalty) would otherwise fail later, far from here,
 * with "gradient function not found for MaxPoolGrad".
 */
export function assertRecordedOpsDifferentiable(label: string, start: number | null): void {
  const tape = tf.engine().state.activeTape;
  if (start === null || tape == null) return;
  for (let i = start; i < tape.length; i++) {
    const node = tape[i];
    if (node && node.gradient == null) {
      const source = BACKWARD_KERNEL_SOURCES[node.kernelName];
      throw new LossConfigError(
        `${label}: this network cannot be differentiated twice, which the penalty needs: tfjs has no gradient for the kernel "${node.kernelName}"` +
          (source ? ` (the backward pass of ${source})` : '') +
          '. Build it from layers with second-order gradients (dense, conv2d, conv2dTranspose, leakyReLU, ReLU, tanh, sigmoid, layer norm) and leave out pooling, ELU and bilinear resizing.',
      );
    }
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
