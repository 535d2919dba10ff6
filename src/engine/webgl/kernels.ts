// Training kernels of our own for tfjs's webgl backend, under names of our own (tfjs's kernels
// stay as they are). A toy-sized network's step on webgl costs per shader dispatch and per
// tfjs kernel call, not per multiply (bench/browser/webglProbe.ts: ~470 dispatches an
// iteration of the GAN Lab default, at ~0.15 ms of the GPU process each on SwiftShader, and
// tfjs 4.22's JavaScript per kernel on top): here a dense layer's forward pass is one shader,
// its backward three (kernel, bias and input gradients, each with the activation's derivative
// computed inline), BCE with logits and its mean one, its gradient one, and SGD's update of a
// variable one. Every shader is unpacked, so no pack or unpack shader runs between them.
import * as tf from '@tensorflow/tfjs';
import type { DataType, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { BCE_MEAN_GRAD_KERNEL, BCE_MEAN_KERNEL } from '../../losses/bceWithLogits';
import { WRITE_AT_KERNEL } from '../../manager/readBack';
import { bceMeanGradProgram, bceMeanProgram, criticHealthProgram, denseGradBProgram, denseGradWBProgram, denseGradWProgram, denseGradXProgram, denseProgram, sgdProgram, writeAtProgram, type DenseActivation, type Program } from './programs';

export type { DenseActivation } from './programs';

export const DENSE_KERNEL = 'GlpDense';
export const DENSE_GRAD_W_KERNEL = 'GlpDenseGradW';
export const DENSE_GRAD_B_KERNEL = 'GlpDenseGradB';
/** The kernel's and the bias's gradients as one [k + 1, m] tensor (programs.ts denseGradWBProgram). */
export const DENSE_GRAD_WB_KERNEL = 'GlpDenseGradWB';
export const DENSE_GRAD_X_KERNEL = 'GlpDenseGradX';
export const SGD_KERNEL = 'GlpSgdUpdate';
export const CRITIC_HEALTH_KERNEL = 'GlpCriticHealth';

/** A dense layer's attributes: its activation (alpha: leakyRelu's slope, else unused). */
export interface DenseAttrs {
  readonly activation: DenseActivation;
  readonly alpha: number;
}

/** What this uses of tfjs-backend-webgl's MathBackendWebGL (no import: it is not a dependency of ours). */
interface WebglBackend {
  compileAndRun(program: Program, inputs: TensorInfo[], outputDtype?: DataType, customUniformValues?: number[][]): TensorInfo;
}

function run(backend: unknown, program: Program, inputs: TensorInfo[], uniforms?: number[][]): TensorInfo {
  for (const t of inputs) {
    if (t.dtype !== 'float32') throw new TypeError(`${program.variableNames.join(', ')}: float32 tensors only, got ${t.dtype}`);
  }
  return (backend as WebglBackend).compileAndRun(program, inputs, 'float32', uniforms);
}

const dims = (t: TensorInfo | undefined, name: string): [number, number] => {
  if (!t || t.shape.length !== 2) throw new Error(`${name}: needs a rank-2 tensor, got ${t ? `shape [${t.shape.join(', ')}]` : 'none'}`);
  return t.shape as [number, number];
};

const denseAttrs = (attrs: NamedAttrMap | undefined): DenseAttrs => attrs as unknown as DenseAttrs;

/** Inputs: dy [n, m] and, unless linear, the layer's output y [n, m]. */
const gradInputs = (inputs: tf.NamedTensorInfoMap, a: DenseAttrs): TensorInfo[] => (a.activation === 'linear' ? [inputs.dy!] : [inputs.dy!, inputs.y!]);

/** A kernel of inputs x [n, k], dy [n, m] (and y) whose program is over the layer's kernel gradient (its weights' alone, or with the bias's). */
function kernelGradKernel(kernelName: string, program: (n: number, k: number, m: number, activation: DenseActivation, alpha: number) => Program): KernelConfig {
  return {
    kernelName,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const [n, k] = dims(inputs.x, kernelName);
      const m = dims(inputs.dy, kernelName)[1];
      const a = denseAttrs(attrs);
      return run(backend, program(n, k, m, a.activation, a.alpha), [inputs.x!, ...gradInputs(inputs, a)]);
    },
  };
}

const configs: KernelConfig[] = [
  {
    kernelName: DENSE_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const [n, k] = dims(inputs.x, DENSE_KERNEL);
      const m = dims(inputs.w, DENSE_KERNEL)[1];
      const a = denseAttrs(attrs);
      const list = inputs.b ? [inputs.x!, inputs.w!, inputs.b] : [inputs.x!, inputs.w!];
      return run(backend, denseProgram(n, k, m, !!inputs.b, a.activation, a.alpha), list);
    },
  },
  kernelGradKernel(DENSE_GRAD_W_KERNEL, denseGradWProgram),
  kernelGradKernel(DENSE_GRAD_WB_KERNEL, denseGradWBProgram),
  {
    kernelName: DENSE_GRAD_B_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const [n, m] = dims(inputs.dy, DENSE_GRAD_B_KERNEL);
      const a = denseAttrs(attrs);
      return run(backend, denseGradBProgram(n, m, a.activation, a.alpha), gradInputs(inputs, a));
    },
  },
  {
    kernelName: DENSE_GRAD_X_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const [n, m] = dims(inputs.dy, DENSE_GRAD_X_KERNEL);
      const k = dims(inputs.w, DENSE_GRAD_X_KERNEL)[0];
      const a = denseAttrs(attrs);
      return run(backend, denseGradXProgram(n, k, m, a.activation, a.alpha), [...gradInputs(inputs, a), inputs.w!]);
    },
  },
  {
    kernelName: BCE_MEAN_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const [n, m] = dims(inputs.x, BCE_MEAN_KERNEL);
      return run(backend, bceMeanProgram(n, m), [inputs.x!], [[(attrs as { label: number }).label]]);
    },
  },
  {
    kernelName: BCE_MEAN_GRAD_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const [n, m] = dims(inputs.x, BCE_MEAN_GRAD_KERNEL);
      return run(backend, bceMeanGradProgram(n, m), [inputs.x!, inputs.dy!], [[(attrs as { label: number }).label]]);
    },
  },
  {
    kernelName: SGD_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => run(backend, sgdProgram(inputs.v!.shape), [inputs.v!, inputs.g!], [[(attrs as { lr: number }).lr]]),
  },
  {
    kernelName: WRITE_AT_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { buffer, values } = inputs;
      const offset = (attrs as { offset: number }).offset;
      if (buffer?.shape.length !== 1 || values?.shape.length !== 1) throw new Error(`${WRITE_AT_KERNEL}: needs two rank-1 tensors`);
      if (!Number.isInteger(offset) || offset < 0 || offset + values.shape[0]! > buffer.shape[0]!) {
        throw new RangeError(`${WRITE_AT_KERNEL}: ${values.shape[0]} values at offset ${offset} do not fit in ${buffer.shape[0]}`);
      }
      return run(backend, writeAtProgram(buffer.shape[0]!, values.shape[0]!), [buffer, values], [[offset]]);
    },
  },
  {
    kernelName: CRITIC_HEALTH_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { real, fake } = inputs;
      if (real?.shape.length !== 1 || fake?.shape.length !== 1) throw new Error(`${CRITIC_HEALTH_KERNEL}: needs two rank-1 tensors`);
      return run(backend, criticHealthProgram(real.shape[0]!, fake.shape[0]!), [real, fake], [[(attrs as { threshold: number }).threshold]]);
    },
  },
];

let registered = false;

/**
 * Registers the kernels above for 'webgl' (a second call does nothing; registering needs no
 * started backend). Called where they are used, as the trainer runs without chooseBackend in
 * Node and in the bench pages.
 */
export function registerWebglTrainingKernels(): void {
  if (registered) return;
  registered = true;
  for (const config of configs) if (tf.getKernel(config.kernelName, config.backendName) === undefined) tf.registerKernel(config);
}

/** True where the active backend runs these kernels (webgl). */
export function onWebglKernels(): boolean {
  if (tf.getBackend() !== 'webgl') return false;
  registerWebglTrainingKernels();
  return true;
}
