/**
 * Helpers for error messages about JSON values (configs, specs, schedules, loss logs).
 * No dependencies at all: schedules and the page use them without tfjs.
 */

/** A value as short JSON text, never "[object Object]"; numbers as JS writes them (NaN stays NaN). */
export function showValue(value: unknown, max = 60): string {
  if (typeof value === 'number' || value === undefined) return String(value);
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** The value at a path of keys inside a JSON value, or undefined where the path leaves it. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
