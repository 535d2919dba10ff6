import {
  assertNever,
  PROTOCOL_VERSION,
  transferables,
  type BackendName,
  type RunSettings,
  type TrainingCommand,
  type TrainingEvent,
} from '../protocol/messages';
import { failedEvent } from './backendTrap';
import { checkEngineSettings } from './checkSettings';
import { restoreCheckpoint } from './checkpoint';
import { SessionCheckpoints } from './sessionCheckpoints';
import { SessionHistory } from './sessionHistory';
import { applyLiveChange, settingsAfter } from './sessionChanges';
import { SessionPacing } from './sessionPacing';
import { SessionReporter, type ReportTarget } from './sessionReporter';
import { deviceLostEvent, openRun } from './sessionRun';
import { createYieldToEvents } from './yieldToEvents';
import type { SamplePreview } from './samples';
import type { EventEndpoint, SessionHost } from './sessionHost';
import type { GanNetworks, GanTrainer } from './trainer';

export { MEASURED_ALTERNATIVES } from './backendPick';
export { CHECKPOINT_INTERVALS_MS, checkpointInterval } from './sessionCheckpoints';
export type { BackendChoice, EventEndpoint, SessionHost } from './sessionHost';
export { REPORT_INTERVALS_MS } from './sessionReporter';

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
  private readonly checkpoints: SessionCheckpoints;
  private readonly history: SessionHistory;
  private readonly reporter: SessionReporter;
  /** The last command handled or being handled: the next waits for it. */
  private commands: Promise<void> = Promise.resolve();
  private settings: RunSettings | null = null;
  private backend: BackendName = 'cpu';
  private compileMs: number | null = null;
  private firstStepPending = false;
  private readonly pacing: SessionPacing;
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
    this.pacing = new SessionPacing(host.pace, this.now);
    this.checkpoints = new SessionCheckpoints(host.checkpoints, this.now);
    this.history = new SessionHistory((event) => this.post(event), this.checkpoints);
    const onNonFinite = () => void (this.state = 'stopped');
    this.reporter = new SessionReporter({ post: (event) => this.post(event), history: this.history, checkpoints: this.checkpoints, now: this.now, onNonFinite });
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
    // Advice, not a change to the run: taken at once, never queued behind a slow start.
    if (command.type === 'pageLate') return Promise.resolve(this.pageLate(command.frameMs));
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
        return this.pacing.setSpeed(command.stepsPerSecond);
      case 'restoreCheckpoint':
        await this.restore(command.backend);
        return;
      case 'pageLate':
        return this.pageLate(command.frameMs);
      default:
        return assertNever(command);
    }
  }

  /** A bad value is 'rejected', whatever the run's state: it never fails a run or a trapped worker. */
  private pageLate(frameMs: number): void {
    try {
      this.pacing.late(frameMs);
    } catch (error) {
      this.post({ type: 'rejected', command: 'pageLate', message: error instanceof Error ? error.message : String(error) });
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
    // Set first: a backend that traps while the run is built reports this run's batch and backend.
    this.settings = settings;
    const run = await openRun(this.host, settings, backend, this.now, (chosen) => (this.backend = chosen));
    ({ compileMs: this.compileMs, networks: this.networks, trainer: this.trainer, preview: this.preview } = run);
    this.firstStepPending = true;
    this.checkpoints.reset();
    this.history.start(settings);
    this.unwatchDevice = this.host.watchDeviceLoss?.((reason) => this.deviceLost(reason)) ?? null;
    this.post(run.ready);
  }

  /** The run as the reporter reads it. */
  private target(): ReportTarget {
    return { trainer: this.requireTrainer(), networks: this.networks, settings: this.settings, preview: this.preview };
  }

  private deviceLost(reason: string): void {
    if (this.state !== 'running' && this.state !== 'paused') return;
    this.state = 'stopped';
    this.post(deviceLostEvent(reason, this.trainer?.iteration ?? 0, this.host.checkpoints !== undefined));
  }

  private saveCheckpoint(strict = false): Promise<boolean> {
    return this.reporter.saveCheckpoint(this.target(), strict);
  }

  private deliverHistory(): Promise<boolean> {
    return this.reporter.deliverHistory(this.target());
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
    while (this.state === 'running') {
      if (this.settings?.stopAtStep !== undefined && trainer.iteration >= this.settings.stopAtStep) {
        this.state = 'paused';
        break;
      }
      await this.pacing.beforeStep();
      const started = this.now();
      if (this.firstStepPending) await this.timeFirstStep(trainer);
      else trainer.step();
      await this.report(false);
      await this.yieldToEvents();
      await this.pacing.afterStep(started);
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

  private report(force: boolean): Promise<void> {
    return this.reporter.report(this.target(), force);
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
