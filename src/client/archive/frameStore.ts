// A run's preview frames in the runs database: one record per frame, keyed by run and step, so
// a thinning writes the new frame and deletes the dropped ones, never the whole set.
import type { SamplesMessage } from '../../protocol/messages';
import type { RunsDatabase } from './runsDb';

export const framesRange = (runId: string) => IDBKeyRange.bound([runId, -Infinity], [runId, Infinity]);

/** A run's stored frames, ascending steps (the key's order). */
export async function loadFrames(db: RunsDatabase, runId: string): Promise<SamplesMessage[]> {
  const tx = db.transaction('frames');
  // A page closing its database under the read aborts it: the read's rejection says so, once.
  tx.done.catch(() => {});
  const records = await tx.store.getAll(framesRange(runId));
  return records.map((r) => r.samples);
}

/**
 * One transaction: `put` stored, the frames at `drop` (steps) deleted. False, writing nothing,
 * for a run not in the database: not written yet (its first write is on a timer of its own),
 * or deleted while its frames were on the way (they would stay forever).
 */
export async function writeFrames(db: RunsDatabase, runId: string, put: readonly SamplesMessage[], drop: readonly number[]): Promise<boolean> {
  if (put.length === 0 && drop.length === 0) return true;
  const tx = db.transaction(['runs', 'frames'], 'readwrite');
  const store = tx.objectStore('frames');
  // Handled here too: a transaction aborted under the read (a closed database) rejects both.
  tx.done.catch(() => {});
  if ((await tx.objectStore('runs').count(runId)) === 0) {
    await tx.done;
    return false;
  }
  // Queued together, awaited together: one round of the event loop for the whole change.
  await Promise.all([...drop.map((step) => store.delete([runId, step])), ...put.map((samples) => store.put({ runId, step: samples.step, samples })), tx.done]);
  return true;
}
