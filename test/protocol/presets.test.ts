import { describe, expect, it } from 'vitest';
import { TOY_KINDS } from '../../src/engine/data/toyConfig';
import { PAIR_TASKS } from '../../src/engine/data/pairs';
import { MODEL_FAMILIES } from '../../src/engine/models/config';
import { BUILTIN_SPECS } from '../../src/manager';
import { defaultSettings, FAMILIES, OUTPUT_KEYS, PIX2PIX_TASKS, SPECS_BY_FAMILY, TOY_TARGETS } from '../../src/protocol/presets';

describe("the page's presets match the engine", () => {
  it('lists the same families, toy targets and pix2pix tasks', () => {
    expect([...FAMILIES]).toEqual([...MODEL_FAMILIES]);
    expect([...TOY_TARGETS]).toEqual([...TOY_KINDS]);
    expect([...PIX2PIX_TASKS]).toEqual([...PAIR_TASKS]);
  });

  it('names every outputs key the built-in specs read (the engine and the editor share this one list)', () => {
    const read = Object.values(BUILTIN_SPECS).flatMap((spec) => spec.losses.flatMap((l) => Object.values(l.data_info ?? {})));
    expect(read.filter((key) => !(OUTPUT_KEYS as readonly string[]).includes(key))).toEqual([]);
    expect(new Set(read)).toEqual(new Set(['disc_pred_fake', 'disc_pred_real', 'fake_b', 'real_b', 'disc', 'real_imgs', 'fake_imgs']));
  });

  it('offers only built-in specs that exist', () => {
    for (const names of Object.values(SPECS_BY_FAMILY)) for (const name of names) expect(BUILTIN_SPECS[name], name).toBeDefined();
  });

  it("gives each family's defaults its first spec", () => {
    expect(defaultSettings('pix2pix').spec.name).toBe('pix2pix/basic');
    expect(defaultSettings('toy').spec.name).toBe('toy/log-loss');
  });
});
