import * as tf from '@tensorflow/tfjs';
import {
  assertNever,
  PROTOCOL_VERSION,
  transferables,
  type BackendName,
  type RunSettings,
  type TrainingCommand,
  type TrainingEvent,
} from '../protocol/messages';
import { describeNonFinite } from '../manager';
import { failedEvent } from './backendTrap';
import { checkEngineSettings } from './checkSettings';
import { createCheckpoint, restoreCheckpoint, type CheckpointStore } from './checkpoint';
import { readLossMaps } from './lossMaps';
import { OUTPUT_KEYS } from './outputs';
import { SamplePreview } from './samples';
import { compileAhead, hasParallelCompile } from './warmup';
import { GanTrainer, type RealDataSource, type GanNetworks } from './trainer';

/** Where events go: a worker's `self`, or a fake in tests (comlink's injected endpoint). */
export interface EventEndpoint {
  postMessage(message: TrainingEvent, transfer: Transferable[]): void;
}

export interface BackendChoice {
  readonly backend: BackendName;
  readonly reasons: readonly string[];
  readonly adapter: string | null;
  /** WebGPU on a software adapter (emulated on the CPU): measured against the others first. */
  readonly software?: boolean;
}

/** What a software WebGPU adapter is measured against, for the model a run trains. */
export const MEASURED_ALTERNATIVES: readonly BackendName[] = ['wasm', 'webgl'];

/** What a session needs from its host; injected so Node tests run it without a browser. */
export interface SessionHost {
  chooseBackend(preferred?: BackendName): Promise<BackendChoice>;
  /**
   * Builds fresh networks and data for a run's settings (each call new ones: the session
   * disposes them); throws a readable Error on bad settings.
   */
  buildSetup(settings: RunSettings): Promise<{ networks: GanNetworks; data: RealDataSource }>;
  /** Lets queued commands in between steps. @default a macrotask (setTimeout 0) */
  yieldToEvents?(): Promise<void>;
  now?(): number;
  /** Where checkpoints go (IndexedDB in the browser); without one, checkpoints are off. */
  checkpoints?: CheckpointStore;
  /**
   * Calls `onLost` if the GPU device behind the current backend is lost (WebGPU's
   * `device.lost`); returns a function that stops watching.
   */
  watchDeviceLoss?(onLost: (reason: string) => void): () => void;
}

/** How often numbers and pictures go to the page. */
export const REPORT_INTERVALS_MS = { history: 100, lossMaps: 300, samples: 500, progress: 500, checkpoint: 60_000 } as const;

type State = 'idle' | 'running' | 'paused' | 'stopped';

/**
 * The training loop behind the worker: takes commands, trains step by step, yields between
 * steps so commands (a weight slider) apply at the next one, and streams history, loss maps
 * and progress at bounded rates. It never reads back per step.
 */
export class TrainingSession {
  private trainer: GanTrainer | null = null;
  private networks: GanNetworks | null = null;
  private preview: SamplePreview | null = null;
  private state: State = 'idle';
  private loop: Promise<void> | null = null;
  private readonly now: () => number;
  private readonly yieldToEvents: () => Promise<void>;
  private lastReport = { history: 0, lossMaps: 0, samples: 0, progress: 0, progressStep: 0, checkpoint: 0 };
  private settings: RunSettings | null = null;
  private backend: BackendName = 'cpu';
  private compileMs: number | null = null;
  private firstStepPending = false;
  /** Minimum milliseconds per step (0: flat out). */
  private minStepMs = 0;
  private unwatchDevice: (() => void) | null = null;
  /** The backend trapped (backendTrap.ts): this worker cannot train again; the page replaces it. */
  private trapped = false;

  private readonly endpoint: EventEndpoint;
  private readonly host: SessionHost;

  constructor(endpoint: EventEndpoint, host: SessionHost) {
    this.endpoint = endpoint;
    this.host = host;
    this.now = host.now ?? (() => performance.now());
    this.yieldToEvents = host.yieldToEvents ?? (() => new Promise((resolve) => setTimeout(resolve, 0)));
  }

  private post(event: TrainingEvent): void {
    this.endpoint.postMessage(event, transferables(event));
  }

  /**
   * Handles one command; errors become an event, never an uncaught exception: 'failed' when the
   * command was to start or restore a run, 'rejected' when it was a change a live run refused
   * (that run goes on untouched).
   */
  async handle(command: TrainingCommand): Promise<void> {
    try {
      if (this.trapped) throw new Error('the training worker crashed earlier and cannot train again: reload the page');
      await this.dispatch(command);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const startsRun = command.type === 'start' || command.type === 'restoreCheckpoint';
      if (!startsRun && this.trainer && this.state !== 'stopped' && !this.trapped) this.post({ type: 'rejected', command: command.type, message });
      else this.postFailure(error);
    }
  }

  /** 'failed'; after a backend trap, asking for a fresh worker (see backendTrap.ts). */
  private postFailure(error: unknown): void {
    const event = failedEvent(error, { backend: this.backend, batchSize: this.settings?.batchSize, step: this.trainer?.iteration });
    this.trapped ||= event.replaceWorker === true;
    this.post(this.trapped ? { ...event, replaceWorker: true } : event);
  }

  private async dispatch(command: TrainingCommand): Promise<void> {
    switch (command.type) {
      case 'start':
        return this.start(command.version, command.settings);
      case 'pause':
        if (this.state === 'running') this.state = 'paused';
        await this.loop;
        return;
      case 'resume':
        if (this.trainer && this.state === 'paused') this.run();
        return;
      case 'step':
        await this.stepOnce(command.network);
        return;
      case 'reset':
        await this.stop();
        return;
      case 'setWeight':
        this.requireTrainer().manager.setWeight(command.name, command.value);
        this.postLastWeightChange();
        return;
      case 'setSchedule':
        this.requireTrainer().manager.setSchedule(command.name, command.schedule);
        this.postLastWeightChange();
        return;
      case 'setLearningRate':
        this.requireTrainer().setLearningRate(command.network, command.value);
        return;
      case 'setSpec': {
        const trainer = this.requireTrainer();
        trainer.setSpec(command.spec);
        if (this.settings) this.settings = { ...this.settings, spec: command.spec };
        this.post({ type: 'specChanged', step: trainer.iteration, names: command.spec.losses.map((l) => l.name) });
        return;
      }
      case 'saveCheckpoint':
        await this.saveCheckpoint();
        return;
      case 'setSpeed':
        if (command.stepsPerSecond !== null && !(command.stepsPerSecond > 0)) throw new Error(`speed must be a positive number of steps per second, got ${command.stepsPerSecond}`);
        this.minStepMs = command.stepsPerSecond === null ? 0 : 1000 / command.stepsPerSecond;
        return;
      case 'restoreCheckpoint':
        await this.restore(command.backend);
        return;
      default:
        return assertNever(command);
    }
  }

  private postLastWeightChange(): void {
    const change = this.requireTrainer().manager.weightChanges.at(-1);
    if (change) this.post({ type: 'weightChanged', ...change });
  }

  private requireTrainer(): GanTrainer {
    if (!this.trainer) throw new Error('no run has started: send "start" first');
    return this.trainer;
  }

  private async start(version: number, settings: RunSettings): Promise<void> {
    if (version !== PROTOCOL_VERSION) {
      throw new Error(`protocol version ${version} is not supported by this worker (it speaks ${PROTOCOL_VERSION}); reload the page`);
    }
    await this.stop();
    // After stopping: a start that fails ends the run before it, as the 'failed' event says.
    const checked = checkEngineSettings(settings);
    await this.open(checked, checked.backend);
    this.run();
  }

  /** Chooses the backend, builds the run and its trainer, and says 'ready'. */
  private async open(settings: RunSettings, backend: BackendName | undefined): Promise<void> {
    // Set first: a backend that traps while the run is built reports this run's batch.
    this.settings = settings;
    let choice = await this.host.chooseBackend(backend);
    if (backend === undefined && choice.software) choice = await this.pickByMeasurement(settings, choice);
    this.backend = choice.backend;
    this.compileMs = settings.parallelCompile === false ? null : await this.compileFirstStep(settings);
    this.firstStepPending = true;
    const { networks, data } = await this.host.buildSetup(settings);
    this.networks = networks;
    this.preview = new SamplePreview(settings.family, networks, data);
    this.trainer = new GanTrainer({ ...settings, networks, data });
    this.lastReport.checkpoint = this.now();
    this.unwatchDevice = this.host.watchDeviceLoss?.((reason) => this.deviceLost(reason)) ?? null;
    this.post({ type: 'ready', version: PROTOCOL_VERSION, ...choice, outputKeys: OUTPUT_KEYS });
  }

  /**
   * WebGPU on a software adapter is real WebGPU emulated on the CPU; for most models wasm or
   * WebGL are faster there. Each alternative trains this run's model for one warm-up step and
   * one timed step (on throwaway copies); the fastest runs the real thing, and the reasons say
   * what was measured. A forced backend (the page's select, ?backend=) is never second-guessed.
   */
  private async pickByMeasurement(settings: RunSettings, webgpu: BackendChoice): Promise<BackendChoice> {
    const figures: { backend: BackendName; stepsPerSecond: number }[] = [];
    const failures: string[] = [];
    for (const candidate of MEASURED_ALTERNATIVES) {
      try {
        const started = await this.host.chooseBackend(candidate);
        if (started.backend !== candidate) continue;
        figures.push({ backend: candidate, stepsPerSecond: await this.measureSteps(settings) });
      } catch (error) {
        failures.push(`${candidate}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    // Reported in the order measured; the fastest is picked from a sorted copy.
    const measured = figures.map((f) => `${f.backend} ${f.stepsPerSecond.toFixed(2)} steps/s`).join(', ');
    const best = [...figures].sort((a, b) => b.stepsPerSecond - a.stepsPerSecond)[0];
    if (!best) {
      await this.host.chooseBackend('webgpu');
      return { ...webgpu, reasons: [...webgpu.reasons, ...failures.map((f) => `measuring ${f}`)] };
    }
    const chosen = await this.host.chooseBackend(best.backend);
    return {
      ...chosen,
      reasons: [
        ...webgpu.reasons,
        `webgpu: the only adapter is a software one (${webgpu.adapter ?? 'emulated on the CPU'}), so this model was measured on the alternatives: ${measured}; using ${best.backend}`,
        ...failures.map((f) => `measuring ${f}`),
      ],
    };
  }

  /** Steps per second of this run's model on the current backend: one warm-up step, then one timed. */
  private async measureSteps(settings: RunSettings): Promise<number> {
    const scratch = await this.host.buildSetup(settings);
    const trainer = new GanTrainer({ ...settings, networks: scratch.networks, data: scratch.data });
    try {
      trainer.step();
      await trainer.flush();
      const started = this.now();
      trainer.step();
      await trainer.flush();
      return 1000 / Math.max(this.now() - started, 1e-3);
    } finally {
      trainer.dispose();
      scratch.networks.generator.dispose();
      scratch.networks.discriminator.dispose();
    }
  }

  /**
   * Compiles the first step's shaders in parallel on a throwaway copy of the run (its
   * outputs are garbage in compile-only mode), so the real first step finds them ready.
   */
  private async compileFirstStep(settings: RunSettings): Promise<number | null> {
    if (!hasParallelCompile(this.backend)) return null;
    const scratch = await this.host.buildSetup(settings);
    const trainer = new GanTrainer({ ...settings, networks: scratch.networks, data: scratch.data });
    try {
      return await compileAhead(this.backend, () => trainer.step(), this.now);
    } finally {
      trainer.dispose();
      scratch.networks.generator.dispose();
      scratch.networks.discriminator.dispose();
    }
  }

  private deviceLost(reason: string): void {
    if (this.state !== 'running' && this.state !== 'paused') return;
    this.state = 'stopped';
    const step = this.trainer?.iteration ?? 0;
    const saved = this.host.checkpoints ? ' Resume from the last checkpoint on another backend.' : '';
    this.post({
      type: 'stopped',
      step,
      reason: 'deviceLost',
      message: `The GPU device was lost (${reason}) at step ${step}; training stopped and everything recorded so far is kept.${saved}`,
    });
  }

  private async saveCheckpoint(): Promise<void> {
    const trainer = this.requireTrainer();
    if (!this.host.checkpoints || !this.networks || !this.settings) throw new Error('checkpoints are not available here');
    await trainer.flush();
    const checkpoint = await createCheckpoint({ trainer, networks: this.networks, settings: this.settings });
    await this.host.checkpoints.save(checkpoint);
    this.lastReport.checkpoint = this.now();
    this.post({ type: 'checkpointSaved', step: checkpoint.header.iteration });
  }

  /** Rebuilds the run from the last checkpoint, optionally on another backend, and goes on training. */
  private async restore(backend: BackendName | undefined): Promise<void> {
    const checkpoint = await this.host.checkpoints?.load();
    if (!checkpoint) throw new Error('there is no checkpoint to restore: save one first');
    await this.stop();
    const settings = checkEngineSettings(checkpoint.header.settings, "the checkpoint's run settings");
    await this.open(settings, backend);
    await restoreCheckpoint({ trainer: this.requireTrainer(), networks: this.networks! }, checkpoint);
    this.run();
  }

  private run(): void {
    this.state = 'running';
    // A failure inside the loop (a device lost, a bad loss) ends the run with a 'failed'
    // event; what was recorded until then stays with the manager.
    this.loop = this.loopSteps().catch((error: unknown) => {
      // After a device loss the run already said why it stopped; the step it was in fails too.
      if (this.state !== 'stopped') this.postFailure(error);
      this.state = 'stopped';
    });
  }

  private async loopSteps(): Promise<void> {
    const trainer = this.requireTrainer();
    while (this.state === 'running') {
      const started = this.now();
      if (this.firstStepPending) await this.timeFirstStep(trainer);
      else trainer.step();
      await this.report(false);
      await this.yieldToEvents();
      // A speed cap waits out the rest of the step's time slot (commands still arrive).
      const wait = this.minStepMs - (this.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    await this.report(true);
    if (this.state === 'paused') this.post({ type: 'paused', step: trainer.iteration });
  }

  /** Runs the first step and waits for the device (a flush reads its values back). */
  private async timeFirstStep(trainer: GanTrainer): Promise<void> {
    this.firstStepPending = false;
    const started = this.now();
    trainer.step();
    const flushed = await trainer.flush();
    const firstStepMs = this.now() - started;
    if (flushed.recorded > 0) this.post({ type: 'history', batch: flushed.columns });
    this.post({ type: 'warmedUp', backend: this.backend, compileMs: this.compileMs, firstStepMs });
  }

  private async stepOnce(network: 'G' | 'D' | 'both'): Promise<void> {
    const trainer = this.requireTrainer();
    if (this.state === 'running') {
      this.state = 'paused';
      await this.loop;
    }
    if (network === 'both') trainer.step();
    else trainer.stepNetwork(network);
    await this.report(true);
  }

  /** Streams what is due; `force` sends everything now (pause, single steps). */
  private async report(force: boolean): Promise<void> {
    const trainer = this.requireTrainer();
    const t = this.now();
    if (force || t - this.lastReport.history >= REPORT_INTERVALS_MS.history) {
      this.lastReport.history = t;
      const result = await trainer.flush();
      if (result.recorded > 0) this.post({ type: 'history', batch: result.columns });
      const [bad] = result.nonFinite;
      if (bad) {
        this.state = 'stopped';
        this.post({
          type: 'stopped',
          step: bad.step,
          reason: 'nonFinite',
          message: `${describeNonFinite(bad)} at step ${bad.step}; training stopped (everything recorded so far is kept). Lower its weight or the learning rate, then start again.`,
        });
        return;
      }
    }
    if (force || t - this.lastReport.lossMaps >= REPORT_INTERVALS_MS.lossMaps) {
      this.lastReport.lossMaps = t;
      const maps = await readLossMaps(trainer.manager.getLossTensors(), trainer.iteration);
      if (maps.length > 0) this.post({ type: 'lossMaps', maps });
    }
    if (this.host.checkpoints && !force && t - this.lastReport.checkpoint >= REPORT_INTERVALS_MS.checkpoint) {
      await this.saveCheckpoint();
    }
    if (this.preview && (force || t - this.lastReport.samples >= REPORT_INTERVALS_MS.samples)) {
      this.lastReport.samples = t;
      this.post({ type: 'samples', samples: await this.preview.read(trainer.iteration) });
    }
    if (force || t - this.lastReport.progress >= REPORT_INTERVALS_MS.progress) {
      const elapsed = Math.max(t - this.lastReport.progress, 1);
      const steps = trainer.iteration - this.lastReport.progressStep;
      this.lastReport.progress = t;
      this.lastReport.progressStep = trainer.iteration;
      const memory = tf.memory();
      this.post({
        type: 'progress',
        progress: {
          step: trainer.iteration,
          epoch: trainer.epoch,
          stepsPerEpoch: trainer.stepsPerEpoch,
          stepsPerSecond: (steps * 1000) / elapsed,
          phaseMs: trainer.takePhaseTimes(),
          numTensors: memory.numTensors,
          numBytes: memory.numBytes,
          numBytesInGPU: (memory as { numBytesInGPU?: number }).numBytesInGPU ?? null,
        },
      });
    }
  }

  private async stop(): Promise<void> {
    if (this.state === 'running') this.state = 'paused';
    await this.loop;
    this.unwatchDevice?.();
    this.unwatchDevice = null;
    this.loop = null;
    this.trainer?.dispose();
    this.trainer = null;
    this.preview?.dispose();
    this.preview = null;
    if (this.networks) {
      this.networks.generator.dispose();
      this.networks.discriminator.dispose();
      this.networks = null;
    }
    this.state = 'idle';
  }
}
