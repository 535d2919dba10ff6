/**
 * Checkpoints: model and optimizer weights plus the manager's state, saved and restored.
 * Browser-safe; the Node file store is `./fileStore` (it imports node:fs), deliberately not
 * re-exported.
 */
export { createCheckpoint, restoreCheckpoint } from './checkpoint';
export type { CheckpointTarget } from './checkpoint';
export { CHECKPOINT_DTYPES, CHECKPOINT_FORMAT, CheckpointError, finiteWeights, parseCheckpoint, serializeCheckpoint } from './format';
export type { Checkpoint, CheckpointDtype, CheckpointHeader, WeightEntry } from './format';
export { IndexedDbCheckpointStore } from './indexedDbStore';
export { resumeRun } from './resume';
export { copyColumns, fromCheckpointHistory, toCheckpointHistory, type CheckpointHistory } from './history';
export { MemoryCheckpointStore } from './stores';
export type { CheckpointStore } from './stores';
