/**
 * The training CLI's command line, parsed with node:util's parseArgs. Pure: no files, no
 * tfjs, so every message is unit-tested. Reading the spec file happens in ./settings.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { RunSettings } from '../protocol/messages';
import { UsageError } from './errors';
import { jsonObject, oneOf, openFraction, optional, positiveNumber, threadCount, wholeNumber } from './flagValues';

export type Family = RunSettings['family'];
export const FAMILIES = ['toy', 'dcgan', 'pix2pix'] as const satisfies readonly Family[];

/** Node has no WebGPU or WebGL: the CLI trains on tfjs's plain-JS cpu backend or on wasm. */
export const CLI_BACKENDS = ['cpu', 'wasm'] as const;
export type CliBackend = (typeof CLI_BACKENDS)[number];

export interface CliOptions {
  /** A built-in spec name, or a path to a JSON file (a loss spec, or run settings). */
  readonly spec: string;
  /** Absent: inferred from the spec's name (toy/* -> toy, pix2pix/* -> pix2pix, else dcgan). */
  readonly family?: Family;
  /** @default 200 */
  readonly steps: number;
  /** @default 'wasm' for conv models (DCGAN, pix2pix: tens of times faster there), 'cpu' for the toy GAN */
  readonly backend: CliBackend;
  /** wasm's threads (the threaded SIMD binary when > 1); absent: DEFAULT_WASM_THREADS. */
  readonly threads?: number;
  readonly out: string;
  /** The loss log's experiment name. @default the --out folder's name */
  readonly name?: string;
  readonly batchSize?: number;
  readonly seed?: number;
  /** Both networks' learning rate (after the optimizer flags). */
  readonly lr?: number;
  /** Merged over both networks' optimizers; a new type keeps the rate and the fields it shares. */
  readonly optimizer?: Readonly<Record<string, unknown>>;
  /** Merged over G's optimizer, after --optimizer. */
  readonly gOptimizer?: Readonly<Record<string, unknown>>;
  /** Merged over D's optimizer, after --optimizer. */
  readonly dOptimizer?: Readonly<Record<string, unknown>>;
  /** Iterations per epoch (epoch-unit schedules). @default the data's (see epochLength) */
  readonly stepsPerEpoch?: number;
  /** Steps between sample PNGs; 0: none. @default steps / 10, rounded up */
  readonly samplesEvery: number;
  /** Steps between checkpoints; 0: only at the end. @default 0 */
  readonly checkpointEvery: number;
  /** Iterations between gradient diagnostics (`grad/...` series in the log); 0: off. @default off (a settings file's gradEvery) */
  readonly gradEvery?: number;
  /** --grad-layers: the gradient diagnostics per weight tensor too. */
  readonly gradLayers?: boolean;
  /** Iterations between quality metrics (`metric/...` series in the log), which also run once at the end; 0: only at the end. @default only at the end */
  readonly metricsEvery?: number;
  /** The EMA generator's momentum (MMagic's: the new weights' share), over a settings file's `ema`. @default no EMA generator */
  readonly emaMomentum?: number;
  /** The EMA generator's startIteration (MMagic's start_iter); needs a momentum. @default 0 */
  readonly emaStart?: number;
  /** Merged over the family's model config. */
  readonly model?: Readonly<Record<string, unknown>>;
  /** Merged over the family's data config. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** Replace the loss log, checkpoint and samples a previous run left in --out. @default false */
  readonly overwrite: boolean;
  /** --export-mmagic DIR: write the run's MMagic config, launch scripts and README there instead of training (--out is then DIR). */
  readonly exportMMagic?: string;
}

/** `--sweep FILE --out DIR [--jobs N] [--backend B]`: a sweep's variants, each trained by the CLI in a process of its own. */
export interface SweepCliOptions {
  readonly file: string;
  readonly out: string;
  readonly jobs: number;
  readonly backend?: CliBackend;
  /** --export-mmagic DIR: write one MMagic config per variant there instead of training (--out is then DIR). */
  readonly exportMMagic?: string;
}

export type ParsedCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'train'; readonly options: CliOptions }
  | { readonly kind: 'sweep'; readonly options: SweepCliOptions };

/** The spec a family trains with when only --family is given. */
export const DEFAULT_SPEC: Readonly<Record<Family, string>> = { toy: 'toy/log-loss', dcgan: 'dcgan', pix2pix: 'pix2pix/basic' };

const OPTIONS = {
  spec: { type: 'string' },
  family: { type: 'string' },
  steps: { type: 'string' },
  backend: { type: 'string' },
  threads: { type: 'string' },
  out: { type: 'string' },
  name: { type: 'string' },
  'batch-size': { type: 'string' },
  seed: { type: 'string' },
  lr: { type: 'string' },
  optimizer: { type: 'string' },
  'g-optimizer': { type: 'string' },
  'd-optimizer': { type: 'string' },
  'steps-per-epoch': { type: 'string' },
  'samples-every': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  'grad-every': { type: 'string' },
  'grad-layers': { type: 'boolean' },
  'metrics-every': { type: 'string' },
  'ema-momentum': { type: 'string' },
  'ema-start': { type: 'string' },
  model: { type: 'string' },
  data: { type: 'string' },
  overwrite: { type: 'boolean' },
  sweep: { type: 'string' },
  jobs: { type: 'string' },
  'export-mmagic': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** parseArgs' messages, on one line; an unknown option's advice on positionals does not apply here. */
function usageFrom(error: unknown): UsageError {
  const { code, message } = error as NodeJS.ErrnoException;
  const text = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? message.split(/(?<=\.)\s/)[0]! : message.replace(/\s*\n\s*/g, ' ');
  return new UsageError(`${text.replace(/\.$/, '')} (see --help)`);
}

function parseValues(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw usageFrom(error);
  }
}

/** Parses the arguments after `npm run train --`. Throws a UsageError naming the flag at fault. */
export function parseCliArgs(argv: readonly string[]): ParsedCommand {
  const values = parseValues(argv);
  if (values.help) return { kind: 'help' };
  if (values.sweep !== undefined) return parseSweepArgs(values);
  if (values.jobs !== undefined) throw new UsageError('--jobs goes with --sweep (see --help)');
  const family = oneOf('family', values.family, FAMILIES);
  const spec = values.spec ?? (family ? DEFAULT_SPEC[family] : undefined);
  if (spec === undefined || spec === '') throw new UsageError('--spec is required: a built-in spec name or a JSON file (see --help)');
  const exportDir = exportTarget(values);
  if (exportDir === undefined && (values.out === undefined || values.out === '')) throw new UsageError('--out DIR is required: the folder for the loss log, samples and checkpoint');
  const steps = wholeNumber('steps', values.steps, 1) ?? 200;
  // Conv models train tens of times faster on wasm (with our training kernels) than on the
  // plain-JS cpu backend; the toy GAN's tiny MLPs gain nothing from it.
  const toy = family === 'toy' || (family === undefined && spec.startsWith('toy/'));
  const backend =
    oneOf('backend', values.backend, CLI_BACKENDS, ' (webgpu and webgl need a browser: use the page for those)') ?? (toy ? 'cpu' : 'wasm');
  return {
    kind: 'train',
    options: {
      spec,
      ...(family ? { family } : {}),
      steps,
      backend,
      ...optional('threads', threadCount(values.threads)),
      out: exportDir ?? values.out!,
      ...(exportDir !== undefined ? { exportMMagic: exportDir } : {}),
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...optional('batchSize', wholeNumber('batch-size', values['batch-size'], 1)),
      ...optional('seed', wholeNumber('seed', values.seed, 0)),
      ...optional('lr', positiveNumber('lr', values.lr)),
      ...optional('optimizer', jsonObject('optimizer', values.optimizer)),
      ...optional('gOptimizer', jsonObject('g-optimizer', values['g-optimizer'])),
      ...optional('dOptimizer', jsonObject('d-optimizer', values['d-optimizer'])),
      ...optional('stepsPerEpoch', wholeNumber('steps-per-epoch', values['steps-per-epoch'], 1)),
      samplesEvery: wholeNumber('samples-every', values['samples-every'], 0) ?? Math.ceil(steps / 10),
      checkpointEvery: wholeNumber('checkpoint-every', values['checkpoint-every'], 0) ?? 0,
      ...optional('gradEvery', wholeNumber('grad-every', values['grad-every'], 0)),
      ...(values['grad-layers'] ? { gradLayers: true } : {}),
      ...optional('metricsEvery', wholeNumber('metrics-every', values['metrics-every'], 0)),
      ...optional('emaMomentum', openFraction('ema-momentum', values['ema-momentum'])),
      ...optional('emaStart', wholeNumber('ema-start', values['ema-start'], 0)),
      ...optional('model', jsonObject('model', values.model)),
      ...optional('data', jsonObject('data', values.data)),
      overwrite: values.overwrite ?? false,
    },
  };
}

/** --export-mmagic's folder: it takes the place of --out (nothing trains). */
function exportTarget(values: ReturnType<typeof parseValues>): string | undefined {
  const dir = values['export-mmagic'];
  if (dir === undefined) return undefined;
  if (dir === '') throw new UsageError('--export-mmagic DIR: expected the folder for the MMagic configs');
  if (values.out !== undefined) throw new UsageError('--export-mmagic DIR writes MMagic configs instead of training: leave out --out');
  return dir;
}

/** The flags a sweep takes; the rest come from its file. */
function parseSweepArgs(values: ReturnType<typeof parseValues>): ParsedCommand {
  const file = values.sweep!;
  if (file === '') throw new UsageError('--sweep FILE: expected the sweep file\'s path');
  const fromFile = (['spec', 'family', 'steps', 'seed', 'batch-size', 'lr', 'optimizer', 'g-optimizer', 'd-optimizer', 'steps-per-epoch', 'model', 'data', 'grad-every', 'metrics-every', 'ema-momentum', 'ema-start', 'name'] as const).filter((flag) => values[flag] !== undefined);
  if (fromFile.length > 0) throw new UsageError(`--${fromFile[0]} does not go with --sweep: the sweep file sets the base, the axes, the seeds and the steps`);
  const exportDir = exportTarget(values);
  if (exportDir !== undefined) return { kind: 'sweep', options: { file, out: exportDir, jobs: 1, exportMMagic: exportDir } };
  if (values.out === undefined || values.out === '') throw new UsageError('--out DIR is required: the folder for the variants and the summary');
  const backend = oneOf('backend', values.backend, CLI_BACKENDS, ' (webgpu and webgl need a browser: use the page for those)');
  const jobs = wholeNumber('jobs', values.jobs, 1) ?? availableParallelism();
  return { kind: 'sweep', options: { file, out: values.out, jobs, ...(backend ? { backend } : {}) } };
}

/** toy/* -> toy, pix2pix/* -> pix2pix, anything else -> dcgan. */
export function familyFromSpecName(name: string | undefined): Family {
  if (name?.startsWith('toy/')) return 'toy';
  if (name?.startsWith('pix2pix/')) return 'pix2pix';
  return 'dcgan';
}
