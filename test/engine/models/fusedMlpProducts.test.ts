// The form fusedMlp takes on webgl: each layer's product, bias and first activation as one
// _FusedMatMul kernel, and each bias gradient as a product with a row of ones instead of a sum.
// Forced here on tfjs's cpu backend, whose fused kernel runs the same matMul, add and activation
// kernels as the plain form and whose product adds the batch in the same order as its sum: so
// both forms must agree to the bit there, outputs and gradients. (A webgl shader may round its
// sums differently in the last bits.)
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModels } from '../../../src/engine/models';
import { ALL_GRADIENTS, fusedMlp } from '../../../src/engine/models/fusedMlp';
import { mlpLayers } from '../../../src/engine/models/plainForward';
import { ACTIVATIONS } from '../../../src/engine/models/options';

/** The output and the gradients of sum(output * c) w.r.t. the weights and the input, with the products fused or not. */
function run(model: tf.LayersModel, fuse: boolean, x: tf.Tensor) {
  const forward = fusedMlp(mlpLayers(model)!, ALL_GRADIENTS, () => fuse);
  return tf.tidy(() => {
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const c = tf.randomUniform([x.shape[0]!, model.outputs[0]!.shape[1] as number], -1, 1, 'float32', 11);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(forward(x), c)) as tf.Scalar, vars);
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(forward(input), c)))(x);
    return { out: forward(x).arraySync(), grads: vars.map((v) => grads[v.name]!.arraySync()), dx: dx.arraySync() };
  });
}

describe('fusedMlp with fused products', () => {
  it.each(ACTIVATIONS)('gives the plain kernels\' outputs and gradients to the bit on cpu (2 hidden layers of %s, tanh and linear outputs; batch 6 and 150)', (activation) => {
    for (const [output, batch] of [['tanh', 6], ['linear', 6], ['tanh', 150], ['linear', 150]] as const) {
      const models = buildModels({ family: 'toy', layers: 2, units: 8, activation, output, seed: 3 });
      const x = tf.randomUniform([batch, 2], -2, 2, 'float32', 7);
      for (const model of [models.generator, models.discriminator]) {
        const before = tf.memory().numTensors;
        const fused = run(model, true, x);
        expect(tf.memory().numTensors).toBe(before);
        const plain = run(model, false, x);
        expect([fused.out, fused.dx]).toEqual([plain.out, plain.dx]);
        // Weights are [kernel, bias] per layer. A bias gradient at batch 150 differs in the last
        // bits (the cpu product adds in blocks of 48); at batch 6 it is the same sum.
        fused.grads.forEach((g, i) => {
          if (i % 2 === 0 || batch === 6) expect(g).toEqual(plain.grads[i]);
          else (g as number[]).forEach((v, j) => expect(v).toBeCloseTo((plain.grads[i] as number[])[j]!, 5));
        });
      }
      x.dispose();
      models.dispose();
    }
  });

  it('runs one kernel per Dense and its first activation; a Dense without bias, and activations after the first, as before', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [3], units: 5, activation: 'relu' }),
        tf.layers.dense({ units: 4, useBias: false, activation: 'tanh' }),
        tf.layers.dense({ units: 2, activation: 'sigmoid' }),
        tf.layers.activation({ activation: 'relu' }),
      ],
    });
    const x = tf.randomNormal([7, 3], 0, 1, 'float32', 5);
    // The custom op's inner kernels, then its own entry (left out); tanh has no fused form.
    const kernels = async (fuse: boolean) =>
      (await tf.profile(() => void tf.tidy(() => void fusedMlp(mlpLayers(model)!, ALL_GRADIENTS, () => fuse)(x)))).kernels.map((k) => k.name).slice(0, -1);
    expect(await kernels(true)).toEqual(['_FusedMatMul', '_FusedMatMul', 'Tanh', '_FusedMatMul', 'Relu']);
    expect(await kernels(false)).toEqual(['BatchMatMul', 'Add', 'Relu', 'BatchMatMul', 'Tanh', 'BatchMatMul', 'Add', 'Sigmoid', 'Relu']);
    expect(run(model, true, x)).toEqual(run(model, false, x));
    x.dispose();
    model.dispose();
  });

  it('takes each bias gradient as one product with a row of ones, made once per backward pass', async () => {
    const { discriminator, dispose } = buildModels({ family: 'toy', layers: 2, units: 8, seed: 1 });
    const x = tf.randomUniform([150, 2]);
    const vars = discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
    const kernels = async (fuse: boolean) => {
      const forward = fusedMlp(mlpLayers(discriminator)!, ALL_GRADIENTS, () => fuse);
      return (await tf.profile(() => void tf.tidy(() => void tf.variableGrads(() => tf.sum(forward(x)) as tf.Scalar, vars)))).kernels.map((k) => k.name);
    };
    const fused = await kernels(true);
    const layer = ['BatchMatMul', 'BatchMatMul', 'Reshape', 'BatchMatMul']; // dW = h^T g, db = ones g, dx = g W^T
    // The op's backward, from the last layer's dW (just before the ones are made).
    expect(fused.slice(fused.indexOf('Fill') - 1)).toEqual([layer[0], 'Fill', ...layer.slice(1), 'Step', 'Multiply', ...layer, 'Step', 'Multiply', ...layer]);
    // The objective's own Sum, and in the plain form one per bias.
    expect(fused.filter((k) => k === 'Sum')).toHaveLength(1);
    const plain = await kernels(false);
    expect(plain.filter((k) => k === 'Sum')).toHaveLength(1 + 3);
    expect(plain).not.toContain('Fill');
    x.dispose();
    dispose();
  });
});
