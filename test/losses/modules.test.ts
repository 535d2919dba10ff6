import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  DiscShiftLoss,
  GANLossComps,
  GeneratorPathRegularizer,
  GradientPenaltyLoss,
  L1Loss,
  R1GradientPenalty,
} from '../../src/losses';
import { expectNoLeak, expectScalar } from '../helpers/tensors';

/** D(x) = sum(x^2) / 2 per sample: its input gradient is x. */
const critic = (x: tf.Tensor) => tf.div(tf.sum(tf.square(x), [1, 2, 3]), 2);

function outputs(iteration = 0): Record<string, unknown> {
  return {
    iteration,
    batch_size: 2,
    disc: critic,
    gen: (z: tf.Tensor) => tf.reshape(tf.mul(z, 2), [-1, 1, 2, 1]),
    real_imgs: tf.tensor4d([3, 4, 0, 0], [2, 1, 1, 2]),
    fake_imgs: tf.tensor4d([0, 0, 6, 8], [2, 1, 1, 2]),
    disc_pred_real: tf.tensor1d([1, -3]),
    disc_pred_fake: tf.tensor1d([2, 0]),
  };
}

describe('DiscShiftLoss', () => {
  it('is loss_weight * mean(pred^2), directly or through data_info', async () => {
    await expectScalar(new DiscShiftLoss({ loss_weight: 0.5 }).forward(tf.tensor1d([1, -3])), 0.5 * ((1 + 9) / 2));
    const module = new DiscShiftLoss({ loss_weight: 0.001, data_info: { pred: 'disc_pred_real' } });
    await expectScalar(module.forward(outputs()) as tf.Tensor, 0.001 * ((1 + 9) / 2), 1e-9);
    expect(module.lossName()).toBe('loss_disc_shift');
    expect(new DiscShiftLoss({ loss_name: 'loss_shift_fake' }).lossName()).toBe('loss_shift_fake');
  });

  it('names the missing outputs key and the keys that exist', () => {
    const module = new DiscShiftLoss({ data_info: { pred: 'disc_pred_reel' } });
    expect(() => module.forward(outputs())).toThrow(
      /DiscShiftLoss \(loss_disc_shift\): data_info maps "pred" to outputs key "disc_pred_reel", which is missing; the outputs have: iteration, batch_size, disc, gen, real_imgs, fake_imgs, disc_pred_real, disc_pred_fake/,
    );
  });

  it('checks what data_info picks', () => {
    const module = new DiscShiftLoss({ data_info: { pred: 'iteration' } });
    expect(() => module.forward(outputs())).toThrow(/argument "pred" \(outputs\["iteration"\]\) must be a tensor, got number 0/);
    expect(() => new DiscShiftLoss({ data_info: { prediction: 'disc_pred_real' } })).toThrow(
      /data_info maps "prediction", which is not an argument of this loss \(its arguments: pred\)/,
    );
    expect(() => new DiscShiftLoss({ data_info: {} })).toThrow(/data_info must map the argument "pred"/);
  });

  it('with data_info, takes one outputs object only', () => {
    const module = new DiscShiftLoss({ data_info: { pred: 'disc_pred_real' } });
    expect(() => module.forward(tf.tensor1d([1]))).toThrow(/it has data_info, so call it with one outputs object/);
    expect(() => new DiscShiftLoss().forwardOutputs(outputs())).toThrow(/has no data_info/);
  });
});

describe('GradientPenaltyLoss', () => {
  it("binds discriminator, real_data and fake_data from data_info, as MMagic's configs do", async () => {
    const module = new GradientPenaltyLoss({
      loss_weight: 10,
      norm_mode: 'HWC',
      data_info: { discriminator: 'disc', real_data: 'real_imgs', fake_data: 'fake_imgs' },
    });
    // Interpolates of [3, 4] with [0, 0] and of [0, 0] with [6, 8] lie on the lines through
    // them; D's gradient is the point itself, so the penalty depends on alpha: check it runs
    // and is the weighted, finite mean of (||x̂|| - 1)^2 <= (10 - 1)^2.
    const value = await (module.forward(outputs()) as tf.Tensor).data();
    expect(value[0]).toBeGreaterThanOrEqual(0);
    expect(value[0]).toBeLessThanOrEqual(10 * 81);
    expect(module.lossName()).toBe('loss_gp');
  });

  it('rejects a network argument that is not one', () => {
    const module = new GradientPenaltyLoss({ data_info: { discriminator: 'real_imgs', real_data: 'real_imgs', fake_data: 'fake_imgs' } });
    expect(() => module.forward(outputs())).toThrow(/argument "discriminator" \(outputs\["real_imgs"\]\) must be a network/);
  });
});

describe('R1GradientPenalty', () => {
  const config = { loss_weight: 5, interval: 4, data_info: { discriminator: 'disc', real_data: 'real_imgs' } };

  it('runs every `interval` iterations and returns null on the others', async () => {
    const module = new R1GradientPenalty(config);
    // Real pixels [3, 4] and [0, 0]: 'pixel' R1 = (25 + 0) / 2.
    await expectScalar(module.forward(outputs(8)) as tf.Tensor, 5 * (25 / 2), 1e-4);
    expect(module.forward(outputs(9))).toBeNull();
    expect(module.forward(outputs(10))).toBeNull();
    expect(module.lossName()).toBe('loss_r1_gp');
  });

  it('needs data_info for an interval, and an integer iteration in the outputs', () => {
    expect(() => new R1GradientPenalty({ interval: 2 })).toThrow(/interval 2 needs data_info/);
    const module = new R1GradientPenalty(config);
    const { iteration: _dropped, ...noIteration } = outputs();
    expect(() => module.forward(noIteration)).toThrow(/"iteration" to outputs key "iteration", which is missing/);
  });

  it('takes its arguments directly without data_info', async () => {
    const real = tf.tensor4d([1, 2], [1, 1, 1, 2]);
    await expectScalar(new R1GradientPenalty({ norm_mode: 'HWC' }).forward(critic, real), 1 + 4, 1e-5);
  });
});

describe('the penalties\' loss maps', () => {
  // D(x) = sum(x^2) / 2 has input gradient x: over a 1 x 2 image, pixel (0, 0) holds [3, 4]
  // (norm 5) in both samples, pixel (0, 1) holds [0, 0] in the first and [0, 2] in the second.
  const real = () => tf.tensor4d([3, 4, 0, 0, 3, 4, 0, 2], [2, 1, 2, 2]);

  it("R1's map is the squared gradient per pixel, batch-averaged, times loss_weight; its mean is the loss", async () => {
    const module = new R1GradientPenalty({ loss_weight: 2, data_info: { discriminator: 'disc', real_data: 'real_imgs' } });
    const { loss, map } = module.forwardOutputsWithMap({ ...outputs(), real_imgs: real() })!;
    expect(map!.shape).toEqual([1, 2, 1]);
    // Pixel (0, 0): 25 in both samples; pixel (0, 1): 0 and 4, mean 2.
    expect(Array.from(await map!.data())).toEqual([2 * 25, 2 * 2]);
    await expectScalar(loss, (2 * 25 + 2 * 2) / 2, 1e-5);
    tf.dispose([loss, map!]);
  });

  it("WGAN-GP's map is (||grad|| - 1)^2 per pixel at the interpolates, batch-averaged", async () => {
    const module = new GradientPenaltyLoss({ loss_weight: 10, data_info: { discriminator: 'disc', real_data: 'real_imgs', fake_data: 'fake_imgs' } });
    // Real and fake the same image: every interpolate is that image, whatever alpha.
    const { loss, map } = module.forwardOutputsWithMap({ ...outputs(), real_imgs: real(), fake_imgs: real() })!;
    expect(map!.shape).toEqual([1, 2, 1]);
    // Pixel (0, 0): (5 - 1)^2 = 16 twice; pixel (0, 1): (0 - 1)^2 = 1 and (2 - 1)^2 = 1.
    const values = Array.from(await map!.data());
    expect(values[0]).toBeCloseTo(10 * 16, 3);
    expect(values[1]).toBeCloseTo(10 * 1, 3);
    await expectScalar(loss, (10 * 16 + 10 * 1) / 2, 1e-3);
    tf.dispose([loss, map!]);
  });

  it("with norm_mode 'HWC' a penalty is per sample: its map is one number", async () => {
    const module = new R1GradientPenalty({ norm_mode: 'HWC', data_info: { discriminator: 'disc', real_data: 'real_imgs' } });
    const { loss, map } = module.forwardOutputsWithMap({ ...outputs(), real_imgs: real() })!;
    expect(map!.shape).toEqual([]);
    // Per sample: 25 + 0 and 25 + 4.
    expect(Array.from(await map!.data())).toEqual([(25 + 29) / 2]);
    tf.dispose([loss, map!]);
  });
});

describe('GeneratorPathRegularizer', () => {
  it('keeps its moving mean path length between calls, starting at 0', async () => {
    const module = new GeneratorPathRegularizer({
      decay: 0.5,
      latent_shape: [2],
      data_info: { generator: 'gen', num_batches: 'batch_size' },
    });
    expect(module.meanPathLengthTensor).toBeNull();
    tf.tidy(() => module.forward(outputs()) as tf.Tensor);
    const first = (await module.meanPathLengthTensor!.data())[0]!;
    // decay 0.5 from 0: half the batch's mean path length, which is positive.
    expect(first).toBeGreaterThan(0);
    tf.tidy(() => module.forward(outputs()) as tf.Tensor);
    const second = (await module.meanPathLengthTensor!.data())[0]!;
    expect(second).not.toBe(first);
    expect(module.lossName()).toBe('loss_path_regular');
    const before = tf.memory().numTensors;
    module.dispose();
    expect(tf.memory().numTensors).toBe(before - 1);
  });

  it('leaks nothing across calls but the one mean it keeps', async () => {
    const module = new GeneratorPathRegularizer({ latent_shape: [2], data_info: { generator: 'gen', num_batches: 'batch_size' } });
    const o = outputs();
    tf.dispose(module.forward(o) as tf.Tensor);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(module.forward(o) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
    module.dispose();
  });
});

describe('GANLossComps and pixel losses with data_info', () => {
  it('GANLossComps takes target_is_real and is_disc from its config', async () => {
    const fake = new GANLossComps({ gan_type: 'hinge', target_is_real: false, is_disc: true, data_info: { input: 'disc_pred_fake' } });
    // relu(1 + [2, 0]) -> (3 + 1) / 2.
    await expectScalar(fake.forwardOutputs(outputs()) as tf.Tensor, (3 + 1) / 2);
    expect(() => new GANLossComps({ gan_type: 'hinge', data_info: { input: 'disc_pred_fake' } })).toThrow(
      /data_info must map the argument "target_is_real"/,
    );
  });

  it('a pixel loss can pick pred and target too', async () => {
    const l1 = new L1Loss({ data_info: { pred: 'fake_imgs', target: 'real_imgs' } });
    await expectScalar(l1.forwardOutputs(outputs()) as tf.Tensor, (3 + 4 + 6 + 8) / 4);
    const o = outputs();
    await expectNoLeak(() => l1.forwardOutputs(o));
  });
});
