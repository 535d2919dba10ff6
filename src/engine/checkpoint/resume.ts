import { buildRunSetup, type DataHost, type RunSetup } from '../setup';
import { GanTrainer } from '../trainer';
import { restoreCheckpoint } from './checkpoint';
import type { Checkpoint } from './format';

/**
 * Picks a run up where its checkpoint left it: builds the models and data from the saved
 * settings, a trainer as the session makes one, and restores into them. The caller owns both
 * (`trainer.dispose()`, `setup.models.dispose()`); on failure both are freed here.
 */
export async function resumeRun(checkpoint: Checkpoint, host: DataHost): Promise<{ setup: RunSetup; trainer: GanTrainer }> {
  const { settings } = checkpoint.header;
  const setup = await buildRunSetup(settings, host);
  let trainer: GanTrainer | undefined;
  try {
    trainer = new GanTrainer({ ...settings, networks: setup.networks, data: setup.data });
    await restoreCheckpoint({ trainer, networks: setup.networks }, checkpoint);
    return { setup, trainer };
  } catch (error) {
    trainer?.dispose();
    setup.models.dispose();
    throw error;
  }
}
