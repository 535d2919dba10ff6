// Python's binary operators on the values the paste box reads: arithmetic with Python's
// semantics, `+` and `*` on strings and lists, each result's size checked before it is made.
import type { Fail, PyValue, ValueSizes } from './pythonSizes';

function isDict(value: PyValue): value is { [key: string]: PyValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value's type as Python names it, for messages. */
export function typeName(value: PyValue): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return 'list';
  if (isDict(value)) return 'dict';
  return { boolean: 'bool', number: 'number', string: 'str' }[typeof value as 'boolean' | 'number' | 'string'];
}

function arithmetic(op: string, a: number, b: number, fail: Fail): number {
  if (b === 0 && ['/', '//', '%'].includes(op)) fail('division by zero');
  const value = (() => {
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return a / b;
      case '//':
        return Math.floor(a / b);
      case '%':
        // Python's modulo takes the divisor's sign.
        return a - b * Math.floor(a / b);
      default:
        return a ** b;
    }
  })();
  if (!Number.isFinite(value)) fail(`the result (${value}) is not a finite number, which JSON cannot hold`);
  return value;
}

/** `a op b`; `fail` reports at the operator. */
export function binary(op: string, a: PyValue, b: PyValue, sizes: ValueSizes, fail: Fail): PyValue {
  const bad = (): never => fail(`unsupported operand types for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
  if (typeof a === 'number' && typeof b === 'number') return arithmetic(op, a, b, fail);
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') {
      sizes.checkString(a.length + b.length, fail);
      return a + b;
    }
    if (Array.isArray(a) && Array.isArray(b)) return sizes.concat(a, b, fail);
    return bad();
  }
  if (op === '*') {
    const [seq, n] = typeof a === 'number' ? [b, a] : [a, b];
    if (typeof n !== 'number' || !Number.isInteger(n)) return bad();
    if (typeof seq === 'string') return sizes.repeatString(seq, n, fail);
    if (Array.isArray(seq)) return sizes.repeatList(seq, n, fail);
  }
  return bad();
}
