// A model's training-mode forward pass as plain tfjs ops, where the model allows it. For the
// toy GAN's small MLPs, tfjs-layers' own `apply` costs more than the arithmetic: each Dense is
// a fused matmul with a custom gradient, which saves clones of its inputs (Identity kernels)
// and reshapes them to 3-D and back, and each layer call adds bookkeeping. The same Dense as
// matMul + add + activation gives the same numbers with a third of the kernels.
import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { ALL_GRADIENTS, fusedMlp, type Activation, type Forward, type GradientNeeds, type MlpLayer } from './fusedMlp';

export type { Forward, GradientNeeds } from './fusedMlp';

type Op = (x: Tensor) => Tensor;

/** The activations this runs as plain ops; any other makes the model fall back to `apply`. */
const ACTIVATIONS: Readonly<Record<string, Op>> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
};

interface DenseLike {
  readonly kernel?: { read(): tf.Variable };
  readonly bias?: { read(): tf.Variable } | null;
}

/** One layer as an op on its input, or null when it is not one this module knows. */
function layerOp(layer: tf.layers.Layer): Op | null {
  const className = layer.getClassName();
  const config = layer.getConfig() as { activation?: string; alpha?: number; useBias?: boolean };
  const activation = (name: unknown): Op | null => (typeof name === 'string' && Object.hasOwn(ACTIVATIONS, name) ? ACTIVATIONS[name]! : null);
  switch (className) {
    case 'Dense': {
      const { kernel, bias } = layer as unknown as DenseLike;
      const act = activation(config.activation ?? 'linear');
      if (!kernel || !act || (config.useBias !== false && !bias)) return null;
      // Read the variables at each call: a checkpoint restore assigns new values to the same variables.
      return (x) => {
        const z = tf.matMul(x, kernel.read());
        return act(bias ? tf.add(z, bias.read()) : z);
      };
    }
    case 'Activation':
      return activation(config.activation);
    case 'LeakyReLU':
      return typeof config.alpha === 'number' ? (x) => tf.leakyRelu(x, config.alpha) : null;
    default:
      return null;
  }
}

/**
 * The model's forward pass in training mode as plain ops, or null when the model is not a
 * Sequential of Dense and activation layers only (batch norm, dropout, convolutions and
 * functional models keep tfjs-layers' `apply`). The ops read the model's own variables, so
 * gradients, optimizers and checkpoints see no difference.
 */
export function plainForward(model: tf.LayersModel): Forward | null {
  if (model.getClassName() !== 'Sequential') return null;
  const ops: Op[] = [];
  for (const layer of model.layers) {
    const op = layerOp(layer);
    if (!op) return null;
    ops.push(op);
  }
  return (x) => ops.reduce((h, op) => op(h), x);
}

/** A layer's activation for fusedMlp: null for linear, undefined when fusedMlp has none for it. */
function mlpActivation(layer: tf.layers.Layer): Activation | null | undefined {
  const config = layer.getConfig() as { activation?: string; alpha?: number };
  if (layer.getClassName() === 'LeakyReLU') {
    // Its gradient is written from the output, which has z's sign only for a positive slope.
    return typeof config.alpha === 'number' && config.alpha > 0 ? { kind: 'leakyRelu', alpha: config.alpha } : undefined;
  }
  const name = config.activation ?? 'linear';
  if (name === 'linear') return null;
  return name === 'relu' || name === 'tanh' || name === 'sigmoid' ? { kind: name } : undefined;
}

/** The model as fusedMlp's layers: a Sequential of Dense layers, each followed by activations; else null. */
export function mlpLayers(model: tf.LayersModel): MlpLayer[] | null {
  if (model.getClassName() !== 'Sequential') return null;
  const layers: { kernel: () => tf.Variable; bias: (() => tf.Variable) | null; activations: Activation[] }[] = [];
  for (const layer of model.layers) {
    const className = layer.getClassName();
    const activation = mlpActivation(layer);
    if (activation === undefined) return null;
    if (className === 'Dense') {
      const { kernel, bias } = layer as unknown as DenseLike;
      const useBias = (layer.getConfig() as { useBias?: boolean }).useBias !== false;
      if (!kernel || (useBias && !bias)) return null;
      layers.push({ kernel: () => kernel.read(), bias: useBias && bias ? () => bias.read() : null, activations: [] });
    } else if (className !== 'Activation' && className !== 'LeakyReLU') return null;
    const current = layers.at(-1);
    if (!current) return null;
    if (activation) current.activations.push(activation);
  }
  return layers.length > 0 ? layers : null;
}

/**
 * `forward` off the gradient tape: one custom-gradient node whose inside is not recorded (tfjs
 * runs a custom gradient's forward as a kernel). On the tape, every op saves clones of its
 * inputs for a backward pass and adds a tape node, which a pass that no gradient goes through
 * (G's in D's update, MMagic's `torch.no_grad()`) only pays for. Plain where nothing is taped,
 * and inside a gradient of a gradient, as fusedMlp does.
 */
export function untapedForward(forward: Forward): Forward {
  const op = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => ({
    value: forward(args[0] as Tensor),
    gradFunc: () => {
      throw new Error('untapedForward: this forward pass was made without gradients (GradientNeeds), but one was asked for');
    },
  })) as Forward;
  return (x) => {
    const engine = tf.engine();
    return engine.isTapeOn() && engine.state.gradientDepth === 1 ? op(x) : forward(x);
  };
}

/**
 * The fastest training-mode forward pass the model allows: one fused op for a plain MLP
 * (fusedMlp, computing only the gradients in `needs`), else plainForward's ops, else the
 * model's own `apply` in training mode; off the tape when `needs` asks for no gradient.
 */
export function trainingForward(model: tf.LayersModel, needs: GradientNeeds = ALL_GRADIENTS): Forward {
  const mlp = mlpLayers(model);
  if (mlp) return fusedMlp(mlp, needs);
  const forward = plainForward(model) ?? ((x) => model.apply(x, { training: true }) as Tensor);
  return needs.weights || needs.input ? forward : untapedForward(forward);
}
