// A model's training-mode forward pass as plain tfjs ops, where the model allows it. For the
// toy GAN's small MLPs, tfjs-layers' own `apply` costs more than the arithmetic: each Dense is
// a fused matmul with a custom gradient, which saves clones of its inputs (Identity kernels)
// and reshapes them to 3-D and back, and each layer call adds bookkeeping. The same Dense as
// matMul + add + activation gives the same numbers with a third of the kernels.
import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';

export type Forward = (x: Tensor) => Tensor;

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

/** plainForward where it applies, else the model's own `apply` in training mode. */
export function trainingForward(model: tf.LayersModel): Forward {
  return plainForward(model) ?? ((x) => model.apply(x, { training: true }) as Tensor);
}
