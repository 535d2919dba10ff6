// Settings that cannot run, made into ones that can: each field at fault takes the fallback's
// value (unknown fields go), and if that is still not enough, the fallback as a whole. A shared
// link falls back to its family's defaults; the page to the settings of its last good start.
import { isRecord } from '../losses/isRecord';
import type { RunSettings } from './messages';
import { defaultSettings, FAMILIES, type Family } from './presets';
import { topField, validateRunSettings, type RunSettingsOptions } from './runSettings';

export type RepairedSettings =
  | { readonly ok: true; readonly settings: RunSettings }
  | {
      readonly ok: false;
      /** What runs instead: the input with the fields at fault replaced, or the fallback. */
      readonly settings: RunSettings;
      /** The problems found, with their paths (bounded). */
      readonly problem: string;
      /** The top-level fields taken from the fallback (or removed); null when the fallback replaced everything. */
      readonly replaced: readonly string[] | null;
    };

export function repairSettings(input: unknown, fallback: RunSettings, options: RunSettingsOptions = {}): RepairedSettings {
  const first = validateRunSettings(input, options);
  if (first.ok) return first;
  const fields = [...new Set(first.issues.map((issue) => topField(issue.path)))];
  // A spread copies an own "__proto__" key as a plain field (and `delete` removes it): no prototype is set.
  const repaired: Record<string, unknown> = isRecord(input) ? { ...input } : {};
  for (const field of fields) {
    if (Object.hasOwn(fallback, field)) repaired[field] = fallback[field as keyof RunSettings];
    else delete repaired[field];
  }
  const second = validateRunSettings(repaired, options);
  return second.ok
    ? { ok: false, settings: second.settings, problem: first.message, replaced: fields }
    : { ok: false, settings: fallback, problem: first.message, replaced: null };
}

/**
 * `input` repaired against the defaults of the family it claims (the toy's when it claims none
 * or an unknown one): how a shared link's setup and a stored run's settings are read.
 */
export function repairInOwnFamily(input: unknown): { readonly family: Family; readonly repaired: RepairedSettings } {
  const claimed = (input as { family?: unknown } | null)?.family;
  const family: Family = (FAMILIES as readonly unknown[]).includes(claimed) ? (claimed as Family) : 'toy';
  return { family, repaired: repairSettings(input, defaultSettings(family)) };
}
