import { describe, expect, it } from 'vitest';
import { BUILTIN_SPECS, builtinSpec } from '../../../src/manager/builtinSpecs';
import { OUTPUT_KEYS } from '../../../src/protocol/presets';
import {
  dataInfoArgs,
  editorOutputKeys,
  fieldElementId,
  formFields,
  issueTarget,
  lossFieldOf,
  otherKeys,
  placeIssues,
  reasonAtField,
  validateDraft,
} from '../../../src/ui/spec/issues';

type Editable = { losses: Record<string, unknown>[]; [key: string]: unknown };
const copy = (name: string) => builtinSpec(name) as unknown as Editable;

describe('validateDraft', () => {
  it('accepts every built-in spec', () => {
    for (const [name, spec] of Object.entries(BUILTIN_SPECS)) expect(validateDraft(spec, OUTPUT_KEYS), name).toEqual([]);
  });

  it("adds the engine's demands: data_info on every loss, a loss for each network", () => {
    const spec = copy('dcgan');
    delete spec.losses[0]!.data_info;
    spec.losses = spec.losses.filter((l) => l.name !== 'D_real' && l.name !== 'D_fake');
    expect(validateDraft(spec, OUTPUT_KEYS)).toEqual([
      { path: 'losses[0].data_info', message: "the engine picks a loss's arguments from its outputs, so it needs data_info: map the arguments" },
      { path: 'losses', message: 'no loss is tagged "D": that network would never train' },
    ]);
  });

  it('checks data_info against the outputs keys given', () => {
    const spec = copy('dcgan');
    expect(validateDraft(spec, ['disc_pred_real'])).toEqual([
      { path: 'losses[0].data_info.input', message: '"disc_pred_fake" is not an outputs key; available: disc_pred_real' },
      { path: 'losses[2].data_info.input', message: '"disc_pred_fake" is not an outputs key; available: disc_pred_real' },
    ]);
  });

  it('takes the worker’s keys once it reported them, the known ones before', () => {
    expect(editorOutputKeys([])).toBe(OUTPUT_KEYS);
    const fromWorker = ['a'];
    expect(editorOutputKeys(fromWorker)).toBe(fromWorker);
  });
});

describe('lossFieldOf', () => {
  it('maps a JSON path to its loss and form field', () => {
    expect(lossFieldOf('losses[2].reduction')).toEqual({ index: 2, field: 'reduction' });
    expect(lossFieldOf('losses[1].schedule.endEpoch')).toEqual({ index: 1, field: 'schedule.endEpoch' });
    expect(lossFieldOf('losses[1].schedule.keyframes[1][0]')).toEqual({ index: 1, field: 'schedule.keyframes' });
    expect(lossFieldOf('losses[1].schedule.schedule')).toEqual({ index: 1, field: 'schedule' });
    expect(lossFieldOf('losses[1].schedule')).toEqual({ index: 1, field: 'schedule' });
    expect(lossFieldOf('losses[0].tags')).toEqual({ index: 0, field: 'tags' });
    expect(lossFieldOf('losses[1].data_info.pred')).toEqual({ index: 1, field: 'data_info.pred' });
    expect(lossFieldOf('losses[1].data_info')).toEqual({ index: 1, field: 'data_info' });
    expect(lossFieldOf('losses[4].latent_shape[0]')).toEqual({ index: 4, field: 'latent_shape' });
    expect(lossFieldOf('losses[3]')).toEqual({ index: 3, field: '' });
    // The adaptive weight's form shows the reference, max and eps; the rest at the option as a whole.
    expect(lossFieldOf('losses[2].adaptive_weight.reference')).toEqual({ index: 2, field: 'adaptive_weight.reference' });
    expect(lossFieldOf('losses[2].adaptive_weight.eps')).toEqual({ index: 2, field: 'adaptive_weight.eps' });
    expect(lossFieldOf('losses[2].adaptive_weight.layer')).toEqual({ index: 2, field: 'adaptive_weight' });
    expect(lossFieldOf('losses[2].adaptive_weight.__proto__')).toEqual({ index: 2, field: 'adaptive_weight' });
    expect(lossFieldOf('losses[2].adaptive_weight')).toEqual({ index: 2, field: 'adaptive_weight' });
    expect(lossFieldOf('losses')).toBeNull();
    expect(lossFieldOf('description')).toBeNull();
  });
});

describe('the fields a loss card shows', () => {
  it("lists the manager's fields, the schedule's, the type's options and arguments, and unknown keys", () => {
    const loss = {
      name: 'G_L1',
      type: 'L1Loss',
      tags: ['G'],
      schedule: { schedule: 'linear', unit: 'step', endEpoch: 10, initialValue: 0, targetValue: 1 },
      data_info: { pred: 'fake_b', extra: 'real_b' },
      mystery: 1,
    };
    expect([...formFields(loss)].sort()).toEqual(
      [
        'name',
        'type',
        'tags',
        'loss_weight',
        'schedule',
        'adaptive_weight',
        'adaptive_weight.reference',
        'adaptive_weight.max',
        'adaptive_weight.eps',
        'schedule.unit',
        'schedule.startEpoch',
        'schedule.endEpoch',
        'schedule.initialValue',
        'schedule.targetValue',
        'reduction',
        'sample_wise',
        'interval',
        'loss_name',
        'data_info',
        'data_info.pred',
        'data_info.target',
        'data_info.weight',
        'data_info.extra',
        'mystery',
      ].sort(),
    );
    expect(dataInfoArgs(loss)).toEqual([
      { name: 'pred', optional: false, known: true },
      { name: 'target', optional: false, known: true },
      { name: 'weight', optional: true, known: true },
      { name: 'extra', optional: true, known: false },
    ]);
    expect(otherKeys(loss)).toEqual(['mystery']);
  });

  it('shows every option of an unknown type as another key', () => {
    expect(otherKeys({ name: 'x', type: 'MyLoss', tags: ['G'], alpha: 1 })).toEqual(['alpha']);
  });
});

describe('placeIssues', () => {
  it('puts each problem at its field, loss-level ones on the card or the field they name', () => {
    const spec = copy('pix2pix/basic');
    spec.description = 3;
    spec.losses[1]!.reduction = 'avg';
    spec.losses[1]!.schedule = { schedule: 'linear', unit: 'step', startEpoch: 10, endEpoch: 5, initialValue: 0, targetValue: 1 };
    spec.losses[2]!.tags = ['G', 'D'];
    spec.losses[3]!.target_is_rael = false;
    delete spec.losses[3]!.target_is_real;
    spec.losses[0]!.interval = 2;
    spec.losses[0]!.data_info = null;
    const issues = validateDraft(spec, OUTPUT_KEYS);
    const placed = placeIssues(issues, spec);
    expect(placed.spec).toEqual([{ path: 'description', message: 'must be a string' }]);
    const fields = (i: number) => Object.fromEntries([...placed.losses[i]!.fields].map(([field, list]) => [field, list.map((x) => x.path)]));
    expect(fields(0)).toEqual({ data_info: ['losses[0].data_info', 'losses[0]'] });
    expect(fields(1)).toEqual({ 'schedule.endEpoch': ['losses[1].schedule.endEpoch'], reduction: ['losses[1].reduction'] });
    expect(fields(2)).toEqual({ tags: ['losses[2].tags'] });
    expect(fields(3)).toEqual({ target_is_rael: ['losses[3].target_is_rael'], 'data_info.target_is_real': ['losses[3]'] });
    expect(placed.losses.map((l) => l.card)).toEqual([[], [], [], []]);
    expect(issues).toHaveLength(1 + 2 + 2 + 1 + 2);
  });

  it('puts a problem at a field the form does not show on the card', () => {
    const spec = { losses: [{ name: 'a', type: 'L1Loss', tags: ['G'], data_info: {} }] };
    const issue = { path: 'losses[0].schedule.nope', message: 'x' };
    expect(issueTarget(issue, spec)).toEqual({ index: 0, field: '' });
    expect(placeIssues([issue], spec).losses[0]!.card).toEqual([issue]);
    // An unknown type is the type select's problem.
    const unknown = { path: 'losses[0]', message: 'a: buildLoss: unknown loss type "L1Los"; registered types: ...' };
    expect(issueTarget(unknown, spec)).toEqual({ index: 0, field: 'type' });
  });

  it('keeps problems of a draft the form cannot show above it', () => {
    const issue = { path: 'losses', message: 'must be a non-empty list of losses' };
    expect(placeIssues([issue], { losses: 'x' })).toEqual({ spec: [issue], losses: [] });
    const beyond = { path: 'losses[5].name', message: 'x' };
    expect(placeIssues([beyond], { losses: [] }).spec).toEqual([beyond]);
  });
});

describe('reasonAtField', () => {
  it("drops the loss's name, type and option, which the card and the field say", () => {
    const at = (message: string) => reasonAtField({ path: 'p', message }, 'G_L1');
    expect(at('G_L1: L1Loss: option "reduction": Invalid option: expected one of "none"|"mean"|"sum" (got "avg")')).toBe(
      'Invalid option: expected one of "none"|"mean"|"sum" (got "avg")',
    );
    expect(at('G_L1: GANLoss (loss_gan): data_info must map the argument "target_is_real" to a key of the outputs')).toBe(
      'data_info must map the argument "target_is_real" to a key of the outputs',
    );
    expect(at('G_L1: GANLoss: unknown option "x" (valid options: a)')).toBe('unknown option "x" (valid options: a)');
    expect(at('must be a finite number >= 0 (got -1)')).toBe('must be a finite number >= 0 (got -1)');
    expect(reasonAtField({ path: 'p', message: 'G.L1: L1Loss: option "a": b' }, 'G.L1')).toBe('b');
    expect(reasonAtField({ path: 'p', message: 'GxL1: L1Loss: option "a": b' }, 'G.L1')).toBe('GxL1: L1Loss: option "a": b');
  });
});

describe('fieldElementId', () => {
  it('gives each field of a card its own id, and the card one for itself', () => {
    expect(fieldElementId('c1', 'schedule.endEpoch')).toBe('c1-schedule.endEpoch');
    expect(fieldElementId('c1', '')).toBe('c1-card');
  });
});
