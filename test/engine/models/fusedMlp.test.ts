import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModels } from '../../../src/engine/models';
import { ALL_GRADIENTS, fusedMlp, type GradientNeeds } from '../../../src/engine/models/fusedMlp';
import { mlpLayers, trainingForward } from '../../../src/engine/models/plainForward';
import { ACTIVATIONS } from '../../../src/engine/models/options';
import { enableSecondOrderGradients } from '../../../src/losses/secondOrder';

type Forward = (x: tf.Tensor) => tf.Tensor;
const applyForward = (model: tf.LayersModel): Forward => (t) => model.apply(t, { training: true }) as tf.Tensor;

/** The output, and the gradients of sum(output * c) (c fixed, so every output element weighs differently) w.r.t. the weights and the input. */
function outputAndGrads(model: tf.LayersModel, forward: Forward, x: tf.Tensor) {
  return tf.tidy(() => {
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const c = tf.randomUniform([x.shape[0]!, model.outputs[0]!.shape[1] as number], -1, 1, 'float32', 11);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(forward(x), c)) as tf.Scalar, vars);
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(forward(input), c)))(x);
    return { out: forward(x).arraySync(), grads: vars.map((v) => grads[v.name]!.arraySync()), dx: dx.arraySync() };
  });
}

const near = (ours: unknown, theirs: unknown) =>
  expect((ours as number[]).flat(2)).toEqual((theirs as number[]).flat(2).map((v) => expect.closeTo(v, 5)));

describe('fusedMlp', () => {
  const cases = [1, 2, 3].flatMap((layers) => ACTIVATIONS.flatMap((activation) => (['tanh', 'linear'] as const).map((output) => [layers, activation, output] as const)));
  it.each(cases)('gives the toy MLPs (%i hidden layers of %s, %s output) the outputs and gradients of apply in training mode', (layers, activation, output) => {
    const models = buildModels({ family: 'toy', layers, units: 8, activation, output, seed: 3 });
    const x = tf.randomUniform([6, 2], -2, 2, 'float32', 7);
    for (const model of [models.generator, models.discriminator]) {
      expect(mlpLayers(model)).not.toBeNull();
      const before = tf.memory().numTensors;
      const ours = outputAndGrads(model, trainingForward(model), x);
      expect(tf.memory().numTensors).toBe(before);
      const theirs = outputAndGrads(model, applyForward(model), x);
      near(ours.out, theirs.out);
      ours.grads.forEach((g, i) => near(g, theirs.grads[i]));
      near(ours.dx, theirs.dx);
    }
    x.dispose();
    models.dispose();
  });

  it('handles a Dense with its own activation, one without bias, and stacked activations as apply does', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [3], units: 5, activation: 'tanh', kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }) }),
        tf.layers.leakyReLU({ alpha: 0.3 }),
        tf.layers.dense({ units: 4, useBias: false, kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }) }),
        tf.layers.dense({ units: 2, activation: 'sigmoid', biasInitializer: 'ones' }),
        tf.layers.activation({ activation: 'relu' }),
      ],
    });
    expect(mlpLayers(model)?.map((l) => [l.bias !== null, l.activations.map((a) => a.kind)])).toEqual([
      [true, ['tanh', 'leakyRelu']],
      [false, []],
      [true, ['sigmoid', 'relu']],
    ]);
    const x = tf.randomNormal([7, 3], 0, 1, 'float32', 5);
    const ours = outputAndGrads(model, trainingForward(model), x);
    const theirs = outputAndGrads(model, applyForward(model), x);
    near(ours.out, theirs.out);
    ours.grads.forEach((g, i) => near(g, theirs.grads[i]));
    near(ours.dx, theirs.dx);
    x.dispose();
    model.dispose();
  });

  it('leaves what it cannot fuse to the plain ops or apply', () => {
    const leading = tf.sequential({ layers: [tf.layers.activation({ inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 2 })] });
    const flatLeaky = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2 }), tf.layers.leakyReLU({ alpha: 0 })] });
    const selu = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, activation: 'selu' })] });
    const dcgan = buildModels({ family: 'dcgan', width: 4, seed: 1 });
    expect([leading, flatLeaky, selu, dcgan.generator, dcgan.discriminator].map(mlpLayers)).toEqual([null, null, null, null, null]);
    [leading, flatLeaky, selu].forEach((m) => m.dispose());
    dcgan.dispose();
  });

  it("differentiates twice as the plain ops do (R1's penalty on D's input gradient)", () => {
    enableSecondOrderGradients();
    for (const activation of ACTIVATIONS) {
      const { discriminator, dispose } = buildModels({ family: 'toy', layers: 2, units: 8, activation, seed: 4 });
      const x = tf.randomUniform([5, 2], -1, 1, 'float32', 9);
      const vars = discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
      const penaltyGrads = (forward: Forward) =>
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => {
            // R1 at depth 2, beside a first-order term at depth 1 through the same op.
            const dx = tf.grad((input: tf.Tensor) => tf.sum(forward(input)))(x);
            return tf.add(tf.sum(tf.square(dx)), tf.mean(forward(x))) as tf.Scalar;
          }, vars);
          return vars.map((v) => grads[v.name]!.arraySync());
        });
      const ours = penaltyGrads(trainingForward(discriminator));
      const theirs = penaltyGrads(applyForward(discriminator));
      ours.forEach((g, i) => near(g, theirs[i]));
      x.dispose();
      dispose();
    }
  });

  it('frees what it saves when its output is taped but never differentiated, or made with no tape', () => {
    const { generator, discriminator, dispose } = buildModels({ family: 'toy', layers: 2, units: 8, seed: 1 });
    const G = trainingForward(generator);
    const D = trainingForward(discriminator);
    const x = tf.randomUniform([10, 2]);
    const dVars = discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
    const before = tf.memory().numTensors;
    // A D update: G's forward is on the tape (its weights are not differentiated).
    tf.tidy(() => void tf.variableGrads(() => tf.mean(D(G(x))) as tf.Scalar, dVars));
    tf.tidy(() => void G(x));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    dispose();
  });

  it('refuses to have its backward taped (a forward made outside a nested gradient, differentiated inside one)', () => {
    const { discriminator, dispose } = buildModels({ family: 'toy', layers: 1, units: 4, seed: 1 });
    const layers = mlpLayers(discriminator)!;
    const D = fusedMlp(layers);
    const x = tf.randomUniform([3, 2]);
    const vars = discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
    expect(() =>
      tf.tidy(() =>
        tf.variableGrads(() => {
          const y = D(x);
          // Closes over y, made at depth 1: its backward runs while the outer tape records.
          return tf.sum(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(t, y)))(x)) as tf.Scalar;
        }, vars),
      ),
    ).toThrow(/cannot itself be differentiated/);
    x.dispose();
    dispose();
  });

  it('computes only the gradients its caller takes, and refuses loudly to give one it skipped', async () => {
    const { discriminator, dispose } = buildModels({ family: 'toy', layers: 2, units: 8, seed: 2 });
    const x = tf.randomUniform([12, 2], -1, 1, 'float32', 3);
    const vars = discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
    const byWeights = (needs: GradientNeeds) =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.sum(trainingForward(discriminator, needs)(x)) as tf.Scalar, vars);
        return vars.map((v) => grads[v.name]!.arraySync());
      });
    const byInput = (needs: GradientNeeds) => tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(trainingForward(discriminator, needs)(t)))(x).arraySync());
    expect(byWeights({ weights: true, input: false })).toEqual(byWeights(ALL_GRADIENTS));
    expect(byInput({ weights: false, input: true })).toEqual(byInput(ALL_GRADIENTS));
    expect(() => byWeights({ weights: false, input: true })).toThrow(/shape/);
    expect(() => byInput({ weights: true, input: false })).toThrow(/shape/);
    expect(() => byInput({ weights: false, input: false })).toThrow(/without gradients/);
    // Nothing needed (G's pass in D's update): on the tape, yet nothing saved and nothing left behind.
    const identities = async (withPass: boolean) => {
      const profile = await tf.profile(() =>
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => {
            if (withPass) trainingForward(discriminator, { weights: false, input: false })(x);
            return tf.sum(vars[0]!) as tf.Scalar;
          }, [vars[0]!]);
          tf.dispose([value, ...Object.values(grads)]);
        }),
      );
      return profile.kernels.filter((k) => k.name === 'Identity').length;
    };
    const before = tf.memory().numTensors;
    expect(await identities(true)).toBe(await identities(false));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    dispose();
  });

  it('refuses a gradient after its kernels were assigned (it reads them at backward time instead of copying them)', () => {
    const { discriminator, dispose } = buildModels({ family: 'toy', layers: 1, units: 4, seed: 1 });
    const D = trainingForward(discriminator);
    const x = tf.randomUniform([3, 2]);
    const vars = discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
    const kernel = vars[0]!;
    expect(() =>
      tf.tidy(() =>
        tf.variableGrads(() => {
          const y = tf.sum(D(x));
          kernel.assign(tf.mul(kernel, 2));
          return y as tf.Scalar;
        }, vars),
      ),
    ).toThrow(/assigned between the forward pass and its gradient/);
    x.dispose();
    dispose();
  });

  it('makes fewer kernels than the plain ops: no clones of every intermediate, no casts or reshapes in the backward', async () => {
    const { discriminator, dispose } = buildModels({ family: 'toy', layers: 2, units: 8, seed: 1 });
    const x = tf.randomUniform([150, 2]);
    const vars = discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
    const kernels = async (forward: Forward) => {
      const profile = await tf.profile(() => void tf.tidy(() => void tf.variableGrads(() => tf.mean(forward(x)) as tf.Scalar, vars)));
      return profile.kernels.map((k) => k.name);
    };
    const fused = await kernels(trainingForward(discriminator));
    const plain = await kernels(plainOps(discriminator));
    const layer = ['BatchMatMul', 'Add'];
    const back = ['BatchMatMul', 'Sum', 'BatchMatMul']; // dW = h^T dz, db = sum(dz), dx = dz W^T
    expect(fused).toEqual([
      ...[...layer, 'Relu', ...layer, 'Relu', ...layer],
      // Saved: x and the 2 hidden outputs (the kernels are read as they are); then the op's own entry.
      ...Array<string>(3).fill('Identity'),
      'forward',
      ...['Identity', 'Mean', 'Reshape', 'Multiply', 'RealDiv'], // the mean and its gradient
      ...back,
      ...['Step', 'Multiply', ...back],
      ...['Step', 'Multiply', ...back],
    ]);
    expect(fused.length).toBeLessThan(plain.length * 0.75);
    x.dispose();
    dispose();
  });
});

/** The same network as plain tfjs ops, each taped (what the trainer ran before fusedMlp). */
function plainOps(model: tf.LayersModel): Forward {
  const layers = mlpLayers(model)!;
  return (x) =>
    layers.reduce((h, l) => {
      const z = tf.add(tf.matMul(h, l.kernel()), l.bias!());
      return l.activations.reduce((y, a) => (a.kind === 'relu' ? tf.relu(y) : y), z);
    }, x);
}
