import { describe, expect, it } from 'vitest';
import { ADAPTIVE_DEFAULTS, adaptiveWeightOf } from '../../src/manager/adaptiveWeight';
import { lossesFromSpec, specToMMagicConfig, validateLossSpec, type LossSpecEntry } from '../../src/manager';

const gan = (name: string, network: 'G' | 'D', extra: Record<string, unknown> = {}): LossSpecEntry => ({
  name,
  type: 'GANLoss',
  gan_type: 'vanilla',
  data_info: { input: network === 'G' ? 'disc_pred_fake' : 'disc_pred_real' },
  target_is_real: true,
  is_disc: network === 'D',
  tags: [network],
  ...extra,
});
const l1 = (name: string, extra: Record<string, unknown> = {}): LossSpecEntry => ({ name, type: 'L1Loss', loss_weight: 1, data_info: { pred: 'fake_imgs', target: 'real_imgs' }, tags: ['G'], ...extra });

/** The problems of a spec whose G_GAN has this adaptive_weight, as path: message. */
function problems(adaptive: unknown, others: LossSpecEntry[] = [l1('G_L1')]): string[] {
  const result = validateLossSpec({ losses: [gan('D_GAN', 'D'), gan('G_GAN', 'G', { adaptive_weight: adaptive }), ...others] });
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('adaptive_weight in a spec', () => {
  it('accepts a reference to another G loss; the defaults are VQGAN\'s', () => {
    expect(problems({ reference: 'G_L1' })).toEqual([]);
    expect(adaptiveWeightOf({ reference: 'G_L1' })).toEqual({ reference: 'G_L1', layer: 'last', max: 1e4, eps: 1e-4 });
    expect(ADAPTIVE_DEFAULTS).toEqual({ layer: 'last', max: 10_000, eps: 0.0001 });
    expect(problems({ reference: 'G_L1', layer: 'last', max: 100, eps: 1e-6 })).toEqual([]);
  });

  it('names the field and the reason for each wrong reference', () => {
    const at = 'losses[1].adaptive_weight.reference';
    expect(problems({ reference: 'G_GAN' })).toEqual([`${at}: "G_GAN" is this loss itself; name the loss whose gradient sets the scale (VQGAN: the reconstruction loss)`]);
    expect(problems({ reference: 'G_nope' })).toEqual([`${at}: "G_nope" is no loss of this spec; losses: D_GAN, G_GAN, G_L1`]);
    expect(problems({ reference: 'D_GAN' })).toEqual([`${at}: "D_GAN" trains D, this loss trains G: both gradients are taken at G's last layer`]);
    expect(problems({ reference: 'G_L1' }, [l1('G_L1', { adaptive_weight: { reference: 'G_GAN' } })])).toEqual([
      `${at}: "G_L1" has an adaptive weight itself; the reference must have a plain weight`,
      'losses[2].adaptive_weight.reference: "G_GAN" has an adaptive weight itself; the reference must have a plain weight',
    ]);
    expect(problems({ reference: 42 })).toEqual([`${at}: must name another loss of the spec (got 42)`]);
    expect(problems({})).toEqual([`${at}: must name another loss of the spec (got undefined)`]);
  });

  it('checks the option itself: its shape, keys, layer, max and eps', () => {
    const at = 'losses[1].adaptive_weight';
    expect(problems('G_L1')).toEqual([`${at}: must be an object such as {"reference": "G_L1", "layer": "last", "max": 10000, "eps": 0.0001} (got "G_L1")`]);
    expect(problems({ reference: 'G_L1', layer: 'first', max: -1, eps: 0 })).toEqual([
      `${at}.layer: must be "last", the network's last layer's kernel (got "first")`,
      `${at}.max: must be a finite number >= 0 (got -1)`,
      `${at}.eps: must be a finite number > 0 (got 0)`,
    ]);
    expect(problems(JSON.parse('{"reference": "G_L1", "__proto__": 1, "toString": 2}'))).toEqual([
      `${at}.__proto__: unknown key; adaptive_weight takes reference, layer, max, eps`,
      `${at}.toString: unknown key; adaptive_weight takes reference, layer, max, eps`,
    ]);
  });

  it('a loss named __proto__ or toString can be the reference', () => {
    expect(problems({ reference: '__proto__' }, [l1('__proto__')])).toEqual([]);
    expect(problems({ reference: 'toString' }, [l1('toString')])).toEqual([]);
  });

  it('is a manager key: the loss module never sees it, the LMLoss holds it', () => {
    const losses = lossesFromSpec({ losses: [gan('D_GAN', 'D'), gan('G_GAN', 'G', { adaptive_weight: { reference: 'G_L1', max: 50 } }), l1('G_L1')] });
    expect(losses['G_GAN']!.adaptive).toEqual({ reference: 'G_L1', layer: 'last', max: 50, eps: 1e-4 });
    expect(losses['G_L1']!.adaptive).toBeNull();
    Object.values(losses).forEach((l) => (l.fn as { dispose(): void }).dispose());
  });

  it('the MMagic export says MMagic has no such option, and keeps the weight', () => {
    const config = specToMMagicConfig({ name: 'vq', losses: [gan('D_GAN', 'D'), l1('G_L1', { loss_weight: 4, adaptive_weight: { reference: 'G_GAN' } }), gan('G_GAN', 'G')] });
    // The comment wraps at 79 columns: read it back as one line.
    const text = config.split('\n').filter((l) => l.trim().startsWith('#')).map((l) => l.trim().slice(2)).join(' ');
    expect(text).toContain("NOTE: G_L1 has an adaptive weight (VQGAN's calculate_adaptive_weight, reference G_GAN, max 10000, eps 0.0001)");
    expect(text).toContain('MMagic has no such option');
    expect(config).toContain('loss_weight=4.0');
    expect(config).not.toContain('adaptive_weight=');
  });
});
