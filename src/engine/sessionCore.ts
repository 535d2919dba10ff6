import { transferables, type BackendName, type RunSettings, type TrainingEvent } from '../protocol/messages';
import { failedEvent } from './backendTrap';
import { SessionCheckpoints } from './sessionCheckpoints';
import { SessionHistory } from './sessionHistory';
import { SessionPacing } from './sessionPacing';
import { SessionReporter, type ReportTarget } from './sessionReporter';
import { deviceLostEvent, openRun } from './sessionRun';
import { createYieldToEvents } from './yieldToEvents';
import type { SamplePreview } from './samples';
import type { EventEndpoint, SessionHost } from './sessionHost';
import type { GanNetworks, GanTrainer } from './trainer';

export type SessionState = 'idle' | 'running' | 'paused' | 'stopped';

/**
 * What a TrainingSession (session.ts) holds and the plumbing under its commands: the run's
 * parts, opening and tearing down a run, posting events and reporting on the run. The
 * commands and the step loop are in session.ts.
 */
export abstract class SessionCore {
  protected trainer: GanTrainer | null = null;
  protected networks: GanNetworks | null = null;
  protected preview: SamplePreview | null = null;
  protected state: SessionState = 'idle';
  protected loop: Promise<void> | null = null;
  protected readonly now: () => number;
  protected readonly yieldToEvents: () => Promise<void>;
  protected readonly checkpoints: SessionCheckpoints;
  protected readonly history: SessionHistory;
  protected readonly reporter: SessionReporter;
  protected settings: RunSettings | null = null;
  protected backend: BackendName = 'cpu';
  protected compileMs: number | null = null;
  protected firstStepPending = false;
  protected readonly pacing: SessionPacing;
  protected unwatchDevice: (() => void) | null = null;
  /** The backend trapped (backendTrap.ts): this worker cannot train again; the page replaces it. */
  protected trapped = false;

  protected readonly endpoint: EventEndpoint;
  protected readonly host: SessionHost;

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

  protected post(event: TrainingEvent): void {
    this.endpoint.postMessage(event, transferables(event));
  }

  /** 'failed'; after a backend trap, asking for a fresh worker (see backendTrap.ts). */
  protected postFailure(error: unknown): void {
    const event = failedEvent(error, { backend: this.backend, batchSize: this.settings?.batchSize, step: this.trainer?.iteration });
    this.trapped ||= event.replaceWorker === true;
    this.post(this.trapped ? { ...event, replaceWorker: true } : event);
  }

  protected requireTrainer(): GanTrainer {
    if (!this.trainer) throw new Error('no run has started: send "start" first');
    return this.trainer;
  }

  /** Chooses the backend, builds the run and its trainer, and says 'ready'. */
  protected async open(settings: RunSettings, backend: BackendName | undefined): Promise<void> {
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
  protected target(): ReportTarget {
    return { trainer: this.requireTrainer(), networks: this.networks, settings: this.settings, preview: this.preview };
  }

  protected deviceLost(reason: string): void {
    if (this.state !== 'running' && this.state !== 'paused') return;
    this.state = 'stopped';
    this.post(deviceLostEvent(reason, this.trainer?.iteration ?? 0, this.host.checkpoints !== undefined));
  }

  protected saveCheckpoint(strict = false): Promise<boolean> {
    return this.reporter.saveCheckpoint(this.target(), strict);
  }

  protected deliverHistory(): Promise<boolean> {
    return this.reporter.deliverHistory(this.target());
  }

  protected report(force: boolean): Promise<void> {
    return this.reporter.report(this.target(), force);
  }

  protected async stop(): Promise<void> {
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
