// Every message that crosses the worker <-> page boundary. One closed union per direction:
// switch on `type` and end with `default: assertNever(event)` so a new variant is a compile error.
// Tensors never cross: loss values, maps and samples travel as typed arrays with a shape,
// transferred rather than copied. Specs and settings are plain JSON.
import { showValue } from '../losses/jsonText';
import type { Alarm } from '../manager/alarms/types';
import type { AlarmSettings } from '../manager/alarms/settings';
import type { HistoryColumns } from '../manager/historyColumns';
import type { LossSpec } from '../manager/lossSpec';
import type { Schedule } from '../manager/schedule';
import type { OptimizerConfig } from './optimizerConfig';
import type { SamplesMessage } from './sampleMessages';

export type { CriticScale, NoiseManifold, PointPull, SampleImages, SamplePoints, SamplesMessage } from './sampleMessages';

export const PROTOCOL_VERSION = 1;

export type NetworkName = 'G' | 'D';
/** Every backend a run can ask for, best first. */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
/** Which generator the preview draws: the moving average of G's weights, or G as trained. */
export const EMA_PREVIEWS = ['ema', 'live'] as const;
export type EmaPreview = (typeof EMA_PREVIEWS)[number];

/**
 * MMagic's `ema_config` (ExponentialMovingAverage): a shadow copy of G's weights, after each
 * iteration's G updates set to (1 - momentum) * shadow + momentum * G. Checked by
 * emaSettingsSchema (emaSettings.ts); the engine's EmaGenerator says exactly when it updates.
 */
export interface EmaSettings {
  /** The new weights' share per update (MMagic's meaning, not a decay), in (0, 1); MMagic's default is 0.0002. */
  readonly momentum: number;
  /** MMagic's `start_iter`: before this iteration the shadow is a plain copy of G. @default 0 */
  readonly startIteration?: number;
  /** MMagic's `interval`: average on every interval-th update after the first (a copy). @default 1 */
  readonly interval?: number;
  /** What the preview draws (the metrics measure both). @default 'ema' (MMagic samples with the EMA model when there is one) */
  readonly preview?: EmaPreview;
}

/**
 * Everything a run needs, as JSON: a link or a saved run reproduces it. Checked as a whole,
 * every problem at its field's path, by validateRunSettings (runSettings.ts): on the page, in
 * a link, by the CLI and by the worker.
 */
export interface RunSettings {
  readonly family: 'toy' | 'dcgan' | 'pix2pix';
  /** The model family's own config (widths, depth, sizes, noise), validated by the engine. */
  readonly model: Readonly<Record<string, unknown>>;
  /** The dataset's config (toy target, digits, pix2pix task), validated by the engine. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly spec: LossSpec;
  readonly optimizers: Readonly<Record<NetworkName, OptimizerConfig>>;
  readonly batchSize: number;
  readonly dSteps: number;
  readonly gSteps: number;
  readonly seed: number;
  /** Forces a backend; absent: the best available. */
  readonly backend?: BackendName;
  /** Compile the first step's shaders in parallel before training (WebGPU, WebGL). @default true */
  readonly parallelCompile?: boolean;
  /**
   * Iterations per epoch, which epoch-unit weight schedules follow. @default one pass over the
   * dataset (MNIST's digits, the user's A|B images), or 1,000 where data never runs out
   */
  readonly stepsPerEpoch?: number;
  /**
   * Every this many iterations, each update also records the gradient of each of its losses:
   * norms, shares and cosines (series `grad/...`, src/manager/seriesNames.ts). 0: never, at no
   * cost. @default 0 (the page starts runs with 10)
   */
  readonly gradEvery?: number;
  /** With gradEvery: each loss's gradient norm per weight tensor too (series `gradLayer/...`). @default false */
  readonly gradLayers?: boolean;
  /**
   * Every this many iterations the worker measures the run's quality on a fixed evaluation set
   * (series `metric/...`, src/engine/metrics). 0: never. @default 0 (the page starts runs with 200)
   */
  readonly metricsEvery?: number;
  /**
   * A moving average of G's weights (MMagic's EMA generator), measured beside G (series
   * `metric/...@ema`) and drawn in the preview. Absent: none, at no cost.
   */
  readonly ema?: EmaSettings;
  /**
   * Thresholds and windows of the alarms the worker raises over the history (D overpowering G,
   * mode collapse, a vanishing G gradient, a metric worsening), each optional; `{"enabled":
   * false}` turns one off. @default ALARM_DEFAULTS (src/manager/alarms/settings.ts)
   */
  readonly alarms?: AlarmSettings;
  /**
   * Pauses the run once it has trained this many iterations (a sweep's variant of N steps, run
   * on the page): the 'paused' event says the step; resume goes no further. Absent: until paused.
   */
  readonly stopAtStep?: number;
}

/** Commands: page -> worker. Verbs. */
export type TrainingCommand =
  | { readonly type: 'start'; readonly version: number; readonly settings: RunSettings }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'step'; readonly network: NetworkName | 'both' }
  | { readonly type: 'reset' }
  | { readonly type: 'setWeight'; readonly name: string; readonly value: number }
  | { readonly type: 'setSchedule'; readonly name: string; readonly schedule: Schedule | null }
  | { readonly type: 'setLearningRate'; readonly network: NetworkName; readonly value: number }
  /** Replaces the running objective; losses keep their names' histories on the page. */
  | { readonly type: 'setSpec'; readonly spec: LossSpec }
  | { readonly type: 'saveCheckpoint' }
  /** Caps the training speed (null: flat out), to watch early steps unfold. */
  | { readonly type: 'setSpeed'; readonly stepsPerSecond: number | null }
  /** Restarts from the last checkpoint, e.g. on another backend after the GPU was lost. */
  | { readonly type: 'restoreCheckpoint'; readonly backend?: BackendName }
  /** Which generator the preview draws, in a run with an EMA generator (settings.ema). */
  | { readonly type: 'setEmaPreview'; readonly preview: EmaPreview }
  /** The page drew a frame this many ms after the last (it runs late): the worker rests a while. */
  | { readonly type: 'pageLate'; readonly frameMs: number };

/**
 * New history values since the last batch, for every loss, as parallel arrays: entry i is
 * loss `names[loss[i]]` at `step[i]`. Posted at most ~10 times a second.
 */
export type HistoryBatch = HistoryColumns;

/** A loss's last per-element map, reduced on the device to at most 64x64 per channel. */
export interface LossMapMessage {
  readonly name: string;
  readonly step: number;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface ProgressMessage {
  readonly step: number;
  /** Whole epochs completed (the epoch epoch-unit schedules are at). */
  readonly epoch: number;
  readonly stepsPerEpoch: number;
  readonly stepsPerSecond: number;
  /** Mean milliseconds per D update and per G update over the last report period. */
  readonly phaseMs: Readonly<Record<NetworkName, number>>;
  readonly numTensors: number;
  readonly numBytes: number;
  /** Bytes held on the GPU, where the backend reports them (WebGL, WebGPU); null elsewhere. */
  readonly numBytesInGPU: number | null;
}

/** A network as the worker built it: what the page shows to say the run uses its settings. */
export interface BuiltNetwork {
  /** Trainable and non-trainable weights (batch norm's moving statistics included). */
  readonly params: number;
  /** Dense and conv layers, input to output, with their units or filters. */
  readonly layers: readonly number[];
  /** tfjs's optimizer class: 'Adam', 'SGD', 'Momentum' (SGD with momentum) or 'RMSProp'. */
  readonly optimizer: string;
  /** The optimizer's own settings (tfjs getConfig: learningRate, beta1, momentum, epsilon...). */
  readonly optimizerConfig: Readonly<Record<string, number | boolean>>;
}

/** Events: worker -> page. Nouns and past tense. */
export type TrainingEvent =
  /** Sent once as the worker starts: the backend a run would get, before any run. */
  | { readonly type: 'probed'; readonly backend: BackendName; readonly reasons: readonly string[]; readonly adapter: string | null }
  | {
      readonly type: 'ready';
      readonly version: number;
      readonly backend: BackendName;
      /** Why the better backends were not used (empty when the first choice ran). */
      readonly reasons: readonly string[];
      readonly adapter: string | null;
      /** The outputs keys a loss's data_info may name. */
      readonly outputKeys: readonly string[];
      /** What was built for each network, as tfjs has it (absent from older workers). */
      readonly networks?: Readonly<Record<NetworkName, BuiltNetwork>>;
    }
  | { readonly type: 'history'; readonly batch: HistoryBatch }
  | { readonly type: 'lossMaps'; readonly maps: readonly LossMapMessage[] }
  | { readonly type: 'samples'; readonly samples: SamplesMessage }
  | { readonly type: 'progress'; readonly progress: ProgressMessage }
  | { readonly type: 'paused'; readonly step: number }
  | { readonly type: 'stopped'; readonly step: number; readonly reason: 'nonFinite' | 'deviceLost'; readonly message: string }
  | { readonly type: 'checkpointSaved'; readonly step: number }
  /** A weight or schedule change took effect from `step` on (null weight: a schedule was set). */
  | { readonly type: 'weightChanged'; readonly name: string; readonly step: number; readonly weight: number | null; readonly schedule: Schedule | null }
  /**
   * How long the start took: the parallel shader compile (null when off or unsupported) and
   * the first step, waited for on the device.
   */
  | { readonly type: 'warmedUp'; readonly backend: BackendName; readonly compileMs: number | null; readonly firstStepMs: number }
  | { readonly type: 'specChanged'; readonly step: number; readonly names: readonly string[] }
  /** Alarms the values just posted raised (src/manager/alarms), in order: each once per episode. */
  | { readonly type: 'alarms'; readonly alarms: readonly Alarm[] }
  /**
   * A command the worker could not carry out (a weight for a loss the run lacks, a spec that
   * does not build...). The run, if any, goes on as before: not a failure of the run.
   */
  | { readonly type: 'rejected'; readonly command: TrainingCommand['type']; readonly message: string }
  | {
      readonly type: 'failed';
      readonly message: string;
      /**
       * The worker cannot run again: its backend trapped (a WebAssembly.RuntimeError such as
       * "memory access out of bounds", which leaves tfjs's wasm heap unusable). The page
       * replaces the worker before the next run. Absent: false.
       */
      readonly replaceWorker?: boolean;
    };

/** The buffers of an event to transfer instead of copy. */
export function transferables(event: TrainingEvent): Transferable[] {
  switch (event.type) {
    case 'history': {
      const b = event.batch;
      return [b.loss.buffer, b.step.buffer, b.value.buffer, b.weight.buffer, b.raw.buffer, b.time.buffer] as ArrayBuffer[];
    }
    case 'lossMaps':
      return event.maps.map((m) => m.data.buffer as ArrayBuffer);
    case 'samples': {
      const s = event.samples;
      if (s.kind === 'images') return [s.rgba.buffer as ArrayBuffer];
      const extra = [s.totalPull, s.manifold?.points, ...(s.pulls ?? []).map((p) => p.arrows)];
      const buffers = [s.real, s.fake, s.discriminator, ...extra].flatMap((a) => (a ? [a.buffer as ArrayBuffer] : []));
      // A buffer listed twice makes postMessage throw.
      return [...new Set(buffers)];
    }
    case 'probed':
    case 'ready':
    case 'checkpointSaved':
    case 'weightChanged':
    case 'warmedUp':
    case 'specChanged':
    case 'alarms':
    case 'progress':
    case 'paused':
    case 'stopped':
    case 'rejected':
    case 'failed':
      return [];
    default:
      return assertNever(event);
  }
}

/** Makes a switch exhaustive: reaching this at compile time means a variant was not handled. */
export function assertNever(value: never): never {
  // Shown bounded: a message from a console can hold a BigInt (structured clone carries one) or megabytes.
  throw new Error(`Unexpected message: ${showValue(value, 200)}`);
}
