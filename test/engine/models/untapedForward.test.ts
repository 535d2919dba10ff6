// G's forward pass in D's update, off the gradient tape (untapedForward): the same output and
// the same batch norm statistics as the taped pass, the same gradient for the other network's
// weights, no saved clones, and a clear error if a gradient is asked through it.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModels } from '../../../src/engine/models';
import { trainingForward, untapedForward } from '../../../src/engine/models/plainForward';

function setup() {
  const models = buildModels({ family: 'pix2pix', size: 32, width: 4, channelsA: 1, channelsB: 3, seed: 2 });
  const a = tf.randomUniform([2, 32, 32, 1], -1, 1, 'float32', 5);
  const dVars = models.discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
  return { models, a, dVars };
}

/** D's loss on (A, G(A)) differentiated w.r.t. D's weights, G's output made by `forward`. */
function dUpdate(s: ReturnType<typeof setup>, forward: (x: tf.Tensor) => tf.Tensor) {
  return tf.tidy(() => {
    const d = (x: tf.Tensor) => s.models.discriminator.apply(x, { training: true }) as tf.Tensor;
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(d(tf.concat([s.a, forward(s.a)], -1)))) as tf.Scalar, s.dVars);
    const stats = s.models.generator.nonTrainableWeights.map((w) => Array.from(w.read().dataSync()));
    return { value: value.dataSync()[0], grads: s.dVars.map((v) => Array.from(grads[v.name]!.dataSync())), stats };
  });
}

describe('untapedForward', () => {
  it("gives D's update the same loss, gradients and G batch norm statistics as the taped pass, to the bit", () => {
    const taped = setup();
    const untaped = setup();
    const plain = (s: ReturnType<typeof setup>) => (x: tf.Tensor) => s.models.generator.apply(x, { training: true }) as tf.Tensor;
    const ours = dUpdate(untaped, trainingForward(untaped.models.generator, { weights: false, input: false }));
    const theirs = dUpdate(taped, plain(taped));
    expect(ours).toEqual(theirs);
    // The statistics moved (batch norm in G's training-mode pass), so the comparison is not of two no-ops.
    expect(ours.stats.some((s) => s.some((v) => v !== 0 && v !== 1))).toBe(true);
    for (const s of [taped, untaped]) {
      s.a.dispose();
      s.models.dispose();
    }
  });

  it('records one tape node instead of the pass: no Identity clones for its ops', async () => {
    const s = setup();
    const identities = async (forward: (x: tf.Tensor) => tf.Tensor) => {
      const { kernels } = await tf.profile(() => void tf.tidy(() => void tf.variableGrads(() => tf.mean(forward(s.a)) as tf.Scalar, s.dVars.slice(0, 1).concat([]) as tf.Variable[])));
      return kernels.filter((k) => k.name === 'Identity').length;
    };
    const plain = (x: tf.Tensor) => tf.add(tf.mul(s.dVars[0]!.sum(), 0), tf.mean(s.models.generator.apply(x, { training: true }) as tf.Tensor));
    const off = untapedForward((x) => s.models.generator.apply(x, { training: true }) as tf.Tensor);
    const withOff = (x: tf.Tensor) => tf.add(tf.mul(s.dVars[0]!.sum(), 0), tf.mean(off(x)));
    const [taped, untaped] = [await identities(plain), await identities(withOff)];
    // The ops around it (sum, mul, add, mean) save a few clones either way.
    expect(untaped).toBeLessThan(10);
    expect(taped).toBeGreaterThan(untaped + 30);
    s.a.dispose();
    s.models.dispose();
  });

  it("refuses a gradient through the pass, naming it (G's weights are not even connected: tfjs says so)", () => {
    const s = setup();
    const gVars = s.models.generator.trainableWeights.map((w) => w.read() as tf.Variable);
    const forward = trainingForward(s.models.generator, { weights: false, input: false });
    expect(() => tf.tidy(() => tf.grad((x: tf.Tensor) => tf.mean(forward(x)))(s.a))).toThrow(/untapedForward: this forward pass was made without gradients/);
    expect(() => tf.tidy(() => tf.variableGrads(() => tf.mean(forward(s.a)) as tf.Scalar, gVars))).toThrow(/Cannot find a connection/);
    s.a.dispose();
    s.models.dispose();
  });
});
