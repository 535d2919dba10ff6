import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { GANLoss, GANLossComps, gaussianBlur, gaussianKernel1d } from '../../src/losses';
import { expectNoLeak, expectScalar, values } from '../helpers/tensors';

const softplus = (x: number) => Math.log(1 + Math.exp(x));
const input = () => tf.tensor1d([0.5, -2]);

describe('GANLoss', () => {
  it('vanilla: binary cross-entropy on logits against the real or fake label', async () => {
    const loss = new GANLoss({ gan_type: 'vanilla' });
    // BCE(x, 1) = softplus(-x); BCE(x, 0) = softplus(x).
    await expectScalar(loss.forward(input(), true), (softplus(-0.5) + softplus(2)) / 2, 1e-6);
    await expectScalar(loss.forward(input(), false), (softplus(0.5) + softplus(-2)) / 2, 1e-6);
    // Smoothed real label 0.9: BCE(x, y) = softplus(x) - x * y.
    const smooth = new GANLoss({ gan_type: 'vanilla', real_label_val: 0.9 });
    await expectScalar(smooth.forward(input(), true), (softplus(0.5) - 0.5 * 0.9 + softplus(-2) + 2 * 0.9) / 2, 1e-6);
  });

  it('vanilla stays finite on large logits', async () => {
    await expectScalar(new GANLoss({ gan_type: 'vanilla' }).forward(tf.tensor1d([100, -100]), true), (0 + 100) / 2, 1e-4);
  });

  it('lsgan and l1: squared and absolute distance to the label', async () => {
    await expectScalar(new GANLoss({ gan_type: 'lsgan' }).forward(input(), true), ((0.5 - 1) ** 2 + (-2 - 1) ** 2) / 2);
    await expectScalar(new GANLoss({ gan_type: 'lsgan' }).forward(input(), false), (0.5 ** 2 + 2 ** 2) / 2);
    await expectScalar(new GANLoss({ gan_type: 'l1' }).forward(input(), true), (0.5 + 3) / 2);
  });

  it('wgan: minus the mean for real, the mean for fake', async () => {
    const loss = new GANLoss({ gan_type: 'wgan' });
    await expectScalar(loss.forward(input(), true), -(0.5 - 2) / 2);
    await expectScalar(loss.forward(input(), false), (0.5 - 2) / 2);
  });

  it('wgan-logistic-ns: mean softplus(-x) for real, softplus(x) for fake', async () => {
    const loss = new GANLoss({ gan_type: 'wgan-logistic-ns' });
    await expectScalar(loss.forward(input(), true), (softplus(-0.5) + softplus(2)) / 2, 1e-6);
    await expectScalar(loss.forward(input(), false, true), (softplus(0.5) + softplus(-2)) / 2, 1e-6);
  });

  it('hinge: relu(1 -/+ x) for the discriminator, -mean(x) for the generator whatever the target', async () => {
    const loss = new GANLoss({ gan_type: 'hinge' });
    await expectScalar(loss.forward(input(), true, true), (Math.max(0, 1 - 0.5) + Math.max(0, 1 + 2)) / 2);
    await expectScalar(loss.forward(input(), false, true), (Math.max(0, 1 + 0.5) + Math.max(0, 1 - 2)) / 2);
    await expectScalar(loss.forward(input(), true, false), -(0.5 - 2) / 2);
    await expectScalar(loss.forward(input(), false, false), -(0.5 - 2) / 2);
  });

  it('applies loss_weight to the generator only', async () => {
    const loss = new GANLoss({ gan_type: 'lsgan', loss_weight: 0.25 });
    const plain = ((0.5 - 1) ** 2 + (-2 - 1) ** 2) / 2;
    await expectScalar(loss.forward(input(), true, false), 0.25 * plain);
    await expectScalar(loss.forward(input(), true, true), plain);
  });

  it('rejects an unknown gan_type, naming the valid ones', () => {
    expect(() => new GANLoss({ gan_type: 'ragan' as never })).toThrow(
      /GANLoss: option "gan_type": expected one of vanilla, lsgan, wgan, wgan-logistic-ns, hinge, smgan, l1 \(got "ragan"\)/,
    );
    expect(() => new GANLossComps({ gan_type: 'smgan' })).toThrow(/GANLossComps: option "gan_type": expected one of vanilla, lsgan, wgan, wgan-logistic-ns, hinge \(/);
  });

  it('leaks nothing for any type', async () => {
    const x = tf.randomNormal([2, 4, 4, 1]);
    const mask = tf.randomUniform([2, 4, 4, 1]);
    for (const gan_type of ['vanilla', 'lsgan', 'wgan', 'wgan-logistic-ns', 'hinge', 'smgan', 'l1'] as const) {
      const loss = new GANLoss({ gan_type });
      for (const [real, disc] of [[true, true], [false, true], [true, false]] as const) {
        await expectNoLeak(() => loss.forward(x, real, disc, mask));
      }
    }
    tf.dispose([x, mask]);
  });
});

describe('GANLoss smgan (AOT-GAN)', () => {
  const loss = new GANLoss({ gan_type: 'smgan', loss_weight: 0.5 });

  it('needs a mask', () => {
    expect(() => loss.forward(tf.zeros([1, 2, 2, 1]), true)).toThrow(/smgan' needs a mask/);
  });

  it('discriminator, real: MSE to the real label', async () => {
    const x = tf.tensor4d([0, 1, 2, 3], [1, 2, 2, 1]);
    await expectScalar(loss.forward(x, true, true, tf.ones([1, 2, 2, 1])), (1 + 0 + 1 + 4) / 4);
  });

  it('discriminator, fake: MSE to the Gaussian-blurred mask', async () => {
    const x = tf.zeros([1, 2, 2, 1]);
    const mask = tf.tensor4d([1, 0, 0, 0], [1, 2, 2, 1]);
    // The 71x71 blur (sigma 10) of a corner pixel over a 2x2 map: weight k(d)^2 products of the
    // 1-D kernel at offsets 0 and 1 from the centre.
    const k = gaussianKernel1d(71, 10);
    const at = (dy: number, dx: number) => (k[35 + dy] as number) * (k[35 + dx] as number);
    const blurred = [at(0, 0), at(0, 1), at(1, 0), at(1, 1)];
    const expected = blurred.reduce((s, b) => s + b * b, 0) / 4;
    await expectScalar(loss.forward(x, false, true, mask), expected, 1e-9);
  });

  it('generator: mean(mse * mask / mean(mask)) times loss_weight, which is the mse', async () => {
    const x = tf.tensor4d([0, 1, 2, 3], [1, 2, 2, 1]);
    const mask = tf.tensor4d([1, 0, 1, 0], [1, 2, 2, 1]);
    await expectScalar(loss.forward(x, true, false, mask), 0.5 * ((1 + 0 + 1 + 4) / 4), 1e-6);
  });

  it('resizes the input to the mask with bilinear, align-corners interpolation', async () => {
    // A 2x2 input [[0, 1], [2, 3]] on a 3x3 mask: align-corners keeps the corners and averages
    // in between: [[0, .5, 1], [1, 1.5, 2], [2, 2.5, 3]].
    const x = tf.tensor4d([0, 1, 2, 3], [1, 2, 2, 1]);
    const up = [0, 0.5, 1, 1, 1.5, 2, 2, 2.5, 3];
    const expected = up.reduce((s, v) => s + (v - 1) ** 2, 0) / 9;
    await expectScalar(loss.forward(x, true, true, tf.ones([1, 3, 3, 1])), expected, 1e-6);
  });
});

describe('gaussianBlur', () => {
  it('uses normalized weights exp(-(i - c)^2 / (2 sigma^2))', () => {
    const k = gaussianKernel1d(3, 1);
    const total = 1 + 2 * Math.exp(-0.5);
    expect(k[0]).toBeCloseTo(Math.exp(-0.5) / total, 12);
    expect(k[1]).toBeCloseTo(1 / total, 12);
    expect(() => gaussianKernel1d(4, 1)).toThrow(/odd positive integer, got 4/);
  });

  it('blurs with the outer product of the 1-D kernels, zero-padded', async () => {
    const k = gaussianKernel1d(3, 1);
    const image = tf.tensor4d([0, 0, 0, 0, 1, 0, 0, 0, 0], [1, 3, 3, 1]);
    const out = await values(gaussianBlur(image, [3, 3], [1, 1]));
    const expected = [0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => (k[2 - r] as number) * (k[2 - c] as number)));
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 6));
  });
});

describe('GANLoss maps', () => {
  it("hold each prediction's term, weighted like the loss", async () => {
    // A PatchGAN-like 1x2x2x1 output for two samples; hinge, generator: -x, weight 2.
    const x = tf.tensor4d([1, 2, 3, 4, 3, 2, 1, 0], [2, 2, 2, 1]);
    const { loss, map } = new GANLoss({ gan_type: 'hinge', loss_weight: 2 }).forwardWithMap(x, true, false);
    await expectScalar(loss, (2 * -(1 + 2 + 3 + 4 + 3 + 2 + 1 + 0)) / 8);
    const m = await values(map!);
    expect(m).toEqual([-2 * 2, -2 * 2, -2 * 2, -2 * 2]);
  });

  it('take the label from y in an x, y call', async () => {
    const { loss } = new GANLoss({ gan_type: 'lsgan' }).forwardXYWithMap(tf.tensor1d([0.5, 2]), false);
    await expectScalar(loss, (0.25 + 4) / 2);
    expect(() => new GANLoss({ gan_type: 'lsgan' }).forwardXYWithMap(tf.tensor1d([0]), tf.ones([1]))).toThrow(
      /target_is_real must be a boolean/,
    );
  });
});
