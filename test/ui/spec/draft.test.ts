import { describe, expect, it } from 'vitest';
import { builtinSpec } from '../../../src/manager/builtinSpecs';
import {
  addLoss,
  asFormSpec,
  jsonEqual,
  lossNames,
  moveLoss,
  newLoss,
  removeLoss,
  setDataInfoArg,
  setKey,
  setLossType,
  uniqueName,
  updateLoss,
  type FormSpec,
} from '../../../src/ui/spec/draft';

const basic = () => builtinSpec('pix2pix/basic') as unknown as FormSpec;

describe('draft edits', () => {
  it('sees a form only in an object with a losses list', () => {
    expect(asFormSpec({ losses: [] })).toEqual({ losses: [] });
    for (const draft of [null, [], 'x', { losses: 3 }, {}]) expect(asFormSpec(draft), JSON.stringify(draft)).toBeNull();
  });

  it('makes names unique with a numbered suffix', () => {
    expect(uniqueName('G_L1', [])).toBe('G_L1');
    expect(uniqueName('G_L1', ['G_L1', 'G_L1_2'])).toBe('G_L1_3');
  });

  it('adds a new L1 loss with a fresh name and nothing mapped', () => {
    const spec = basic();
    expect(lossNames(spec)).toEqual(['G_GAN', 'G_L1', 'D_real', 'D_fake']);
    expect(newLoss(lossNames(spec))).toEqual({ name: 'G_L1_2', type: 'L1Loss', loss_weight: 1, tags: ['G'], data_info: {} });
    const added = addLoss(spec);
    expect(added.losses).toHaveLength(5);
    expect((added.losses[4] as { name: string }).name).toBe('G_L1_2');
    expect(spec.losses).toHaveLength(4);
  });

  it('removes and moves losses, leaving the old draft as it was', () => {
    const spec = basic();
    expect(lossNames(removeLoss(spec, 1))).toEqual(['G_GAN', 'D_real', 'D_fake']);
    expect(lossNames(moveLoss(spec, 1, -1))).toEqual(['G_L1', 'G_GAN', 'D_real', 'D_fake']);
    expect(lossNames(moveLoss(spec, 1, 1))).toEqual(['G_GAN', 'D_real', 'G_L1', 'D_fake']);
    expect(moveLoss(spec, 0, -1)).toBe(spec);
    expect(moveLoss(spec, 3, 1)).toBe(spec);
    expect(lossNames(spec)).toEqual(['G_GAN', 'G_L1', 'D_real', 'D_fake']);
  });

  it('updates one loss; a loss that is no object is left alone', () => {
    const spec = { losses: [{ name: 'a' }, 'junk'] };
    expect(updateLoss(spec, 0, (l) => setKey(l, 'loss_weight', 2)).losses).toEqual([{ name: 'a', loss_weight: 2 }, 'junk']);
    expect(updateLoss(spec, 1, (l) => setKey(l, 'x', 1)).losses).toEqual(spec.losses);
  });

  it('sets a key in place and removes it with undefined', () => {
    expect(Object.keys(setKey({ a: 1, b: 2, c: 3 }, 'b', 9))).toEqual(['a', 'b', 'c']);
    expect(setKey({ a: 1, b: 2 }, 'b', undefined)).toEqual({ a: 1 });
  });

  it('maps and unmaps a data_info argument', () => {
    expect(setDataInfoArg({ name: 'x' }, 'pred', 'fake_b')).toEqual({ name: 'x', data_info: { pred: 'fake_b' } });
    expect(setDataInfoArg({ data_info: { pred: 'fake_b', target: 'real_b' } }, 'pred', '')).toEqual({ data_info: { target: 'real_b' } });
    expect(setDataInfoArg({ data_info: null }, 'pred', 'fake_b')).toEqual({ data_info: { pred: 'fake_b' } });
  });

  it("changes a loss's type keeping what the new type also takes", () => {
    const l1 = { name: 'G_L1', type: 'L1Loss', loss_weight: 100, reduction: 'sum', sample_wise: true, tags: ['G'], data_info: { pred: 'fake_b', target: 'real_b' }, schedule: null };
    expect(setLossType(l1, 'MSELoss')).toEqual({ ...l1, type: 'MSELoss' });
    // SobelLoss has reduction but no sample_wise.
    expect(setLossType(l1, 'SobelLoss')).toEqual({
      name: 'G_L1',
      type: 'SobelLoss',
      loss_weight: 100,
      reduction: 'sum',
      tags: ['G'],
      data_info: { pred: 'fake_b', target: 'real_b' },
      schedule: null,
    });
    // GANLoss takes neither option, and only `input` (not pred/target) from data_info.
    expect(setLossType(l1, 'GANLoss')).toEqual({ name: 'G_L1', type: 'GANLoss', loss_weight: 100, tags: ['G'], data_info: {}, schedule: null });
    // A type the catalog does not know changes only the type.
    expect(setLossType(l1, 'MyLoss')).toEqual({ ...l1, type: 'MyLoss' });
  });

  it('compares drafts as JSON', () => {
    expect(jsonEqual(basic(), basic())).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 2 })).toBe(false);
  });
});
