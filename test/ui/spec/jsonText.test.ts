import { describe, expect, it } from 'vitest';
import { parseJsonText, prettyJson } from '../../../src/ui/spec/jsonText';

function errorOf(text: string): string {
  const result = parseJsonText(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
  expect(result.message.startsWith(`line ${result.line}, column ${result.column}: `)).toBe(true);
  return result.message;
}

describe('parseJsonText', () => {
  it('parses valid JSON, and prints a draft as it reads it back', () => {
    const spec = { name: 'x', losses: [{ name: 'G_L1', tags: ['G'], loss_weight: 1e-5 }] };
    expect(parseJsonText(prettyJson(spec))).toEqual({ ok: true, value: spec });
    expect(prettyJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n');
  });

  it('gives the line and column of the first syntax error, and why', () => {
    expect(errorOf('{\n  "a": 1\n  "b": 2\n}')).toBe("line 3, column 3: expected ',' or '}' after a value in an object, found '\"'");
    expect(errorOf('{"a": [1, 2,]}')).toBe('line 1, column 13: a trailing comma is not allowed in JSON');
    expect(errorOf('{"a": 1,}')).toBe('line 1, column 9: a trailing comma is not allowed in JSON');
    expect(errorOf("{'a': 1}")).toBe('line 1, column 2: expected a "key" in double quotes, found \'\'\'');
    expect(errorOf('{"a": \'x\'}')).toBe("line 1, column 7: strings take double quotes in JSON, not '");
    expect(errorOf('{"a": True}')).toBe("line 1, column 7: unexpected 'True': JSON has only true, false, null, numbers, \"strings\", [lists] and {objects}");
    expect(errorOf('{"a": "x\n"}')).toBe('line 1, column 9: this string is never closed on its line');
    expect(errorOf('{"a": 01}')).toBe("line 1, column 8: invalid number '01'");
    expect(errorOf('{"a": 1.}')).toBe("line 1, column 8: invalid number '1.'");
    expect(errorOf('{"a": "\\q"}')).toBe("line 1, column 8: invalid escape '\\q'");
    expect(errorOf('{"a": 1')).toBe("line 1, column 8: expected ',' or '}' after a value in an object, found the end of the text");
    expect(errorOf('{} x')).toBe("line 1, column 4: unexpected 'x' after the value");
    expect(errorOf('')).toBe('line 1, column 1: expected a value, found the end of the text');
  });

  it('refuses JSON nested deeper than the validators walk, at the bracket, without a stack overflow', () => {
    // Valid JSON 100 levels deep: the 65th bracket (column 11 + 64) is too deep; a draft holds only what JSON.stringify can write.
    expect(errorOf(`{"losses": ${'['.repeat(99)}${']'.repeat(99)}}`)).toBe('line 1, column 75: nested deeper than 64 levels');
    // Malformed and 1,000,000 deep: JSON.parse fails, and the scanner that finds the position stops at the limit.
    expect(errorOf('['.repeat(1_000_000))).toBe('line 1, column 65: nested deeper than 64 levels');
    expect(parseJsonText(`${'['.repeat(64)}${']'.repeat(64)}`).ok).toBe(true);
  });
});
