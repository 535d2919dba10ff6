// The tokens of Python literal text, for pythonDict.ts: names, numbers, strings (with
// Python's escapes and prefixes), operators and the newlines that end statements; comments and
// newlines inside brackets are skipped, as Python does.
import { capMessage } from '../../losses/jsonText';
import { count, PASTE_LIMITS } from './pythonSizes';

/** A syntax or evaluation error, at a 1-based line and column of the text. */
export class PythonDictError extends Error {
  override readonly name = 'PythonDictError';
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(line: number, column: number, reason: string) {
    const bounded = capMessage(reason, 1000);
    super(`line ${line}, column ${column}: ${bounded}`);
    this.line = line;
    this.column = column;
    this.reason = bounded;
  }
}

export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'newline' | 'end';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** The value of a number or string token. */
  readonly value?: number | string;
  readonly offset: number;
}

const OPERATORS = ['**', '//', '==', '(', ')', '[', ']', '{', '}', ',', ':', '=', '+', '-', '*', '/', '%', ';', '.'];
const OPENERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

/** 1-based line and column of an offset. */
export function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function describeToken(token: Token): string {
  if (token.kind === 'end') return 'the end of the text';
  if (token.kind === 'newline') return 'the end of the line';
  return `'${token.text.length > 40 ? `${token.text.slice(0, 37)}...` : token.text}'`;
}

/** Splits the text into tokens, ending with an `end` token; throws a PythonDictError at the first bad character. */
export class Lexer {
  private readonly tokens: Token[] = [];
  private i = 0;
  /** Open brackets: newlines inside them do not end a statement, as in Python. */
  private readonly brackets: { char: string; offset: number }[] = [];
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  fail(offset: number, reason: string): never {
    const { line, column } = position(this.text, offset);
    throw new PythonDictError(line, column, reason);
  }

  run(): Token[] {
    const { text } = this;
    while (this.i < text.length) {
      const ch = text[this.i]!;
      if (ch === '#') {
        while (this.i < text.length && text[this.i] !== '\n') this.i++;
      } else if (ch === '\n') {
        if (this.brackets.length === 0) this.push('newline', '\n', this.i);
        this.i++;
      } else if (ch === '\\' && /^\\\r?\n/.test(text.slice(this.i, this.i + 3))) {
        this.i += text[this.i + 1] === '\r' ? 3 : 2;
      } else if (/\s/.test(ch)) {
        this.i++;
      } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[this.i + 1] ?? ''))) {
        this.number();
      } else if (/[A-Za-z_]/.test(ch)) {
        this.nameOrString();
      } else if (ch === "'" || ch === '"') {
        this.string(this.i, '');
      } else {
        this.operator();
      }
    }
    const open = this.brackets.at(-1);
    if (open) this.fail(open.offset, `'${open.char}' is never closed`);
    this.push('end', '', text.length);
    return this.tokens;
  }

  private push(kind: TokenKind, text: string, offset: number, value?: number | string): void {
    this.tokens.push(value === undefined ? { kind, text, offset } : { kind, text, offset, value });
  }

  private operator(): void {
    const start = this.i;
    const op = OPERATORS.find((candidate) => this.text.startsWith(candidate, start));
    if (op === undefined) this.fail(start, `unexpected character '${this.text[start]}'`);
    if (OPENERS[op]) this.brackets.push({ char: op, offset: start });
    if (op === ')' || op === ']' || op === '}') {
      const open = this.brackets.pop();
      if (open === undefined) this.fail(start, `'${op}' closes nothing`);
      if (OPENERS[open.char] !== op) this.fail(start, `'${op}' does not match '${open.char}' opened before`);
    }
    this.i += op.length;
    this.push('op', op, start);
  }

  private number(): void {
    const start = this.i;
    const rest = this.text.slice(start);
    const match =
      /^0[xX](?:_?[0-9a-fA-F])+|^0[oO](?:_?[0-7])+|^0[bB](?:_?[01])+/.exec(rest) ??
      /^(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?/.exec(rest)!;
    const literal = match[0];
    this.i += literal.length;
    if (/^[A-Za-z_0-9]/.test(this.text.slice(this.i))) this.fail(start, `invalid number '${literal}${this.text[this.i]}'`);
    const digits = literal.replaceAll('_', '');
    const prefixed = /^0[xXoObB]/.test(digits);
    // Python 3 rejects a leading zero on a decimal integer (010): it was octal in Python 2.
    if (!prefixed && /^0[0-9]+$/.test(digits) && !/^0+$/.test(digits)) this.fail(start, `leading zeros are not allowed in '${literal}'`);
    const value = prefixed ? Number(digits.slice(0, 2).toLowerCase() + digits.slice(2)) : Number(digits);
    this.push('number', literal, start, value);
  }

  private nameOrString(): void {
    const start = this.i;
    const [word] = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(start))!;
    const quote = this.text[start + word.length];
    if ((quote === "'" || quote === '"') && /^(?:r|u|R|U|b|B|f|F|rb|br|fr|rf)$/i.test(word)) {
      if (/[bf]/i.test(word)) this.fail(start, `${/b/i.test(word) ? 'bytes' : 'f-string'} literals are not supported`);
      this.string(start, word.toLowerCase());
      return;
    }
    this.i += word.length;
    this.push('name', word, start);
  }

  private string(start: number, prefix: string): void {
    const { text } = this;
    this.i = start + prefix.length;
    const quote = text[this.i]!;
    const triple = text.startsWith(quote.repeat(3), this.i);
    const close = triple ? quote.repeat(3) : quote;
    this.i += close.length;
    let value = '';
    for (;;) {
      if (this.i >= text.length) this.fail(start, 'this string is never closed');
      if (text.startsWith(close, this.i)) break;
      const ch = text[this.i]!;
      if (ch === '\n' && !triple) this.fail(start, 'this string is never closed on its line');
      if (value.length > PASTE_LIMITS.maxStringLength) this.fail(start, `this string is longer than ${count(PASTE_LIMITS.maxStringLength)} characters, the most the paste box takes`);
      if (ch === '\\' && prefix !== 'r') {
        value += this.escape();
        continue;
      }
      if (ch === '\\' && this.i + 1 < text.length) {
        // A raw string keeps the backslash, but it still protects a quote from closing it.
        value += text.slice(this.i, this.i + 2);
        this.i += 2;
        continue;
      }
      value += ch;
      this.i++;
    }
    if (value.length > PASTE_LIMITS.maxStringLength) this.fail(start, `this string is longer than ${count(PASTE_LIMITS.maxStringLength)} characters, the most the paste box takes`);
    this.i += close.length;
    this.push('string', text.slice(start, this.i), start, value);
  }

  /** The character(s) an escape sequence stands for; `this.i` is at the backslash. */
  private escape(): string {
    const { text } = this;
    const at = this.i;
    const next = text[at + 1] ?? '';
    if (next === '\n') {
      this.i += 2;
      return '';
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      this.i += 2;
      return simple;
    }
    const width = { x: 2, u: 4, U: 8 }[next];
    if (width !== undefined) {
      const hex = text.slice(at + 2, at + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) this.fail(at, `invalid escape '\\${next}${hex}'`);
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) this.fail(at, `invalid escape '\\${next}${hex}': not a Unicode code point`);
      this.i += 2 + width;
      return String.fromCodePoint(code);
    }
    if (next === 'N') this.fail(at, "named escapes (\\N{...}) are not supported");
    // Python keeps an unknown escape as it is, backslash and all.
    this.i += 1;
    return '\\';
  }
}
