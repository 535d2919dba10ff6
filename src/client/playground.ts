// The page's handle on training: owns the client (and so the Worker), routes every event into
// the stores, and turns user actions into commands. Imports no tfjs.
import type { Schedule } from '../manager/schedule';
import type { LossSpec } from '../manager/lossSpec';
import { PROTOCOL_VERSION, type BackendName, type EmaPreview, type NetworkName, type RunSettings, type TrainingCommand, type TrainingEvent } from '../protocol/messages';
import { defaultSettings } from '../protocol/presets';
import { repairSettings } from '../protocol/repairSettings';
import { validateRunSettings } from '../protocol/runSettings';
import { createHistoryStore, type HistoryStore } from '../state/historyStore';
import { createFramesStore, type FramesStore } from '../state/framesStore';
import { createMapsStore, type MapsStore } from '../state/mapsStore';
import { createRunStore, type RunStore } from '../state/runStore';
import { createRunsStore, type RunsStore } from '../state/runsStore';
import { createSettingsStore, type SettingsStore } from '../state/settingsStore';
import { catchUpCommands } from './catchUp';
import { createFrameRecorder, type FrameRecorder } from './archive/frameRecorder';
import { createRunsController, type RunsController } from './archive/runsController';
import { RunArchive } from './runArchive';
import { createTrainingClient, type TrainingClient } from './trainingClient';

export interface PlaygroundStores {
  readonly run: RunStore;
  readonly settings: SettingsStore;
  readonly history: HistoryStore;
  /** Latest loss maps and samples (drawn by canvases that subscribe themselves). */
  readonly maps: MapsStore;
  /** The archived runs, the current one and the overlay. */
  readonly runs: RunsStore;
  /** The shown run's preview frames over time (the samples' step slider). */
  readonly frames: FramesStore;
}

export interface Playground {
  readonly stores: PlaygroundStores;
  /** Every run is kept in IndexedDB: open, rename, delete, overlay, export, import. */
  readonly runs: RunsController;
  /** Keeps each run's preview frames, on the page and with the run in IndexedDB. */
  readonly frames: FrameRecorder;
  /** The runs database (null without IndexedDB), for runs trained outside this worker: a sweep's extra workers. */
  readonly archive: RunArchive | null;
  /**
   * Starts a new run (the previous run's curves are cleared) with these settings, or the
   * current ones. Settings that cannot run are refused before the worker sees them: the run
   * store's error lists the problems with their paths, and no bad value stays for the next
   * Start (given settings never enter the store; the current ones go back, field by field,
   * to those of the last start).
   */
  start(settings?: RunSettings): void;
  pause(): void;
  resume(): void;
  step(network: NetworkName | 'both'): void;
  reset(): void;
  setWeight(name: string, value: number): void;
  setSchedule(name: string, schedule: Schedule | null): void;
  setLearningRate(network: NetworkName, value: number): void;
  /** Applies a spec to the running objective (and to the next Start). */
  applySpec(spec: LossSpec): void;
  /**
   * Which generator the preview draws (settings.ema.preview), in the settings and, when the
   * running run has an EMA generator, in that run at once. Without settings.ema it does nothing.
   */
  setEmaPreview(preview: EmaPreview): void;
  saveCheckpoint(): void;
  /** Caps the training speed (null: flat out); kept for the next runs too. */
  setSpeed(stepsPerSecond: number | null): void;
  restoreCheckpoint(backend?: BackendName): void;
  /** Posts any command as it is (the console handle and tests use it). */
  send(command: TrainingCommand): void;
  /** Starts the worker now, so the page can show which backend a run would get. */
  connect(): void;
  /** Every event, for panels that draw high-rate data themselves (maps, samples) and for tests. */
  subscribe(listener: (event: TrainingEvent) => void): () => void;
}

export interface PlaygroundOptions {
  /** Where runs are kept; null keeps none. @default a RunArchive where IndexedDB exists, else null */
  readonly archive?: RunArchive | null;
}

export function createPlayground(
  makeClient: (onEvent: (e: TrainingEvent) => void) => TrainingClient = createTrainingClient,
  { archive = RunArchive.available() ? new RunArchive() : null }: PlaygroundOptions = {},
): Playground {
  const stores: PlaygroundStores = {
    run: createRunStore(),
    settings: createSettingsStore(),
    history: createHistoryStore(),
    maps: createMapsStore(),
    runs: createRunsStore(archive !== null),
    frames: createFramesStore(),
  };
  // Reopens the newest run now; the callback runs later, once `playground` exists.
  const runs = createRunsController(stores, archive, () => playground.restoreCheckpoint());
  const frames = createFrameRecorder(stores, archive, { onError: (error) => stores.runs.getState().setError(`preview frames: ${error instanceof Error ? error.message : String(error)}`) });
  const listeners = new Set<(event: TrainingEvent) => void>();
  let client: TrainingClient | null = null;
  /** What the last start ran with (at first the store's own settings): a refused start goes back to it. */
  const initial = stores.settings.getState().settings;
  let lastGood: RunSettings = validateRunSettings(initial).ok ? initial : defaultSettings('toy');

  /** The settings the run now starting was sent; what changes before 'ready' is sent then. */
  let startedWith: RunSettings | null = null;
  const route = (received: TrainingEvent) => {
    const event = received.type === 'failed' && received.replaceWorker ? replaceWorker(received) : received;
    // First, so a resumed run's history is cut before the store appends to it.
    runs.onEvent(event);
    stores.run.getState().apply(event);
    if (event.type === 'ready' && startedWith) {
      catchUpCommands(startedWith, stores.settings.getState().settings).forEach((c) => send(c));
      startedWith = null;
    }
    if (event.type === 'failed' || event.type === 'stopped') startedWith = null;
    if (event.type === 'history') stores.history.getState().append(event.batch);
    if (event.type === 'weightChanged') stores.history.getState().mark({ name: event.name, step: event.step, weight: event.weight });
    if (event.type === 'alarms') stores.history.getState().addAlarms(event.alarms);
    if (event.type === 'lossMaps') stores.maps.getState().setMaps(event.maps);
    if (event.type === 'samples') {
      stores.maps.getState().setSamples(event.samples);
      frames.onSamples(event.samples);
    }
    // Losses a new objective dropped must not keep their last map on screen.
    if (event.type === 'specChanged') stores.maps.getState().reset();
    listeners.forEach((listener) => listener(event));
  };
  /**
   * The worker's backend trapped and its tfjs is unusable (src/engine/backendTrap.ts): end that
   * worker; the next start or connect makes a fresh one.
   */
  const replaceWorker = (event: Extract<TrainingEvent, { type: 'failed' }>): TrainingEvent => {
    client?.terminate();
    client = null;
    return { ...event, message: `${event.message} The training worker was restarted: the next Start runs in a fresh one.` };
  };
  const connect = (): TrainingClient => {
    if (client) return client;
    let created: TrainingClient | null = null;
    // A replaced worker's last messages are dropped: only the current client's events count.
    created = makeClient((event) => {
      if (client === created) route(event);
    });
    client = created;
    return created;
  };
  const send: TrainingClient['send'] = (command) => connect().send(command);
  const running = () => ['running', 'paused'].includes(stores.run.getState().status);
  /** Whether the run in the worker has an EMA generator: its start's settings say; a restored checkpoint's are not known here. */
  let runHasEma: boolean | null = null;
  /** Says why a start was refused; settings from the store go back to good values (given ones never entered it). */
  const refuse = (checked: Extract<ReturnType<typeof repairSettings>, { ok: false }>, fromStore: boolean) => {
    let after = '';
    if (fromStore) {
      stores.settings.getState().replace(checked.settings);
      after = checked.replaced === null ? ' The settings went back to those of the last start.' : ` ${checked.replaced.join(', ')} went back to the last start's.`;
    }
    stores.run.getState().setError(`Not started: the run settings are not valid: ${checked.problem}.${after}`);
  };

  const playground: Playground = {
    stores,
    runs,
    frames,
    archive,
    start(given) {
      const settings = given ?? stores.settings.getState().settings;
      const checked = repairSettings(settings, lastGood);
      if (!checked.ok) {
        refuse(checked, given === undefined);
        return;
      }
      lastGood = settings;
      if (given) stores.settings.getState().replace(given);
      runs.onStart(stores.settings.getState().settings);
      stores.history.getState().reset();
      stores.maps.getState().reset();
      frames.onStart();
      stores.run.getState().setStatus('starting');
      startedWith = stores.settings.getState().settings;
      runHasEma = startedWith.ema !== undefined;
      send({ type: 'start', version: PROTOCOL_VERSION, settings: startedWith });
      const { speed } = stores.settings.getState();
      if (speed !== null) send({ type: 'setSpeed', stepsPerSecond: speed });
    },
    pause: () => send({ type: 'pause' }),
    resume() {
      stores.run.getState().setStatus('running');
      send({ type: 'resume' });
    },
    step: (network) => send({ type: 'step', network }),
    reset() {
      send({ type: 'reset' });
      stores.run.getState().setStatus('idle');
    },
    setWeight(name, value) {
      stores.settings.getState().setLossWeight(name, value);
      if (running()) send({ type: 'setWeight', name, value });
    },
    setSchedule(name, schedule) {
      const { settings } = stores.settings.getState();
      stores.settings.getState().setSpec({ ...settings.spec, losses: settings.spec.losses.map((l) => (l.name === name ? { ...l, schedule } : l)) });
      if (running()) send({ type: 'setSchedule', name, schedule });
    },
    setLearningRate(network, value) {
      const { settings } = stores.settings.getState();
      stores.settings.getState().update({ optimizers: { ...settings.optimizers, [network]: { ...settings.optimizers[network], learningRate: value } } });
      if (running()) send({ type: 'setLearningRate', network, value });
    },
    applySpec(spec) {
      stores.settings.getState().setSpec(spec);
      if (running()) send({ type: 'setSpec', spec });
    },
    setEmaPreview(preview) {
      const { settings } = stores.settings.getState();
      if (!settings.ema) return;
      stores.settings.getState().update({ ema: { ...settings.ema, preview } });
      // While starting, the catch-up after 'ready' sends it (catchUp.ts).
      if (running() && runHasEma !== false) send({ type: 'setEmaPreview', preview });
    },
    saveCheckpoint: () => send({ type: 'saveCheckpoint' }),
    setSpeed(stepsPerSecond) {
      stores.settings.getState().setSpeed(stepsPerSecond);
      send({ type: 'setSpeed', stepsPerSecond });
    },
    restoreCheckpoint(backend) {
      startedWith = null; // the checkpoint's own settings: nothing to catch up
      runHasEma = null;
      runs.onRestore();
      stores.run.getState().setStatus('starting');
      send(backend ? { type: 'restoreCheckpoint', backend } : { type: 'restoreCheckpoint' });
    },
    send,
    connect() {
      connect();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  if (typeof document !== 'undefined' && typeof window !== 'undefined') {
    // Hidden (another tab, minimised) or going away (a reload, a closed tab): keep what the
    // page holds, and have the worker save where the run is, so little is lost if the page
    // does not come back.
    const hidden = () => {
      runs.onHidden();
      void frames.flush();
      if (client && running()) send({ type: 'saveCheckpoint' });
    };
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && hidden());
    window.addEventListener('pagehide', hidden);
  }
  return playground;
}
