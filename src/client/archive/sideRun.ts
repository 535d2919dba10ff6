// A run trained in a worker other than the page's (a page sweep's extra workers), recorded into
// the archive as runsController records the page's own run: its values, marks, alarms, samples
// and backend. It never becomes the page's current run, so the page's charts and controls stay
// with the page's worker.
import type { RunSettings, TrainingEvent } from '../../protocol/messages';
import type { ArchivedStatus } from '../../state/runsStore';
import type { RunArchive } from '../runArchive';

export interface SideRun {
  readonly id: string;
  /** Every event of the worker training it. */
  onEvent(event: TrainingEvent): void;
  /** Its status once it ends ('stopped': trained to its steps, or stopped; no checkpoint is kept to resume it). */
  end(status: Extract<ArchivedStatus, 'stopped' | 'failed'>): void;
}

/** Starts recording a run named `name`, trained elsewhere with `settings`. */
export function recordSideRun(archive: RunArchive, settings: RunSettings, name: string): SideRun {
  const id = archive.createRun(settings, name);
  return {
    id,
    onEvent(event) {
      switch (event.type) {
        case 'history':
          return archive.appendHistory(id, event.batch);
        case 'weightChanged':
          return archive.addMark(id, { name: event.name, step: event.step, weight: event.weight });
        case 'alarms':
          return archive.addAlarms(id, event.alarms);
        case 'samples':
          return archive.setSamples(id, event.samples);
        case 'ready':
          return archive.setBackend(id, event.backend);
        default:
          return;
      }
    },
    end: (status) => archive.setStatus(id, status),
  };
}
