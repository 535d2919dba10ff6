// A whole MLP's training-mode forward pass as one taped op with a hand-written backward. For
// networks as small as the toy GAN's, an update's cost is op dispatch and the gradient tape's
// bookkeeping, not arithmetic: run op by op, every matMul, add and activation is a tape node
// that saves clones of its inputs (an Identity kernel each) and casts and reshapes in its
// gradient. Inside a custom gradient's forward nothing is taped, so the network saves only
// what its backward reads: the input, the kernels, and each activation's output.
import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { onWebglKernels } from '../webgl/kernels';
import { webglDense, webglDenseBackward } from './webglDense';

export type Forward = (x: Tensor) => Tensor;

/** An element-wise activation whose gradient can be written from its output alone. */
export type Activation = { readonly kind: 'relu' | 'tanh' | 'sigmoid' } | { readonly kind: 'leakyRelu'; readonly alpha: number };

/**
 * The gradients a forward pass's caller takes. A GAN update differentiates one network's
 * weights: the other network's weights, and the noise, never get a gradient there, and the
 * generator's output in a discriminator update needs none at all (MMagic makes it under
 * `torch.no_grad()`). What is not needed is neither saved nor computed; its gradient is a
 * scalar placeholder, which tfjs rejects by shape if anything does ask for it.
 */
export interface GradientNeeds {
  readonly weights: boolean;
  readonly input: boolean;
}
export const ALL_GRADIENTS: GradientNeeds = { weights: true, input: true };

/** One Dense layer and the activations that follow it (its own, then activation layers). */
export interface MlpLayer {
  /** Read at each call: a checkpoint restore assigns new values to the same variables. */
  readonly kernel: () => tf.Variable;
  readonly bias: (() => tf.Variable) | null;
  readonly activations: readonly Activation[];
}

function activate(a: Activation, z: Tensor): Tensor {
  switch (a.kind) {
    case 'relu':
      return tf.relu(z);
    case 'tanh':
      return tf.tanh(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'leakyRelu':
      return tf.leakyRelu(z, a.alpha);
  }
}

type FusedActivation = { readonly activation: 'relu' | 'sigmoid' } | { readonly activation: 'leakyrelu'; readonly leakyreluAlpha: number };

/** The activations tfjs's fused matMul kernel applies after the product and the bias (it has no tanh). */
function fusedActivation(a: Activation | undefined): FusedActivation | null {
  switch (a?.kind) {
    case 'relu':
    case 'sigmoid':
      return { activation: a.kind };
    case 'leakyRelu':
      return { activation: 'leakyrelu', leakyreluAlpha: a.alpha };
    default:
      return null;
  }
}

/**
 * On webgl each kernel is a shader dispatch, which costs far more than a tiny layer's
 * arithmetic (on SwiftShader ~0.1 ms of the GPU process each, bench/browser/webglProbe.ts):
 * there a layer's product, bias and first activation run as tfjs's fused matMul kernel, one
 * shader. (Called as a kernel: tf.fused.matMul fuses no activation while a gradient is being
 * recorded, and this pass's own gradient is written below.) Elsewhere the separate kernels
 * stay: on cpu the fused kernel runs the same three, and on wasm it needs rank-3 inputs.
 */
function onWebgl(): boolean {
  return tf.getBackend() === 'webgl';
}

/** act(x W + b) as one _FusedMatMul kernel; the shader sums in its own order, so the last bits may differ from the separate kernels'. */
function fusedDense(x: Tensor, kernel: Tensor, bias: Tensor | null, activation: FusedActivation | null): Tensor {
  const inputs: tf.NamedTensorMap = bias === null ? { a: x, b: kernel } : { a: x, b: kernel, bias };
  return tf.engine().runKernel('_FusedMatMul', inputs, { transposeA: false, transposeB: false, ...(activation ?? { activation: 'linear' }) }) as Tensor;
}

/**
 * A bias gradient, the sum of g [n, m] over the batch, as the product of a row of n ones with
 * g: on webgl one shader, where tf.sum(g, 0) is four (a transpose, an unpack, two reduction
 * passes) and a pack for the optimizer. The product adds in its own order (last bits).
 */
function batchSumAsProduct(g: Tensor, ones: Tensor): Tensor {
  return tf.reshape(tf.matMul(ones, g), [g.shape[1]!]);
}

/**
 * dL/dz from dL/dy and y = a(z), the same arithmetic as tfjs's own gradients: relu's
 * dy * step(z) (y > 0 exactly where z > 0), leakyRelu's where(z > 0, dy, dy * alpha) (the
 * same for alpha > 0), tanh's dy * (1 - y^2) and sigmoid's dy * y * (1 - y).
 */
function activationGrad(a: Activation, dy: Tensor, y: Tensor): Tensor {
  switch (a.kind) {
    case 'relu':
      return tf.mul(dy, tf.step(y));
    case 'tanh':
      return tf.mul(dy, tf.sub(1, tf.square(y)));
    case 'sigmoid':
      return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
    case 'leakyRelu':
      return tf.where(tf.greater(y, 0), dy, tf.mul(dy, a.alpha));
  }
}

/** Where each layer's saved tensors sit in the saved list and its variables in the op's inputs. */
interface Slots {
  /** The layer's input (x, or the previous layer's output). */
  readonly input: number;
  /** Each activation's output. */
  readonly outputs: readonly number[];
  /** Op input positions: 0 is x, then each layer's kernel and bias. */
  readonly kernelArg: number;
  readonly biasArg: number | null;
}

function slotsOf(layers: readonly MlpLayer[]): Slots[] {
  // Saved: x, then each activation output, layer by layer; a layer with no activation saves
  // its output when the next layer reads it. Kernels are variables, read as they are (below).
  let next = 1;
  let arg = 1;
  let input = 0;
  return layers.map((layer) => {
    const outputs = layer.activations.map(() => next++);
    const kernelArg = arg++;
    const biasArg = layer.bias ? arg++ : null;
    const slots = { input, outputs, kernelArg, biasArg };
    input = outputs.length > 0 ? outputs.at(-1)! : next++;
    return slots;
  });
}

/** The ops' activation and layer order, run plainly (nested gradients; see fusedMlp). */
function plainForward(layers: readonly MlpLayer[]): Forward {
  return (x) =>
    layers.reduce((h, layer) => {
      const z = tf.matMul(h, layer.kernel());
      return layer.activations.reduce((y, a) => activate(a, y), layer.bias ? tf.add(z, layer.bias()) : z);
    }, x);
}

/**
 * The MLP's forward pass with one gradient node for the whole network. Gradients are the
 * ones tfjs's own ops give, op for op. Its backward is not itself taped, so a forward run
 * inside a gradient of a gradient (R1, WGAN-GP and path length differentiate the network
 * with respect to its input, then that with respect to the weights) takes the plain ops.
 */
export function fusedMlp(layers: readonly MlpLayer[], needs: GradientNeeds = ALL_GRADIENTS, fuseProducts: () => boolean = onWebgl): Forward {
  const slots = slotsOf(layers);
  const anyGradient = needs.weights || needs.input;
  const plain = plainForward(layers);
  const savedCount = slots.reduce((n, s) => Math.max(n, s.input, ...s.outputs), 0) + 1;
  return (x) => {
    if (tf.engine().state.gradientDepth > 1) return plain(x);
    const vars = layers.flatMap((l) => (l.bias ? [l.kernel(), l.bias()] : [l.kernel()]));
    const op = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
      const save = args.at(-1) as tf.GradSaveFunc;
      const saved: Tensor[] = new Array<Tensor>(savedCount);
      saved[0] = x;
      let h = x;
      const fuse = fuseProducts();
      // On webgl, each layer with at most one activation as our own kernels (webglDense.ts).
      const own = fuse && x.rank === 2 && x.dtype === 'float32' && layers.every((l) => l.activations.length <= 1) && onWebglKernels();
      layers.forEach((layer, i) => {
        const s = slots[i]!;
        const bias = s.biasArg === null ? null : (args[s.biasArg] as Tensor);
        const fused = fuse && !own ? fusedActivation(layer.activations[0]) : null;
        if (own) h = webglDense(h, args[s.kernelArg] as Tensor, bias, layer.activations[0]);
        else if (fuse) h = fusedDense(h, args[s.kernelArg] as Tensor, bias, fused);
        else {
          const z = tf.matMul(h, args[s.kernelArg] as Tensor);
          h = bias === null ? z : tf.add(z, bias);
        }
        layer.activations.forEach((a, k) => {
          if (k > 0 || (fused === null && !own)) h = activate(a, h);
          saved[s.outputs[k]!] = h;
        });
        if (i + 1 < layers.length) saved[slots[i + 1]!.input] = h;
      });
      // x (slot 0) is read only by the first kernel's gradient.
      if (anyGradient) save(needs.weights ? saved : saved.slice(1));
      // The kernels are not copied: a variable keeps its data until it is assigned, which
      // the backward checks did not happen (the update assigns after its gradients).
      const kernels = slots.map((s) => args[s.kernelArg] as Tensor);
      const dataIds = kernels.map((k) => k.dataId);
      return { value: h, gradFunc: (dy: Tensor, kept: Tensor[]) => backward(dy, kept, kernels, dataIds, fuse, own) };
    });
    return op(x, ...vars);
  };

  function backward(dy: Tensor, savedList: readonly Tensor[], kernels: readonly Tensor[], dataIds: readonly object[], fused: boolean, own: boolean): Tensor[] {
    if (tf.engine().isTapeOn()) {
      // Only a forward made inside a nested gradient is differentiated twice, and that one ran plainly.
      throw new Error('fusedMlp: its gradient cannot itself be differentiated; run the forward pass inside the outer gradient');
    }
    if (!anyGradient) throw new Error('fusedMlp: this forward pass was made without gradients (GradientNeeds), but one was asked for');
    if (kernels.some((k, i) => k.dataId !== dataIds[i])) {
      throw new Error('fusedMlp: a kernel was assigned between the forward pass and its gradient; differentiate before updating the weights');
    }
    const kept = needs.weights ? savedList : [undefined, ...savedList];
    const placeholder = tf.zeros([]);
    const grads: Tensor[] = [];
    let g = dy;
    let ones: Tensor | undefined;
    for (let i = layers.length - 1; i >= 0; i--) {
      const s = slots[i]!;
      const acts = layers[i]!.activations;
      if (own) {
        const act = acts[0];
        const y = act ? kept[s.outputs[0]!]! : null;
        const wanted = { weights: needs.weights, bias: needs.weights && s.biasArg !== null, input: i > 0 || needs.input };
        const d = webglDenseBackward({ x: kept[s.input] ?? null, dy: g, y, kernel: kernels[i]!, activation: act }, wanted);
        grads[s.kernelArg] = d.kernel ?? placeholder;
        if (s.biasArg !== null) grads[s.biasArg] = d.bias ?? placeholder;
        if (d.input) g = d.input;
        continue;
      }
      for (let k = acts.length - 1; k >= 0; k--) g = activationGrad(acts[k]!, g, kept[s.outputs[k]!]!);
      grads[s.kernelArg] = needs.weights ? tf.matMul(kept[s.input]!, g, true, false) : placeholder;
      if (s.biasArg !== null) grads[s.biasArg] = !needs.weights ? placeholder : fused ? batchSumAsProduct(g, (ones ??= tf.fill([1, g.shape[0]!], 1))) : tf.sum(g, 0);
      if (i > 0 || needs.input) g = tf.matMul(g, kernels[i]!, false, true);
    }
    grads[0] = needs.input ? g : placeholder;
    return grads;
  }
}
