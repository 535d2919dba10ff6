import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from './conv2dBackpropFilter';
import { depthwiseConv2dNativeBackpropFilterConfig, depthwiseConv2dNativeBackpropInputConfig } from './depthwiseBackprop';

/**
 * The training kernels tfjs-backend-wasm 4.22 lacks: conv2d's filter gradient (every conv
 * model), and depthwiseConv2d's input gradient (the edge losses and the Gaussian blur filter
 * images with it) and filter gradient. Each is built from wasm kernels, so it runs in wasm.
 */
export const WASM_TRAINING_KERNELS: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
];

/**
 * Registers each of WASM_TRAINING_KERNELS that 'wasm' does not have yet, so a later
 * tfjs-backend-wasm that ships its own keeps it, and a second call does nothing.
 * Registering needs no started backend. @returns the names registered by this call.
 */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const config of WASM_TRAINING_KERNELS) {
    if (tf.getKernel(config.kernelName, config.backendName) !== undefined) continue;
    tf.registerKernel(config);
    added.push(config.kernelName);
  }
  return added;
}
