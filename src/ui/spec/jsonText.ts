// JSON text as the JSON view and spec files hold it: parsed with JSON.parse, and when that
// fails, the first error found again by a small scanner, so every browser reports the same
// line, column and reason (their JSON.parse messages differ, and Safari's gives no position).
// JSON nested deeper than the parsers take (JSON_SHAPE_LIMITS) is refused here, at its line and
// column, so a draft never holds what JSON.stringify or a validator cannot walk.
import { checkJsonShape, JSON_SHAPE_LIMITS, jsonPath } from '../../losses/jsonShape';

export type JsonText =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string; readonly line: number; readonly column: number };

/** The draft as the JSON view shows it. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

class JsonSyntaxError extends Error {
  readonly offset: number;

  constructor(offset: number, message: string) {
    super(message);
    this.offset = offset;
  }
}

function found(text: string, i: number): string {
  return i >= text.length ? 'the end of the text' : `'${text[i]}'`;
}

/** Finds the first syntax error of JSON text (throws it); returns when the text is valid. */
class Scanner {
  private i = 0;
  /** Lists and objects open around `i`: bounded, so 100,000 `[` fail here rather than overflow the stack. */
  private depth = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  run(): void {
    this.space();
    this.value();
    this.space();
    if (this.i < this.text.length) this.fail(`unexpected ${found(this.text, this.i)} after the value`);
  }

  private fail(message: string, at = this.i): never {
    throw new JsonSyntaxError(at, message);
  }

  private space(): void {
    while (/[ \t\n\r]/.test(this.text[this.i] ?? '')) this.i++;
  }

  private value(): void {
    const ch = this.text[this.i];
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return this.string();
    if (ch === '-' || /[0-9]/.test(ch ?? '')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return;
      }
    }
    if (ch === "'") this.fail("strings take double quotes in JSON, not '");
    const word = /^[A-Za-z_]+/.exec(this.text.slice(this.i))?.[0];
    if (word) this.fail(`unexpected '${word}': JSON has only true, false, null, numbers, "strings", [lists] and {objects}`);
    this.fail(`expected a value, found ${found(this.text, this.i)}`);
  }

  private open(): void {
    if (++this.depth > JSON_SHAPE_LIMITS.maxDepth) this.fail(`nested deeper than ${JSON_SHAPE_LIMITS.maxDepth} levels`);
    this.i++;
  }

  private object(): void {
    this.open();
    this.space();
    if (this.text[this.i] === '}') {
      this.i++;
      this.depth--;
      return;
    }
    for (;;) {
      this.space();
      if (this.text[this.i] !== '"') {
        this.fail(this.text[this.i] === '}' ? 'a trailing comma is not allowed in JSON' : `expected a "key" in double quotes, found ${found(this.text, this.i)}`);
      }
      this.string();
      this.space();
      if (this.text[this.i] !== ':') this.fail(`expected ':' after the key, found ${found(this.text, this.i)}`);
      this.i++;
      this.space();
      this.value();
      this.space();
      const next = this.text[this.i];
      this.i++;
      if (next === '}') {
        this.depth--;
        return;
      }
      if (next !== ',') this.fail(`expected ',' or '}' after a value in an object, found ${found(this.text, this.i - 1)}`, this.i - 1);
    }
  }

  private array(): void {
    this.open();
    this.space();
    if (this.text[this.i] === ']') {
      this.i++;
      this.depth--;
      return;
    }
    for (;;) {
      this.space();
      if (this.text[this.i] === ']') this.fail('a trailing comma is not allowed in JSON');
      this.value();
      this.space();
      const next = this.text[this.i];
      this.i++;
      if (next === ']') {
        this.depth--;
        return;
      }
      if (next !== ',') this.fail(`expected ',' or ']' after a value in a list, found ${found(this.text, this.i - 1)}`, this.i - 1);
    }
  }

  private string(): void {
    const start = this.i;
    this.i++;
    for (;;) {
      const ch = this.text[this.i];
      if (ch === undefined) this.fail('this string is never closed', start);
      if (ch === '"') {
        this.i++;
        return;
      }
      if (ch < ' ') this.fail(ch === '\n' ? 'this string is never closed on its line' : 'a control character must be escaped in a string');
      if (ch === '\\') {
        const esc = this.text[this.i + 1] ?? '';
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) this.fail('\\u takes four hex digits');
          this.i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(esc) || esc === '') this.fail(`invalid escape '\\${esc}'`);
        this.i += 2;
        continue;
      }
      this.i++;
    }
  }

  private number(): void {
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(this.text.slice(this.i));
    if (!match) this.fail(`invalid number starting ${found(this.text, this.i)}`);
    this.i += match[0].length;
    if (/[0-9.eE]/.test(this.text[this.i] ?? '')) this.fail(`invalid number '${match[0]}${this.text[this.i]}'`);
  }
}

/** 1-based line and column of an offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** The scanner's first problem with the text, at its line and column, or null when it finds none. */
function scanned(text: string): JsonText | null {
  try {
    new Scanner(text).run();
    return null;
  } catch (syntax) {
    if (!(syntax instanceof JsonSyntaxError)) return null;
    const { line, column } = lineColumn(text, syntax.offset);
    return { ok: false, message: `line ${line}, column ${column}: ${syntax.message}`, line, column };
  }
}

/**
 * Parses JSON text; a syntax error comes with its 1-based line and column and a reason, and
 * so does JSON nested deeper than JSON_SHAPE_LIMITS allows (or too large to walk).
 */
export function parseJsonText(text: string): JsonText {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    // Else the scanner found nothing JSON.parse did: report the browser's own words.
    return scanned(text) ?? { ok: false, message: (error as Error).message, line: 1, column: 1 };
  }
  const shape = checkJsonShape(value);
  if (shape === null) return { ok: true, value };
  return scanned(text) ?? { ok: false, message: `line 1, column 1: ${jsonPath('', shape.keys) || 'the value'}: ${shape.message}`, line: 1, column: 1 };
}
