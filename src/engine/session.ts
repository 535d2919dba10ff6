import {
  assertNever,
  PROTOCOL_VERSION,
  transferables,
  type BackendName,
  type RunSettings,
  type TrainingCommand,
  type TrainingEvent,
} from '../protocol/messages';
import { describeBuilt } from './builtNetworks';
import { compileFirstStep, pickByMeasurement } from './backendPick';
import { failedEvent } from './backendTrap';
import { checkEngineSettings } from './checkSettings';
import { restoreCheckpoint } from './checkpoint';
import { SessionCheckpoints } from './sessionCheckpoints';
import { nonFiniteStop, SessionHistory } from './sessionHistory';
import { applyLiveChange, emaPreviewModel, settingsAfter } from './sessionChanges';
import { ProgressMeter } from './sessionProgress';
import { createYieldToEvents } from './yieldToEvents';
import { readLossMaps } from './lossMaps';
import { recordMetricsIfDue } from './metrics/cadence';
import { OUTPUT_KEYS } from './outputs';
import { SamplePreview } from './samples';
import { noiseKindOf } from './toyPlane';
import type { EventEndpoint, SessionHost } from './sessionHost';
import { GanTrainer, type GanNetworks } from './trainer';

export { MEASURED_ALTERNATIVES } from './backendPick';
export { CHECKPOINT_INTERVALS_MS, checkpointInterval } from './sessionCheckpoints';
export type { BackendChoice, EventEndpoint, SessionHost } from './sessionHost';

/** How often numbers and pictures go to the page. */
export const REPORT_INTERVALS_MS = { history: 100, lossMaps: 300, samples: 500, progress: 500 } as const;

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
  private lastReport = { history: 0, lossMaps: 0, samples: 0 };
  private readonly progress = new ProgressMeter(REPORT_INTERVALS_MS.progress);
  private readonly checkpoints: SessionCheckpoints;
  private readonly history: SessionHistory;
  /** The last command handled or being handled: the next waits for it. */
  private commands: Promise<void> = Promise.resolve();
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
    this.yieldToEvents = host.yieldToEvents ?? createYieldToEvents();
    this.checkpoints = new SessionCheckpoints(host.checkpoints, this.now);
    this.history = new SessionHistory((event) => this.post(event), this.checkpoints);
  }

  private post(event: TrainingEvent): void {
    this.endpoint.postMessage(event, transferables(event));
  }

  /**
   * Handles one command, after the ones before it have finished (the worker's onmessage does not
   * wait): a checkpoint asked for while a restore rebuilds the run, or a weight changed while
   * a run starts, then applies to that run instead of finding none. Errors become an event,
   * never an uncaught exception: 'failed' when the command was to start or restore a run,
   * 'rejected' when it was a change a live run refused (that run goes on untouched). The
   * training loop is not a command: a pause arriving while it trains is handled at once.
   */
  handle(command: TrainingCommand): Promise<void> {
    const done = this.commands.then(() => this.handleNow(command));
    this.commands = done;
    return done;
  }

  private async handleNow(command: TrainingCommand): Promise<void> {
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
        return this.pause();
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
      case 'setSchedule':
      case 'setLearningRate':
      case 'setSpec':
      case 'setEmaPreview': {
        const event = applyLiveChange(this.requireTrainer(), command, this.preview);
        if (this.settings) this.settings = settingsAfter(this.settings, command);
        if (command.type === 'setSpec') this.history.setSpec(command.spec);
        if (event) this.post(event);
        return;
      }
      case 'saveCheckpoint':
        await this.saveCheckpoint(true);
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

  /** Pauses after the step in progress and saves a checkpoint: a paused run is one to come back to. */
  private async pause(): Promise<void> {
    const wasRunning = this.state === 'running';
    if (wasRunning) this.state = 'paused';
    await this.loop;
    if (!wasRunning || this.state !== 'paused' || !this.checkpoints.enabled) return;
    try {
      await this.saveCheckpoint();
    } catch (error) {
      this.post({ type: 'rejected', command: 'saveCheckpoint', message: `the run paused, but its checkpoint could not be saved: ${error instanceof Error ? error.message : String(error)}` });
    }
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
    if (backend === undefined && choice.software) choice = await pickByMeasurement(this.host, settings, choice, this.now);
    this.backend = choice.backend;
    this.compileMs = settings.parallelCompile === false ? null : await compileFirstStep(this.host, settings, this.backend, this.now);
    this.firstStepPending = true;
    const { networks, data } = await this.host.buildSetup(settings);
    this.networks = networks;
    this.trainer = new GanTrainer({ ...settings, networks, data });
    this.preview = new SamplePreview(settings.family, networks, data, { manager: this.trainer.manager, noise: noiseKindOf(settings.model) });
    this.preview.useGenerator(emaPreviewModel(this.trainer, settings.ema?.preview));
    this.checkpoints.reset();
    this.history.start(settings);
    this.unwatchDevice = this.host.watchDeviceLoss?.((reason) => this.deviceLost(reason)) ?? null;
    const built = describeBuilt(networks, (network) => this.trainer!.optimizer(network));
    this.post({ type: 'ready', version: PROTOCOL_VERSION, ...choice, outputKeys: OUTPUT_KEYS, networks: built });
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

  /**
   * Saves a checkpoint of the run as it stands. The steps before it are delivered first (a
   * flush's values always reach the page), and a run whose values just became NaN is stopped
   * instead (see SessionCheckpoints.save for weights that are no longer finite). False when
   * nothing was saved.
   */
  private async saveCheckpoint(strict = false): Promise<boolean> {
    const trainer = this.requireTrainer();
    if (!this.checkpoints.enabled || !this.networks || !this.settings) throw new Error('checkpoints are not available here');
    if (!(await this.deliverHistory())) return false;
    const checkpoint = await this.checkpoints.save({ trainer, networks: this.networks, settings: this.settings }, strict);
    if (checkpoint) this.post({ type: 'checkpointSaved', step: checkpoint.header.iteration });
    return checkpoint !== null;
  }

  /**
   * Reads back every value recorded since the last flush and posts it (with the alarms it
   * raised); stops the run, naming the loss, when one is NaN or infinite. Every flush of the
   * run's manager goes through here, so no value is read back without reaching the page. False
   * when the run was stopped.
   */
  private async deliverHistory(): Promise<boolean> {
    const bad = await this.history.deliver(this.requireTrainer());
    if (!bad) return true;
    this.state = 'stopped';
    this.post(nonFiniteStop(bad));
    return false;
  }

  /** Rebuilds the run from the last checkpoint, optionally on another backend, and goes on training. */
  private async restore(backend: BackendName | undefined): Promise<void> {
    const checkpoint = await this.checkpoints.load();
    await this.stop();
    const settings = checkEngineSettings(checkpoint.header.settings, "the checkpoint's run settings");
    await this.open(settings, backend);
    await restoreCheckpoint({ trainer: this.requireTrainer(), networks: this.networks! }, checkpoint);
    // The values before the checkpoint that a closed page may have missed come first; the
    // page cuts its history (and alarms) where this batch begins, so each step is there once.
    // The alarms start afresh from them: those they raise again are posted again. (replay()
    // kept the next checkpoint's copy.)
    const replay = this.checkpoints.replay(checkpoint);
    if (replay) this.history.send(replay, false);
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
    const pace = this.host.pace;
    let busySince = this.now();
    while (this.state === 'running') {
      if (this.settings?.stopAtStep !== undefined && trainer.iteration >= this.settings.stopAtStep) {
        this.state = 'paused';
        break;
      }
      if (pace && this.now() - busySince >= pace.busyMs) {
        await new Promise((resolve) => setTimeout(resolve, pace.restMs));
        busySince = this.now();
      }
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
    const finite = await this.deliverHistory();
    const firstStepMs = this.now() - started;
    this.post({ type: 'warmedUp', backend: this.backend, compileMs: this.compileMs, firstStepMs });
    // The first checkpoint as soon as the run is warm: resumable from its first seconds on.
    if (finite) this.checkpoints.warmedUp();
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
    if (this.settings && this.networks) await recordMetricsIfDue(trainer, this.settings, this.networks);
    if (force || t - this.lastReport.history >= REPORT_INTERVALS_MS.history) {
      this.lastReport.history = t;
      if (!(await this.deliverHistory())) return;
    }
    if (force || t - this.lastReport.lossMaps >= REPORT_INTERVALS_MS.lossMaps) {
      this.lastReport.lossMaps = t;
      const maps = await readLossMaps(trainer.manager.getLossTensors(), trainer.iteration);
      if (maps.length > 0) this.post({ type: 'lossMaps', maps });
    }
    if (!force && this.checkpoints.isDue(t)) {
      if (!(await this.saveCheckpoint())) return;
    }
    if (this.preview && (force || t - this.lastReport.samples >= REPORT_INTERVALS_MS.samples)) {
      this.lastReport.samples = t;
      this.post({ type: 'samples', samples: await this.preview.read(trainer.iteration, trainer.epoch) });
    }
    if (force || this.progress.isDue(t)) this.post(this.progress.event(trainer, t));
  }

  private async stop(): Promise<void> {
    // 'idle', not 'paused': the loop says 'paused' as it ends a pause, and this run is ending
    // (a Reset on the page, or a new start), not waiting for a Resume.
    if (this.state === 'running') this.state = 'idle';
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
