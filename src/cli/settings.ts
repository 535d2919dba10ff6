/**
 * Turns the command line into a run's JSON settings: the spec (built-in or from a file),
 * the family's defaults, a settings file's fields, then the flags, each over the last.
 */
import { resolve } from 'node:path';
import type { z } from 'zod';
import { validateEngineSettings } from '../engine/checkSettings';
import { OUTPUT_KEYS } from '../engine/outputs';
import { isRecord } from '../losses/isRecord';
import { BUILTIN_SPECS, builtinSpec, LossSpecError, parseLossSpec, type LossSpec } from '../manager';
import type { RunSettings } from '../protocol/messages';
import { OPTIMIZER_TYPES, withOptimizerType, type OptimizerConfig, type OptimizerType } from '../protocol/optimizerConfig';
import { runSettingsSchema } from '../protocol/runSettings';
import { boundIssues, describeIssues, zodIssues } from '../protocol/settingsIssues';
import { familyFromSpecName, type CliOptions, type Family } from './args';
import { CliError, EXIT } from './errors';
import { readTextFile, TextFileError } from './readTextFile';

type FamilyDefaults = Omit<RunSettings, 'family' | 'spec' | 'backend'>;

const adam = (learningRate: number) => ({ G: { type: 'adam', learningRate }, D: { type: 'adam', learningRate } }) as const;

/**
 * What each family trains with unless told otherwise: GAN Lab's ring and rate for the toy
 * (as the page's toy panel), DCGAN's 2e-4 (Radford et al.), pix2pix at 32 px on edges -> shapes,
 * whose A is grayscale. Batch sizes are small because Node trains on the CPU.
 */
export const FAMILY_DEFAULTS: Readonly<Record<Family, FamilyDefaults>> = {
  toy: { model: {}, data: { kind: 'ring' }, optimizers: adam(0.01), batchSize: 64, dSteps: 1, gSteps: 1, seed: 0 },
  dcgan: { model: {}, data: {}, optimizers: adam(2e-4), batchSize: 16, dSteps: 1, gSteps: 1, seed: 0 },
  pix2pix: {
    model: { size: 32, channelsA: 1, channelsB: 3 },
    data: { task: 'edges-to-shapes' },
    optimizers: adam(2e-4),
    batchSize: 4,
    dSteps: 1,
    gSteps: 1,
    seed: 0,
  },
};

/**
 * A settings file: RunSettings, every field optional (the family's defaults fill in), each
 * checked as the page and the worker check it.
 */
const settingsFileSchema = runSettingsSchema.partial();
type SettingsFile = Omit<z.output<typeof settingsFileSchema>, 'spec'>;

type SpecSource =
  | { readonly kind: 'builtin'; readonly spec: LossSpec; readonly label: string }
  | { readonly kind: 'file'; readonly spec: LossSpec; readonly label: string; readonly settings: SettingsFile };

export interface ResolvedRun {
  readonly settings: RunSettings;
  /** The built-in's name or the file's path, for messages and the log's header. */
  readonly specLabel: string;
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

const builtinList = () => Object.keys(BUILTIN_SPECS).join(', ');

/** parseLossSpec, its error naming the file and, inside a settings file, the "spec." path. */
function checkSpec(json: unknown, file: string, prefix: string): LossSpec {
  try {
    return parseLossSpec(json, OUTPUT_KEYS);
  } catch (error) {
    if (!(error instanceof LossSpecError)) throw error;
    const problem = error.message.slice(error.path.length + 2);
    const at = prefix === '' ? error.path : error.path === 'spec' ? prefix.slice(0, -1) : `${prefix}${error.path}`;
    throw new CliError(EXIT.usage, `${file}: ${at}: ${problem}`);
  }
}

function readSettingsFile(json: Record<string, unknown>, file: string): SettingsFile & { spec: LossSpec } {
  const result = settingsFileSchema.safeParse(json);
  if (!result.success) {
    const { issues, omitted } = boundIssues(zodIssues(result.error, json, settingsFileSchema));
    throw new CliError(EXIT.usage, `${file}: not valid run settings: ${describeIssues(issues, omitted)}`);
  }
  const { spec, ...rest } = result.data;
  return { ...rest, spec: checkSpec(spec, file, 'spec.') };
}

async function loadSpec(specArg: string, read: (path: string) => Promise<string>): Promise<SpecSource> {
  if (Object.hasOwn(BUILTIN_SPECS, specArg)) return { kind: 'builtin', spec: builtinSpec(specArg), label: specArg };
  const file = resolve(specArg);
  let text: string;
  try {
    text = await read(file);
  } catch (error) {
    const code = errorCode(error);
    // "dcgna" is a mistyped name, "specs/mine.json" a missing file.
    if (code === 'ENOENT' && !specArg.endsWith('.json') && !specArg.includes('\\') && !/^\.{0,2}\//.test(specArg)) {
      throw new CliError(EXIT.usage, `--spec: unknown built-in spec "${specArg}"; built-in specs: ${builtinList()} (or give a path to a JSON file)`);
    }
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : error instanceof TextFileError ? error.message : (code ?? String(error));
    throw new CliError(EXIT.usage, `--spec: cannot read spec file ${file} (${why})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(EXIT.usage, `${file}: not valid JSON (${(error as Error).message})`);
  }
  if (isRecord(json) && 'losses' in json) return { kind: 'file', spec: checkSpec(json, file, ''), label: specArg, settings: {} };
  if (isRecord(json) && 'spec' in json) {
    const { spec, ...settings } = readSettingsFile(json, file);
    return { kind: 'file', spec, label: specArg, settings };
  }
  throw new CliError(EXIT.usage, `${file}: expected a loss spec (an object with a "losses" list) or run settings (an object with a "spec")`);
}

/** The EMA settings: the file's, with --ema-momentum and --ema-start over its fields. */
function emaFromFlags(options: CliOptions, fromFile: RunSettings['ema']): Pick<RunSettings, 'ema'> {
  if (options.emaMomentum === undefined && options.emaStart === undefined) return {};
  const momentum = options.emaMomentum ?? fromFile?.momentum;
  if (momentum === undefined) throw new CliError(EXIT.usage, '--ema-start needs --ema-momentum X (or "ema": {"momentum": X} in a settings file)');
  return { ema: { ...fromFile, momentum, ...(options.emaStart !== undefined ? { startIteration: options.emaStart } : {}) } };
}

/**
 * A flag's optimizer fields over `base`. Another type starts from what the two types share
 * (withOptimizerType): `{"type":"sgd"}` over the default Adam must not keep Adam's beta1. The
 * result is checked with the whole settings, each problem at its optimizers.G/D path.
 */
function mergeOptimizer(base: OptimizerConfig, patch: Readonly<Record<string, unknown>> | undefined): OptimizerConfig {
  if (!patch) return base;
  const type = patch.type;
  const known = typeof type === 'string' && (OPTIMIZER_TYPES as readonly string[]).includes(type);
  const start = known && type !== base.type ? withOptimizerType(base, type as OptimizerType) : base;
  // A spread copies a JSON "__proto__" key as a plain field, which the check then names.
  return { ...start, ...patch } as OptimizerConfig;
}

/**
 * The run's settings: the family's defaults, then a settings file's fields, then the flags.
 * --model and --data merge into the model and data configs, --optimizer (then --g-optimizer,
 * --d-optimizer) into the optimizers; --lr sets both networks' rate.
 * @param read reads a spec file @default readTextFile (a regular file of at most 16 MiB, as UTF-8)
 */
export async function resolveRunSettings(
  options: CliOptions,
  read: (path: string) => Promise<string> = readTextFile,
): Promise<ResolvedRun> {
  const source = await loadSpec(options.spec, read);
  const fromFile = source.kind === 'file' ? source.settings : {};
  const family = options.family ?? fromFile.family ?? familyFromSpecName(source.spec.name ?? source.label);
  const { backend: _ignored, family: _family, ...fileFields } = fromFile;
  const base = { ...FAMILY_DEFAULTS[family], ...fileFields };
  const lr = options.lr;
  const optimizers = {
    G: mergeOptimizer(mergeOptimizer(base.optimizers.G, options.optimizer), options.gOptimizer),
    D: mergeOptimizer(mergeOptimizer(base.optimizers.D, options.optimizer), options.dOptimizer),
  };
  const settings: RunSettings = {
    ...base,
    family,
    spec: source.spec,
    model: { ...base.model, ...options.model },
    data: { ...base.data, ...options.data },
    optimizers: lr === undefined ? optimizers : { G: { ...optimizers.G, learningRate: lr }, D: { ...optimizers.D, learningRate: lr } },
    ...(options.stepsPerEpoch !== undefined ? { stepsPerEpoch: options.stepsPerEpoch } : {}),
    batchSize: options.batchSize ?? base.batchSize,
    seed: options.seed ?? base.seed,
    ...(options.gradEvery !== undefined ? { gradEvery: options.gradEvery } : {}),
    ...(options.gradLayers ? { gradLayers: true } : {}),
    ...(options.metricsEvery !== undefined ? { metricsEvery: options.metricsEvery } : {}),
    ...emaFromFlags(options, base.ema),
  };
  // The whole, as the worker will check it: what the flags changed, and what needs two fields (memory).
  const checked = validateEngineSettings(settings);
  if (!checked.ok) {
    const where = source.kind === 'file' ? `${resolve(options.spec)} with the flags` : 'the flags';
    throw new CliError(EXIT.usage, `run settings from ${where}: ${checked.message}`);
  }
  return { settings, specLabel: source.label };
}
