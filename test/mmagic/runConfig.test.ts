// Exported MMagic configs, checked without MMagic: Python's own parser reads each file, every
// registry name in it is one MMagic 1.x registers (registeredTypes.ts, from its sources), the
// values are the run's, and the loss dicts pasted back into the page give the spec again.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAMILY_DEFAULTS } from '../../src/cli/settings';
import { builtinSpec } from '../../src/manager/builtinSpecs';
import type { LossSpec, LossSpecEntry } from '../../src/manager/lossSpec';
import { MMagicExportError, mmagicConfig, TOY_REFUSAL } from '../../src/mmagic/runConfig';
import type { RunSettings } from '../../src/protocol/messages';
import { lossesFromPython } from '../../src/ui/spec/pastedLosses';
import { parsePythonStatements, type PyValue } from '../../src/ui/spec/pythonDict';
import { HOSTILE_NAMES } from '../helpers/hostileNames';
import { MMAGIC_REGISTERED } from './registeredTypes';

const PYTHON = '/usr/bin/python3';
const noPython = !existsSync(PYTHON);
if (noPython) console.warn(`${PYTHON} is missing: the ast.parse checks of the exported configs are skipped`);

type Family = 'dcgan' | 'pix2pix';
/** The spec with each entry changed by `edit` (a copy: specs are read-only), and `extra` entries after. */
function edited(name: string, edit: (e: LossSpecEntry) => LossSpecEntry, extra: LossSpecEntry[] = []): LossSpec {
  const spec = builtinSpec(name);
  return { ...spec, losses: [...spec.losses.map(edit), ...extra] };
}

const settingsFor = (family: Family, spec: LossSpec, extra: Record<string, unknown> = {}): RunSettings => ({ ...FAMILY_DEFAULTS[family], family, spec, ...extra }) as RunSettings;

/** Every exported text, parsed by Python once more at the end. */
const exported: string[] = [];
function exportText(settings: RunSettings, steps = 1000, name = 'run'): string {
  const { text } = mmagicConfig(settings, { name, steps });
  exported.push(text);
  return text;
}

/** The file's top-level assignments, as the page's Python reader reads them (tuples as lists). */
function statements(text: string): Map<string, PyValue> {
  return new Map(parsePythonStatements(text).map((s) => [s.name ?? '', s.value]));
}

/** Every `type` (and `constructor`) string anywhere in a value. */
function registryNames(value: PyValue, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => registryNames(v, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'type' || key === 'constructor') && typeof child === 'string') out.push(child);
      else registryNames(child, out);
    }
  }
  return out;
}

const at = (value: PyValue | undefined, ...keys: string[]): PyValue | undefined =>
  keys.reduce<PyValue | undefined>((v, k) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, PyValue>)[k] : undefined), value);

const CASES: readonly [Family, string, string][] = [
  ['dcgan', 'dcgan', 'DCGAN'],
  ['dcgan', 'lsgan', 'LSGAN'],
  ['dcgan', 'hinge-r1', 'GGAN'],
  ['dcgan', 'wgan-gp', 'WGANGP'],
  ['pix2pix', 'pix2pix/basic', 'Pix2Pix'],
  ['pix2pix', 'pix2pix/extended', 'Pix2Pix'],
];

describe('mmagicConfig: the built-in specs', () => {
  it.each(CASES)('%s with %s trains MMagic\'s %s; every registry name is MMagic 1.x\'s', (family, specName, model) => {
    const text = exportText(settingsFor(family, builtinSpec(specName)));
    const config = statements(text);
    expect(at(config.get('model'), 'type')).toBe(model);
    const { playground_losses: losses, ...rest } = Object.fromEntries(config);
    const unknown = registryNames(rest as PyValue).filter((name) => !Object.hasOwn(MMAGIC_REGISTERED, name));
    expect(unknown).toEqual([]);
    // The spec's own loss types: MMagic's, or said in a NOTE not to be.
    for (const type of registryNames(losses!)) {
      if (!Object.hasOwn(MMAGIC_REGISTERED, type)) expect(text.replace(/\n# /g, ' ')).toMatch(new RegExp(`NOTE: ${type} is (MMGeneration's name|NectarGAN's loss)`));
    }
  });

  it.each(CASES)('%s with %s: the loss dicts pasted back into the page give the spec', (family, specName) => {
    const spec = builtinSpec(specName);
    const pasted = lossesFromPython(exportText(settingsFor(family, spec)));
    expect(pasted).toEqual({ ok: true, losses: spec.losses });
  });

  it('DCGAN: the widths, noise, norms, optimizers, iterations and seed are the run\'s', () => {
    const spec = builtinSpec('dcgan');
    const settings = settingsFor('dcgan', spec, {
      model: { width: 8, noiseDim: 20, dNorm: 'layer' },
      optimizers: { G: { type: 'adam', learningRate: 1e-3, beta1: 0.1, beta2: 0.9 }, D: { type: 'rmsprop', learningRate: 5e-4 } },
      batchSize: 12,
      dSteps: 3,
      gSteps: 2,
      seed: 7,
    });
    const config = statements(exportText(settings, 500));
    const model = config.get('model');
    expect(at(model, 'noise_size')).toBe(20);
    // G: 4 x 4 at 4w, 8 at 2w, 16 at w (base_channels halves per stage); D: w, 2w, 4w.
    expect(at(model, 'generator')).toMatchObject({ type: 'DCGANGenerator', output_scale: 32, input_scale: 4, base_channels: 4 * 8, noise_size: 20, out_channels: 1, default_norm_cfg: { type: 'BN' } });
    expect(at(model, 'discriminator')).toMatchObject({ input_scale: 32, output_scale: 4, base_channels: 8, in_channels: 1, default_norm_cfg: { type: 'GN', num_groups: 1 } });
    expect(at(model, 'discriminator', 'default_act_cfg')).toEqual({ type: 'LeakyReLU', negative_slope: 0.2 });
    expect(at(model, 'generator_steps')).toBe(2);
    expect(at(model, 'discriminator_steps')).toBe(3);
    expect(at(config.get('train_cfg'), 'max_iters')).toBe(500 * 3);
    expect(at(config.get('optim_wrapper'), 'generator', 'optimizer')).toEqual({ type: 'Adam', lr: 1e-3, betas: [0.1, 0.9], eps: 1e-7 });
    expect(at(config.get('optim_wrapper'), 'discriminator', 'optimizer')).toEqual({ type: 'RMSprop', lr: 5e-4, alpha: 0.9, eps: 1e-7 });
    expect(at(config.get('train_dataloader'), 'batch_size')).toBe(12);
    expect(config.get('randomness')).toEqual({ seed: 7, diff_rank_seed: true });
    // The dataset's pipeline is the assignment above it.
    expect(at(config.get('train_dataloader'), 'dataset', 'pipeline')).toEqual(config.get('train_pipeline'));
    expect(at(config.get('train_pipeline') as PyValue, '1')).toBeUndefined();
    expect((config.get('train_pipeline') as PyValue[])[1]).toEqual({ type: 'Resize', keys: 'gt', scale: [32, 32] });
    expect(at(model, 'ema_config')).toBeUndefined();
  });

  it('pix2pix: Pix2Pix with pixel_loss_weight from G_L1, the U-Net and PatchGAN at the run\'s size and width', () => {
    const spec = edited('pix2pix/basic', (e) => (e.name === 'G_L1' ? { ...e, loss_weight: 25 } : e));
    const text = exportText(settingsFor('pix2pix', spec, { model: { size: 64, channelsA: 3, channelsB: 3, width: 16, dLayers: 5, dNorm: 'batch' } }));
    const model = statements(text).get('model');
    expect(text).toContain('loss_config=dict(pixel_loss_weight=25.0)');
    // 64 px: 6 down stages to 1 x 1; dLayers 5 would leave 64 / 32 - 2 = 0: num_conv is log2(64) - 2 = 4.
    expect(at(model, 'generator')).toMatchObject({ type: 'UnetGenerator', in_channels: 3, out_channels: 3, num_down: 6, base_channels: 16, use_dropout: false });
    expect(at(model, 'discriminator')).toMatchObject({ type: 'PatchDiscriminator', in_channels: 6, base_channels: 16, num_conv: 4, norm_cfg: { type: 'BN' } });
    expect(text.replace(/\n# /g, ' ')).toContain('model.dLayers 5 would leave MMagic\'s PatchDiscriminator no output at 64 px: num_conv is 4.');
    expect(at(model, 'related_domains')).toEqual(['B', 'A']);
    expect(at(statements(text).get('optim_wrapper'), 'generators', 'type')).toBe('OptimWrapper');
    expect(at(statements(text).get('train_dataloader'), 'dataset', 'data_root')).toBe('data/pix2pix/edges-to-shapes');
  });
});

describe('mmagicConfig: what MMagic cannot say', () => {
  const flat = (text: string) => text.replace(/\n# /g, ' ');

  it('refuses the toy GAN, saying why', () => {
    const toy = { ...FAMILY_DEFAULTS.toy, family: 'toy', spec: builtinSpec('toy/log-loss') } as RunSettings;
    expect(() => mmagicConfig(toy, { name: 'toy', steps: 10 })).toThrow(new MMagicExportError(TOY_REFUSAL));
    expect(TOY_REFUSAL).toMatch(/no model for GAN Lab's 2-D toy GAN/);
  });

  it('the EMA: MMagic\'s momentum is 1 - the playground\'s, start_iter its startIteration; a bad one is noted, not exported', () => {
    const spec = builtinSpec('dcgan');
    const ema = at(statements(exportText(settingsFor('dcgan', spec, { ema: { momentum: 0.999, startIteration: 250 } }))).get('model'), 'ema_config');
    expect(ema).toEqual({ type: 'ExponentialMovingAverage', interval: 1, momentum: 0.001, start_iter: 250 });
    const bad = exportText(settingsFor('dcgan', spec, { ema: { momentum: 1.5 } }));
    expect(at(statements(bad).get('model'), 'ema_config')).toBeUndefined();
    expect(flat(bad)).toContain("NOTE: The run's EMA setting is not exported: ema.momentum must be a number between 0 and 1, got 1.5.");
    const pix = exportText(settingsFor('pix2pix', builtinSpec('pix2pix/basic'), { ema: { momentum: 0.99, startIteration: 0 } }));
    expect(flat(pix)).toContain("NOTE: MMagic's Pix2Pix has no EMA generator");
  });

  it('a schedule, a weight MMagic fixes, an unknown gan_type and a loss no model computes each get a NOTE', () => {
    const schedule = { schedule: 'linear', unit: 'epoch', startEpoch: 0, endEpoch: 10, initialValue: 0.5, targetValue: 2 } as const;
    const l1: LossSpecEntry = { name: 'G_L1', type: 'L1Loss', loss_weight: 3, data_info: { pred: 'fake_imgs', target: 'real_imgs' }, tags: ['G'] };
    const spec = edited('dcgan', (e) => (e.name === 'G_GAN' ? { ...e, schedule } : e.name === 'D_real' ? { ...e, loss_weight: 2 } : e), [l1]);
    const text = flat(exportText(settingsFor('dcgan', spec)));
    expect(text).toContain(`NOTE: G_GAN's weight schedule ${JSON.stringify(schedule)} cannot be expressed: MMagic has no loss-weight schedules, so loss_gen's weight stays at 1.`);
    expect(text).toContain("NOTE: D_real has weight 2, but loss_disc_real's weight is fixed at 1 in MMagic's code");
    expect(text).toContain("NOTE: G_L1 (L1Loss, weight 3) is not computed by MMagic's DCGAN");
    const odd = edited('dcgan', (e) => ({ ...e, gan_type: 'smgan' }));
    const oddText = exportText(settingsFor('dcgan', odd));
    expect(at(statements(oddText).get('model'), 'type')).toBe('DCGAN');
    expect(flat(oddText)).toContain('MMagic has no unconditional GAN model with gan_type "smgan"');
  });

  it('WGANGP takes the penalty\'s weight and norm mode; without a penalty its weight is 0.0', () => {
    const spec = builtinSpec('wgan-gp');
    expect(exportText(settingsFor('dcgan', spec))).toContain("loss_config=dict(loss_weight=10.0, norm_mode='HWC')");
    const noPenalty = { ...spec, losses: spec.losses.filter((l) => l.type !== 'GradientPenaltyLoss') };
    expect(exportText(settingsFor('dcgan', noPenalty))).toContain('loss_config=dict(loss_weight=0.0');
  });

  it('loss names every object has, and names no identifier can be, paste back as they were', () => {
    const names = [...HOSTILE_NAMES, 'G L1 (sum)', "it's"];
    const extra = names.map((name, i): LossSpecEntry => ({ name, type: 'MSELoss', loss_weight: i + 0.5, data_info: { pred: 'fake_b', target: 'real_b' }, tags: ['G', 'extra'] }));
    const spec = edited('pix2pix/basic', (e) => e, extra);
    const pasted = lossesFromPython(exportText(settingsFor('pix2pix', spec)));
    expect(pasted.ok && pasted.losses.map((l) => l.name)).toEqual(spec.losses.map((l) => l.name));
    expect(pasted).toEqual({ ok: true, losses: spec.losses });
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe('mmagicConfig: the files are Python', () => {
  // Runs after the tests above have filled `exported` (vitest runs a file's tests in order).
  it.skipIf(noPython)('ast.parse reads every config exported above, and exec gives the same model dict as the page\'s reader', () => {
    expect(exported.length).toBeGreaterThan(10);
    const script = 'import ast, json, sys\nout = []\nfor source in json.load(sys.stdin):\n    ast.parse(source)\n    ns = {}\n    exec(source, ns)\n    out.append(ns["model"])\nprint(json.dumps(out))';
    const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(exported), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const models = JSON.parse(run.stdout) as unknown[];
    expect(models).toEqual(exported.map((text) => statements(text).get('model')));
  });
});
