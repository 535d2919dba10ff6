// A sweep file: a base setup, axes over numeric settings or spec fields, seeds and steps,
// expanded deterministically into named variants. Pure: no files, no tfjs, so the CLI and the
// page share it (the CLI runner reads the file and resolves the base as --spec does).
import { z } from '../zodConfig'; // zod, configured jitless before any schema is built
import { showValue } from '../losses/jsonText';
import type { RunSettings } from './messages';
import { validateRunSettings } from './runSettings';

/** A problem of a sweep file, at the JSON path of the field at fault. */
export class SweepError extends Error {
  override readonly name = 'SweepError';
}

const MAX_VARIANTS = 1000;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const whole = (min: number) => z.number().int(`must be a whole number >= ${min}`).min(min, `must be a whole number >= ${min}`);

export const sweepFileSchema = z
  .object({
    base: z.union([z.string().min(1), z.record(z.string(), z.unknown())], { error: 'must be a built-in spec name, a path to a spec or settings file, or a settings object' }),
    axes: z.record(z.string().min(1), z.array(finite).min(1, 'must list at least one value')).default({}),
    seeds: z.array(whole(0)).min(1, 'must list at least one seed').optional(),
    steps: whole(1),
  })
  .strict();

export type SweepFile = z.output<typeof sweepFileSchema>;

/** One run of a sweep: its folder name, its settings, and the value each axis gave it. */
export interface Variant {
  readonly name: string;
  readonly settings: RunSettings;
  readonly values: ReadonlyMap<string, number>;
  readonly seed: number;
}

/** The file's fields checked, with their paths (`axes["losses.G_L1.loss_weight"][1]: ...`). */
export function parseSweepFile(json: unknown): SweepFile {
  const parsed = sweepFileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i > 0 && issue.path[0] === 'axes' && i === 1 ? `[${JSON.stringify(k)}]` : `${i > 0 ? '.' : ''}${String(k)}`)).join('');
  throw new SweepError(`${path || 'sweep'}: ${issue.message}`);
}

/** The loss an axis path names (`losses.<name>.<field>`), the longest name matching first (names may hold dots). */
function lossTarget(settings: RunSettings, path: string): { record: Record<string, unknown>; key: string } | null {
  const names = settings.spec.losses.map((l) => l.name).sort((a, b) => b.length - a.length);
  const name = names.find((n) => path.startsWith(`losses.${n}.`));
  if (name === undefined) return null;
  const entry = settings.spec.losses.find((l) => l.name === name) as unknown as Record<string, unknown>;
  return walk(entry, path.slice(`losses.${name}.`.length).split('.'));
}

/** Follows own properties of plain objects down to the last key's holder. */
function walk(root: Record<string, unknown>, keys: readonly string[]): { record: Record<string, unknown>; key: string } | null {
  let record = root;
  for (const key of keys.slice(0, -1)) {
    const next = Object.hasOwn(record, key) ? record[key] : undefined;
    if (next === null || typeof next !== 'object' || Array.isArray(next)) return null;
    record = next as Record<string, unknown>;
  }
  return { record, key: keys.at(-1)! };
}

/**
 * Sets one axis value on a copy's field. A loss field is addressed by the loss's name
 * (`losses.G_L1.loss_weight`), anything else by its path in the run settings
 * (`optimizers.G.learningRate`, `dSteps`, `model.width`). The field must be a number already,
 * or absent at its place (loss_weight defaults to 1).
 */
function setAxis(settings: RunSettings, path: string, value: number): void {
  const target = path.startsWith('losses.') ? lossTarget(settings, path) : walk(settings as unknown as Record<string, unknown>, path.split('.'));
  const where = `axes[${JSON.stringify(path)}]`;
  if (target === null) {
    const names = settings.spec.losses.map((l) => l.name).join(', ');
    throw new SweepError(
      path.startsWith('losses.')
        ? `${where}: names no loss of the base spec (losses: ${names}); write losses.<loss name>.<field>, e.g. losses.${settings.spec.losses[0]?.name ?? 'G_L1'}.loss_weight`
        : `${where}: no such field in the run settings (e.g. optimizers.G.learningRate, dSteps, batchSize, model.width)`,
    );
  }
  const current = Object.hasOwn(target.record, target.key) ? target.record[target.key] : undefined;
  if (current !== undefined && typeof current !== 'number') {
    throw new SweepError(`${where}: the field holds ${showValue(current)}, not a number; an axis sweeps numbers`);
  }
  target.record[target.key] = value;
}

/** A value as a folder name shows it: 1e-4 as 0.0001, 100 as 100. */
const valueText = (v: number) => String(v).replace('+', '');

/** A folder-safe name: what the axes and the seed set, e.g. `G_L1.loss_weight=10_seed=1`. */
export function variantName(values: ReadonlyMap<string, number>, seed: number): string {
  const parts = [...values].map(([path, v]) => `${path.replace(/^losses\./, '')}=${valueText(v)}`);
  parts.push(`seed=${seed}`);
  return parts.join('_').replace(/[^A-Za-z0-9._=-]/g, '-');
}

/**
 * Every variant, in a fixed order: the cartesian product of the axes in the file's order (the
 * first axis outermost), each with every seed (innermost). Each variant's settings pass the
 * run settings schema, or the error names the variant.
 */
export function expandSweep(file: SweepFile, base: RunSettings): Variant[] {
  const axes = Object.entries(file.axes);
  for (const [path, values] of axes) {
    if (new Set(values).size !== values.length) throw new SweepError(`axes[${JSON.stringify(path)}]: a value is listed twice`);
  }
  const seeds = file.seeds ?? [base.seed];
  if (new Set(seeds).size !== seeds.length) throw new SweepError('seeds: a seed is listed twice');
  const count = axes.reduce((n, [, values]) => n * values.length, seeds.length);
  if (count > MAX_VARIANTS) throw new SweepError(`the sweep expands to ${count} variants; at most ${MAX_VARIANTS}`);
  let combos: [string, number][][] = [[]];
  for (const [path, values] of axes) combos = combos.flatMap((combo) => values.map((v) => [...combo, [path, v] as [string, number]]));
  const variants: Variant[] = [];
  for (const combo of combos) {
    for (const seed of seeds) {
      const settings = { ...structuredClone(base), seed };
      for (const [path, v] of combo) setAxis(settings, path, v);
      const values = new Map(combo);
      const name = variantName(values, seed);
      const checked = validateRunSettings(settings);
      if (!checked.ok) throw new SweepError(`variant ${name}: ${checked.message}`);
      variants.push({ name, settings, values, seed });
    }
  }
  const names = new Set(variants.map((v) => v.name));
  if (names.size !== variants.length) throw new SweepError('two variants get the same folder name; make the axis values differ in their text');
  return variants;
}
