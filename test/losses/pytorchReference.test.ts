// Our losses against an independent numerical reference: MMagic's (and NectarGAN's) formulas
// as PyTorch computes them, in NCHW and float64. The numbers come from the committed
// test/reference/loss_fixtures.json, written by test/reference/make_loss_fixtures.py
// (regenerate: /usr/bin/python3 test/reference/make_loss_fixtures.py). Neither python nor
// torch is needed to run this test.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  CharbonnierLoss,
  GAN_COMPS_TYPES,
  GANLoss,
  GANLossComps,
  genPathRegularizer,
  GradientLoss,
  gradientPenaltyLoss,
  gaussianBlur,
  L1Loss,
  LaplacianLoss,
  MaskedTVLoss,
  maskReduceLoss,
  MSELoss,
  PSNRLoss,
  r1GradientPenaltyLoss,
  SobelLoss,
  type Reduction,
} from '../../src/losses';
import { autodiffGrads } from '../helpers/nets';

interface Data {
  shape: number[];
  data: number[];
}
type Value = number | Data;
type Config = Record<string, unknown>;

interface Fixtures {
  meta: { torch_version: string; seed: number };
  tensors: Record<string, Data>;
  mask_reduce: { loss: string; weight: string | null; reduction: Reduction; sample_wise: boolean; expected: Value }[];
  pixel: { loss: string; config: Config; pred: string; target: string; weight: string | null; expected: Value }[];
  masked_tv: { loss_weight: number; pred: string; mask: string; expected: number }[];
  psnr: { loss_weight: number; pred: string; target: string; expected: number }[];
  edge: { loss: string; config: Config; pred: string; target: string; weight: string | null; expected: Value }[];
  edge_reduction_notes: {
    loss: string;
    reduction: Reduction;
    pred: string;
    target: string;
    nectargan_forward: number;
    elementwise_sum: number;
  }[];
  gaussian_blur: { input: string; expected: Data };
  gan: {
    config: Config & { gan_type: string };
    input: string;
    mask: string | null;
    target_is_real: boolean;
    is_disc: boolean;
    expected: number;
  }[];
  critic: Record<'conv_weight_oihw' | 'conv_bias' | 'linear_weight_out_in' | 'linear_bias', Data>;
  penalties: {
    kind: 'gp' | 'r1';
    norm_mode: 'pixel' | 'HWC';
    mask: string | null;
    expected: number;
    grads: Record<string, Data>;
  }[];
  generator: Record<'linear1_weight_out_in' | 'linear1_bias' | 'linear2_weight_out_in' | 'linear2_bias', Data>;
  path: {
    mean_path_length: number;
    decay: number;
    weight: number;
    expected: { penalty: number; path_mean: number; path_lengths: Data };
    grads: Record<string, Data>;
  }[];
}

const fixtures = JSON.parse(
  readFileSync(new URL('../reference/loss_fixtures.json', import.meta.url), 'utf8'),
) as Fixtures;

/** A fixture input tensor (NHWC), by name; null for none. */
function input(name: string): tf.Tensor;
function input(name: string | null): tf.Tensor | null;
function input(name: string | null): tf.Tensor | null {
  if (name === null) return null;
  const t = fixtures.tensors[name];
  if (!t) throw new Error(`no fixture tensor ${name}`);
  return tf.tensor(t.data, t.shape);
}

const asTensor = (d: Data) => tf.tensor(d.data, d.shape);

/**
 * Asserts |actual - expected| <= rtol * |expected| + atol element-wise (and the shape), where
 * atol is rtol times the largest |expected| (at least `floor`): float32 rounding scales with
 * the magnitudes involved, so a near-zero element of a large map gets the map's tolerance.
 */
async function expectClose(actual: tf.Tensor, expected: Value, rtol: number, floor = 1e-6): Promise<void> {
  const want = typeof expected === 'number' ? { shape: [], data: [expected] } : expected;
  expect(actual.shape).toEqual(want.shape);
  const got = Array.from(await actual.data());
  const atol = Math.max(floor, rtol * Math.max(...want.data.map(Math.abs)));
  got.forEach((a, i) => {
    const e = want.data[i] as number;
    expect(Math.abs(a - e), `element ${i}: ours ${a}, torch ${e}`).toBeLessThanOrEqual(rtol * Math.abs(e) + atol);
  });
}

/** ||a - b|| / ||b|| (or ||a|| when b is all zero). */
function relativeError(a: number[], b: number[]): number {
  let diff = 0;
  let norm = 0;
  a.forEach((x, i) => {
    const y = b[i] as number;
    diff += (x - y) ** 2;
    norm += y ** 2;
  });
  return norm === 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
}

const label = (config: Config) => JSON.stringify(config);

describe(`PyTorch reference (torch ${fixtures.meta.torch_version}, seed ${fixtures.meta.seed})`, () => {
  describe('maskReduceLoss vs mask_reduce_loss', () => {
    for (const c of fixtures.mask_reduce) {
      it(`weight ${c.weight ?? 'none'}, reduction ${c.reduction}, sample_wise ${c.sample_wise}`, async () => {
        await expectClose(maskReduceLoss(input(c.loss), input(c.weight), c.reduction, c.sample_wise), c.expected, 1e-5);
      });
    }
  });

  describe('pixel losses vs L1Loss / MSELoss / CharbonnierLoss', () => {
    const classes = { L1Loss, MSELoss, CharbonnierLoss } as const;
    for (const c of fixtures.pixel) {
      it(`${c.loss} ${label(c.config)}, weight ${c.weight ?? 'none'}`, async () => {
        const loss = new classes[c.loss as keyof typeof classes](c.config);
        await expectClose(loss.forward(input(c.pred), input(c.target), input(c.weight)), c.expected, 1e-5);
      });
    }
  });

  describe('image losses', () => {
    for (const c of fixtures.masked_tv) {
      it(`MaskedTVLoss with a 1-channel mask, loss_weight ${c.loss_weight}`, async () => {
        await expectClose(new MaskedTVLoss({ loss_weight: c.loss_weight }).forward(input(c.pred), input(c.mask)), c.expected, 1e-5);
      });
    }
    for (const c of fixtures.psnr) {
      it(`PSNRLoss, loss_weight ${c.loss_weight}`, async () => {
        await expectClose(new PSNRLoss({ loss_weight: c.loss_weight }).forward(input(c.pred), input(c.target)), c.expected, 1e-5);
      });
    }
  });

  describe("edge losses vs MMagic's GradientLoss (1 channel) and NectarGAN's Sobel / Laplacian", () => {
    const classes = { GradientLoss, SobelLoss, LaplacianLoss } as const;
    for (const c of fixtures.edge) {
      it(`${c.loss} ${label(c.config)}, weight ${c.weight ?? 'none'}`, async () => {
        const loss = new classes[c.loss as keyof typeof classes](c.config);
        await expectClose(loss.forward(input(c.pred), input(c.target), input(c.weight)), c.expected, 1e-5);
      });
    }
    // NectarGAN's forward takes F.l1_loss's default mean *before* its own reduction, so its
    // 'sum' (and 'none') return that mean. We sum the per-pixel metric instead; this pins our
    // choice against the per-pixel maps torch computed, and the fixture keeps NectarGAN's value.
    for (const c of fixtures.edge_reduction_notes) {
      it(`${c.loss} reduction '${c.reduction}' sums the per-pixel metric (NectarGAN's own forward gives the mean)`, async () => {
        const loss = new classes[c.loss as keyof typeof classes]({ reduction: c.reduction });
        const ours = loss.forward(input(c.pred), input(c.target));
        await expectClose(ours, c.elementwise_sum, 1e-5);
      });
    }
  });

  it("gaussianBlur vs MMagic's GaussianBlur (71x71, sigma 10, zero-padded 2-D conv)", async () => {
    const g = fixtures.gaussian_blur;
    await expectClose(gaussianBlur(input(g.input) as tf.Tensor4D), g.expected, 1e-5);
  });

  describe('GANLoss vs GANLoss / GANLossComps', () => {
    for (const c of fixtures.gan) {
      const name = `${label(c.config)} on ${c.input}${c.mask ? ` with ${c.mask}` : ''}, target_is_real ${c.target_is_real}, is_disc ${c.is_disc}`;
      it(name, async () => {
        const x = input(c.input);
        const mask = input(c.mask);
        await expectClose(new GANLoss(c.config).forward(x, c.target_is_real, c.is_disc, mask), c.expected, 1e-5);
        if ((GAN_COMPS_TYPES as readonly string[]).includes(c.config.gan_type)) {
          await expectClose(new GANLossComps(c.config).forward(x, c.target_is_real, c.is_disc), c.expected, 1e-5);
        }
      });
    }
  });

  describe('input-gradient penalties vs gradient_penalty_loss / r1_gradient_penalty_loss, and their weight gradients', () => {
    // Torch's critic: conv 3x3 (3 -> 2, padding 1) -> leaky_relu(0.2) -> flatten in (C, H, W)
    // order -> linear(32 -> 1). Here: the same weights in NHWC, the linear weight's inputs
    // reordered from (C, H, W) to flatten's (H, W, C).
    const [h, w, c] = [4, 4, 3];
    const cw = fixtures.critic;

    function critic(): tf.LayersModel {
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [h, w, c], filters: 2, kernelSize: 3, padding: 'same' }),
          tf.layers.leakyReLU({ alpha: 0.2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 1 }),
        ],
      });
      model.setWeights(
        tf.tidy(() => [
          tf.transpose(asTensor(cw.conv_weight_oihw), [2, 3, 1, 0]),
          asTensor(cw.conv_bias),
          tf.transpose(tf.reshape(tf.transpose(tf.reshape(asTensor(cw.linear_weight_out_in), [1, 2, h, w]), [0, 2, 3, 1]), [1, -1])),
          asTensor(cw.linear_bias),
        ]),
      );
      return model;
    }

    /** Our weight gradients, back in torch's layout and order. */
    function toTorchLayout(grads: number[][]): number[][] {
      return tf.tidy(() => {
        const [k, b, d, db] = grads as [number[], number[], number[], number[]];
        const conv = tf.transpose(tf.tensor(k, [3, 3, c, 2]), [3, 2, 0, 1]);
        const dense = tf.reshape(tf.transpose(tf.reshape(tf.tensor(d, [h, w, 2]), [1, h, w, 2]), [0, 3, 1, 2]), [1, -1]);
        return [Array.from(conv.dataSync()), b, Array.from(dense.dataSync()), db];
      });
    }

    const names = ['conv_weight_oihw', 'conv_bias', 'linear_weight_out_in', 'linear_bias'];
    for (const p of fixtures.penalties) {
      const what = `${p.kind === 'gp' ? 'gradientPenaltyLoss (fixed alpha)' : 'r1GradientPenaltyLoss'}, norm ${p.norm_mode}, ${p.mask ? `mask ${p.mask}` : 'no mask'}`;
      const penalty = (model: tf.LayersModel) => () => {
        const mask = input(p.mask);
        const options = { normMode: p.norm_mode, mask };
        return (
          p.kind === 'gp'
            ? gradientPenaltyLoss(model, input('real'), input('fake'), { ...options, alpha: input('alpha') })
            : r1GradientPenaltyLoss(model, input('real'), options)
        ) as tf.Scalar;
      };

      it(`${what}: value`, async () => {
        await expectClose(penalty(critic())(), p.expected, 1e-4);
      });

      it(`${what}: gradient w.r.t. the critic's weights (double backprop)`, async () => {
        const model = critic();
        const ours = toTorchLayout(await autodiffGrads(model, penalty(model)));
        names.forEach((name, i) => {
          const theirs = p.grads[name]?.data as number[];
          const mine = ours[i] as number[];
          expect(mine.length, name).toBe(theirs.length);
          expect(mine.every(Number.isFinite), `${name}: ours has non-finite entries: ${mine.join(', ')}`).toBe(true);
          expect(relativeError(mine, theirs), `${name}: ours ${mine.join(', ')}; torch ${theirs.join(', ')}`).toBeLessThanOrEqual(1e-4);
        });
      });
    }
  });

  describe('genPathRegularizer vs gen_path_regularizer (fixed w+ latents and noise)', () => {
    // Torch's generator: w+ [N, 2, 3] -> flatten -> linear(6 -> 8) -> leaky_relu(0.2)
    // -> linear(8 -> 8) -> tanh -> reshape to [N, 2, 2, 2] NHWC (permuted to NCHW there).
    const gw = fixtures.generator;

    function generator(): tf.LayersModel {
      const model = tf.sequential({
        layers: [
          tf.layers.flatten({ inputShape: [2, 3] }),
          tf.layers.dense({ units: 8 }),
          tf.layers.leakyReLU({ alpha: 0.2 }),
          tf.layers.dense({ units: 8, activation: 'tanh' }),
          tf.layers.reshape({ targetShape: [2, 2, 2] }),
        ],
      });
      model.setWeights(
        tf.tidy(() => [
          tf.transpose(asTensor(gw.linear1_weight_out_in)),
          asTensor(gw.linear1_bias),
          tf.transpose(asTensor(gw.linear2_weight_out_in)),
          asTensor(gw.linear2_bias),
        ]),
      );
      return model;
    }

    const names = ['linear1_weight_out_in', 'linear1_bias', 'linear2_weight_out_in', 'linear2_bias'];
    for (const p of fixtures.path) {
      const what = `mean_path_length ${p.mean_path_length}, decay ${p.decay}, weight ${p.weight}`;
      const run = (model: tf.LayersModel) =>
        genPathRegularizer(model, 2, p.mean_path_length, {
          decay: p.decay,
          weight: p.weight,
          sampleLatent: () => input('latents'),
          noise: input('noise'),
        });

      it(`${what}: path lengths, path mean and penalty`, async () => {
        const { penalty, pathMean, pathLengths } = run(generator());
        await expectClose(pathLengths, p.expected.path_lengths, 1e-4);
        await expectClose(pathMean, p.expected.path_mean, 1e-4);
        await expectClose(penalty, p.expected.penalty, 1e-4);
      });

      it(`${what}: gradient of the penalty w.r.t. the generator's weights (double backprop)`, async () => {
        const model = generator();
        const ours = await autodiffGrads(model, () => run(model).penalty as tf.Scalar);
        // Dense kernels are [in, out]; torch's linear weights are [out, in].
        const torchLayout = ours.map((g, i) =>
          i % 2 === 0 ? Array.from(tf.tidy(() => tf.transpose(tf.tensor(g, model.trainableWeights[i]?.shape as number[])).dataSync())) : g,
        );
        names.forEach((name, i) => {
          const theirs = p.grads[name]?.data as number[];
          const mine = torchLayout[i] as number[];
          expect(mine.length, name).toBe(theirs.length);
          expect(relativeError(mine, theirs), `${name}: ours ${mine.join(', ')}; torch ${theirs.join(', ')}`).toBeLessThanOrEqual(1e-4);
        });
      });
    }
  });
});
