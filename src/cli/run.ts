/**
 * The headless training loop: the engine the worker runs, driven step by step in Node, with
 * the loss log, sample PNGs and checkpoints written into one folder. Output goes through
 * injected streams, so tests run it in-process.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCheckpoint, finiteWeights, type Checkpoint } from '../engine/checkpoint';
import { FileCheckpointStore } from '../engine/checkpoint/fileStore';
import { SamplePreview } from '../engine/samples';
import { emaPreviewModel } from '../engine/sessionChanges';
import { noiseKindOf } from '../engine/toyPlane';
import { buildRunSetup, type DataHost, type RunSetup } from '../engine/setup';
import { GanTrainer } from '../engine/trainer';
import { metricsTime, recordMetricsIfDue } from '../engine/metrics/cadence';
import { describeNonFinite, LossManager, networkOf, type HistoryColumns, type LossLogMeta, type Network, type NonFiniteLoss } from '../manager';
import { FileLossLogSink } from '../manager/node';
import type { RunSettings } from '../protocol/messages';
import { CliAlarms } from './alarms';
import { CliError, EXIT } from './errors';
import { sampleFileName, type RunPaths } from './outDir';
import { samplePng } from './png';
import { createProgress, type OutputStream, type Progress } from './progress';

export interface RunIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Aborted (Ctrl-C): the run stops at the next read-back, writes the log and a checkpoint, and ends with 130. */
  readonly signal?: AbortSignal;
  /** Wall clock in ms. @default performance.now */
  readonly now?: () => number;
}

export interface RunOptions {
  readonly settings: RunSettings;
  readonly steps: number;
  /** From prepareOutDir: the folder exists and is writable. */
  readonly paths: RunPaths;
  readonly host: DataHost;
  /** Steps between sample PNGs; 0: none. */
  readonly samplesEvery: number;
  /** Steps between checkpoints; 0: only at the end. */
  readonly checkpointEvery: number;
  /** The loss log's header: experiment, device, backend, spec. */
  readonly logMeta: Partial<LossLogMeta>;
  /** Printed once the run is built, before the first step (so a settings error prints nothing else). */
  readonly announce?: string;
  /** Steps between read-backs of the loss values (NaN check, progress); never per step. @default 10 */
  readonly flushEvery?: number;
  /** Steps between appends to loss_log.json (it is rewritten whole each time). @default 1000 */
  readonly logEvery?: number;
  /** Least time between in-memory snapshots, kept to save the last good state on a NaN. @default 5000 */
  readonly snapshotMs?: number;
}

export interface RunResult {
  readonly exitCode: typeof EXIT.ok | typeof EXIT.nonFinite | typeof EXIT.interrupted;
  /** Iterations trained. */
  readonly steps: number;
  readonly samplesWritten: number;
  /** The step of the checkpoint on disk, if one was written. */
  readonly checkpointStep: number | null;
}

/**
 * The two newest in-memory snapshots, taken only after a read-back found every loss finite.
 * On a NaN the newer one with finite weights is saved, so a diverged run leaves a state to
 * resume from with a lower learning rate.
 */
class Snapshots {
  private newest: Checkpoint | null = null;
  private previous: Checkpoint | null = null;

  take(checkpoint: Checkpoint): void {
    this.previous = this.newest;
    this.newest = checkpoint;
  }

  lastFinite(): Checkpoint | null {
    return [this.newest, this.previous].find((c): c is Checkpoint => c !== null && finiteWeights(c)) ?? null;
  }
}

/** The last value of each loss, summed per network: the objectives the progress line shows. */
class LastValues {
  private readonly values = new Map<string, number>();
  private readonly networks: ReadonlyMap<string, Network>;

  constructor(settings: RunSettings) {
    this.networks = new Map(settings.spec.losses.map((entry) => [entry.name, networkOf(entry)]));
  }

  record(columns: HistoryColumns): void {
    for (let i = 0; i < columns.loss.length; i++) this.values.set(columns.names[columns.loss[i]!]!, columns.value[i]!);
  }

  objective(network: Network): number | undefined {
    let sum: number | undefined;
    for (const [name, value] of this.values) if (this.networks.get(name) === network) sum = (sum ?? 0) + value;
    return sum;
  }
}

/** Errors building the run are the settings' fault (a model field, a data kind, a spec the engine refuses). */
async function buildRun(options: RunOptions, manager: LossManager): Promise<{ setup: RunSetup; trainer: GanTrainer }> {
  const { settings } = options;
  let setup: RunSetup;
  try {
    setup = await buildRunSetup(settings, options.host);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(EXIT.usage, `settings: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  try {
    const trainer = new GanTrainer({ ...settings, networks: setup.networks, data: setup.data, manager });
    return { setup, trainer };
  } catch (error) {
    setup.models.dispose();
    manager.dispose();
    throw new CliError(EXIT.usage, `spec: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

const formatSeconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The time the quality metrics took, when any were measured. */
function metricsLine(trainer: GanTrainer): string {
  const { ms, count } = metricsTime(trainer);
  return count === 0 ? '' : `  metrics     ${count} measurement${count === 1 ? '' : 's'} in ${formatSeconds(ms)} (the log's metric/ series)\n`;
}

/** A turn of the event loop: the cpu backend's reads resolve as microtasks, which would starve Ctrl-C. */
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Trains `steps` iterations, writing the log, samples and checkpoints into `paths.dir`. */
export async function runTraining(options: RunOptions, io: RunIo): Promise<RunResult> {
  const { settings, steps, paths } = options;
  const flushEvery = options.flushEvery ?? 10;
  const logEvery = options.logEvery ?? 1000;
  const snapshotMs = options.snapshotMs ?? 5000;
  const now = io.now ?? (() => performance.now());

  let progress: Progress | null = null;
  // An alarm's line goes above the progress bar while there is one.
  const alarms = new CliAlarms(settings, (line) => (progress ? progress.log(line) : io.stdout.write(`${line}\n`)));
  const logFile = new FileLossLogSink(paths.log);
  const manager = new LossManager({ logSink: alarms.logSink(logFile), logMeta: options.logMeta });
  const { setup, trainer } = await buildRun(options, manager);
  const preview = new SamplePreview(settings.family, setup.networks, setup.data, { manager, noise: noiseKindOf(settings.model) });
  // The samples show the EMA generator where the run has one (MMagic's default), unless ema.preview says 'live'.
  preview.useGenerator(emaPreviewModel(trainer, settings.ema?.preview));
  const store = new FileCheckpointStore(paths.dir);
  const target = { trainer, networks: setup.networks, settings };
  const snapshots = new Snapshots();
  const last = new LastValues(settings);
  let samplesWritten = 0;

  const writeSample = async (step: number) => {
    await writeFile(join(paths.samples, sampleFileName(step)), samplePng(await preview.read(step, trainer.epoch)));
    samplesWritten++;
  };
  const saveCheckpoint = async (checkpoint?: Checkpoint) => {
    const saved = checkpoint ?? (await createCheckpoint(target));
    await store.save(saved);
    return saved;
  };
  const stopOnNonFinite = async (nonFinite: readonly NonFiniteLoss[]): Promise<RunResult> => {
    const first = nonFinite.reduce((a, b) => (b.step < a.step ? b : a));
    await manager.updateLossLog();
    await alarms.finish(logFile);
    const kept = snapshots.lastFinite();
    if (kept) await saveCheckpoint(kept);
    const checkpointNote = kept
      ? `the checkpoint holds step ${kept.header.iteration}, the newest saved state with finite weights`
      : 'no checkpoint: no saved state had finite weights';
    io.stderr.write(
      `error: ${describeNonFinite(first)} at step ${first.step}; training stopped. ` +
        `Kept: ${paths.log} (every value up to the failure) and ${checkpointNote}. Lower the learning rate or that loss's weight.\n`,
    );
    return { exitCode: EXIT.nonFinite, steps: trainer.iteration, samplesWritten, checkpointStep: kept?.header.iteration ?? null };
  };

  try {
    if (options.announce !== undefined) io.stdout.write(`${options.announce}\n`);
    snapshots.take(await createCheckpoint(target));
    let lastSnapshot = now();
    const started = now();
    progress = createProgress(steps, io.stdout);
    for (let step = 1; step <= steps; step++) {
      trainer.step();
      await recordMetricsIfDue(trainer, settings, setup.networks, step === steps);
      const sampleDue = options.samplesEvery > 0 && (step % options.samplesEvery === 0 || step === steps);
      const checkpointDue = options.checkpointEvery > 0 && step % options.checkpointEvery === 0 && step < steps;
      const logDue = step % logEvery === 0 && step < steps;
      const stopping = io.signal?.aborted === true;
      if (!(step % flushEvery === 0 || step === steps || sampleDue || checkpointDue || logDue || stopping)) continue;

      const result = await trainer.flush();
      await yieldToEvents();
      last.record(result.columns);
      alarms.observe(result.columns);
      if (result.nonFinite.length > 0) {
        progress.stop();
        progress = null;
        return await stopOnNonFinite(result.nonFinite);
      }
      progress.update({ step, stepsPerSecond: (step * 1000) / Math.max(now() - started, 1), G: last.objective('G'), D: last.objective('D') });
      if (sampleDue) await writeSample(step);
      if (logDue) await manager.updateLossLog();
      if (checkpointDue) {
        snapshots.take(await saveCheckpoint());
        lastSnapshot = now();
      } else if (now() - lastSnapshot >= snapshotMs) {
        snapshots.take(await createCheckpoint(target));
        lastSnapshot = now();
      }
      if (stopping) break;
    }
    progress.stop();
    progress = null;
    await manager.updateLossLog();
    await alarms.finish(logFile);
    await saveCheckpoint();
    const trained = trainer.iteration;
    const elapsed = now() - started;
    const interrupted = trained < steps;
    io.stdout.write(
      `${interrupted ? 'interrupted' : 'done'}: ${trained} steps in ${formatSeconds(elapsed)} (${((trained * 1000) / Math.max(elapsed, 1)).toFixed(1)} steps/s)\n` +
        `  loss log    ${paths.log}\n` +
        `  samples     ${paths.samples} (${samplesWritten} PNG${samplesWritten === 1 ? '' : 's'})\n` +
        `  checkpoint  ${paths.checkpointJson} + checkpoint.bin (step ${trained})\n` +
        metricsLine(trainer) +
        (alarms.count === 0 ? '' : `  alarms      ${alarms.count} raised (each printed above; the log's alarms)\n`),
    );
    return { exitCode: interrupted ? EXIT.interrupted : EXIT.ok, steps: trained, samplesWritten, checkpointStep: trained };
  } catch (error) {
    // Keep what was recorded, if the log can still be written; the error is what gets reported.
    await manager.updateLossLog().catch(() => undefined);
    throw error;
  } finally {
    progress?.stop();
    preview.dispose();
    trainer.dispose();
    setup.models.dispose();
  }
}
