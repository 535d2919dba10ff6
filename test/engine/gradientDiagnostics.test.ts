import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gradientSeries, gradientSeriesNames } from '../../src/engine/gradientDiagnostics';
import { buildModels } from '../../src/engine/models';
import { GanTrainer, type GanNetworks } from '../../src/engine/trainer';
import { builtinSpec, type LossSpec, type LossSpecEntry } from '../../src/manager';
import { onePoint, toyNetworks } from '../helpers/toyGan';

const adam = { G: { type: 'adam', learningRate: 0.01 }, D: { type: 'adam', learningRate: 0.01 } } as const;

/** The toy spec's adversarial losses plus extra G losses. */
function specWith(...extra: LossSpecEntry[]): LossSpec {
  const base = builtinSpec('toy/least-squares');
  return { losses: [...base.losses, ...extra] };
}
const mse = (name: string, loss_weight: number, extra: Record<string, unknown> = {}): LossSpecEntry => ({
  name,
  type: 'MSELoss',
  loss_weight,
  data_info: { pred: 'fake_imgs', target: 'real_imgs' },
  tags: ['G'],
  ...extra,
});

async function diagnostics(spec: LossSpec, gradEvery = 1, networks: GanNetworks = toyNetworks()) {
  const trainer = new GanTrainer({ networks, data: onePoint, spec, optimizers: adam, batchSize: 8, seed: 3, gradEvery });
  trainer.step();
  const { columns } = await trainer.flush();
  const values = new Map<string, number>();
  columns.step.forEach((_, i) => values.set(columns.names[columns.loss[i]!]!, columns.value[i]!));
  trainer.dispose();
  return values;
}

describe('gradientSeries', () => {
  it('two identical losses at weights 1 and 3: norm ratio 3, shares 0.25 and 0.75, cosine 1, total 4x', () => {
    const g = { w: tf.tensor1d([3, 4]), b: tf.tensor1d([0]) }; // ||g|| = 5
    const out = tf.tidy(() => gradientSeries([{ name: 'a', grads: g }, { name: 'b', grads: { w: tf.mul(g.w, 3), b: tf.mul(g.b, 3) } }], ['w', 'b']));
    expect(gradientSeriesNames('G', ['a', 'b'])).toEqual(['grad/G/a', 'grad/G/b', 'grad/G', 'gradShare/G/a', 'gradShare/G/b', 'gradCos/G/a~b']);
    const [na, nb, total, sa, sb, cos] = Array.from(out.dataSync());
    expect([na, nb, total]).toEqual([5, 15, 20].map((v) => expect.closeTo(v, 5)));
    expect([sa, sb]).toEqual([expect.closeTo(0.25, 6), expect.closeTo(0.75, 6)]);
    expect(cos).toBeCloseTo(1, 6);
    tf.dispose([out, g.w, g.b]);
  });

  it('per weight tensor: each loss\'s norm per variable, whose squares sum to its whole norm squared', () => {
    const g = { 'dense/kernel': tf.tensor1d([3, 4]), 'dense/bias': tf.tensor1d([12]) }; // 5 and 12: ||g|| = 13
    const out = tf.tidy(() => gradientSeries([{ name: 'a', grads: g }, { name: 'b', grads: { 'dense/kernel': tf.mul(g['dense/kernel'], 2), 'dense/bias': tf.mul(g['dense/bias'], 0) } }], ['dense/kernel', 'dense/bias'], true));
    const names = gradientSeriesNames('G', ['a', 'b'], ['dense/kernel', 'dense/bias']);
    expect(names.slice(-4)).toEqual(['gradLayer/G/a/dense.kernel', 'gradLayer/G/a/dense.bias', 'gradLayer/G/b/dense.kernel', 'gradLayer/G/b/dense.bias']);
    const values = Array.from(out.dataSync());
    expect(values).toHaveLength(names.length);
    expect(values.slice(0, 2)).toEqual([expect.closeTo(13, 5), expect.closeTo(10, 5)]);
    expect(values.slice(-4)).toEqual([5, 12, 10, 0].map((v) => expect.closeTo(v, 5)));
    tf.dispose([out, ...Object.values(g)]);
  });

  it('gradients pointing opposite ways: cosine -1, and the total is their difference', () => {
    const out = tf.tidy(() => gradientSeries([{ name: 'up', grads: { w: tf.tensor1d([2, 0]) } }, { name: 'down', grads: { w: tf.tensor1d([-1, 0]) } }], ['w']));
    const [, , total, , , cos] = Array.from(out.dataSync());
    expect(cos).toBeCloseTo(-1, 6);
    expect(total).toBeCloseTo(1, 6); // |2 - 1|
    out.dispose();
  });
});

describe('a diagnosed update', () => {
  it("records each G loss's norm, share and cosines: the same MSE at weights 1 and 3 gives ratio 3, shares 0.25 / 0.75, cosine 1", async () => {
    // G's objective is the two MSEs alone.
    const base = builtinSpec('toy/least-squares');
    const v = await diagnostics({ losses: [...base.losses.filter((l) => l.tags.includes('D')), mse('G_a', 1), mse('G_b', 3)] });
    expect(v.get('grad/G/G_b')! / v.get('grad/G/G_a')!).toBeCloseTo(3, 4);
    expect(v.get('gradShare/G/G_a')).toBeCloseTo(0.25, 4);
    expect(v.get('gradShare/G/G_b')).toBeCloseTo(0.75, 4);
    expect(v.get('gradCos/G/G_a~G_b')).toBeCloseTo(1, 4);
    // Shares of each network sum to 1.
    const shares = (net: string) => [...v].filter(([k]) => k.startsWith(`gradShare/${net}/`)).reduce((s, [, x]) => s + x, 0);
    expect(shares('G')).toBeCloseTo(1, 5);
    expect(shares('D')).toBeCloseTo(1, 5);
    expect(v.has('gradCos/D/D_real~D_fake')).toBe(true);
  });

  it('pairs the right losses: (f - r)^2 and (r - f)^2 pull G the same way, cosine 1', async () => {
    const v = await diagnostics(specWith(mse('G_to', 1), mse('G_from', 2, { data_info: { pred: 'real_imgs', target: 'fake_imgs' } })));
    expect(v.get('gradCos/G/G_to~G_from')).toBeCloseTo(1, 4);
    expect(v.get('grad/G/G_from')! / v.get('grad/G/G_to')!).toBeCloseTo(2, 4);
  });

  it('applies the sum of the per-loss gradients: the weights after a diagnosed step equal those of a plain one', async () => {
    const spec = specWith(mse('G_a', 1), mse('G_b', 0.5));
    const weightsAfter = async (gradEvery: number) => {
      const networks = toyNetworks(7);
      const trainer = new GanTrainer({ networks, data: onePoint, spec, optimizers: adam, batchSize: 8, seed: 3, gradEvery });
      trainer.step();
      trainer.step();
      await trainer.flush();
      const out = [...networks.generator.getWeights(), ...networks.discriminator.getWeights()].map((w) => Array.from(w.dataSync()));
      trainer.dispose();
      networks.generator.dispose();
      networks.discriminator.dispose();
      return out.flat();
    };
    const plain = await weightsAfter(0);
    const diagnosed = await weightsAfter(1);
    expect(diagnosed).toEqual(plain.map((x) => expect.closeTo(x, 5)));
  });

  it("trains with R1 (it does not reach the critic's last bias, and skips odd iterations) as a plain update does", async () => {
    const spec: LossSpec = {
      losses: [
        ...builtinSpec('hinge-r1').losses.filter((l) => l.type !== 'R1GradientPenalty'),
        { name: 'D_r1', type: 'R1GradientPenalty', loss_weight: 4, interval: 2, data_info: { discriminator: 'disc', real_data: 'real_imgs' }, tags: ['D'] },
      ],
    };
    const run = async (gradEvery: number) => {
      const networks = toyNetworks(5);
      const trainer = new GanTrainer({ networks, data: onePoint, spec, optimizers: adam, batchSize: 8, seed: 3, gradEvery });
      for (let i = 0; i < 3; i++) trainer.step();
      const { columns } = await trainer.flush();
      const r1Steps = columns.step.filter((_, i) => columns.names[columns.loss[i]!] === 'grad/D/D_r1');
      const weights = networks.discriminator.getWeights().map((w) => Array.from(w.dataSync()));
      trainer.dispose();
      return { r1Steps: Array.from(r1Steps), weights: weights.flat() };
    };
    const plain = await run(0);
    const diagnosed = await run(1);
    expect(diagnosed.r1Steps).toEqual([0, 2]); // a point where the penalty ran, none where it skipped
    expect(diagnosed.weights).toEqual(plain.weights.map((x) => expect.closeTo(x, 5)));
  });

  it("keeps batch norm's moving statistics as one pass would leave them", async () => {
    const statsAfter = async (gradEvery: number) => {
      const models = buildModels({ family: 'dcgan', width: 2, noiseDim: 4, seed: 1 });
      const networks: GanNetworks = { generator: models.generator, discriminator: models.discriminator, sampleNoise: models.sampleNoise! };
      const data = { next: (n: number, s: number) => ({ kind: 'samples' as const, real: tf.randomUniform([n, 28, 28, 1], -1, 1, 'float32', s) }) };
      const base = builtinSpec('dcgan');
      const spec = { losses: [...base.losses, { name: 'G_l1', type: 'L1Loss', data_info: { pred: 'fake_imgs', target: 'real_imgs' }, tags: ['G'] }] };
      const trainer = new GanTrainer({ networks, data, spec, optimizers: adam, batchSize: 2, seed: 1, gradEvery });
      trainer.step();
      await trainer.flush();
      const stats = models.generator.nonTrainableWeights.map((w) => Array.from(w.read().dataSync()));
      trainer.dispose();
      models.dispose();
      return stats.flat();
    };
    const plain = await statsAfter(0);
    expect(plain.length).toBeGreaterThan(0);
    expect(await statsAfter(1)).toEqual(plain.map((x) => expect.closeTo(x, 5)));
  });

  it('records nothing, and frees everything, when off or between diagnosed steps', async () => {
    const before = tf.memory().numTensors;
    const off = await diagnostics(specWith(mse('G_a', 1)), 0);
    expect([...off.keys()].some((k) => k.startsWith('grad'))).toBe(false);
    const every2 = new GanTrainer({ networks: toyNetworks(), data: onePoint, spec: specWith(mse('G_a', 1)), optimizers: adam, batchSize: 8, seed: 3, gradEvery: 2 });
    every2.step(); // iteration 0: diagnosed
    every2.step(); // iteration 1: not
    const { columns } = await every2.flush();
    const gradSteps = columns.step.filter((_, i) => columns.names[columns.loss[i]!] === 'grad/G');
    expect(Array.from(gradSteps)).toEqual([0]);
    every2.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 64); // the toy networks' weights stay, nothing per step
  });

  it('costs no extra kernel when off, nor between diagnosed steps', async () => {
    const spec = specWith(mse('G_a', 1));
    /** The kernels one step runs, at iteration `at`, with gradEvery `every`. */
    const kernelsAt = async (every: number, at: number) => {
      const trainer = new GanTrainer({ networks: toyNetworks(), data: onePoint, spec, optimizers: adam, batchSize: 8, seed: 3, gradEvery: every });
      for (let i = 0; i < at; i++) trainer.step();
      const info = await tf.profile(() => trainer.step());
      trainer.dispose();
      return info.kernelNames.length === 0 ? 0 : info.kernels.length;
    };
    // (The first step runs more: Adam makes its moments.)
    const plain = await kernelsAt(0, 1);
    expect(plain).toBeGreaterThan(0);
    expect(await kernelsAt(10, 1)).toBe(plain); // iteration 1 of gradEvery 10: not diagnosed
    expect(await kernelsAt(0, 10)).toBe(plain);
    expect(await kernelsAt(10, 10)).toBeGreaterThan(plain); // iteration 10: diagnosed, each loss on its own
  });
});
