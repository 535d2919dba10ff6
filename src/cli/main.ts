/**
 * `npm run train`: arguments -> settings -> backend -> output folder -> training loop, with
 * every expected failure reported as one line and an exit code (see USAGE).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { loadMnistFile, MNIST_FILE } from '../engine/data/mnistFile';
import type { MnistData } from '../engine/data';
import { emaMomentumWarning } from '../protocol/emaSettings';
import { DIGIT_CLASSIFIER_PATH, parseClassifierWeights } from '../engine/metrics/digitClassifierFile';
import { parseCliArgs } from './args';
import { startBackend, type WasmSetup } from './backend';
import { CliError, EXIT, UsageError } from './errors';
import { exportRunToMMagic, exportSweepToMMagic } from './exportMMagic';
import { prepareOutDir } from './outDir';
import { runTraining, type RunIo, type RunOptions } from './run';
import { resolveRunSettings } from './settings';
import { runSweep } from './sweep/runSweep';
import { USAGE } from './usage';

export interface MainIo extends RunIo {
  /** The repository root: where the MNIST file and its builder script are. @default process.cwd() */
  readonly root?: string;
  /** Imports the engine's wasm setup (tests fake a missing package). @default import('../engine/wasm/node') */
  readonly loadWasm?: () => Promise<WasmSetup>;
  /** Tuning for tests; the CLI uses the defaults. */
  readonly tuning?: Pick<RunOptions, 'flushEvery' | 'logEvery' | 'snapshotMs'>;
}

/** The "XxxError: message" line of a crashed Node script's stderr, else its last line. */
function errorLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return lines.find((line) => /^\w*Error: /.test(line)) ?? lines.at(-1) ?? '';
}

/** The MNIST file `npm run data:mnist` makes, built first when it is missing. */
async function loadMnist(root: string, io: MainIo): Promise<{ path: string; data: MnistData }> {
  const path = resolve(root, MNIST_FILE);
  if (!existsSync(path)) {
    io.stderr.write(`${path} is missing: building it as \`npm run data:mnist\` does...\n`);
    const built = spawnSync(process.execPath, [join(root, 'scripts/build-mnist.mjs'), '--out', path], { encoding: 'utf8' });
    if (built.status !== 0) {
      const why = errorLine(`${built.stderr ?? ''}\n${built.error ? String(built.error) : ''}`) || `exit code ${built.status}`;
      throw new CliError(EXIT.failed, `cannot build the MNIST file ${path} (${why}); run \`npm run data:mnist\` in the repository, then try again`);
    }
  }
  try {
    return { path, data: await loadMnistFile(path) };
  } catch (error) {
    throw new CliError(EXIT.failed, error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** The committed digit classifier's weights, for DCGAN's KID and FID. */
async function loadDigitClassifier(root: string): Promise<readonly Float32Array[]> {
  const path = resolve(root, 'public', DIGIT_CLASSIFIER_PATH);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : String(error);
    throw new CliError(EXIT.failed, `cannot read the digit classifier ${path} (${why}) that DCGAN's KID and FID need; it is part of the repository: restore it, or rebuild it with \`npm run classifier:digits\``, { cause: error });
  }
  try {
    return parseClassifierWeights(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
  } catch (error) {
    throw new CliError(EXIT.failed, error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** Runs the CLI on `argv` (the arguments after `--`) and returns the exit code; never throws. */
export async function main(argv: readonly string[], io: MainIo): Promise<number> {
  try {
    const command = parseCliArgs(argv);
    if (command.kind === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (command.kind === 'sweep') {
      const { exportMMagic } = command.options;
      if (exportMMagic !== undefined) return await exportSweepToMMagic(command.options.file, exportMMagic, io.stdout);
      return await runSweep(command.options, { ...io, root: io.root ?? process.cwd() });
    }
    const { options } = command;
    if (options.exportMMagic !== undefined) return await exportRunToMMagic(options, options.exportMMagic, io.stdout);
    const backendLabel = await startBackend(options.backend, io.loadWasm, options.threads);
    const { settings, specLabel } = await resolveRunSettings(options);
    const emaWarning = settings.ema ? emaMomentumWarning(settings.ema.momentum) : null;
    if (emaWarning) io.stderr.write(`warning: ${emaWarning}\n`);
    const steps = stepsUntilStop(options.steps, settings.stopAtStep, io.stderr);
    const paths = await prepareOutDir(options.out, options.overwrite);
    const mnist = settings.family === 'dcgan' ? await loadMnist(io.root ?? process.cwd(), io) : null;
    const classifier = settings.family === 'dcgan' ? await loadDigitClassifier(io.root ?? process.cwd()) : null;
    const result = await runTraining(
      {
        settings,
        steps,
        paths,
        host: { loadMnist: async () => mnist!.data, loadDigitClassifier: async () => classifier! },
        announce:
          `training ${settings.family} with spec ${specLabel} on ${backendLabel} for ${steps} steps into ${paths.dir}` +
          (settings.ema ? `, with an EMA generator (momentum ${settings.ema.momentum}, from iteration ${settings.ema.startIteration ?? 0})` : ''),
        samplesEvery: options.samplesEvery,
        checkpointEvery: options.checkpointEvery,
        logMeta: {
          experiment: options.name ?? basename(paths.dir),
          device: options.backend,
          backend: options.backend,
          spec: settings.spec,
          dataroot: mnist?.path ?? '',
          dataset_length: mnist?.data.count ?? 0,
        },
        ...io.tuning,
      },
      io,
    );
    return result.exitCode;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof CliError) {
      io.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    // Not one of ours: a bug or the machine (disk full); the stack helps either way.
    io.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failed;
  }
}

/**
 * A settings file's `stopAtStep` (a page sweep's variants carry one) ends the run there, as it
 * pauses the page's run: the CLI has no pause, and steps past it were trained before.
 */
function stepsUntilStop(steps: number, stopAtStep: number | undefined, stderr: MainIo['stderr']): number {
  if (stopAtStep === undefined || stopAtStep >= steps) return steps;
  stderr.write(`note: the settings' stopAtStep (${stopAtStep}) ends the run before --steps (${steps})\n`);
  return stopAtStep;
}
