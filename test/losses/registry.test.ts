import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildLoss, GANLoss, L1Loss, listLossTypes, LossRegistry, registerBuiltinLosses, registerLoss } from '../../src/losses';
import { expectScalar } from '../helpers/tensors';

describe('buildLoss', () => {
  it('builds every built-in type from a JSON config', () => {
    const configs = [
      { type: 'L1Loss', loss_weight: 1, reduction: 'mean' },
      { type: 'MSELoss', loss_weight: 0.1, reduction: 'mean' },
      { type: 'CharbonnierLoss', loss_weight: 0.5 },
      { type: 'MaskedTVLoss', loss_weight: 0.1 },
      { type: 'PSNRLoss' },
      { type: 'GradientLoss' },
      { type: 'SobelLoss', metric: 'L1' },
      { type: 'LaplacianLoss' },
      { type: 'GANLoss', gan_type: 'vanilla', loss_weight: 0.001 },
      { type: 'GANLossComps', gan_type: 'wgan-logistic-ns' },
      { type: 'DiscShiftLoss', loss_weight: 0.001 * 0.5, data_info: { pred: 'disc_pred_real' } },
      { type: 'GradientPenaltyLoss', loss_weight: 10 },
      { type: 'R1GradientPenalty', loss_weight: 10 / 2, interval: 2, norm_mode: 'HWC', data_info: { real_data: 'real_imgs', discriminator: 'disc' } },
      { type: 'GeneratorPathRegularizer', loss_weight: 2, pl_batch_shrink: 2, interval: 4, data_info: { generator: 'gen', num_batches: 'batch_size' } },
      { type: 'DiscShiftLossComps' },
      { type: 'GradientPenaltyLossComps' },
      { type: 'R1GradientPenaltyComps' },
      { type: 'GeneratorPathRegularizerComps' },
    ];
    for (const config of configs) expect(buildLoss(config).type).toBeTruthy();
    expect(listLossTypes()).toEqual(expect.arrayContaining(configs.map((c) => c.type)));
  });

  it('builds modules that compute like the classes', async () => {
    const loss = buildLoss({ type: 'L1Loss', loss_weight: 2 });
    expect(loss).toBeInstanceOf(L1Loss);
    await expectScalar((loss as L1Loss).forward(tf.tensor1d([1, 3]), tf.zeros([2])), (2 * (1 + 3)) / 2);
    expect(buildLoss({ type: 'GANLoss', gan_type: 'hinge' })).toBeInstanceOf(GANLoss);
  });

  it('names the unknown type and the registered ones', () => {
    expect(() => buildLoss({ type: 'L1Los' })).toThrow(/unknown loss type "L1Los"; registered types: .*L1Loss/);
    expect(() => buildLoss({} as never)).toThrow(/has no "type" string/);
  });

  it('names the type, the field and what was expected for a bad option', () => {
    expect(() => buildLoss({ type: 'L1Loss', reduction: 'avg' })).toThrow(
      'L1Loss: option "reduction": Invalid option: expected one of "none"|"mean"|"sum" (got "avg")',
    );
    expect(() => buildLoss({ type: 'MSELoss', loss_weight: 'high' })).toThrow(
      /MSELoss: option "loss_weight": Invalid input: expected number, received string \(got "high"\)/,
    );
    expect(() => buildLoss({ type: 'GANLoss', gan_type: 'lsgan', loss_wieght: 2 })).toThrow(
      /GANLoss: unknown option "loss_wieght" \(valid options: gan_type, real_label_val, fake_label_val, loss_weight/,
    );
    expect(() => buildLoss({ type: 'R1GradientPenalty', data_info: { real_data: 4 } })).toThrow(
      /R1GradientPenalty: option "data_info.real_data": Invalid input: expected string/,
    );
    expect(() => buildLoss({ type: 'GANLoss' })).toThrow(/GANLoss: option "gan_type": expected one of/);
  });
});

describe('registerLoss', () => {
  it('adds a type, and refuses the same type twice', () => {
    registerLoss('ScaledL1', (config) => new L1Loss({ loss_weight: 3 * Number(config.scale ?? 1) }));
    expect((buildLoss({ type: 'ScaledL1', scale: 2 }) as L1Loss).lossWeight).toBe(6);
    expect(() => registerLoss('ScaledL1', () => new L1Loss())).toThrow(/the loss type "ScaledL1" is already registered/);
    expect(() => registerLoss('L1Loss', () => new L1Loss())).toThrow(/already registered/);
  });

  it('keeps registries apart', () => {
    const registry = new LossRegistry();
    expect(registry.list()).toEqual([]);
    registerBuiltinLosses(registry);
    expect(registry.has('GANLoss')).toBe(true);
    expect(registry.has('ScaledL1')).toBe(false);
  });
});
