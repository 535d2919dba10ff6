// VQGAN's adaptive weight, checked by hand on a one-layer generator G(z) = z W (no bias):
// fake = Z W, so d mean((ZW - R)^2) / dW = (2 / 2n) Z^T (ZW - R) and
// d mean|ZW - R| / dW = (1 / 2n) Z^T sign(ZW - R), for n points of 2 coordinates.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { GanTrainer, type GanNetworks, type RealDataSource } from '../../src/engine/trainer';
import { lastLayerKernel } from '../../src/engine/updatePasses';
import type { LossSpec } from '../../src/manager';

const Z = [[1, 2], [-1, 0.5], [0.3, -2], [2, 1]];
const R = [[0.5, -0.5], [1, 1], [-1, 0.2], [0, 2]];
const W0 = [[0.4, -0.3], [0.2, 0.7]];
const n = Z.length;

function networks(): GanNetworks {
  const w = tf.tensor2d(W0);
  const generator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, useBias: false, weights: [w] })] });
  w.dispose();
  const discriminator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1, kernelInitializer: 'ones' })] });
  return { generator, discriminator, sampleNoise: () => tf.tensor2d(Z) };
}
const data: RealDataSource = { next: () => ({ kind: 'samples', real: tf.tensor2d(R) }) };

function spec(adaptive: Record<string, unknown>): LossSpec {
  return {
    losses: [
      { name: 'D_GAN', type: 'GANLoss', gan_type: 'wgan', data_info: { input: 'disc_pred_real' }, target_is_real: true, is_disc: true, tags: ['D'] } as never,
      { name: 'G_mse', type: 'MSELoss', loss_weight: 2, data_info: { pred: 'fake_imgs', target: 'real_imgs' }, tags: ['G'] },
      { name: 'G_l1', type: 'L1Loss', loss_weight: 3, data_info: { pred: 'fake_imgs', target: 'real_imgs' }, tags: ['G'], adaptive_weight: adaptive as never },
    ],
  };
}

/** Z^T M for 4x2 M, as a flat 2x2. */
const zt = (m: number[][]) => [0, 1].flatMap((i) => [0, 1].map((j) => Z.reduce((sum, z, k) => sum + z[i]! * m[k]![j]!, 0)));
const norm = (v: number[]) => Math.hypot(...v);
const fake = Z.map((z) => [0, 1].map((j) => z[0]! * W0[0]![j]! + z[1]! * W0[1]![j]!));
const diff = fake.map((f, k) => f.map((x, j) => x - R[k]![j]!));
/** The reference's weighted term, 2 x MSE: its gradient at W. */
const gRef = zt(diff).map((x) => (2 * 2 * x) / (2 * n));
/** L1 unweighted: its gradient at W. */
const gL1 = zt(diff.map((row) => row.map(Math.sign))).map((x) => x / (2 * n));
const lambda = norm(gRef) / (norm(gL1) + 1e-4);

async function oneStep(adaptive: Record<string, unknown>) {
  const nets = networks();
  const trainer = new GanTrainer({ networks: nets, data, spec: spec(adaptive), optimizers: { G: { type: 'sgd', learningRate: 0.1 }, D: { type: 'sgd', learningRate: 0.1 } }, batchSize: n });
  trainer.step();
  const { columns } = await trainer.flush();
  const weightOf = (name: string) => columns.weight[columns.step.findIndex((_, i) => columns.names[columns.loss[i]!] === name)]!;
  const W = Array.from(nets.generator.getWeights()[0]!.dataSync());
  trainer.dispose();
  nets.generator.dispose();
  nets.discriminator.dispose();
  return { weight: weightOf('G_l1'), refWeight: weightOf('G_mse'), W };
}

describe("VQGAN's adaptive weight", () => {
  it('lambda = ||grad_W (2 MSE)|| / (||grad_W L1|| + 1e-4), times the weight 3, is the weight recorded', async () => {
    expect(lambda).toBeGreaterThan(1); // the numbers are not trivial: lambda moves the weight
    const { weight, refWeight } = await oneStep({ reference: 'G_mse' });
    expect(refWeight).toBe(2);
    expect(weight).toBeCloseTo(3 * lambda, 4);
    expect(Math.abs(weight / (3 * lambda) - 1)).toBeLessThan(1e-5);
  });

  it('is clamped at max', async () => {
    const { weight } = await oneStep({ reference: 'G_mse', max: 0.5 });
    expect(weight).toBeCloseTo(1.5, 6);
  });

  it('has no gradient through lambda: SGD moves W by 0.1 (g_ref + 3 lambda g_L1) with lambda a constant', async () => {
    const { W } = await oneStep({ reference: 'G_mse' });
    const expected = W0.flat().map((w, i) => w - 0.1 * (gRef[i]! + 3 * lambda * gL1[i]!));
    expect(W).toEqual(expected.map((x) => expect.closeTo(x, 5)));
  });

  it("takes the gradients at the last layer's kernel, not its bias", () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 3 }), tf.layers.dense({ units: 2 })] });
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    expect(vars.map((v) => v.shape)).toEqual([[2, 3], [3], [3, 2], [2]]);
    expect(lastLayerKernel(vars)).toBe(vars[2]);
    model.dispose();
  });

  it('frees what it makes', async () => {
    await oneStep({ reference: 'G_mse' }); // warm-up: the backend's first kernels
    const before = tf.memory().numTensors;
    await oneStep({ reference: 'G_mse' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
