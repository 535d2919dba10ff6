// What of the training run's worker events the archive keeps, and where: the history, weight
// marks, alarms, the latest samples, the backend and the checkpoint's step.
import type { TrainingEvent } from '../../protocol/messages';
import type { RunArchive } from '../runArchive';

/** Records `event` into run `id`; events the archive does not keep are ignored. */
export function recordWorkerEvent(archive: RunArchive, id: string, event: TrainingEvent): void {
  switch (event.type) {
    case 'history':
      archive.appendHistory(id, event.batch);
      return;
    case 'weightChanged':
      archive.addMark(id, { name: event.name, step: event.step, weight: event.weight });
      return;
    case 'alarms':
      archive.addAlarms(id, event.alarms);
      return;
    case 'samples':
      archive.setSamples(id, event.samples);
      return;
    case 'ready':
      archive.setBackend(id, event.backend);
      return;
    case 'checkpointSaved':
      archive.setCheckpoint(id, event.step);
      return;
    default:
      return;
  }
}
