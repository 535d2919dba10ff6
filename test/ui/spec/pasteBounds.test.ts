// The paste box's hostile inputs from issue 11: each is a PythonDictError at its line and
// column, found quickly and before the huge value is made; nothing escapes the panel's entry.
import { afterEach, describe, expect, it } from 'vitest';
import { validateLossSpec } from '../../../src/manager/specValidation';
import { lossesFromPython, MAX_PASTED_LOSSES } from '../../../src/ui/spec/pastedLosses';
import { PASTE_LIMITS, parsePythonStatements, PythonDictError } from '../../../src/ui/spec/pythonDict';
import { expectPrototypesUntouched } from '../../helpers/prototypes';

/** `line:column reason` of the error a text raises, and the paste box's own result agreeing with it. */
function errorOf(text: string): string {
  let thrown: unknown;
  try {
    parsePythonStatements(text);
  } catch (error) {
    thrown = error;
  }
  if (!(thrown instanceof PythonDictError)) throw new Error(`expected a PythonDictError, got ${String(thrown)}`);
  expect(lossesFromPython(text)).toEqual({ ok: false, error: thrown.message, line: thrown.line, column: thrown.column });
  return `${thrown.line}:${thrown.column} ${thrown.reason}`;
}

/** Runs `fn` and fails when it takes longer than `ms` (a generous bound for a hang that took minutes). */
function quickly<T>(fn: () => T, ms = 2000): T {
  const start = performance.now();
  const result = fn();
  expect(performance.now() - start).toBeLessThan(ms);
  return result;
}

afterEach(expectPrototypesUntouched);

describe('the issue 11 pastes', () => {
  it("refuses 'a' * 10**9 before repeating the string", () => {
    expect(quickly(() => errorOf("x = 'a' * 10**9"))).toBe('1:9 this string would be 1,000,000,000 characters; the paste box takes 100,000');
  });

  it('refuses [0] * 10**8 before making the list', () => {
    expect(quickly(() => errorOf('dict(type="L1Loss", w=[0] * 10**8)'))).toBe('1:27 this list would have 100,000,000 items; the paste box takes 100,000');
  });

  it('refuses 40 lines of a = a + a at the line that grows past the bound', () => {
    const strings = ["a = 'aaaa'", ...Array<string>(40).fill('a = a + a')].join('\n');
    // 'aaaa' doubled 15 times is 131,072 characters.
    expect(quickly(() => errorOf(strings))).toBe('16:7 this string would be 131,072 characters; the paste box takes 100,000');
    const lists = ['a = [0, 1]', ...Array<string>(40).fill('a = a + a')].join('\n');
    // [0, 1] doubled 16 times is 131,072 items.
    expect(quickly(() => errorOf(lists))).toBe('17:7 this list would have 131,072 items; the paste box takes 100,000');
  });

  it('refuses values that grow by sharing, a = [a, a], by their size written out', () => {
    const text = ['a = 0', ...Array<string>(40).fill('a = [a, a]')].join('\n');
    // After k doublings a is 2^(k+1) - 1 values; the statements so far sum to 2^(k+2) - 2 - (k+1),
    // past 2,000,000 first at k = 19 (line 20): 2^21 - 2 - 20 = 2,097,130.
    expect(quickly(() => errorOf(text))).toBe('20:1 the values so far are too large together (2,097,130 items and characters; the paste box takes 2,000,000)');
    // One value alone: 2^20 - 1 values shared in a list of two is 2^21 - 1 = 2,097,151.
    expect(errorOf(`a = ${'['.repeat(1)}${Array(5).fill(0).join(', ')}] * 20000\nb = [a] * 20`)).toBe('2:9 this value would be too large (2,000,021 items and characters; the paste box takes 2,000,000)');
  });

  it('refuses deep nesting at the bracket past the limit, without a stack overflow', () => {
    const depth = 100_000;
    // 32 brackets are taken; the 33rd is refused.
    expect(parsePythonStatements(`${'['.repeat(32)}${']'.repeat(32)}`)).toHaveLength(1);
    expect(quickly(() => errorOf(`${'['.repeat(depth)}${']'.repeat(depth)}`))).toBe(`1:${PASTE_LIMITS.maxDepth + 1} nested deeper than 32 levels (brackets and operators)`);
    expect(quickly(() => errorOf(`x = ${'-'.repeat(depth)}1`))).toMatch(/^1:\d+ nested deeper than 32 levels \(brackets and operators\)$/);
    expect(quickly(() => errorOf(`x = 2${' ** 2'.repeat(depth)}`))).toMatch(/^1:\d+ nested deeper than 32 levels/);
    expect(quickly(() => errorOf(['a = 0', ...Array<string>(depth / 10).fill('a = [a]')].join('\n')))).toBe('34:5 this value would be nested deeper than 32 levels');
  });
});

describe('the other bounds', () => {
  it('refuses text past the length limit, a string literal past its own, and too many statements', () => {
    expect(errorOf(`x = 1 ${' '.repeat(PASTE_LIMITS.maxTextLength)}`)).toBe(`1:${PASTE_LIMITS.maxTextLength + 1} the text is 1,000,006 characters; the paste box takes 1,000,000`);
    expect(errorOf(`x = '${'s'.repeat(PASTE_LIMITS.maxStringLength + 1)}'`)).toBe('1:5 this string is longer than 100,000 characters, the most the paste box takes');
    // Each statement names a list of 100,000 values (100,001 with the list): the 20th passes 2,000,000.
    const many = ['b = [0] * 100000', ...Array<string>(30).fill('c = b')].join('\n');
    expect(errorOf(many)).toBe('20:1 the values so far are too large together (2,000,020 items and characters; the paste box takes 2,000,000)');
  });

  it('adds at most MAX_PASTED_LOSSES losses, and names the rest quickly', () => {
    const text = `x = [${"dict(type='L1Loss'), ".repeat(MAX_PASTED_LOSSES + 1)}]`;
    expect(lossesFromPython(text)).toEqual({ ok: false, error: '1001 loss dicts found; a paste adds at most 1000' });
    const result = quickly(() => lossesFromPython(`x = [${"dict(type='L1Loss'), ".repeat(MAX_PASTED_LOSSES)}]`, ['G_L1Loss']));
    if (!result.ok) throw new Error(result.error);
    expect(result.losses.map((l) => l.name).slice(0, 3)).toEqual(['G_L1Loss_2', 'G_L1Loss_3', 'G_L1Loss_4']);
    expect(result.losses.at(-1)!.name).toBe('G_L1Loss_1001');
  });

  it('keeps messages short even for a huge name', () => {
    const result = lossesFromPython(`x = ${'n'.repeat(500_000)}`);
    expect(!result.ok && result.error.length).toBeLessThanOrEqual(1100);
  });
});

describe("keys named '__proto__' and 'toString'", () => {
  it('names a loss by a __proto__ or toString key, keeping it a loss like any other', () => {
    const result = lossesFromPython("losses = {'__proto__': dict(type='L1Loss'), 'toString': dict(type='MSELoss')}");
    if (!result.ok) throw new Error(result.error);
    expect(result.losses.map((l) => [l.name, l.type])).toEqual([['__proto__', 'L1Loss'], ['toString', 'MSELoss']]);
  });

  it('keeps a __proto__ or toString option, for the spec check to name', () => {
    const result = lossesFromPython("dict(type='L1Loss', toString=1)\n{'type': 'MSELoss', '__proto__': {'polluted': True}}");
    if (!result.ok) throw new Error(result.error);
    const [l1, mse] = result.losses;
    expect(Object.keys(l1!)).toContain('toString');
    expect(Object.getOwnPropertyDescriptor(mse, '__proto__')?.value).toEqual({ polluted: true });
    expect((mse as unknown as Record<string, unknown>).polluted).toBeUndefined();
    const checked = validateLossSpec({ losses: result.losses });
    const messages = checked.ok ? [] : checked.errors;
    expect(messages).toContainEqual({ path: 'losses[0].toString', message: expect.stringMatching(/^G_L1Loss: L1Loss: unknown option "toString"/) });
    expect(messages).toContainEqual({ path: 'losses[1].__proto__', message: expect.stringMatching(/^G_MSELoss: MSELoss: unknown option "__proto__"/) });
  });
});
