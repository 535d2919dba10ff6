// What one run of a TrainingSession holds, and how it is built and torn down: the backend
// chosen for it, its networks, trainer and sample preview. The session keeps one at a time.
import type { BackendName, RunSettings, TrainingEvent } from '../protocol/messages';
import { PROTOCOL_VERSION } from '../protocol/messages';
import { compileFirstStep, pickByMeasurement } from './backendPick';
import { describeBuilt } from './builtNetworks';
import { OUTPUT_KEYS } from './outputs';
import { SamplePreview } from './samples';
import { emaPreviewModel } from './sessionChanges';
import type { SessionHost } from './sessionHost';
import { noiseKindOf } from './toyPlane';
import { GanTrainer, type GanNetworks } from './trainer';

export interface SessionRun {
  readonly settings: RunSettings;
  readonly backend: BackendName;
  /** The parallel compile's milliseconds; null when it was off. */
  readonly compileMs: number | null;
  readonly networks: GanNetworks;
  readonly trainer: GanTrainer;
  readonly preview: SamplePreview;
  /** The 'ready' event that announces it. */
  readonly ready: Extract<TrainingEvent, { type: 'ready' }>;
}

/**
 * Chooses the backend (measuring a software GPU against the others), compiles the first step
 * in parallel when asked, and builds the run. `onBackend` hears the backend as soon as it is
 * chosen, so a backend that traps while the run is built is named in the failure.
 */
export async function openRun(
  host: SessionHost,
  settings: RunSettings,
  backend: BackendName | undefined,
  now: () => number,
  onBackend: (backend: BackendName) => void,
): Promise<SessionRun> {
  let choice = await host.chooseBackend(backend);
  if (backend === undefined && choice.software) choice = await pickByMeasurement(host, settings, choice, now);
  onBackend(choice.backend);
  const compileMs = settings.parallelCompile === false ? null : await compileFirstStep(host, settings, choice.backend, now);
  const { networks, data } = await host.buildSetup(settings);
  const trainer = new GanTrainer({ ...settings, networks, data });
  const preview = new SamplePreview(settings.family, networks, data, { manager: trainer.manager, noise: noiseKindOf(settings.model) });
  preview.useGenerator(emaPreviewModel(trainer, settings.ema?.preview));
  const built = describeBuilt(networks, (network) => trainer.optimizer(network));
  const ready = { type: 'ready', version: PROTOCOL_VERSION, ...choice, outputKeys: OUTPUT_KEYS, networks: built } as const;
  return { settings, backend: choice.backend, compileMs, networks, trainer, preview, ready };
}

/** The event that ends a run whose GPU device was lost; `resumable` when checkpoints are kept. */
export function deviceLostEvent(reason: string, step: number, resumable: boolean): Extract<TrainingEvent, { type: 'stopped' }> {
  const saved = resumable ? ' Resume from the last checkpoint on another backend.' : '';
  return {
    type: 'stopped',
    step,
    reason: 'deviceLost',
    message: `The GPU device was lost (${reason}) at step ${step}; training stopped and everything recorded so far is kept.${saved}`,
  };
}
