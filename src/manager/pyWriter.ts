// Python source as OpenMMLab's configs write it: literals escaped as repr() would, dicts on
// one line when they fit in 79 columns, comments wrapped. Pure string work (pythonConfig.ts
// writes MMagic configs with it).
import { formatPyFloat } from './pyFormat';

export const INDENT = '    ';
/** OpenMMLab's configs wrap at 79 columns (yapf); comments and short dicts follow suit. */
export const WIDTH = 79;

/** Options MMagic reads as floats, written 1.0 even when the JSON number is whole. */
export const FLOAT_OPTIONS = new Set(['loss_weight', 'real_label_val', 'fake_label_val', 'eps', 'decay', 'pixel_loss_weight']);

const PY_KEYWORDS = new Set(
  ('False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try while with yield').split(' '),
);
const PY_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };


export type Field = readonly [key: string, value: unknown];

/** Python source written as it is, where JSON has no word for it: a tuple, `(0.5, 0.999)`. */
export class PyCode {
  readonly code: string;

  constructor(code: string) {
    this.code = code;
  }
}

/** A tuple literal (MMagic's transforms check `scale` with is_tuple_of: a list is refused). */
export function pyTuple(items: readonly unknown[], key?: string): PyCode {
  const inner = items.map((item) => pyLiteral(item, key));
  return new PyCode(`(${inner.join(', ')}${inner.length === 1 ? ',' : ''})`);
}

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}

/** A control character (C0, DEL, C1) or a lone surrogate: never written raw. */
function isUnsafe(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code < 0xa0) || (code >= 0xd800 && code <= 0xdfff);
}

/** A single-quoted Python string, escaped as Python's repr() would. */
export function pyString(text: string): string {
  let out = '';
  // for-of walks code points, so a surrogate pair stays one character and only a lone half is escaped.
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += PY_ESCAPES[ch] ?? (isUnsafe(code) ? (code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`) : ch);
  }
  return `'${out}'`;
}

function pyNumber(value: number, float: boolean): string {
  if (Number.isNaN(value)) return "float('nan')";
  if (!Number.isFinite(value)) return value > 0 ? "float('inf')" : "-float('inf')";
  if (!float && Number.isInteger(value)) return BigInt(value).toString();
  if (Object.is(value, -0)) return '-0.0';
  return formatPyFloat(value);
}

export function isPyIdentifier(key: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !PY_KEYWORDS.has(key);
}

/**
 * A JSON value as a Python literal: 'text', True/False/None, [lists], dict(...). Numbers are
 * ints when whole, except under a float option (`loss_weight`, `eps`, ...), which MMagic reads
 * as floats: `interval=16` but `loss_weight=80.0`. A list's items take the list's key.
 */
export function pyLiteral(value: unknown, key?: string): string {
  if (value === null || value === undefined) return 'None';
  if (value instanceof PyCode) return value.code;
  switch (typeof value) {
    case 'boolean':
      return value ? 'True' : 'False';
    case 'string':
      return pyString(value);
    case 'bigint':
      return value.toString();
    case 'number':
      return pyNumber(value, key !== undefined && FLOAT_OPTIONS.has(key));
    case 'object':
      if (Array.isArray(value)) return `[${value.map((item: unknown) => pyLiteral(item, key)).join(', ')}]`;
      return pyDict(Object.entries(value), null);
    default:
      throw new TypeError(`pyLiteral: a ${typeof value} has no Python literal`);
  }
}

/**
 * `dict(key=value, ...)`, or `{'key': value, ...}` when a key is no Python identifier. Inline
 * when `indent` is null; otherwise one field a line under `indent` (where the line holding
 * `dict(` starts), a nested dict too long for its line broken the same way.
 */
export function pyDict(fields: readonly Field[], indent: string | null): string {
  const present = fields.filter(([, value]) => value !== undefined);
  const kwargs = present.every(([key]) => isPyIdentifier(key));
  const [open, close] = kwargs ? ['dict(', ')'] : ['{', '}'];
  const inner = indent === null ? null : indent + INDENT;
  const items = present.map(([key, value]) => {
    const head = kwargs ? `${key}=` : `${pyString(key)}: `;
    const inline = head + pyLiteral(value, key);
    const nested = value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof PyCode);
    // +2 for the comma or the closing brackets after it.
    if (inner === null || !nested || inner.length + inline.length + 2 <= WIDTH) return inline;
    return head + pyDict(Object.entries(value), inner);
  });
  if (inner === null || items.length === 0) return `${open}${items.join(', ')}${close}`;
  return `${open}\n${items.map((item) => inner + item).join(',\n')}${close}`;
}

/** `# text` lines under `indent`, wrapped at the page width; newlines in `text` start new lines. */
export function comment(text: string, indent: string): string[] {
  const room = WIDTH - indent.length - 2;
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    // Python rejects a NUL anywhere in the source, comments included.
    const safe = [...paragraph].map((ch) => (isUnsafe(ch.codePointAt(0)!) && ch !== '\t' ? JSON.stringify(ch).slice(1, -1) : ch));
    let line = '';
    for (const word of safe.join('').split(' ')) {
      if (line !== '' && line.length + 1 + word.length > room) {
        lines.push(line);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    lines.push(line);
  }
  return lines.map((line) => (line === '' ? `${indent}#` : `${indent}# ${line}`));
}

/** `key=dict(...),` on one line when it fits, else one field a line. */
export function assignment(key: string, fields: readonly Field[], indent: string): string[] {
  const inline = `${indent}${key}=${pyDict(fields, null)},`;
  return inline.length <= WIDTH ? [inline] : `${indent}${key}=${pyDict(fields, indent)},`.split('\n');
}
