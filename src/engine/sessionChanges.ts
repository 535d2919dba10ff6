// The changes a running (or paused) run takes between steps, from the page's sliders, the
// spec editor and the preview's EMA toggle: each applies at the next step and says what it changed.
import type * as tf from '@tensorflow/tfjs';
import type { EmaPreview, RunSettings, TrainingCommand, TrainingEvent } from '../protocol/messages';
import type { SamplePreview } from './samples';
import type { GanTrainer } from './trainer';

export type LiveChange = Extract<TrainingCommand, { type: 'setWeight' | 'setSchedule' | 'setLearningRate' | 'setSpec' | 'setEmaPreview' }>;

/**
 * The generator the preview draws for `choice`: the EMA generator's model, or null for G
 * itself (also where the run has no EMA generator). @default choice 'ema', as MMagic samples
 */
export function emaPreviewModel(trainer: GanTrainer, choice: EmaPreview = 'ema'): tf.LayersModel | null {
  return trainer.ema && choice === 'ema' ? trainer.ema.model : null;
}

/** The settings a checkpoint saves after `command`: the spec, or the preview choice, as the run now has them. */
export function settingsAfter(settings: RunSettings, command: LiveChange): RunSettings {
  if (command.type === 'setSpec') return { ...settings, spec: command.spec };
  if (command.type === 'setEmaPreview' && settings.ema) return { ...settings, ema: { ...settings.ema, preview: command.preview } };
  return settings;
}

/** Applies `command` to the trainer (and the preview); the event that confirms it to the page, if any. */
export function applyLiveChange(trainer: GanTrainer, command: LiveChange, preview: SamplePreview | null = null): TrainingEvent | null {
  switch (command.type) {
    case 'setWeight':
      trainer.manager.setWeight(command.name, command.value);
      return lastWeightChange(trainer);
    case 'setSchedule':
      trainer.manager.setSchedule(command.name, command.schedule);
      return lastWeightChange(trainer);
    case 'setLearningRate':
      trainer.setLearningRate(command.network, command.value);
      return null;
    case 'setSpec':
      trainer.setSpec(command.spec);
      return { type: 'specChanged', step: trainer.iteration, names: command.spec.losses.map((l) => l.name) };
    case 'setEmaPreview':
      if (!trainer.ema) throw new Error('this run has no EMA generator to preview: set "ema" in the run settings (e.g. {"momentum": 0.001}) and start again');
      preview?.useGenerator(emaPreviewModel(trainer, command.preview));
      return null;
  }
}

/** The manager's newest weight change, as the page's marker and log entry. */
function lastWeightChange(trainer: GanTrainer): TrainingEvent | null {
  const change = trainer.manager.weightChanges.at(-1);
  return change ? { type: 'weightChanged', ...change } : null;
}
