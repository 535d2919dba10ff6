// One check for a run's settings, used by the page (Start, a shared link), the CLI (a settings
// file) and the worker (start, a restored checkpoint): every problem at its field's path, e.g.
// `optimizers.G.learningRate: must be > 0, got -1`. No tfjs: the page imports it.
import { z } from '../zodConfig'; // zod, configured jitless before any schema is built
import type { ResolvedModelConfig } from '../engine/models/config';
import { MAX_SEED } from '../engine/models/validate';
import { isRecord } from '../losses/isRecord';
import { alarmSettingsSchema } from '../manager/alarms/settings';
import { validateLossSpec } from '../manager/specValidation';
import { checkData, checkMemory, checkModel } from './familySettings';
import { emaSettingsSchema } from './emaSettings';
import { BACKEND_NAMES, type RunSettings } from './messages';
import { optimizerConfigSchema } from './optimizerConfig';
import { FAMILIES, OUTPUT_KEYS, type Family } from './presets';
import { boundIssues, describeIssues, RunSettingsError, zodIssues, type SettingsIssue } from './settingsIssues';

export { MEMORY_BUDGET_BYTES } from './familySettings';
export { RunSettingsError, type SettingsIssue } from './settingsIssues';

/** Bounds that hold whatever the memory estimate says. */
export const RUN_LIMITS = {
  /** 65,536 toy points already take seconds a step on a CPU; 1e7 trapped the wasm backend. */
  batchSize: 65_536,
  /** D or G updates per iteration: WGAN's 5 critic steps with room to spare; 1e9 would wedge the first step. */
  stepsPerIteration: 100,
  stepsPerEpoch: 1_000_000_000,
  gradEvery: 1_000_000_000,
  metricsEvery: 1_000_000_000,
  stopAtStep: 1_000_000_000,
} as const;

function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
  return z.int({ error: message }).min(min, { error: message }).max(max, { error: message });
}

const config = (what: string) => z.custom<Record<string, unknown>>(isRecord, { error: `must be an object (the ${what} config; {} for the defaults)` });

export const runSettingsSchema = z.strictObject(
  {
    family: z.enum(FAMILIES, { error: `must be one of ${FAMILIES.join(', ')}` }),
    model: config('model'),
    data: config('data'),
    // Checked by validateLossSpec, with the loss catalog's own words (a missing spec too).
    spec: z.unknown().optional(),
    optimizers: z.strictObject({ G: optimizerConfigSchema, D: optimizerConfigSchema }, { error: 'must be an object with a G and a D optimizer' }),
    batchSize: wholeNumber(1, RUN_LIMITS.batchSize),
    dSteps: wholeNumber(0, RUN_LIMITS.stepsPerIteration),
    gSteps: wholeNumber(0, RUN_LIMITS.stepsPerIteration),
    seed: wholeNumber(0, MAX_SEED),
    backend: z.enum(BACKEND_NAMES, { error: `must be one of ${BACKEND_NAMES.join(', ')}` }).optional(),
    parallelCompile: z.boolean({ error: 'must be true or false' }).optional(),
    stepsPerEpoch: wholeNumber(1, RUN_LIMITS.stepsPerEpoch).optional(),
    gradEvery: wholeNumber(0, RUN_LIMITS.gradEvery).optional(),
    gradLayers: z.boolean({ error: 'must be true or false' }).optional(),
    metricsEvery: wholeNumber(0, RUN_LIMITS.metricsEvery).optional(),
    ema: emaSettingsSchema.optional(),
    alarms: alarmSettingsSchema.optional(),
    stopAtStep: wholeNumber(1, RUN_LIMITS.stopAtStep).optional(),
  },
  { error: 'must be an object of run settings (family, model, data, spec, optimizers, ...)' },
);

export const RUN_SETTINGS_KEYS = Object.keys(runSettingsSchema.shape) as readonly (keyof RunSettings)[];

export interface RunSettingsOptions {
  /** The outputs keys a loss's data_info may name. @default the engine's (OUTPUT_KEYS) */
  readonly outputKeys?: readonly string[];
  /** Loss types registered at run time besides the built-in ones (the worker's registry). */
  readonly extraTypes?: readonly string[];
}

export type RunSettingsValidation =
  | { readonly ok: true; readonly settings: RunSettings }
  | { readonly ok: false; readonly issues: readonly SettingsIssue[]; readonly omitted: number; readonly message: string };

/** The top-level field a path is under: `optimizers` for `optimizers.G.learningRate`. */
export function topField(path: string): string {
  return path.split(/[.[]/, 1)[0] as string;
}

/** A check's issues, or one at `path` if the check throws on a value it cannot walk (circular, nested thousands deep). */
function guarded(path: string, check: () => SettingsIssue[]): SettingsIssue[] {
  try {
    return check();
  } catch (error) {
    return [{ path, message: `cannot be checked (${error instanceof Error ? error.name : 'error'}): is it plain JSON?` }];
  }
}

/** The spec's problems at `spec.` paths; those it only counts (past its own cap) are added to `omitted`. */
function specIssues(spec: unknown, options: RunSettingsOptions, omitted: { count: number }): SettingsIssue[] {
  const result = validateLossSpec(spec, options.outputKeys ?? OUTPUT_KEYS, { extraTypes: options.extraTypes ?? [] });
  if (result.ok) return [];
  omitted.count += result.omitted;
  const listed = result.omitted > 0 ? result.errors.slice(0, -1) : result.errors;
  return listed.map((e) => ({ path: e.path === 'spec' ? 'spec' : `spec.${e.path}`, message: e.message }));
}

function collectIssues(input: unknown, options: RunSettingsOptions, omitted: { count: number }): SettingsIssue[] {
  const parsed = runSettingsSchema.safeParse(input);
  let issues = parsed.success ? [] : zodIssues(parsed.error, input, runSettingsSchema);
  if (!isRecord(input)) return issues;
  const bad = new Set(issues.map((issue) => topField(issue.path)));
  // concat, not push(...): a hostile spec can have more problems than a call has arguments.
  issues = issues.concat(guarded('spec', () => specIssues(input.spec, options, omitted)));
  if (!bad.has('family')) {
    const family = input.family as Family;
    let model: ResolvedModelConfig | null = null;
    if (isRecord(input.model)) {
      const modelIssues = guarded('model', () => checkModel(family, input.model as Record<string, unknown>, bad.has('seed') ? 0 : input.seed, (m) => (model = m)));
      issues = issues.concat(modelIssues);
    }
    if (isRecord(input.data)) issues = issues.concat(guarded('data', () => checkData(family, input.data as Record<string, unknown>, model)));
    if (model && !bad.has('batchSize') && !bad.has('optimizers')) {
      const memory = checkMemory(model, input.batchSize as number, input.optimizers as RunSettings['optimizers'], undefined, input.ema !== undefined);
      if (memory) issues.push(memory);
    }
  }
  if (input.dSteps === 0 && input.gSteps === 0) {
    issues.push({ path: 'dSteps', message: 'both dSteps and gSteps are 0: nothing would train; set either to 1 or more' });
  }
  return issues;
}

/** Every problem of a run's settings, each at its path (bounded in count and length), or the settings. */
export function validateRunSettings(input: unknown, options: RunSettingsOptions = {}): RunSettingsValidation {
  const counted = { count: 0 };
  const all = collectIssues(input, options, counted);
  if (all.length === 0) return { ok: true, settings: input as RunSettings };
  const bounded = boundIssues(all);
  const omitted = bounded.omitted + counted.count;
  return { ok: false, issues: bounded.issues, omitted, message: describeIssues(bounded.issues, omitted) };
}

/** The settings, or a RunSettingsError listing the first problems with their paths. */
export function parseRunSettings(input: unknown, options: RunSettingsOptions = {}): RunSettings {
  const result = validateRunSettings(input, options);
  if (!result.ok) throw new RunSettingsError(result.issues, result.omitted);
  return result.settings;
}

/**
 * The problems of one top-level field on its own (no cross-field checks: those wait for the
 * whole settings), for a store that takes changes one field at a time. The spec is left to
 * the spec editor, which keeps drafts that do not validate yet.
 */
export function fieldIssues(key: string, value: unknown): SettingsIssue[] {
  const { shape } = runSettingsSchema;
  if (!Object.hasOwn(shape, key)) return [{ path: key, message: `unknown field; expected one of ${RUN_SETTINGS_KEYS.join(', ')}` }];
  if (key === 'spec') return [];
  const schema = shape[key as keyof typeof shape] as z.ZodType;
  const result = schema.safeParse(value);
  return result.success ? [] : zodIssues(result.error, value, schema, key);
}

