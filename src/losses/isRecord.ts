// The one "is this a JSON object?" check. It sits in the lowest layer and imports nothing, so
// every layer (losses up to the page) may use it without pulling in tfjs, zod or the DOM.

/** True for a non-null object that is not an array (a JSON object, or any other object). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
