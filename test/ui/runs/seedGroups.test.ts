import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../src/protocol/presets';
import type { RunSettings } from '../../../src/protocol/messages';
import { canonicalJson, groupBySeed, seedGroupKey, seedsText } from '../../../src/ui/runs/seedGroups';

const toy = defaultSettings('toy');
const withSeed = (seed: number, patch: Partial<RunSettings> = {}): RunSettings => ({ ...toy, ...patch, seed });
const run = (number: number, settings: RunSettings | null) => ({ id: `run-${number}`, number, settings });

describe('canonicalJson', () => {
  it('writes equal values as equal text whatever their key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,{"x":1,"y":2}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    // As JSON.stringify: undefined left out of objects, null in arrays; non-finite numbers null.
    expect(canonicalJson({ a: undefined, b: [undefined, NaN, -Infinity], c: null })).toBe('{"b":[null,null,null],"c":null}');
  });

  it("writes a '__proto__' key as any other, never touching a prototype", () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": 1}, "a": 1}') as object;
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"polluted":1},"a":1}');
    expect(canonicalJson(JSON.parse('{"__proto__": {"polluted": 2}, "a": 1}'))).not.toBe(canonicalJson(parsed));
    // An object without the key is another value.
    expect(canonicalJson({ a: 1 })).toBe('{"a":1}');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(canonicalJson(JSON.parse('{"toString": 1, "constructor": 2}'))).toBe('{"constructor":2,"toString":1}');
  });

  it('refuses a value inside itself and one nested past 64 levels', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow('a value that contains itself');
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow('nested deeper than 64 levels');
    // A value used twice is not a cycle.
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});

describe('grouping runs by seed', () => {
  it('keys runs by their settings less the seed', () => {
    expect(seedGroupKey({ settings: withSeed(1) })).toBe(seedGroupKey({ settings: withSeed(2) }));
    expect(seedGroupKey({ settings: withSeed(1) })).not.toBe(seedGroupKey({ settings: withSeed(1, { batchSize: toy.batchSize + 1 }) }));
    expect(seedGroupKey({ settings: withSeed(1) })).not.toContain('"seed"');
    // The key order of stored settings does not matter.
    const reordered = Object.fromEntries(Object.entries(withSeed(9)).reverse()) as unknown as RunSettings;
    expect(seedGroupKey({ settings: reordered })).toBe(seedGroupKey({ settings: withSeed(1) }));
    // A seed nested elsewhere (a loss option) is a setting like any other.
    const spec = (seed: number) => ({ ...toy.spec, losses: toy.spec.losses.map((l, i) => (i === 0 ? { ...l, seed } : l)) });
    expect(seedGroupKey({ settings: withSeed(1, { spec: spec(1) }) })).not.toBe(seedGroupKey({ settings: withSeed(1, { spec: spec(2) }) }));
  });

  it("tells apart specs that differ only under a '__proto__' key", () => {
    const spec = (text: string) => JSON.parse(`{"name": "x", "losses": [{"type": "GANLoss", "__proto__": ${text}}]}`) as RunSettings['spec'];
    const a = seedGroupKey({ settings: withSeed(1, { spec: spec('{"w": 1}') }) });
    const b = seedGroupKey({ settings: withSeed(2, { spec: spec('{"w": 2}') }) });
    expect(a).not.toBeNull();
    expect(a).not.toBe(b);
    expect(seedGroupKey({ settings: withSeed(3, { spec: spec('{"w": 1}') }) })).toBe(a);
  });

  it('never groups a run without settings (an imported log) or with settings that are not JSON', () => {
    expect(seedGroupKey({ settings: null })).toBeNull();
    const cyclic = withSeed(1) as RunSettings & { self?: unknown };
    cyclic.self = cyclic;
    expect(seedGroupKey({ settings: cyclic })).toBeNull();
  });

  it('groups two or more runs of one key, oldest first, in the order their first member is listed', () => {
    const other = (seed: number) => withSeed(seed, { batchSize: toy.batchSize * 2 });
    const runs = [run(6, withSeed(3)), run(5, other(1)), run(4, null), run(3, withSeed(2)), run(2, other(2)), run(1, withSeed(1)), run(7, withSeed(5, { dSteps: 2 }))];
    const groups = groupBySeed(runs);
    expect(groups.map((g) => g.members.map((m) => m.number))).toEqual([
      [1, 3, 6],
      [2, 5],
    ]);
    expect(seedsText(groups[0]!.members)).toBe('seeds 1, 2 and 3');
    expect(seedsText([run(1, withSeed(4))])).toBe('seed 4');
  });
});
