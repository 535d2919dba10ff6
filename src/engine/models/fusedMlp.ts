// A whole MLP's training-mode forward pass as one taped op with a hand-written backward. For
// networks as small as the toy GAN's, an update's cost is op dispatch and the gradient tape's
// bookkeeping, not arithmetic: run op by op, every matMul, add and activation is a tape node
// that saves clones of its inputs (an Identity kernel each) and casts and reshapes in its
// gradient. Inside a custom gradient's forward nothing is taped, so the network saves only
// what its backward reads: the input, the kernels, and each activation's output.
import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';

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
export function fusedMlp(layers: readonly MlpLayer[], needs: GradientNeeds = ALL_GRADIENTS): Forward {
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
      layers.forEach((layer, i) => {
        const s = slots[i]!;
        const z = tf.matMul(h, args[s.kernelArg] as Tensor);
        h = s.biasArg === null ? z : tf.add(z, args[s.biasArg] as Tensor);
        layer.activations.forEach((a, k) => {
          h = activate(a, h);
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
      return { value: h, gradFunc: (dy: Tensor, kept: Tensor[]) => backward(dy, kept, kernels, dataIds) };
    });
    return op(x, ...vars);
  };

  function backward(dy: Tensor, savedList: readonly Tensor[], kernels: readonly Tensor[], dataIds: readonly object[]): Tensor[] {
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
    for (let i = layers.length - 1; i >= 0; i--) {
      const s = slots[i]!;
      const acts = layers[i]!.activations;
      for (let k = acts.length - 1; k >= 0; k--) g = activationGrad(acts[k]!, g, kept[s.outputs[k]!]!);
      grads[s.kernelArg] = needs.weights ? tf.matMul(kept[s.input]!, g, true, false) : placeholder;
      if (s.biasArg !== null) grads[s.biasArg] = needs.weights ? tf.sum(g, 0) : placeholder;
      if (i > 0 || needs.input) g = tf.matMul(g, kernels[i]!, false, true);
    }
    grads[0] = needs.input ? g : placeholder;
    return grads;
  }
}
