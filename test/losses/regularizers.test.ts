import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { discShiftLoss, genPathRegularizer, gradientPenaltyLoss, r1GradientPenaltyLoss } from '../../src/losses';
import { autodiffGrads, finiteDifferenceGrads, kernelGrads, relativeError, tinyConvDiscriminator, tinyConvGenerator } from '../helpers/nets';
import { expectNoLeak, expectScalar, expectValues, values } from '../helpers/tensors';

/** A linear critic D(x) = sum(x * w): its input gradient is w wherever it is evaluated. */
function linearCritic(w: tf.Tensor): (x: tf.Tensor) => tf.Tensor {
  return (x) => tf.sum(tf.mul(x, w), [1, 2, 3]);
}

describe('gradientPenaltyLoss', () => {
  // Per-pixel channel gradient [3, 4] has norm 5 at each of the 2x2 pixels.
  const w = tf.tile(tf.tensor4d([3, 4], [1, 1, 1, 2]), [1, 2, 2, 1]);
  const real = tf.randomNormal([2, 2, 2, 2], 0, 1, 'float32', 1);
  const fake = tf.randomNormal([2, 2, 2, 2], 0, 1, 'float32', 2);

  it("'pixel': mean over pixels of (||grad||_channels - 1)^2", async () => {
    await expectScalar(gradientPenaltyLoss(linearCritic(w), real, fake), (5 - 1) ** 2, 1e-4);
  });

  it("'HWC': mean over samples of (||grad||_sample - 1)^2", async () => {
    // Each sample's gradient has 4 pixels of norm 5: sqrt(4 * 25) = 10.
    await expectScalar(gradientPenaltyLoss(linearCritic(w), real, fake, { normMode: 'HWC' }), (10 - 1) ** 2, 1e-3);
  });

  it('masks the gradient and divides by the mask mean', async () => {
    // Mask keeps 1 pixel of 4: norms [5, 0, 0, 0] per sample -> ((5-1)^2 + 3 * (0-1)^2) / 4, / (1/4).
    const mask = tf.tensor4d([1, 0, 0, 0, 1, 0, 0, 0], [2, 2, 2, 1]);
    const expected = ((5 - 1) ** 2 + 3 * (0 - 1) ** 2) / 4 / (1 / 4);
    await expectScalar(gradientPenaltyLoss(linearCritic(w), real, fake, { mask }), expected, 1e-3);
  });

  it('evaluates the critic at alpha * real + (1 - alpha) * fake', async () => {
    // D(x) = sum(x^2) / 2 has gradient x, so the penalty reveals where it was evaluated.
    const critic = (x: tf.Tensor) => tf.div(tf.sum(tf.square(x), [1]), 2);
    const r = tf.tensor2d([[3, 4], [0, 0]]);
    const f = tf.tensor2d([[0, 0], [6, 8]]);
    const alpha = tf.tensor2d([[1], [0.5]]);
    // Sample 0: x = [3, 4], norm 5; sample 1: x = [3, 4], norm 5.
    await expectScalar(gradientPenaltyLoss(critic, r, f, { alpha }), (5 - 1) ** 2, 1e-4);
  });

  it('gives masked-out pixels a zero gradient, not NaN (tfjs norm has NaN gradient at 0)', async () => {
    const d = tinyConvDiscriminator(4);
    const r = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 51);
    const f = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 52);
    const mask = tf.concat([tf.ones([2, 2, 4, 1]), tf.zeros([2, 2, 4, 1])], 1);
    for (const normMode of ['pixel', 'HWC'] as const) {
      const grads = await autodiffGrads(d, () => gradientPenaltyLoss(d, r, f, { mask, normMode, seed: 1 }) as tf.Scalar);
      expect(grads.flat().every(Number.isFinite), normMode).toBe(true);
    }
    d.dispose();
  });

  it('rejects an unknown norm mode', () => {
    expect(() => gradientPenaltyLoss(linearCritic(w), real, fake, { normMode: 'CHW' as never })).toThrow(
      /norm_mode must be one of pixel, HWC, got "CHW"/,
    );
  });

  it('leaks nothing', async () => {
    await expectNoLeak(() => gradientPenaltyLoss(linearCritic(w), real, fake));
  });
});

describe('r1GradientPenaltyLoss', () => {
  // D(x) = sum(x^2) / 2 per sample: its input gradient is x itself.
  const critic = (x: tf.Tensor) => tf.div(tf.sum(tf.square(x), [1, 2, 3]), 2);
  // Two 1x2 images with 2 channels: pixels [1, 2], [2, 0] and [0, 3], [1, 1].
  const x = tf.tensor4d([1, 2, 2, 0, 0, 3, 1, 1], [2, 1, 2, 2]);

  it("'pixel': mean over pixels of the squared channel norm", async () => {
    await expectScalar(r1GradientPenaltyLoss(critic, x), (1 + 4 + (4 + 0) + (0 + 9) + (1 + 1)) / 4, 1e-5);
  });

  it("'HWC': mean over samples of the squared sample norm", async () => {
    await expectScalar(r1GradientPenaltyLoss(critic, x, { normMode: 'HWC' }), (1 + 4 + 4 + 0 + (0 + 9 + 1 + 1)) / 2, 1e-5);
  });

  it('masks and divides by the mask mean', async () => {
    const mask = tf.tensor4d([1, 0, 0, 1], [2, 1, 2, 1]);
    // Kept pixels [1, 2] and [1, 1]: (5 + 0 + 0 + 2) / 4, divided by mean(mask) = 1/2.
    await expectScalar(r1GradientPenaltyLoss(critic, x, { mask }), ((5 + 2) / 4) / 0.5, 1e-5);
  });

  it('leaks nothing', async () => {
    await expectNoLeak(() => r1GradientPenaltyLoss(critic, x, { normMode: 'HWC' }));
  });
});

describe('discShiftLoss', () => {
  it('is the element-wise square of the prediction', async () => {
    await expectValues(discShiftLoss(tf.tensor1d([-2, 0.5, 3])), [4, 0.25, 9]);
  });
});

describe('genPathRegularizer', () => {
  it('measures ||J^T y|| with y ~ N(0, 1) / sqrt(H * W) and moves the mean path length by decay', async () => {
    // G(w) = 3 * w as a 2x2x1 image, so J^T y = 3 * y and the path length is 3 * ||y||.
    const generator = (latent: tf.Tensor) => tf.reshape(tf.mul(latent, 3), [-1, 2, 2, 1]);
    const seed = 42;
    const { penalty, pathMean, pathLengths } = genPathRegularizer(generator, 4, 0.5, {
      latentShape: [4],
      seed,
      decay: 0.1,
      weight: 2,
      plBatchShrink: 2,
    });
    // The noise uses seed + 1; the batch shrinks from 4 to 4 / 2 = 2.
    const noise = await values(tf.div(tf.randomNormal([2, 2, 2, 1], 0, 1, 'float32', seed + 1), Math.sqrt(2 * 2)));
    const lengths = [0, 1].map((n) => 3 * Math.hypot(...noise.slice(4 * n, 4 * n + 4)));
    await expectValues(pathLengths, lengths, 1e-5);
    const mean = 0.5 + 0.1 * ((lengths[0]! + lengths[1]!) / 2 - 0.5);
    await expectScalar(pathMean, mean, 1e-5);
    await expectScalar(penalty, (2 * ((lengths[0]! - mean) ** 2 + (lengths[1]! - mean) ** 2)) / 2, 1e-5);
  });

  it("averages over a w+ latent's middle axis: sqrt(mean_ws(sum_dim(grad^2)))", async () => {
    // Latent [numWs = 2, dim = 2]; G uses only ws[0], so half the rows of J^T y are zero.
    const generator = (latent: tf.Tensor) =>
      tf.reshape(tf.slice(latent, [0, 0, 0], [-1, 1, 2]), [-1, 1, 2, 1]);
    const { pathLengths } = genPathRegularizer(generator, 1, 0, { latentShape: [2, 2], seed: 5 });
    const noise = await values(tf.div(tf.randomNormal([1, 1, 2, 1], 0, 1, 'float32', 6), Math.sqrt(2)));
    await expectValues(pathLengths, [Math.sqrt((noise[0]! ** 2 + noise[1]! ** 2) / 2)], 1e-5);
  });

  it('takes the noise as given, checking its shape', async () => {
    const generator = (latent: tf.Tensor) => tf.reshape(latent, [-1, 2, 2, 1]);
    // J^T y = y / sqrt(4): lengths ||[2, 0, 0, 0]|| / 2 = 1 and ||[0, 4, 0, 3]|| / 2 = 2.5.
    const noise = tf.tensor4d([2, 0, 0, 0, 0, 4, 0, 3], [2, 2, 2, 1]);
    const { pathLengths } = genPathRegularizer(generator, 2, 0, { latentShape: [4], noise });
    await expectValues(pathLengths, [1, 2.5], 1e-6);
    expect(() => genPathRegularizer(generator, 2, 0, { latentShape: [4], noise: tf.zeros([2, 4]) })).toThrow(
      /noise shape \[2, 4\] differs from the generator's output \[2, 2, 2, 1\]/,
    );
  });

  it('reads the latent shape off a LayersModel and says so when it cannot', async () => {
    const g = tinyConvGenerator();
    await expectNoLeak(() => genPathRegularizer(g, 3, 0));
    expect(() => genPathRegularizer((z) => z, 3, 0)).toThrow(/cannot tell the generator's latent shape; pass latentShape/);
    g.dispose();
  });
});

describe('double backprop: penalties differentiate to the networks weights, as finite differences say', () => {
  it('gradient penalty through conv + leakyReLU', async () => {
    const d = tinyConvDiscriminator(3);
    const real = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 11);
    const fake = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 12);
    const alpha = tf.tensor4d([0.3, 0.8], [2, 1, 1, 1]);
    const f = () => gradientPenaltyLoss(d, real, fake, { alpha }) as tf.Scalar;
    const auto = await autodiffGrads(d, f);
    const fd = await finiteDifferenceGrads(d, f);
    expect(relativeError(auto, fd)).toBeLessThan(2e-2);
    // Every kernel, the first conv's included, gets a gradient from the penalty.
    for (const g of kernelGrads(d, auto)) expect(g.some((v) => Math.abs(v) > 1e-6)).toBe(true);
  });

  it('R1 through conv + leakyReLU, both norm modes', async () => {
    const d = tinyConvDiscriminator(5);
    const real = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 13);
    for (const normMode of ['pixel', 'HWC'] as const) {
      const f = () => r1GradientPenaltyLoss(d, real, { normMode }) as tf.Scalar;
      const auto = await autodiffGrads(d, f);
      const fd = await finiteDifferenceGrads(d, f);
      expect(relativeError(auto, fd), normMode).toBeLessThan(2e-2);
      for (const g of kernelGrads(d, auto)) expect(g.some((v) => Math.abs(v) > 1e-6)).toBe(true);
    }
  });

  it('path length regularizer through dense + leakyReLU + conv2dTranspose + tanh', async () => {
    const g = tinyConvGenerator(9);
    const latents = tf.randomNormal([3, 3], 0, 1, 'float32', 21);
    const f = () => genPathRegularizer(g, 3, 0.2, { sampleLatent: () => latents, seed: 4 }).penalty as tf.Scalar;
    const auto = await autodiffGrads(g, f);
    const fd = await finiteDifferenceGrads(g, f);
    expect(relativeError(auto, fd)).toBeLessThan(2e-2);
    for (const grad of kernelGrads(g, auto)) expect(grad.some((v) => Math.abs(v) > 1e-6)).toBe(true);
  });

  it('R1 through a dense + sigmoid critic (tfjs saves sigmoid outputs detached; we recompute them)', async () => {
    const d = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [3], units: 4, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }) }),
        tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotNormal({ seed: 4 }) }),
      ],
    });
    const real = tf.randomNormal([4, 3], 0, 1, 'float32', 41);
    const f = () => r1GradientPenaltyLoss(d, real) as tf.Scalar;
    expect(relativeError(await autodiffGrads(d, f), await finiteDifferenceGrads(d, f))).toBeLessThan(2e-2);
  });

  it('the input gradients themselves match finite differences of the critic', async () => {
    const d = tinyConvDiscriminator(8);
    const real = tf.randomNormal([1, 4, 4, 1], 0, 1, 'float32', 31);
    const x = await values(real);
    const sumD = (data: Float32Array) => tf.tidy(() => tf.sum(d.apply(tf.tensor4d(data, [1, 4, 4, 1])) as tf.Tensor));
    const h = 1e-3;
    let squaredNorm = 0;
    for (let i = 0; i < x.length; i++) {
      const up = Float32Array.from(x);
      const down = Float32Array.from(x);
      up[i] = x[i]! + h;
      down[i] = x[i]! - h;
      const [a] = await sumD(up).data();
      const [b] = await sumD(down).data();
      squaredNorm += ((a! - b!) / (2 * h)) ** 2;
    }
    // One channel: the 'pixel' R1 is the mean over the 16 pixels of grad^2.
    const r1 = await values(r1GradientPenaltyLoss(d, real));
    expect(Math.abs(r1[0]! - squaredNorm / 16) / (squaredNorm / 16)).toBeLessThan(1e-2);
  });

  it('leak nothing inside a training step', async () => {
    const d = tinyConvDiscriminator(2);
    const real = tf.randomNormal([2, 4, 4, 1]);
    const opt = tf.train.adam(1e-3);
    opt.minimize(() => r1GradientPenaltyLoss(d, real) as tf.Scalar); // creates the optimizer's slots
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) opt.minimize(() => r1GradientPenaltyLoss(d, real) as tf.Scalar);
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    d.dispose();
  });
});

describe('networks that cannot be differentiated twice', () => {
  it('fail with a message naming the kernel and the layer, not a stack trace', () => {
    const pooled = tinyConvDiscriminator(1, [tf.layers.maxPooling2d({ poolSize: 2 })]);
    const real = tf.randomNormal([2, 4, 4, 1]);
    const step = () => tf.variableGrads(() => r1GradientPenaltyLoss(pooled, real) as tf.Scalar);
    expect(step).toThrow(/r1GradientPenaltyLoss: this network cannot be differentiated twice.*"MaxPoolGrad" \(the backward pass of maxPooling2d\)/);
    const elu = tinyConvDiscriminator(1, [tf.layers.elu()]);
    expect(() => tf.variableGrads(() => gradientPenaltyLoss(elu, real, real) as tf.Scalar)).toThrow(/"EluGrad" \(the backward pass of elu\)/);
  });
});
