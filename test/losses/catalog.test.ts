import { describe, expect, it } from 'vitest';
import {
  buildLoss,
  LOSS_ALIASES,
  LOSS_CATALOG,
  LOSS_TYPES,
  LossConfigError,
  lossConfigProblems,
  LossRegistry,
  registerBuiltinLosses,
  type LossType,
  type OptionInfo,
} from '../../src/losses';

function option(type: LossType, name: string): OptionInfo {
  const found = LOSS_CATALOG[type].options.find((o) => o.name === name);
  if (found === undefined) throw new Error(`${type} has no option ${name}`);
  return found;
}

/** What building a config throws (message and field), or null when it builds. */
function buildError(config: { type: string; [key: string]: unknown }): { message: string; field: string | undefined } | null {
  try {
    buildLoss(config).dispose();
    return null;
  } catch (error) {
    if (!(error instanceof LossConfigError)) throw error;
    return { message: error.message, field: error.field };
  }
}

describe('LOSS_CATALOG', () => {
  it('has an entry for every type the registry builds, and no other', () => {
    const registry = new LossRegistry();
    registerBuiltinLosses(registry);
    expect([...LOSS_TYPES]).toEqual(registry.list());
    for (const type of LOSS_TYPES) expect(LOSS_CATALOG[type].type).toBe(type);
  });

  it('flags the loss that needs a model a JSON config cannot carry', () => {
    expect(LOSS_TYPES.filter((type) => LOSS_CATALOG[type].needsUserModel)).toEqual(['PerceptualLoss']);
  });

  it("names MMagic's Comps aliases and the loss each builds", () => {
    expect(LOSS_ALIASES).toEqual({
      GANLossComps: 'GANLoss',
      DiscShiftLossComps: 'DiscShiftLoss',
      GradientPenaltyLossComps: 'GradientPenaltyLoss',
      R1GradientPenaltyComps: 'R1GradientPenalty',
      GeneratorPathRegularizerComps: 'GeneratorPathRegularizer',
    });
    // An alias builds its loss, so its errors name that loss; GANLossComps is a class of its own.
    expect(LOSS_CATALOG.DiscShiftLossComps.moduleType).toBe('DiscShiftLoss');
    expect(buildLoss({ type: 'DiscShiftLossComps' }).type).toBe('DiscShiftLoss');
    expect(LOSS_CATALOG.GANLossComps.moduleType).toBe('GANLossComps');
    expect(option('GANLossComps', 'gan_type').values).toEqual(['vanilla', 'lsgan', 'wgan', 'wgan-logistic-ns', 'hinge']);
  });

  it('gives each type a description, its default loss_name and its arguments', () => {
    for (const type of LOSS_TYPES) {
      const entry = LOSS_CATALOG[type];
      expect(entry.description.length, type).toBeGreaterThan(10);
      expect(entry.supportsDataInfo).toBe(true);
      expect(entry.args.length, type).toBeGreaterThan(0);
    }
    expect(LOSS_CATALOG.L1Loss.lossName).toBe('loss_l1');
    expect(LOSS_CATALOG.R1GradientPenalty.lossName).toBe('loss_r1_gp');
    expect(LOSS_CATALOG.GANLoss.args.map((a) => [a.name, a.kind, a.optional ?? false])).toEqual([
      ['input', 'tensor', false],
      ['target_is_real', 'boolean', false],
      ['is_disc', 'boolean', true],
      ['mask', 'tensor', true],
    ]);
    expect(LOSS_CATALOG.GeneratorPathRegularizer.args.map((a) => a.kind)).toEqual(['network', 'number']);
  });

  it('describes the pixel losses: loss_weight, reduction, sample_wise', () => {
    expect(option('L1Loss', 'loss_weight')).toMatchObject({ kind: 'number', default: 1, required: false });
    expect(option('L1Loss', 'reduction')).toMatchObject({ kind: 'enum', values: ['none', 'mean', 'sum'], default: 'mean' });
    expect(option('L1Loss', 'sample_wise')).toMatchObject({ kind: 'boolean', default: false });
    expect(option('L1Loss', 'loss_name')).toMatchObject({ kind: 'string', default: 'loss_l1' });
    expect(option('L1Loss', 'data_info')).toMatchObject({ kind: 'record', items: 'string', nullable: true, default: null });
    expect(option('CharbonnierLoss', 'eps')).toMatchObject({ kind: 'number', min: 0, default: 1e-12 });
    // The options in the schema's order, which is also the order of "valid options" in errors.
    expect(LOSS_CATALOG.L1Loss.options.map((o) => o.name)).toEqual([
      'loss_weight',
      'reduction',
      'sample_wise',
      'data_info',
      'interval',
      'loss_name',
    ]);
    for (const info of LOSS_CATALOG.L1Loss.options) expect(info.description, info.name).toBeTruthy();
  });

  it('describes GANLoss: a required gan_type of 7 values, an optional target_is_real', () => {
    const ganType = option('GANLoss', 'gan_type');
    expect(ganType).toMatchObject({ kind: 'enum', required: true });
    expect(ganType.values).toHaveLength(7);
    expect('default' in ganType).toBe(false);
    const targetIsReal = option('GANLoss', 'target_is_real');
    expect(targetIsReal).toMatchObject({ kind: 'boolean', required: false });
    expect('default' in targetIsReal).toBe(false);
    expect(option('GANLoss', 'is_disc')).toMatchObject({ kind: 'boolean', default: false });
  });

  it('describes integer bounds, nullable numbers, arrays, records and constants', () => {
    // zod's own safe-integer bound is not the loss's: no max.
    expect(option('R1GradientPenalty', 'interval')).toEqual(expect.objectContaining({ kind: 'integer', min: 1, default: 1 }));
    expect(option('R1GradientPenalty', 'interval').max).toBeUndefined();
    expect(option('R1GradientPenalty', 'norm_mode')).toMatchObject({ kind: 'enum', values: ['pixel', 'HWC'], default: 'pixel' });
    expect(option('GeneratorPathRegularizer', 'decay')).toMatchObject({ kind: 'number', min: 0, max: 1, default: 0.01 });
    expect(option('GeneratorPathRegularizer', 'pl_batch_size')).toMatchObject({ kind: 'integer', min: 1, nullable: true, default: null });
    expect(option('GeneratorPathRegularizer', 'latent_shape')).toMatchObject({ kind: 'array', items: 'integer', required: false });
    expect(option('PerceptualLoss', 'layer_weights')).toMatchObject({ kind: 'record', items: 'number', required: true });
    expect(option('PSNRLoss', 'toY')).toMatchObject({ kind: 'boolean', values: [false], default: false });
  });

  it('is plain data a page can post or store, but for the schemas', () => {
    const { schema: _schema, suppliedByConfig: _supplied, ...data } = LOSS_CATALOG.GANLoss;
    expect(structuredClone(data)).toEqual(data);
  });
});

describe('lossConfigProblems', () => {
  // Configs good and bad for every type; the catalog must reject exactly what building rejects,
  // with the same first message and field.
  const configs: Record<string, unknown>[] = [
    {},
    { loss_weight: 2, reduction: 'sum' },
    { reduction: 'avg' },
    { reduction: 'avg', loss_weight: 'high', sample_wise: 3 },
    { loss_wieght: 2, reductio: 'mean' },
    { data_info: { pred: 'fake', target: 'real' } },
    { data_info: { prediction: 'fake', target: 'real', extra: 'x' } },
    { data_info: { pred: 4 } },
    { data_info: 'fake' },
    { data_info: {} },
    { interval: 4 },
    { interval: 0 },
    { interval: 4, data_info: { input: 'disc_pred_fake' } },
    { gan_type: 'hinge' },
    { gan_type: 'smgan', data_info: { input: 'd' } },
    { gan_type: 'lsgan', target_is_real: true, data_info: { input: 'd' } },
    { gan_type: 'lsgan', target_is_real: 'yes', data_info: { input: 'd' } },
    { gan_type: 'l1', loss_name: '' },
    { metric: 'L2' },
    { eps: -1 },
    { toY: true },
    { norm_mode: 'HWC', data_info: { discriminator: 'disc', real_data: 'real', fake_data: 'fake' } },
    { data_info: { discriminator: 'disc', real_data: 'real' } },
    { data_info: { generator: 'gen', num_batches: 'batch_size' }, interval: 4, pl_batch_shrink: 2 },
    { latent_shape: [0], decay: 2 },
    { pl_batch_size: null, latent_shape: [128] },
    { layer_weights: { block1: 1 } },
    { layer_weights: {} },
    { layer_weights: { block1: 1 }, criterion: 'l2', data_info: { pred: 'a' } },
  ];

  it('rejects what building rejects, with the same first message and field', () => {
    let rejected = 0;
    for (const type of LOSS_TYPES) {
      for (const options of configs) {
        const config = { type, ...options };
        const { first } = lossConfigProblems(type, config);
        expect(first ?? null, JSON.stringify(config)).toEqual(buildError(config));
        if (first) rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(LOSS_TYPES.length * 5);
  });

  it('reports every problem on its own, at its field', () => {
    const { problems, first } = lossConfigProblems('L1Loss', {
      reduction: 'avg',
      loss_weight: 'high',
      loss_wieght: 2,
      data_info: { prediction: 'fake_b' },
    });
    expect(problems.map((p) => p.field)).toEqual(['loss_weight', 'reduction', 'loss_wieght', undefined, undefined, undefined]);
    expect(problems[1]!.message).toBe('L1Loss: option "reduction": Invalid option: expected one of "none"|"mean"|"sum" (got "avg")');
    // data_info parsed on its own, so its problems show while the others are fixed.
    expect(problems.slice(3).map((p) => p.message)).toEqual([
      'L1Loss (loss_l1): data_info maps "prediction", which is not an argument of this loss (its arguments: pred, target, weight)',
      'L1Loss (loss_l1): data_info must map the argument "pred" to a key of the outputs',
      'L1Loss (loss_l1): data_info must map the argument "target" to a key of the outputs',
    ]);
    // The first is what the module throws: every option problem in one message.
    expect(first?.field).toBe('loss_weight');
    expect(first?.message).toMatch(/^L1Loss: option "loss_weight": .*; option "reduction": .*; unknown option "loss_wieght" /);
  });

  it('lets GANLoss config stand in for target_is_real and is_disc', () => {
    expect(lossConfigProblems('GANLoss', { gan_type: 'hinge', data_info: { input: 'd' } }).problems.map((p) => p.message)).toEqual([
      'GANLoss (loss_gan): data_info must map the argument "target_is_real" to a key of the outputs',
    ]);
    expect(lossConfigProblems('GANLoss', { gan_type: 'hinge', target_is_real: false, data_info: { input: 'd' } }).problems).toEqual([]);
  });

  it('says a PerceptualLoss needs a model, after its options', () => {
    expect(lossConfigProblems('PerceptualLoss', { layer_weights: { c1: 1 } }).problems).toEqual([
      { field: 'model', message: expect.stringMatching(/^PerceptualLoss: needs a feature network .* new PerceptualLoss\(config, model\)$/) },
    ]);
  });
});
