import { describe, expect, it } from 'vitest';
import { builtinSpec } from '../../../src/manager/builtinSpecs';
import type { LossSpec } from '../../../src/manager/specValidation';
import {
  appendLosses,
  followSettings,
  initialEditorState,
  moveLossAt,
  removeLossAt,
  replaceDraft,
  revert,
  setSpecKey,
  updateLossAt,
} from '../../../src/ui/spec/editorState';

const names = (draft: unknown) => (draft as LossSpec).losses.map((l) => l.name);

describe('editor state', () => {
  it('gives each loss a key that follows it as losses move, go and come', () => {
    const start = initialEditorState(builtinSpec('dcgan'));
    expect(new Set(start.keys).size).toBe(3);
    const [a, b, c] = start.keys;
    const moved = moveLossAt(start, 0, 1);
    expect(names(moved.draft)).toEqual(['D_real', 'G_GAN', 'D_fake']);
    expect(moved.keys).toEqual([b, a, c]);
    expect(moveLossAt(start, 2, 1)).toEqual(start);
    const removed = removeLossAt(moved, 1);
    expect(removed.keys).toEqual([b, c]);
    const added = appendLosses(removed, [{ name: 'x' }, { name: 'y' }]);
    expect(added.keys.slice(0, 2)).toEqual([b, c]);
    expect(new Set(added.keys).size).toBe(4);
    expect(names(added.draft)).toEqual(['D_real', 'D_fake', 'x', 'y']);
  });

  it('follows the settings while the draft is unedited', () => {
    const first = builtinSpec('dcgan');
    const state = initialEditorState(first);
    const next = builtinSpec('lsgan');
    expect(followSettings(state, next)).toMatchObject({ draft: next, base: next, outdated: false });
    expect(followSettings(state, first)).toBe(state);
  });

  it('keeps an edited draft when the settings change, marked outdated', () => {
    const first = builtinSpec('dcgan');
    const edited = updateLossAt(initialEditorState(first), 0, { ...first.losses[0]!, loss_weight: 5 });
    const slider = { ...first, losses: first.losses.map((l, i) => (i === 1 ? { ...l, loss_weight: 2 } : l)) };
    const followed = followSettings(edited, slider);
    expect(followed).toMatchObject({ draft: edited.draft, base: slider, outdated: true });
    expect(revert(followed)).toMatchObject({ draft: slider, outdated: false });
  });

  it('is in step again once the draft is applied', () => {
    const first = builtinSpec('dcgan');
    const edited = updateLossAt(initialEditorState(first), 0, { ...first.losses[0]!, loss_weight: 5 });
    // applySpec puts the draft itself into the settings.
    expect(followSettings(edited, edited.draft as LossSpec)).toMatchObject({ base: edited.draft, outdated: false });
  });

  it('replaces the draft from the JSON view, a file or a built-in spec', () => {
    const state = initialEditorState(builtinSpec('dcgan'));
    const same = replaceDraft(state, builtinSpec('lsgan'));
    expect(same.keys).toEqual(state.keys);
    const fresh = replaceDraft(state, builtinSpec('lsgan'), true);
    expect(fresh.keys.some((k) => state.keys.includes(k))).toBe(false);
    expect(replaceDraft(state, 'not a spec').keys).toEqual([]);
    // Form edits do nothing to a draft the form cannot show.
    const broken = replaceDraft(state, { losses: 1 });
    expect(removeLossAt(broken, 0)).toBe(broken);
  });

  it("sets and clears the spec's own keys", () => {
    const state = initialEditorState(builtinSpec('dcgan'));
    expect((setSpecKey(state, 'name', 'mine').draft as LossSpec).name).toBe('mine');
    expect('description' in (setSpecKey(state, 'description', undefined).draft as object)).toBe(false);
  });
});
