import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { LossManager } from '../../src/manager';
import type { LossSpecEntry } from '../../src/manager/lossSpec';
import type { SamplePoints } from '../../src/protocol/messages';
import { OUTPUT_KEYS } from '../../src/engine/outputs';
import { PREVIEW, SamplePreview } from '../../src/engine/samples';
import { MANIFOLD, noiseGrid } from '../../src/engine/toyPlane';
import type { GanNetworks, RealDataSource } from '../../src/engine/trainer';

/** The critic's weights: D(x) = w.x = 3 x + 4 y, |w| = 5. */
const W = [3, 4] as const;
/** The first generated points: w.x = 0, 3 and 0.6 - 0.6 = 0. */
const CHOSEN = [0, 0, 1, 0, 0.2, -0.15];

/** An identity generator (noise of dimension 2 is the point), a linear critic w.x, fixed noise and data. */
function linearGan(): GanNetworks {
  const generator = tf.sequential({ layers: [tf.layers.activation({ activation: 'linear', inputShape: [2] })] });
  const discriminator = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'zeros', biasInitializer: 'zeros' })] });
  discriminator.setWeights([tf.tensor2d([[W[0]], [W[1]]]), tf.zeros([1])]);
  const sampleNoise = (n: number, seed: number) =>
    tf.tidy(() => tf.concat([tf.tensor2d(CHOSEN, [3, 2]), tf.randomUniform([n - 3, 2], -1, 1, 'float32', seed)]));
  return { generator, discriminator, sampleNoise };
}

const data: RealDataSource = { next: (n, seed) => ({ kind: 'samples', real: tf.randomUniform([n, 2], -0.5, 0.5, 'float32', seed) }) };

const gan = (name: string, ganType: string, input: string, tag: 'G' | 'D', extra: Partial<LossSpecEntry> = {}): LossSpecEntry => ({
  name,
  type: 'GANLoss',
  gan_type: ganType,
  target_is_real: tag === 'G' || name === 'D_real',
  is_disc: tag === 'D',
  data_info: { input },
  tags: [tag],
  ...extra,
});
const adversarial = (ganType: string) => [
  gan('G_GAN', ganType, 'disc_pred_fake', 'G'),
  gan('D_real', ganType, 'disc_pred_real', 'D'),
  gan('D_fake', ganType, 'disc_pred_fake', 'D'),
];

async function preview(losses: LossSpecEntry[], networks = linearGan()) {
  const manager = new LossManager();
  manager.initFromJsonSpec({ name: 'test', losses }, OUTPUT_KEYS);
  const p = new SamplePreview('toy', networks, data, { manager, noise: 'uniform' });
  const before = tf.memory().numTensors;
  const s = (await p.read(5)) as SamplePoints;
  // Everything the read made is freed; the preview's own inputs stay until dispose.
  expect(tf.memory().numTensors).toBe(before);
  p.dispose();
  manager.dispose();
  networks.generator.dispose();
  networks.discriminator.dispose();
  return s;
}

const arrow = (a: Float32Array, i: number) => [a[2 * i]!, a[2 * i + 1]!] as const;

describe('the toy plane', () => {
  it('with a linear critic w.x and the non-saturating G loss, every arrow is parallel to w and points along it', async () => {
    const s = await preview(adversarial('vanilla'));
    const g = s.pulls!.find((p) => p.name === 'G_GAN')!;
    expect(g).toMatchObject({ weight: 1, interval: 1, reason: null });
    const a = g.arrows!;
    expect(a.length).toBe(2 * PREVIEW.points);
    // L = mean_i softplus(-w.x_i): n dL/dx_i = -sigmoid(-w.x_i) w, so the arrow is sigmoid(-w.x_i) w.
    for (let i = 0; i < PREVIEW.points; i++) {
      const [dx, dy] = arrow(a, i);
      expect(dx * W[1] - dy * W[0]).toBeCloseTo(0, 5); // the 2-D cross product with w
      expect(dx * W[0] + dy * W[1]).toBeGreaterThan(0); // along +w, towards what D calls real
    }
    // w.x = 0: sigmoid(0) = 0.5, arrow 0.5 (3, 4) = (1.5, 2).
    expect(arrow(a, 0)[0]).toBeCloseTo(1.5, 5);
    expect(arrow(a, 0)[1]).toBeCloseTo(2, 5);
    expect(arrow(a, 2)[0]).toBeCloseTo(1.5, 5);
    // w.x = 3: sigmoid(-3) = 1 / (1 + e^3) = 0.0474, arrow 0.0474 (3, 4).
    const s3 = 1 / (1 + Math.exp(3));
    expect(arrow(a, 1)[0]).toBeCloseTo(s3 * 3, 5);
    expect(arrow(a, 1)[1]).toBeCloseTo(s3 * 4, 5);
    // One loss with arrows: the total is its arrows.
    expect(Array.from(s.totalPull!)).toEqual(Array.from(a).map((v) => expect.closeTo(v, 5)));
    // Log loss: the background stays sigmoid(D); the top-left cell (-1.175, 1.175) has w.x = 1.175.
    expect(s.critic).toEqual({ kind: 'probability' });
    const corner = PREVIEW.extent - PREVIEW.extent / PREVIEW.resolution;
    expect(s.discriminator[0]).toBeCloseTo(1 / (1 + Math.exp(-(-3 * corner + 4 * corner))), 5);
  });

  it("the total arrow is the sum of the per-loss arrows; a loss through G itself is listed without arrows", async () => {
    const losses = [
      ...adversarial('vanilla'),
      { name: 'G_mse', type: 'MSELoss', loss_weight: 3, data_info: { pred: 'fake_imgs', target: 'real_imgs' }, tags: ['G'] },
      { name: 'G_pl', type: 'GeneratorPathRegularizer', interval: 4, data_info: { generator: 'gen', num_batches: 'batch_size' }, tags: ['G'] },
      { name: 'G_real', type: 'L1Loss', data_info: { pred: 'real_imgs', target: 'real_imgs' }, tags: ['G'] },
    ];
    const s = await preview(losses);
    expect(s.pulls!.map((p) => p.name)).toEqual(['G_GAN', 'G_mse', 'G_pl', 'G_real']);
    const [ganPull, msePull, plPull, realPull] = s.pulls!;
    expect(msePull).toMatchObject({ weight: 3, reason: null });
    expect(plPull).toMatchObject({ interval: 4, arrows: null, reason: expect.stringContaining('differentiates through G itself (reads gen)') });
    expect(realPull).toMatchObject({ arrows: null, reason: expect.stringContaining('does not read the generated points') });
    // 3 mean((x - r)^2) over the 2n coordinates: n d/dx_i = 3 (x_i - r_i), the arrow -3 (x_i - r_i).
    const [rx, ry] = arrow(s.real, 0);
    expect(arrow(msePull!.arrows!, 0)[0]).toBeCloseTo(-3 * (0 - rx), 4);
    expect(arrow(msePull!.arrows!, 0)[1]).toBeCloseTo(-3 * (0 - ry), 4);
    // The total is its own pass over the summed objective, not the sum taken here.
    const total = s.totalPull!;
    for (let i = 0; i < total.length; i++) expect(total[i]).toBeCloseTo(ganPull!.arrows![i]! + msePull!.arrows![i]!, 4);
  });

  it('with an identity generator the manifold is the noise grid', async () => {
    const s = await preview(adversarial('vanilla'));
    const grid = noiseGrid(2, 'uniform');
    expect(s.manifold).toMatchObject({ noiseDim: 2, rows: MANIFOLD.side, cols: MANIFOLD.side, covers: 'z1, z2 in [0, 1]' });
    expect(Array.from(s.manifold!.points)).toEqual(Array.from(grid.z));
    // Row by row from the top: z = (0, 1) first, (1, 0) last, (0.05, 1) second (1 / 20 apart).
    expect(Array.from(grid.z.slice(0, 4))).toEqual([0, 1, 0.05, 1].map(Math.fround));
    expect(Array.from(grid.z.slice(-2))).toEqual([1, 0]);
  });

  it('a 1-D noise is a line; more dimensions are a 2-D slice with the others held at their middle', () => {
    const line = noiseGrid(1, 'gaussian');
    expect(line).toMatchObject({ rows: 1, cols: MANIFOLD.line, covers: 'z in [0, 1]' });
    expect(line.z[0]).toBe(0);
    expect(line.z[MANIFOLD.line - 1]).toBe(1);
    const slice = noiseGrid(4, 'uniform');
    expect(slice.covers).toBe('z1, z2 in [0, 1]; z3..z4 at 0.5 (a 2-D slice)');
    expect(Array.from(slice.z.slice(0, 4))).toEqual([0, 1, 0.5, 0.5]);
    expect(noiseGrid(3, 'normal').covers).toBe('z1, z2 in [-2, 2]; z3 at 0 (a 2-D slice)');
  });

  it('an unbounded critic is shown raw, on a range symmetric about the labels’ midpoint', async () => {
    const corner = PREVIEW.extent - PREVIEW.extent / PREVIEW.resolution;
    const wgan = await preview(adversarial('wgan'));
    // The largest |w.x| on the grid: at (corner, corner), 3 c + 4 c = 7 c.
    expect(wgan.critic).toMatchObject({ kind: 'raw', ganType: 'wgan', centre: 0 });
    expect(wgan.critic?.kind === 'raw' && wgan.critic.halfRange).toBeCloseTo(7 * corner, 4);
    expect(wgan.discriminator[0]).toBeCloseTo(-3 * corner + 4 * corner, 5); // raw, not squashed
    // wgan's G loss -mean(D(x)): every arrow is w itself.
    expect(Array.from(arrow(wgan.pulls![0]!.arrows!, 7))).toEqual([expect.closeTo(3, 5), expect.closeTo(4, 5)]);
    const ls = await preview(adversarial('lsgan'));
    expect(ls.critic).toMatchObject({ kind: 'raw', ganType: 'lsgan', centre: 0.5 });
    expect(ls.critic?.kind === 'raw' && ls.critic.halfRange).toBeCloseTo(7 * corner + 0.5, 4);
  });
});
