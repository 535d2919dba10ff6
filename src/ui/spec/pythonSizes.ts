// The paste box's bounds. A pasted text is a program of sorts (`a = a + a` forty times doubles
// a value forty times), so each value the parser makes is measured, and every operation that
// makes a bigger one (`+`, `*`, a list, a dict) is checked BEFORE it allocates.

/** What a pasted MMagic config may be: far beyond any real config (a few KB, ~5 levels deep). */
export const PASTE_LIMITS = {
  /** Characters of pasted text. */
  maxTextLength: 1_000_000,
  /** Brackets and operators one inside another: `[[[1]]]` is 3. */
  maxDepth: 32,
  /** Characters of one string. */
  maxStringLength: 100_000,
  /** Items of one list, keys of one dict. */
  maxListLength: 100_000,
  /**
   * The size of one value, and of all statements' values together: one per number, string,
   * list and dict, plus one per character, counting a value each time it is used (a list of
   * 1,000 references to one dict is 1,000 dicts once written out as JSON).
   */
  maxValueSize: 2_000_000,
} as const;

/** A JSON value: what a Python literal becomes. */
export type PyValue = null | boolean | number | string | PyValue[] | { [key: string]: PyValue };

/** Fails at the token being evaluated: a PythonDictError with its line and column. */
export type Fail = (reason: string) => never;

/** `1,000,000`: limits and sizes as people read them. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** The sizes of the values one parse makes (each list and dict measured once, when made). */
export class ValueSizes {
  private readonly sizes = new WeakMap<object, { size: number; depth: number }>();

  of(value: PyValue): number {
    if (typeof value === 'string') return 1 + value.length;
    if (value === null || typeof value !== 'object') return 1;
    return this.sizes.get(value)?.size ?? 1;
  }

  /** Lists and dicts one inside another: `a = [a]` on many lines nests without a bracket. */
  depthOf(value: PyValue): number {
    return value !== null && typeof value === 'object' ? (this.sizes.get(value)?.depth ?? 1) : 0;
  }

  private record(value: object, size: number, depth: number, fail: Fail): void {
    if (depth > PASTE_LIMITS.maxDepth) fail(`this value would be nested deeper than ${PASTE_LIMITS.maxDepth} levels`);
    this.sizes.set(value, { size, depth });
  }

  private checked(size: number, fail: Fail): number {
    if (size > PASTE_LIMITS.maxValueSize) {
      fail(`this value would be too large (${count(size)} items and characters; the paste box takes ${count(PASTE_LIMITS.maxValueSize)})`);
    }
    return size;
  }

  private checkLength(length: number, what: string, fail: Fail): void {
    if (length > PASTE_LIMITS.maxListLength) fail(`this ${what} would have ${count(length)} items; the paste box takes ${count(PASTE_LIMITS.maxListLength)}`);
  }

  /** A list or dict just built from `children` (a dict's keys and values), measured. */
  made<T extends PyValue[] | { [key: string]: PyValue }>(value: T, children: readonly PyValue[], fail: Fail, length = children.length): T {
    this.checkLength(length, Array.isArray(value) ? 'list' : 'dict', fail);
    let size = 1;
    let depth = 0;
    for (const child of children) {
      size += this.of(child);
      depth = Math.max(depth, this.depthOf(child));
    }
    this.record(value, this.checked(size, fail), depth + 1, fail);
    return value;
  }

  /** `a + b` of two lists. */
  concat(a: PyValue[], b: PyValue[], fail: Fail): PyValue[] {
    this.checkLength(a.length + b.length, 'list', fail);
    const size = this.checked(this.of(a) + this.of(b) - 1, fail);
    const out = a.concat(b);
    this.record(out, size, Math.max(this.depthOf(a), this.depthOf(b)), fail);
    return out;
  }

  /** `seq * n` of a list. */
  repeatList(seq: PyValue[], n: number, fail: Fail): PyValue[] {
    const times = Math.max(0, n);
    if (seq.length === 0 || times === 0) return this.made([], [], fail);
    // Division first: seq.length * times may be past 2**53 and round.
    if (times > PASTE_LIMITS.maxListLength / seq.length) this.checkLength(seq.length * times, 'list', fail);
    const size = this.checked(1 + (this.of(seq) - 1) * times, fail);
    const out: PyValue[] = [];
    for (let i = 0; i < times; i++) for (const item of seq) out.push(item);
    this.record(out, size, this.depthOf(seq), fail);
    return out;
  }

  /** A string `length` characters long may be made. */
  checkString(length: number, fail: Fail): void {
    if (length > PASTE_LIMITS.maxStringLength) fail(`this string would be ${count(length)} characters; the paste box takes ${count(PASTE_LIMITS.maxStringLength)}`);
  }

  /** `s * n` of a string. */
  repeatString(s: string, n: number, fail: Fail): string {
    const times = Math.max(0, n);
    if (s.length === 0 || times === 0) return '';
    if (times > PASTE_LIMITS.maxStringLength / s.length) this.checkString(s.length * times, fail);
    return s.repeat(times);
  }
}
