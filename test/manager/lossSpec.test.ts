import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { GANLoss, GradientPenaltyLoss, L1Loss, R1GradientPenalty } from '../../src/losses';
import { BUILTIN_SPECS, builtinSpec, LossManager, networkOf, parseLossSpec } from '../../src/manager';

/** The outputs keys the engine provides (MMagic's names). */
const ENGINE_KEYS = ['iteration', 'batch_size', 'gen', 'disc', 'real_imgs', 'fake_imgs', 'disc_pred_real', 'disc_pred_fake', 'real_a', 'real_b', 'fake_b'];

describe('built-in specs', () => {
  it('are all valid against the engine keys', () => {
    for (const [name, spec] of Object.entries(BUILTIN_SPECS)) {
      expect(() => parseLossSpec(spec, ENGINE_KEYS), name).not.toThrow();
    }
  });

  it("pix2pix/basic is NectarGAN's: G_GAN, G_L1 at 100, D_real, D_fake", () => {
    const lm = new LossManager();
    lm.initFromJsonSpec(builtinSpec('pix2pix/basic'));
    expect(lm.getLossWeights()).toEqual({ G_GAN: 1, G_L1: 100, D_real: 1, D_fake: 1 });
    expect(Object.keys(lm.getRegisteredLosses(['G']))).toEqual(['G_GAN', 'G_L1']);
    expect(Object.keys(lm.getRegisteredLosses(['D']))).toEqual(['D_real', 'D_fake']);
    const losses = lm.getRegisteredLosses();
    expect(losses.G_GAN!.fn).toBeInstanceOf(GANLoss);
    expect(losses.G_L1!.fn).toBeInstanceOf(L1Loss);
  });

  it('pix2pix/extended adds G_L2, G_SOBEL and G_LAP at weight 0', () => {
    const lm = new LossManager();
    lm.initFromJsonSpec(builtinSpec('pix2pix/extended'));
    expect(lm.getLossWeights()).toEqual({ G_GAN: 1, G_L1: 100, D_real: 1, D_fake: 1, G_L2: 0, G_SOBEL: 0, G_LAP: 0 });
  });

  it('wgan-gp has a gradient penalty of weight 10; hinge-r1 folds the R1 interval into its weight', () => {
    const lm = new LossManager();
    lm.initFromJsonSpec(builtinSpec('wgan-gp'));
    expect(lm.getRegisteredLosses().D_gp!.fn).toBeInstanceOf(GradientPenaltyLoss);
    expect(lm.getLossWeights(['D'])).toEqual({ D_real: 1, D_fake: 1, D_gp: 10 });
    lm.initFromJsonSpec(builtinSpec('hinge-r1'));
    const r1 = lm.getRegisteredLosses().D_r1!;
    expect(r1.fn).toBeInstanceOf(R1GradientPenalty);
    expect((r1.fn as R1GradientPenalty).interval).toBe(16);
    expect(r1.lossWeight).toBe((10 / 2) * 16);
  });

  it('computes each adversarial term from an outputs object', async () => {
    const lm = new LossManager();
    lm.initFromJsonSpec(builtinSpec('toy/least-squares'));
    const outputs = { disc_pred_real: tf.tensor1d([1, 0]), disc_pred_fake: tf.tensor1d([0.5, 1]) };
    tf.dispose(['G_GAN', 'D_real', 'D_fake'].map((name) => lm.computeLoss(name, outputs)!));
    await lm.flush();
    // G: ((0.5-1)^2 + 0) / 2; D_real: (0 + 1) / 2; D_fake: (0.25 + 1) / 2.
    expect(lm.getLossValues(null, 4)).toEqual({ G_GAN: 0.125, D_real: 0.5, D_fake: 0.625 });
  });

  it('copies on request, so editing one leaves the built-in alone', () => {
    const spec = builtinSpec('dcgan');
    (spec.losses[0] as { loss_weight?: number }).loss_weight = 3;
    expect(BUILTIN_SPECS.dcgan!.losses[0]!.loss_weight).toBeUndefined();
    expect(() => builtinSpec('nope')).toThrow(/unknown built-in spec "nope"; built-in specs: pix2pix\/basic/);
  });
});

describe('parseLossSpec errors give the field path', () => {
  const base = () => structuredClone(BUILTIN_SPECS['pix2pix/basic']!) as unknown as { losses: Record<string, unknown>[] };

  const cases: [string, (s: ReturnType<typeof base>) => void, RegExp][] = [
    ['an unknown option value', (s) => (s.losses[1]!.reduction = 'avg'), /^losses\[1\]\.reduction: G_L1: L1Loss: option "reduction": Invalid option/],
    ['an unknown option', (s) => (s.losses[1]!.loss_wieght = 2), /^losses\[1\]\.loss_wieght: G_L1: L1Loss: unknown option "loss_wieght"/],
    ['an unknown type', (s) => (s.losses[0]!.type = 'GANLos'), /^losses\[0\]: G_GAN: buildLoss: unknown loss type "GANLos"/],
    ['a negative weight', (s) => (s.losses[1]!.loss_weight = -1), /^losses\[1\]\.loss_weight: must be a finite number >= 0 \(got -1\)/],
    ['a duplicate name', (s) => (s.losses[2]!.name = 'G_GAN'), /^losses\[2\]\.name: "G_GAN" is used by an earlier loss/],
    ['no network tag', (s) => (s.losses[1]!.tags = ['pixel']), /^losses\[1\]\.tags: must hold exactly one of "G" or "D"/],
    ['both network tags', (s) => (s.losses[1]!.tags = ['G', 'D']), /^losses\[1\]\.tags: must hold exactly one/],
    ['a bad schedule', (s) => (s.losses[1]!.schedule = { schedule: 'linear', unit: 'step', startEpoch: 5, endEpoch: 1, initialValue: 1, targetValue: 2 }), /^losses\[1\]\.schedule\.endEpoch: must be greater than startEpoch/],
    ['a data_info key the engine lacks', (s) => (s.losses[1]!.data_info = { pred: 'fake_c', target: 'real_b' }), /^losses\[1\]\.data_info\.pred: "fake_c" is not an outputs key; available: iteration/],
    ['a data_info argument the loss lacks', (s) => (s.losses[1]!.data_info = { prediction: 'fake_b', target: 'real_b' }), /^losses\[1\]: G_L1: L1Loss \(loss_l1\): data_info maps "prediction", which is not an argument/],
    ['an empty list', (s) => (s.losses = []), /^losses: must be a non-empty list/],
  ];

  for (const [what, edit, message] of cases) {
    it(what, () => {
      const spec = base();
      edit(spec);
      expect(() => parseLossSpec(spec, ENGINE_KEYS)).toThrow(message);
    });
  }

  it('leaves the manager as it was when a spec is rejected', () => {
    const lm = new LossManager();
    lm.initFromJsonSpec(builtinSpec('dcgan'));
    const spec = base();
    spec.losses[1]!.reduction = 'avg';
    expect(() => lm.initFromJsonSpec(spec)).toThrow(/losses\[1\]\.reduction/);
    expect(Object.keys(lm.getRegisteredLosses())).toEqual(['G_GAN', 'D_real', 'D_fake']);
  });

  it('networkOf reads the G/D tag', () => {
    expect(networkOf({ tags: ['pixel', 'D'] })).toBe('D');
  });
});
