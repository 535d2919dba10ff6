// What a TrainingSession needs from where it runs (a Worker, or Node in tests and the bench):
// injected, as comlink injects its endpoint, so the session is tested without a browser.
import type { BackendName, RunSettings, TrainingEvent } from '../protocol/messages';
import type { PaceControl } from './adaptivePace';
import type { CheckpointStore } from './checkpoint';
import type { GanNetworks, RealDataSource } from './trainer';

/** Where events go: a worker's `self`, or a fake in tests (comlink's injected endpoint). */
export interface EventEndpoint {
  postMessage(message: TrainingEvent, transfer: Transferable[]): void;
}

export interface BackendChoice {
  readonly backend: BackendName;
  readonly reasons: readonly string[];
  readonly adapter: string | null;
  /** WebGPU or WebGL on a software renderer (a GPU emulated on the CPU): measured against the others first. */
  readonly software?: boolean;
}

/** What a session needs from its host; injected so Node tests run it without a browser. */
export interface SessionHost {
  chooseBackend(preferred?: BackendName): Promise<BackendChoice>;
  /**
   * Builds fresh networks and data for a run's settings (each call new ones: the session
   * disposes them); throws a readable Error on bad settings.
   */
  buildSetup(settings: RunSettings): Promise<{ networks: GanNetworks; data: RealDataSource }>;
  /** Lets queued commands in between steps. @default createYieldToEvents(): a MessageChannel turn in a Worker */
  yieldToEvents?(): Promise<void>;
  now?(): number;
  /**
   * When the loop rests, leaving the CPU to the page (an AdaptivePace: only while the page says
   * its frames run late, 'pageLate'). @default none: train without a pause
   */
  readonly pace?: PaceControl;
  /** Where checkpoints go (IndexedDB in the browser); without one, checkpoints are off. */
  checkpoints?: CheckpointStore;
  /**
   * Calls `onLost` if the GPU device behind the current backend is lost (WebGPU's
   * `device.lost`); returns a function that stops watching.
   */
  watchDeviceLoss?(onLost: (reason: string) => void): () => void;
}
