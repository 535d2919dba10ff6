import { describe, expect, it } from 'vitest';
import { TOY_KINDS } from '../../src/engine/data/toyConfig';
import { PAIR_TASKS } from '../../src/engine/data/pairs';
import { MODEL_FAMILIES } from '../../src/engine/models/config';
import { OUTPUT_KEYS as ENGINE_OUTPUT_KEYS } from '../../src/engine/outputs';
import { BUILTIN_SPECS } from '../../src/manager';
import { defaultSettings, FAMILIES, OUTPUT_KEYS, PIX2PIX_TASKS, SPECS_BY_FAMILY, TOY_TARGETS } from '../../src/protocol/presets';

describe("the page's presets match the engine", () => {
  it('lists the same families, toy targets and pix2pix tasks', () => {
    expect([...FAMILIES]).toEqual([...MODEL_FAMILIES]);
    expect([...TOY_TARGETS]).toEqual([...TOY_KINDS]);
    expect([...PIX2PIX_TASKS]).toEqual([...PAIR_TASKS]);
  });

  it("lists the engine's outputs keys, in its order", () => {
    expect([...OUTPUT_KEYS]).toEqual([...ENGINE_OUTPUT_KEYS]);
  });

  it('offers only built-in specs that exist', () => {
    for (const names of Object.values(SPECS_BY_FAMILY)) for (const name of names) expect(BUILTIN_SPECS[name], name).toBeDefined();
  });

  it("gives each family's defaults its first spec", () => {
    expect(defaultSettings('pix2pix').spec.name).toBe('pix2pix/basic');
    expect(defaultSettings('toy').spec.name).toBe('toy/log-loss');
  });
});
