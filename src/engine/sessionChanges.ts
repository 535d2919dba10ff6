// The changes a running (or paused) run takes between steps, from the page's sliders and the
// spec editor: each applies at the next step and says what it changed.
import type { TrainingCommand, TrainingEvent } from '../protocol/messages';
import type { GanTrainer } from './trainer';

export type LiveChange = Extract<TrainingCommand, { type: 'setWeight' | 'setSchedule' | 'setLearningRate' | 'setSpec' }>;

/** Applies `command` to the trainer; the event that confirms it to the page, if any. */
export function applyLiveChange(trainer: GanTrainer, command: LiveChange): TrainingEvent | null {
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
  }
}

/** The manager's newest weight change, as the page's marker and log entry. */
function lastWeightChange(trainer: GanTrainer): TrainingEvent | null {
  const change = trainer.manager.weightChanges.at(-1);
  return change ? { type: 'weightChanged', ...change } : null;
}
