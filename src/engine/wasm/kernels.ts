import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from './conv2dBackpropFilter';
import { conv2DBackpropInputConfig } from './conv2dBackpropInput';
import { tileConfig } from './tile';
import { identityConfig } from './identity';
import { concatConfig, splitVConfig } from './concatSplit';
import { adamUpdateConfig } from './adamUpdate';
import { batchMatMulConfig } from './batchMatMul';
import { batchNormGradConfig, batchNormMomentsConfig } from './batchNorm';
import { leakyReluGradConfig, reluGradConfig } from './activationGrad';
import { depthwiseConv2dNativeBackpropFilterConfig, depthwiseConv2dNativeBackpropInputConfig } from './depthwiseBackprop';

/**
 * The training kernels tfjs-backend-wasm 4.22 lacks: conv2d's filter gradient (every conv
 * model), and depthwiseConv2d's input gradient (the edge losses and the Gaussian blur filter
 * images with it) and filter gradient. Each is built from wasm kernels, so it runs in wasm.
 * Also Adam's whole update of one variable (adamUpdate.ts), which fusedAdam.ts runs, and batch
 * norm's training moments and backward pass (batchNorm.ts), which models/fusedBatchNorm.ts runs,
 * and leaky ReLU's and ReLU's backward passes (activationGrad.ts), which their gradients run.
 */
export const WASM_TRAINING_KERNELS: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig,
  adamUpdateConfig,
  batchNormMomentsConfig,
  batchNormGradConfig,
  leakyReluGradConfig,
  reluGradConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
];

/**
 * Kernels tfjs-backend-wasm 4.22 has, replaced by faster ones, each checked against the cpu
 * backend in test/engine/wasm. Each is made from the kernel it replaces (undefined if none),
 * which it may still call where that is faster: conv2d's input gradient, also conv2dTranspose's
 * forward pass, 4-7x faster as one XNNPACK conv at the models' larger layers
 * (conv2dBackpropInput.ts); Tile, which batch norm's backward pass runs, as block copies
 * (tile.ts); BatchMatMul with a transposed operand (dense layers' gradients), transposed first
 * (batchMatMul.ts); Identity, which the gradient tape runs on every tensor it saves, as a second
 * reference to the same buffer instead of a copy (identity.ts); Concat and SplitV (the U-Net's skip
 * joins and their gradients) as strided row copies in wasm (concatSplit.ts).
 */
export const WASM_FASTER_KERNELS: readonly { kernelName: string; make: (replaced?: KernelConfig) => KernelConfig }[] = [
  { kernelName: tf.Conv2DBackpropInput, make: conv2DBackpropInputConfig },
  { kernelName: tf.Tile, make: () => tileConfig },
  { kernelName: tf.BatchMatMul, make: batchMatMulConfig },
  { kernelName: tf.Identity, make: identityConfig },
  { kernelName: tf.Concat, make: concatConfig },
  { kernelName: tf.SplitV, make: splitVConfig },
];

/** The kernel functions this module registered over wasm's own, so a second call keeps them. */
const replacements = new WeakSet<KernelConfig['kernelFunc']>();

/**
 * Registers each of WASM_TRAINING_KERNELS that 'wasm' does not have yet, so a later
 * tfjs-backend-wasm that ships its own keeps it, and each of WASM_FASTER_KERNELS over wasm's
 * own; a second call does nothing. Registering needs no started backend.
 * @returns the names registered by this call.
 */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const config of WASM_TRAINING_KERNELS) {
    if (tf.getKernel(config.kernelName, config.backendName) !== undefined) continue;
    tf.registerKernel(config);
    added.push(config.kernelName);
  }
  for (const { kernelName, make } of WASM_FASTER_KERNELS) {
    const current = tf.getKernel(kernelName, 'wasm');
    if (current && replacements.has(current.kernelFunc)) continue;
    const made = make(current);
    // The replaced kernel's setup (its wasm function's binding) still runs when wasm starts: a
    // replacement may call the kernel it replaced.
    const config = current?.setupFunc && !made.setupFunc ? { ...made, setupFunc: current.setupFunc } : made;
    if (current) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel(config);
    replacements.add(config.kernelFunc);
    added.push(kernelName);
  }
  return added;
}
