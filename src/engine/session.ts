import { assertNever, PROTOCOL_VERSION, type BackendName, type RunSettings, type TrainingCommand } from '../protocol/messages';
import { checkEngineSettings } from './checkSettings';
import { restoreCheckpoint } from './checkpoint';
import { applyLiveChange, settingsAfter } from './sessionChanges';
import { SessionCore } from './sessionCore';
import type { GanTrainer } from './trainer';

export { MEASURED_ALTERNATIVES } from './backendPick';
export { CHECKPOINT_INTERVALS_MS, checkpointInterval } from './sessionCheckpoints';
export type { BackendChoice, EventEndpoint, SessionHost } from './sessionHost';
export { REPORT_INTERVALS_MS } from './sessionReporter';

/**
 * The training loop behind the worker: takes commands, trains step by step, yields between
 * steps so commands (a weight slider) apply at the next one, and streams history, loss maps
 * and progress at bounded rates. It never reads back per step.
 */
export class TrainingSession extends SessionCore {
  /** The last command handled or being handled: the next waits for it. */
  private commands: Promise<void> = Promise.resolve();

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

}
