import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModels } from '../../../src/engine/models';
import { plainForward } from '../../../src/engine/models/plainForward';
import { ACTIVATIONS } from '../../../src/engine/models/options';

/** The model's output and the gradient of sum(output^2) with respect to each trainable weight. */
function outputAndGrads(model: tf.LayersModel, forward: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor) {
  return tf.tidy(() => {
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(forward(x))) as tf.Scalar, vars);
    return { out: forward(x).arraySync() as number[][], value: value.arraySync() as number, grads: vars.map((v) => grads[v.name]!.arraySync()) };
  });
}

describe('plainForward', () => {
  it.each(ACTIVATIONS.flatMap((activation) => (['tanh', 'linear'] as const).map((output) => [activation, output] as const)))(
    'runs the toy MLPs (%s hidden, %s output) as apply does in training mode: same outputs and gradients',
    (activation, output) => {
      const models = buildModels({ family: 'toy', layers: 2, units: 8, activation, output, seed: 3 });
      const x = tf.randomUniform([5, 2], -1, 1, 'float32', 7);
      for (const model of [models.generator, models.discriminator]) {
        const plain = plainForward(model);
        expect(plain).not.toBeNull();
        const ours = outputAndGrads(model, plain!, x);
        const theirs = outputAndGrads(model, (t) => model.apply(t, { training: true }) as tf.Tensor, x);
        expect(ours.out.flat()).toEqual(theirs.out.flat().map((v) => expect.closeTo(v, 5)));
        expect(ours.value).toBeCloseTo(theirs.value, 4);
        ours.grads.forEach((g, i) => expect((g as number[] | number[][]).flat()).toEqual((theirs.grads[i] as number[] | number[][]).flat().map((v) => expect.closeTo(v, 4))));
      }
      x.dispose();
      models.dispose();
    },
  );

  it('leaves models it cannot run as plain ops to apply (convolutions, batch norm, functional models)', () => {
    const dcgan = buildModels({ family: 'dcgan', width: 4, seed: 1 });
    const pix2pix = buildModels({ family: 'pix2pix', size: 32, width: 4, seed: 1 });
    expect([dcgan.generator, dcgan.discriminator, pix2pix.generator, pix2pix.discriminator].map(plainForward)).toEqual([null, null, null, null]);
    const dropout = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2 }), tf.layers.dropout({ rate: 0.5 })] });
    const selu = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, activation: 'selu' })] });
    expect([plainForward(dropout), plainForward(selu)]).toEqual([null, null]);
    [dcgan, pix2pix].forEach((m) => m.dispose());
    [dropout, selu].forEach((m) => m.dispose());
  });

  it('makes fewer kernels than apply, and leaves no tensor behind', async () => {
    const { generator, dispose } = buildModels({ family: 'toy', layers: 2, units: 8, seed: 1 });
    const x = tf.randomUniform([150, 2]);
    const vars = generator.trainableWeights.map((w) => w.read() as tf.Variable);
    const kernels = async (forward: (t: tf.Tensor) => tf.Tensor) =>
      (await tf.profile(() => void tf.tidy(() => void tf.variableGrads(() => tf.mean(forward(x)) as tf.Scalar, vars)))).kernels.length;
    const before = tf.memory().numTensors;
    const plain = await kernels(plainForward(generator)!);
    const layers = await kernels((t) => generator.apply(t, { training: true }) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
    // 3 matMul + 3 add + 3 activations forward; apply's fused matmuls save clones and reshape
    // to 3-D (on tfjs's cpu backend: 52 kernels against 73 for a forward and backward pass).
    expect(plain).toBeLessThan(layers * 0.75);
    x.dispose();
    dispose();
  });
});
