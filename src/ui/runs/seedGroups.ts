// Runs whose settings differ only in the seed, for W&B-style grouping: one line (the members'
// mean) with a band (their min and max) instead of one line per seed.
import type { RunMeta } from '../../state/runsStore';

/** Deeper than any run settings (~8 levels): a stored value this deep is not settings. */
const MAX_DEPTH = 64;

/**
 * JSON text of `value` with every object's keys sorted, so equal values give equal text whatever
 * their key order. Text is built, never objects, so a key `__proto__` (an own key JSON.parse
 * makes) is written like any other and touches no prototype. As JSON.stringify: undefined,
 * functions and symbols are left out of objects and null in arrays, non-finite numbers are
 * null. Keys in `omit` are left out at the top level only. Throws on a cycle or past 64 levels.
 */
export function canonicalJson(value: unknown, omit: ReadonlySet<string> = new Set()): string {
  const seen = new Set<object>();
  const write = (v: unknown, depth: number, skip: ReadonlySet<string>): string | undefined => {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return JSON.stringify(v);
      case 'number':
        return Number.isFinite(v) ? JSON.stringify(v) : 'null';
      case 'bigint':
        return JSON.stringify(`${v}n`);
      case 'object':
        break;
      default:
        return undefined;
    }
    if (depth >= MAX_DEPTH) throw new Error(`canonicalJson: nested deeper than ${MAX_DEPTH} levels`);
    if (seen.has(v)) throw new Error('canonicalJson: a value that contains itself');
    seen.add(v);
    let text: string;
    if (Array.isArray(v)) text = `[${v.map((item) => write(item, depth + 1, NONE) ?? 'null').join(',')}]`;
    else {
      const record = v as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(record).sort()) {
        if (skip.has(key)) continue;
        const item = write(record[key], depth + 1, NONE);
        if (item !== undefined) parts.push(`${JSON.stringify(key)}:${item}`);
      }
      text = `{${parts.join(',')}}`;
    }
    seen.delete(v);
    return text;
  };
  return write(value, 0, omit) ?? 'null';
}

const NONE: ReadonlySet<string> = new Set();
const SEED: ReadonlySet<string> = new Set(['seed']);

/**
 * The run's settings (the spec, model, data, optimizers, batch, steps per iteration, backend...)
 * without the seed, as canonical JSON: two runs with the same key differ at most in their seed.
 * Null for a run that cannot be grouped: an imported log (no settings, seed unknown) or
 * settings that are not plain JSON.
 */
export function seedGroupKey(run: Pick<RunMeta, 'settings'>): string | null {
  const settings: unknown = run.settings;
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) return null;
  try {
    return canonicalJson(settings, SEED);
  } catch {
    return null;
  }
}

export interface SeedGroup<R> {
  readonly key: string;
  /** Two or more runs, oldest (lowest number) first. */
  readonly members: readonly R[];
}

/**
 * The groups of two or more runs sharing a seedGroupKey, in the order their first member comes
 * in `runs`; a run alone in its key, or without one, is in no group.
 */
export function groupBySeed<R extends Pick<RunMeta, 'settings' | 'number'>>(runs: readonly R[]): SeedGroup<R>[] {
  const byKey = new Map<string, R[]>();
  for (const run of runs) {
    const key = seedGroupKey(run);
    if (key === null) continue;
    const members = byKey.get(key);
    if (members) members.push(run);
    else byKey.set(key, [run]);
  }
  return [...byKey].filter(([, members]) => members.length >= 2).map(([key, members]) => ({ key, members: [...members].sort((a, b) => a.number - b.number) }));
}

/** "seeds 1, 2 and 5": a group's seeds as its label says them. */
export function seedsText(runs: readonly Pick<RunMeta, 'settings'>[]): string {
  const seeds = runs.map((r) => (r.settings ? String(r.settings.seed) : '?'));
  if (seeds.length === 1) return `seed ${seeds[0]}`;
  return `seeds ${seeds.slice(0, -1).join(', ')} and ${seeds[seeds.length - 1]}`;
}
