import { describe, expect, it } from 'vitest';
import { checkJsonShape, JSON_SHAPE_LIMITS, jsonPath } from '../../src/losses/jsonShape';
import { capMessage, listProblems, MAX_MESSAGE_LENGTH, showValue, valueAt } from '../../src/losses/jsonText';

/** `[[[...1...]]]`, `levels` lists deep, built without recursion. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe('showValue', () => {
  it('writes JSON as JSON.stringify does, numbers as JS writes them', () => {
    expect(showValue({ a: [1, 'x', null, true], b: { c: 2 } })).toBe('{"a":[1,"x",null,true],"b":{"c":2}}');
    expect(showValue([NaN, Infinity, -0])).toBe('[NaN,Infinity,0]');
    expect(showValue(undefined)).toBe('undefined');
    expect(showValue({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(showValue('say "hi"')).toBe('"say \\"hi\\""');
  });

  it('shows what JSON.stringify throws on: a BigInt, a cycle, 10,000 levels', () => {
    expect(() => JSON.stringify({ w: 1n })).toThrow(TypeError);
    expect(showValue({ w: 1n })).toBe('{"w":1n}');
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(() => JSON.stringify(cycle)).toThrow(TypeError);
    expect(showValue(cycle)).toBe('{"a":1,"self":[Circular]}');
    expect(() => JSON.stringify(nested(10_000))).toThrow(RangeError);
    expect(showValue(nested(10_000))).toBe('[[[[[[[[[...]]]]]]]]]');
  });

  it('is at most `max` characters, however large the value, and reads only what it shows', () => {
    const big = 'x'.repeat(10_000_000);
    expect(showValue(big)).toBe(`"${'x'.repeat(56)}...`);
    expect(showValue(big)).toHaveLength(60);
    const wide = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(showValue(wide, 20)).toBe('[0,1,2,3,4,5,6,7,...');
    // A getter past the budget is never called; one within it that throws is reported, not thrown.
    const trap = [1, 2];
    Object.defineProperty(trap, 1, { get: () => { throw new Error('read'); } });
    expect(showValue(trap)).toBe('(a value that cannot be read)');
  });
});

describe('valueAt', () => {
  it('follows own keys only', () => {
    const json = JSON.parse('{"__proto__": {"a": [5, 6]}, "b": 1}') as unknown;
    expect(valueAt(json, ['__proto__', 'a', 1])).toBe(6);
    expect(valueAt(json, ['toString'])).toBeUndefined();
    expect(valueAt(json, ['b', 'c'])).toBeUndefined();
  });
});

describe('message caps', () => {
  it('cuts a message to the cap with a note of what was left out', () => {
    const text = 'y'.repeat(9_000_000);
    const capped = capMessage(text);
    expect(capped.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(capped).toMatch(/^y+ \.\.\. \(8998040 more characters\)$/);
    expect(capMessage('short')).toBe('short');
    expect(listProblems(['a', 'b', 'c'], 2)).toEqual(['a', 'b', 'and 1 more']);
  });
});

describe('checkJsonShape', () => {
  it('accepts JSON, shared values included', () => {
    const shared = { a: 1 };
    expect(checkJsonShape({ x: [shared, shared], y: 'z', n: NaN, u: undefined })).toBeNull();
    expect(checkJsonShape(nested(JSON_SHAPE_LIMITS.maxDepth))).toBeNull();
    expect(checkJsonShape(nested(JSON_SHAPE_LIMITS.maxDepth + 1))).not.toBeNull();
  });

  it('names the path of what is too deep, not JSON, or too large', () => {
    expect(checkJsonShape({ a: [nested(100)] })).toEqual({ keys: ['a', 0, ...Array<number>(62).fill(0)], message: 'nested deeper than 64 levels' });
    expect(checkJsonShape(nested(1_000_000))?.message).toBe('nested deeper than 64 levels');
    expect(checkJsonShape({ losses: [{ w: 3n }] })).toEqual({ keys: ['losses', 0, 'w'], message: 'not JSON: a BigInt (3n); write it as a number' });
    const cycle: Record<string, unknown> = {};
    cycle.again = { back: cycle };
    expect(checkJsonShape(cycle)).toEqual({ keys: ['again', 'back'], message: 'not JSON: a cycle (this value contains itself)' });
    expect(checkJsonShape({ f: () => 1 })?.message).toBe('not JSON: a function');
    // Sharing: 30 levels of [a, a] stand for 2^30 lists once written out.
    let doubled: unknown = [];
    for (let i = 0; i < 30; i++) doubled = [doubled, doubled];
    expect(checkJsonShape(doubled)?.message).toMatch(/^too large: more than 1,000,000 objects and lists/);
    expect(checkJsonShape(new Proxy({}, { ownKeys: () => { throw new Error('no'); } }))).toEqual({ keys: [], message: 'cannot be read as JSON' });
  });

  it('writes a path with odd keys quoted', () => {
    expect(jsonPath('', ['losses', 2, 'data_info', 'a b'])).toBe('losses[2].data_info["a b"]');
    expect(jsonPath('schedule', ['keyframes', 1, 0])).toBe('schedule.keyframes[1][0]');
    expect(jsonPath('x', ['k'.repeat(1000)])).toHaveLength(2 + 40 + 1);
  });
});
