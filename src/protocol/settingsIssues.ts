// Problems of a run's settings, each at the JSON path of its field, and their text: bounded in
// count and length, so a hostile value (100,000 keyframes, a deep or circular object) makes a
// short message rather than megabytes or a throw.
import type { z } from 'zod';
import { showValue, valueAt } from '../losses/jsonText';

/** One problem: the field's JSON path (`optimizers.G.learningRate`, `spec.losses[0].name`) and what is wrong. */
export interface SettingsIssue {
  readonly path: string;
  readonly message: string;
}

/** Issues kept per check; the rest are counted. */
export const MAX_ISSUES = 20;
/** Issues a message lists before "(and N more)". */
export const MAX_ISSUES_SHOWN = 5;
/** Characters of one issue's text. */
export const MAX_ISSUE_CHARS = 240;

/** A value as short JSON text, never a throw (BigInt, circular or very deep values included). */
export function shown(value: unknown): string {
  try {
    return showValue(value, 60);
  } catch {
    return typeof value === 'bigint' ? `${value}n` : `a ${typeof value} that cannot be shown as JSON`;
  }
}

/** "got 3", or what a missing field is called. */
export function got(value: unknown): string {
  return value === undefined ? 'got nothing (the field is missing)' : `got ${shown(value)}`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A path of keys as JSON paths are written here: `a.b[0].c`; a key that is not a name (empty,
 * with spaces or dots) in brackets as JSON, `model[""]`, so every path says where it points.
 */
export function joinPath(prefix: string, keys: readonly PropertyKey[]): string {
  return keys.reduce<string>((p, k) => {
    if (typeof k === 'number') return `${p}[${k}]`;
    const name = String(k);
    if (!IDENTIFIER.test(name)) return `${p}[${JSON.stringify(name.length > 60 ? `${name.slice(0, 57)}...` : name)}]`;
    return p === '' ? name : `${p}.${name}`;
  }, prefix);
}

/** The object schema at a path inside a schema, for naming the keys an object takes. */
function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | null {
  let node: unknown = schema;
  for (const key of [...path, null]) {
    // Optional and default wrappers hold the real schema in `unwrap()`.
    while (node && typeof (node as { unwrap?: unknown }).unwrap === 'function') node = (node as { unwrap(): unknown }).unwrap();
    const shape = (node as { shape?: Record<string, unknown> } | null)?.shape;
    if (!shape) return null;
    if (key === null) return Object.keys(shape);
    node = Object.hasOwn(shape, key) ? shape[key as string] : null;
  }
  return null;
}

/** A zod error as issues at their paths from `prefix`, with the value that came; unknown keys each named. */
export function zodIssues(error: z.ZodError, input: unknown, schema: z.ZodType, prefix = ''): SettingsIssue[] {
  return error.issues.flatMap((issue): SettingsIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      const known = objectKeysAt(schema, issue.path);
      const expected = known ? `; expected one of ${known.join(', ')}` : '';
      return issue.keys.map((key) => ({ path: joinPath(prefix, [...issue.path, key]), message: `unknown field${expected}` }));
    }
    return [{ path: joinPath(prefix, issue.path) || '(settings)', message: `${issue.message}, ${got(valueAt(input, issue.path))}` }];
  });
}

/** Keeps the first MAX_ISSUES, each cut to MAX_ISSUE_CHARS, and counts the rest. */
export function boundIssues(issues: readonly SettingsIssue[]): { issues: SettingsIssue[]; omitted: number } {
  const cut = (text: string) => (text.length > MAX_ISSUE_CHARS ? `${text.slice(0, MAX_ISSUE_CHARS - 3)}...` : text);
  return {
    issues: issues.slice(0, MAX_ISSUES).map((issue) => ({ path: cut(issue.path), message: cut(issue.message) })),
    omitted: Math.max(0, issues.length - MAX_ISSUES),
  };
}

/** "path: problem; path: problem (and 3 more)": the first few issues, bounded. */
export function describeIssues(issues: readonly SettingsIssue[], omitted = 0): string {
  const listed = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => `${issue.path}: ${issue.message}`);
  const more = issues.length - listed.length + omitted;
  return listed.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}

/** Settings that cannot run: the message lists the first problems with their paths. */
export class RunSettingsError extends Error {
  override readonly name = 'RunSettingsError';
  readonly issues: readonly SettingsIssue[];

  /** @param subject what the settings are @default 'the run settings' */
  constructor(issues: readonly SettingsIssue[], omitted = 0, subject = 'the run settings') {
    super(`${subject} are not valid: ${describeIssues(issues, omitted)}`);
    this.issues = issues;
  }
}
