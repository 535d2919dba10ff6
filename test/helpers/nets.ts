import * as tf from '@tensorflow/tfjs';

/** A tiny critic: conv 3x3 (2 filters) -> leakyReLU(0.2) -> dense(1), on 4x4x1 images. */
export function tinyConvDiscriminator(seed = 1, extra: tf.layers.Layer[] = []): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [4, 4, 1],
        filters: 2,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: tf.initializers.glorotNormal({ seed }),
        biasInitializer: tf.initializers.randomNormal({ seed: seed + 1, stddev: 0.1 }),
      }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      ...extra,
      tf.layers.flatten(),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 2 }) }),
    ],
  });
}

/** A tiny generator: latent [3] -> dense(8) -> leakyReLU -> 2x2x2 -> conv2dTranspose -> 2x2x1. */
export function tinyConvGenerator(seed = 7): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [3], units: 8, kernelInitializer: tf.initializers.glorotNormal({ seed }) }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.reshape({ targetShape: [2, 2, 2] }),
      tf.layers.conv2dTranspose({
        filters: 1,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 1 }),
      }),
      tf.layers.activation({ activation: 'tanh' }),
    ],
  });
}

/**
 * Central finite differences of `f` with respect to every element of every trainable
 * weight of `model`: the independent reference for gradients of penalties.
 */
export async function finiteDifferenceGrads(model: tf.LayersModel, f: () => tf.Scalar, h = 1e-3): Promise<number[][]> {
  const out: number[][] = [];
  for (const weight of model.trainableWeights) {
    const variable = weight.read() as tf.Variable;
    const original = await variable.data();
    const grads: number[] = [];
    for (let i = 0; i < original.length; i++) {
      const at = async (delta: number) => {
        const shifted = Float32Array.from(original);
        shifted[i] = (original[i] as number) + delta;
        tf.tidy(() => variable.assign(tf.tensor(shifted, variable.shape)));
        const y = tf.tidy(f);
        const [v] = await y.data();
        y.dispose();
        return v as number;
      };
      grads.push(((await at(h)) - (await at(-h))) / (2 * h));
    }
    tf.tidy(() => variable.assign(tf.tensor(original, variable.shape)));
    out.push(grads);
  }
  return out;
}

/**
 * Gradients of `f` with respect to the model's trainable weights, by tfjs autodiff. A weight
 * `f` does not depend on (the critic's last bias, for an input-gradient penalty) gets zeros.
 */
export async function autodiffGrads(model: tf.LayersModel, f: () => tf.Scalar): Promise<number[][]> {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(f, vars);
  const out = await Promise.all(
    vars.map(async (v) => {
      const g = grads[v.name];
      return g ? Array.from(await g.data()) : new Array<number>(v.size).fill(0);
    }),
  );
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

/** The model's kernel (not bias) weights' gradients, in `autodiffGrads` order. */
export function kernelGrads(model: tf.LayersModel, grads: number[][]): number[][] {
  return grads.filter((_, i) => model.trainableWeights[i]?.name.endsWith('kernel'));
}

/** ||a - b|| / ||b|| over all elements. */
export function relativeError(a: number[][], b: number[][]): number {
  let diff = 0;
  let norm = 0;
  a.flat().forEach((x, i) => {
    const y = b.flat()[i] as number;
    diff += (x - y) ** 2;
    norm += y ** 2;
  });
  return Math.sqrt(diff / norm);
}
