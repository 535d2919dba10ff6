// A sweep defined on the page: axes over numeric fields of the current setup, seeds and steps,
// expanded by the same module as the CLI's sweep files (src/protocol/sweep.ts).
import type { RunSettings } from '../../protocol/messages';
import { expandSweep, parseSweepFile, SweepError, type Variant } from '../../protocol/sweep';

/** A field an axis can sweep: its path in the sweep file's terms, and how the page labels it. */
export interface SweepField {
  readonly path: string;
  readonly label: string;
}

/** One axis as the panel holds it: a field and the values text the user typed. */
export interface AxisDraft {
  readonly path: string;
  readonly text: string;
}

export interface SweepDraft {
  readonly axes: readonly AxisDraft[];
  readonly seeds: string;
  readonly steps: string;
}

/** The numeric fields of these settings a sweep can vary: each loss's weight, the rates, the update counts. */
export function sweepFields(settings: RunSettings): SweepField[] {
  const fields: SweepField[] = settings.spec.losses.map((loss) => ({ path: `losses.${loss.name}.loss_weight`, label: `${loss.name} weight` }));
  for (const network of ['G', 'D'] as const) fields.push({ path: `optimizers.${network}.learningRate`, label: `${network} learning rate` });
  fields.push({ path: 'dSteps', label: 'D steps' }, { path: 'gSteps', label: 'G steps' }, { path: 'batchSize', label: 'batch size' });
  return fields;
}

const MAX_LIST = 100;

/**
 * "1, 10, 100" as numbers, or the reason it is not a list of them (which entry, what it is).
 * `whole` asks for whole numbers >= 0 (seeds).
 */
export function parseValueList(text: string, whole = false): { ok: true; values: number[] } | { ok: false; message: string } {
  const parts = text.split(/[,\s]+/).filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, message: 'list at least one value, e.g. 1, 10, 100' };
  if (parts.length > MAX_LIST) return { ok: false, message: `at most ${MAX_LIST} values` };
  const values: number[] = [];
  for (const [i, part] of parts.entries()) {
    const value = Number(part);
    const shown = part.length > 20 ? `${part.slice(0, 20)}…` : part;
    if (!Number.isFinite(value)) return { ok: false, message: `value ${i + 1} ("${shown}") is not a finite number` };
    if (whole && !(Number.isInteger(value) && value >= 0)) return { ok: false, message: `value ${i + 1} (${shown}) is not a whole number >= 0` };
    if (values.includes(value)) return { ok: false, message: `${shown} is listed twice` };
    values.push(value);
  }
  return { ok: true, values };
}

export type SweepPlan = { ok: true; variants: Variant[]; axes: string[]; steps: number } | { ok: false; message: string };

/**
 * The draft's variants over `base`, each pausing itself at the sweep's steps (stopAtStep), or
 * the first problem, named where it is (`axis G_L1 weight: value 2 ("x") is not a finite number`).
 */
export function planSweep(draft: SweepDraft, base: RunSettings): SweepPlan {
  const labels = new Map(sweepFields(base).map((f) => [f.path, f.label]));
  const axes: [string, number[]][] = [];
  for (const axis of draft.axes) {
    const where = `axis ${labels.get(axis.path) ?? axis.path}`;
    if (axes.some(([path]) => path === axis.path)) return { ok: false, message: `${where}: chosen twice; list all its values in one axis` };
    const parsed = parseValueList(axis.text);
    if (!parsed.ok) return { ok: false, message: `${where}: ${parsed.message}` };
    axes.push([axis.path, parsed.values]);
  }
  const seeds = draft.seeds.trim() === '' ? { ok: true as const, values: [base.seed] } : parseValueList(draft.seeds, true);
  if (!seeds.ok) return { ok: false, message: `seeds: ${seeds.message}` };
  const steps = Number(draft.steps.trim() === '' ? NaN : draft.steps);
  try {
    // Object.fromEntries defines own keys, so a loss called __proto__ stays an axis.
    const file = parseSweepFile({ base: 'page', axes: Object.fromEntries(axes), seeds: seeds.values, steps });
    const variants = expandSweep(file, base).map((v) => ({ ...v, settings: { ...v.settings, stopAtStep: file.steps } }));
    return { ok: true, variants, axes: axes.map(([path]) => path), steps: file.steps };
  } catch (error) {
    if (error instanceof SweepError) return { ok: false, message: error.message };
    throw error;
  }
}
