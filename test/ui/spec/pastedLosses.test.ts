import { describe, expect, it } from 'vitest';
import { validateLossSpec } from '../../../src/manager/specValidation';
import { lossesFromPython, networkOfPasted } from '../../../src/ui/spec/pastedLosses';

function losses(text: string, taken: string[] = []) {
  const result = lossesFromPython(text, taken);
  if (!result.ok) throw new Error(result.error);
  return result.losses;
}

describe('lossesFromPython', () => {
  it('names assigned losses by their assignment and tags them by network', () => {
    const text = [
      "loss_gan=dict(type='GANLoss', gan_type='vanilla', loss_weight=0.001)",
      "loss_gp=dict(type='GradientPenaltyLoss', loss_weight=10.)",
    ].join('\n');
    expect(losses(text)).toEqual([
      { type: 'GANLoss', gan_type: 'vanilla', loss_weight: 0.001, name: 'loss_gan', tags: ['G'] },
      { type: 'GradientPenaltyLoss', loss_weight: 10, name: 'loss_gp', tags: ['D'] },
    ]);
  });

  it('names a bare dict by its network and type', () => {
    const text =
      "dict(type='R1GradientPenalty', loss_weight=10. / 2. * 16, interval=16, norm_mode='HWC', data_info=dict(real_data='real_imgs', discriminator='disc'))";
    expect(losses(text)).toEqual([
      {
        type: 'R1GradientPenalty',
        loss_weight: 80,
        interval: 16,
        norm_mode: 'HWC',
        data_info: { real_data: 'real_imgs', discriminator: 'disc' },
        name: 'D_R1GradientPenalty',
        tags: ['D'],
      },
    ]);
  });

  it('reads a list of dicts, naming each by type, unique against the spec and each other', () => {
    const text = "[dict(type='L1Loss'), dict(type='L1Loss', loss_weight=2), {'type': 'DiscShiftLoss'}]";
    expect(losses(text, ['G_L1Loss']).map((l) => [l.name, l.tags])).toEqual([
      ['G_L1Loss_2', ['G']],
      ['G_L1Loss_3', ['G']],
      ['D_DiscShiftLoss', ['D']],
    ]);
  });

  it('finds the losses in a model config, named by their keys, and skips the rest', () => {
    const text = [
      'd_reg_interval = 16',
      'model = dict(',
      "    type='StaticUnconditionalGAN',",
      "    generator=dict(type='StyleGANv2Generator', out_size=None),",
      "    gan_loss=dict(type='GANLoss', gan_type='wgan-logistic-ns'),",
      "    disc_auxiliary_loss=[dict(type='R1GradientPenalty', loss_weight=10. / 2. * d_reg_interval, interval=d_reg_interval)],",
      "    gen_auxiliary_loss=dict(type='GeneratorPathRegularizer', loss_weight=8., data_info=dict(generator='gen', num_batches='batch_size')))",
      'train_cfg = dict(use_ema=True)',
      "optimizer = dict(generator=dict(type='Adam', lr=0.002))",
    ].join('\n');
    expect(losses(text).map((l) => [l.name, l.type, l.tags])).toEqual([
      ['gan_loss', 'GANLoss', ['G']],
      ['disc_auxiliary_loss', 'R1GradientPenalty', ['D']],
      ['gen_auxiliary_loss', 'GeneratorPathRegularizer', ['G']],
    ]);
  });

  it('adds a loss named twice (by assignment, then inside a config) once', () => {
    const text = "loss_l1 = dict(type='L1Loss')\nmodel = dict(pixel_loss=loss_l1)";
    expect(losses(text).map((l) => l.name)).toEqual(['loss_l1']);
  });

  it('keeps a dict whose type reads like a loss we lack, for validation to name', () => {
    const [loss] = losses("dict(type='L1Los', loss_weight=1)");
    expect(loss).toEqual({ type: 'L1Los', loss_weight: 1, name: 'G_L1Los', tags: ['G'] });
    const spec = { losses: [loss] };
    const result = validateLossSpec(spec);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]!.message).toMatch(/unknown loss type "L1Los"/);
  });

  it('keeps the tags a dict brings, its network first', () => {
    expect(losses("dict(type='L1Loss', tags=['pixel', 'D'])")[0]!.tags).toEqual(['D', 'pixel']);
    expect(losses("dict(type='L1Loss', tags=['pixel'])")[0]!.tags).toEqual(['G', 'pixel']);
    // Both networks: the type decides, and the loss keeps only that one.
    expect(losses("dict(type='DiscShiftLoss', tags=['G', 'D'])")[0]!.tags).toEqual(['D']);
  });

  it('reports a syntax error with its line and column', () => {
    expect(lossesFromPython("loss = dict(type='L1Loss'\n  loss_weight=1)")).toEqual({
      ok: false,
      error: "line 2, column 3: expected ',' or ')' between dict arguments, found 'loss_weight'",
      line: 2,
      column: 3,
    });
  });

  it('says when there is no loss to add', () => {
    for (const text of ['', 'x = 1', "dict(type='Adam', lr=0.1)", 'train_cfg = dict(use_ema=True)']) {
      const result = lossesFromPython(text);
      expect(result.ok, text).toBe(false);
      expect(!result.ok && result.error, text).toMatch(/^no loss dict found/);
    }
  });
});

describe('networkOfPasted', () => {
  it('puts only the clearly discriminator losses on D', () => {
    expect(networkOfPasted({ type: 'GANLoss', gan_type: 'hinge', is_disc: true })).toBe('D');
    expect(networkOfPasted({ type: 'GANLossComps', gan_type: 'hinge', is_disc: true })).toBe('D');
    expect(networkOfPasted({ type: 'GANLoss', gan_type: 'hinge' })).toBe('G');
    expect(networkOfPasted({ type: 'GANLoss', gan_type: 'hinge', is_disc: false })).toBe('G');
    expect(networkOfPasted({ type: 'L1Loss', tags: ['D'] })).toBe('D');
    for (const type of ['R1GradientPenalty', 'R1GradientPenaltyComps', 'GradientPenaltyLoss', 'GradientPenaltyLossComps', 'DiscShiftLoss', 'DiscShiftLossComps']) {
      expect(networkOfPasted({ type }), type).toBe('D');
    }
    for (const type of ['L1Loss', 'GeneratorPathRegularizer', 'PerceptualLoss', 'Unknown']) expect(networkOfPasted({ type }), type).toBe('G');
  });
});
