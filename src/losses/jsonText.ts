/**
 * Helpers for error messages about JSON values (configs, specs, schedules, loss logs).
 * No dependencies at all: schedules and the page use them without tfjs.
 *
 * The values shown are the user's, so they may be anything JSON.parse or a caller makes:
 * 10,000 levels deep, circular, holding a BigInt, megabytes long. Nothing here throws, and
 * nothing here takes longer or makes more text than the budget asked for.
 */

/** The most levels `showValue` opens before writing `[...]` / `{...}`: enough for any message. */
const SHOW_DEPTH = 8;

/** Text built up to a budget; once over it, every further write is dropped. */
class Budget {
  readonly parts: string[] = [];
  length = 0;
  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  get spent(): boolean {
    return this.length > this.max;
  }

  write(text: string): void {
    if (this.spent) return;
    // Never keep more of one piece than could be shown: a 100 MB string costs only its slice.
    const piece = text.length > this.max + 1 ? text.slice(0, this.max + 1) : text;
    this.parts.push(piece);
    this.length += piece.length;
  }
}

function isView(value: object): boolean {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

function writeString(text: string, out: Budget, room: number): void {
  // JSON.stringify of a slice: quotes and escapes as JSON writes them, at the cost of the slice only.
  out.write(JSON.stringify(text.length > room ? text.slice(0, room + 1) : text));
}

function writeValue(value: unknown, out: Budget, depth: number, ancestors: object[], room: number): void {
  if (out.spent) return;
  switch (typeof value) {
    case 'string':
      return writeString(value, out, room);
    case 'bigint':
      return out.write(`${value.toString()}n`);
    case 'undefined':
      return out.write('undefined');
    case 'function':
      return out.write('[Function]');
    case 'symbol':
      return out.write(value.toString());
    case 'number':
    case 'boolean':
      return out.write(String(value));
    default:
  }
  if (value === null) return out.write('null');
  const object = value as object;
  if (ancestors.includes(object)) return out.write('[Circular]');
  const list = Array.isArray(object);
  if (isView(object)) return out.write(`[${object.constructor.name}]`);
  if (depth >= SHOW_DEPTH) return out.write(list ? '[...]' : '{...}');
  ancestors.push(object);
  if (list) {
    out.write('[');
    for (let i = 0; i < object.length && !out.spent; i++) {
      if (i > 0) out.write(',');
      // A hole, like JSON.stringify's null; an undefined item too.
      const item: unknown = object[i];
      writeValue(item === undefined ? null : item, out, depth + 1, ancestors, room);
    }
    out.write(']');
  } else {
    out.write('{');
    let first = true;
    for (const key in object) {
      if (out.spent) break;
      if (!Object.hasOwn(object, key)) continue;
      const item = (object as Record<string, unknown>)[key];
      // Left out, as JSON.stringify leaves them out.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      if (!first) out.write(',');
      first = false;
      writeString(key, out, room);
      out.write(':');
      writeValue(item, out, depth + 1, ancestors, room);
    }
    out.write('}');
  }
  ancestors.pop();
}

/**
 * A value as short JSON text, never "[object Object]"; numbers as JS writes them (NaN stays
 * NaN), a BigInt as `1n`, a value inside itself as `[Circular]`, levels past 8 as `[...]`.
 * At most `max` characters (longer text ends in `...`), whatever the value; never throws.
 */
export function showValue(value: unknown, max = 60): string {
  const limit = Math.max(4, Math.floor(max));
  try {
    const out = new Budget(limit);
    writeValue(value, out, 0, [], limit);
    const text = out.parts.join('');
    return text.length > limit ? `${text.slice(0, limit - 3)}...` : text;
  } catch {
    // A proxy or a getter that throws: say so rather than fail the message that shows it.
    return '(a value that cannot be read)';
  }
}

/**
 * The value at a path of keys inside a JSON value, or undefined where the path leaves it.
 * Only own properties count: `toString` is not in `{}`.
 */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  try {
    for (const key of path) {
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
      node = (node as Record<PropertyKey, unknown>)[key];
    }
  } catch {
    return undefined;
  }
  return node;
}

/** The largest error message a validator builds, in characters: a message is read, not scrolled. */
export const MAX_MESSAGE_LENGTH = 2000;

/** `text`, cut to `max` characters with a note of how much was left out. */
export function capMessage(text: string, max = MAX_MESSAGE_LENGTH): string {
  if (text.length <= max) return text;
  // The note is under 40 characters for any string a program can hold.
  const kept = Math.max(0, max - 40);
  return `${text.slice(0, kept)} ... (${text.length - kept} more characters)`;
}

/** The first `max` problems, then `and N more`: a message never lists 100,000 of them. */
export function listProblems(problems: readonly string[], max = 5): string[] {
  if (problems.length <= max) return [...problems];
  return [...problems.slice(0, max), `and ${problems.length - max} more`];
}
