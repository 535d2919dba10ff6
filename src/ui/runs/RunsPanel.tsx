import { useId, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import type { RunFile } from '../../client/archive/runsController';
import { checkpointOwner, type RunMeta, type RunsState } from '../../state/runsStore';
import { usePlayground, useRun } from '../usePlayground';
import { saveFile } from './download';
import { mmagicRefusal, mmagicRunFile } from './mmagicFile';
import styles from './runs.module.css';

/** What a row shows of a run's state. `live`: it is the run training in this page now. */
export function statusText(run: Pick<RunMeta, 'status' | 'imported'>, live: boolean): string {
  switch (run.status) {
    case 'running':
      // Recorded as training, but not by this page: another tab trains it (a closed page's
      // runs are marked 'interrupted' when the next page loads).
      return live ? 'training' : 'training in another tab';
    case 'imported':
      return `imported from ${run.imported?.fileName ?? 'a file'}`;
    default:
      return run.status;
  }
}

/** "toy · toy-gan" or "spec lsgan": what the run trained, as far as it is known. */
export function describeRun(run: Pick<RunMeta, 'family' | 'specName'>): string {
  return [run.family, run.specName].filter((part) => part !== null && part !== '').join(' · ') || 'unknown spec';
}

interface RowProps {
  readonly run: RunMeta;
  readonly current: boolean;
  readonly live: boolean;
  readonly overlay: boolean;
  /** A run is training here: no other run may be opened or resumed. */
  readonly training: boolean;
  /** The worker's checkpoint is this run's. */
  readonly hasCheckpoint: boolean;
  readonly act: (action: () => Promise<unknown>) => void;
}

function RunRow({ run, current, live, overlay, training, hasCheckpoint, act }: RowProps) {
  const playground = usePlayground();
  const [renaming, setRenaming] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [name, setName] = useState(run.name);
  const label = `run ${run.number}`;
  const busy = current && training;
  const download = (make: () => Promise<RunFile>) => act(async () => saveFile(await make()));

  const rename = (e: FormEvent) => {
    e.preventDefault();
    act(() => playground.runs.rename(run.id, name).then(() => setRenaming(false)));
  };

  return (
    <li className={current ? `${styles.run} ${styles.current}` : styles.run} aria-current={current ? 'true' : undefined} aria-label={`Run ${run.number}: ${run.name}`}>
      {renaming ? (
        <form className={styles.renameForm} onSubmit={rename}>
          <input
            aria-label={`New name of ${label}`}
            value={name}
            autoFocus
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setRenaming(false)}
          />
          <button type="submit" aria-label={`Save the name of ${label}`} disabled={name.trim() === ''}>
            Save
          </button>
          <button type="button" aria-label={`Cancel renaming ${label}`} onClick={() => setRenaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <div className={styles.name}>
          <span className="muted">#{run.number}</span> {run.name}
        </div>
      )}
      <p className={styles.details}>
        {new Date(run.createdAt).toLocaleString()} · {describeRun(run)} · {run.lastStep === null ? 'no values yet' : `to step ${run.lastStep}`} ·{' '}
        {statusText(run, live)}
      </p>
      <div className={styles.actions}>
        <button type="button" aria-label={`Open ${label}`} disabled={current || training} onClick={() => act(() => playground.runs.open(run.id))}>
          Open
        </button>
        <button
          type="button"
          aria-label={`Overlay ${label} on the charts`}
          aria-pressed={overlay}
          disabled={current && !overlay}
          onClick={() => act(() => playground.runs.toggleOverlay(run.id))}
        >
          Overlay
        </button>
        <button
          type="button"
          aria-label={`Rename ${label}`}
          onClick={() => {
            setName(run.name);
            setRenaming(true);
          }}
        >
          Rename
        </button>
        <button type="button" aria-label={`Download loss log of ${label}`} onClick={() => download(() => playground.runs.exportLossLog(run.id))}>
          loss_log.json
        </button>
        <button type="button" aria-label={`Download CSV of ${label}`} onClick={() => download(() => playground.runs.exportCsv(run.id))}>
          CSV
        </button>
        {run.settings !== null && (
          <button
            type="button"
            aria-label={`Download MMagic config of ${label}`}
            title={mmagicRefusal(run) ?? 'An MMagic 1.x training config (.py) of this run\'s setup'}
            disabled={mmagicRefusal(run) !== null}
            onClick={() => act(async () => saveFile(mmagicRunFile(run)))}
          >
            MMagic config
          </button>
        )}
        {hasCheckpoint && run.status !== 'imported' && (
          <button
            type="button"
            aria-label={`Resume ${label} from checkpoint (step ${run.checkpoint?.step})`}
            disabled={training}
            onClick={() => act(() => playground.runs.resumeFromCheckpoint(run.id))}
          >
            Resume from checkpoint
          </button>
        )}
        {confirming ? (
          <>
            <button type="button" aria-label={`Confirm: delete ${label} for good`} onClick={() => act(() => playground.runs.remove(run.id))}>
              Delete for good
            </button>
            <button type="button" aria-label={`Keep ${label}`} onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" aria-label={`Delete ${label}`} disabled={busy} onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
    </li>
  );
}

const selectList = (s: RunsState) => s.runs;

/** Every kept run: open, rename, delete, overlay, download; a loss_log.json or an MMagic log to view. */
export function RunsPanel() {
  const playground = usePlayground();
  const store = playground.stores.runs;
  const runs = useStore(store, selectList);
  const currentRunId = useStore(store, (s) => s.currentRunId);
  const live = useStore(store, (s) => s.live);
  const overlayRunId = useStore(store, (s) => s.overlayRunId);
  const available = useStore(store, (s) => s.available);
  const error = useStore(store, (s) => s.error);
  const status = useRun((s) => s.status);
  const fileId = useId();
  const training = live && (status === 'starting' || status === 'running' || status === 'paused');
  const owner = checkpointOwner(runs);

  /** Runs an action; its failure, or the notice it resolves with (a string: lines an import skipped), shows as an alert. */
  const act = (action: () => Promise<unknown>) => {
    action().then(
      (result) => store.getState().setError(typeof result === 'string' ? result : null),
      (e: unknown) => store.getState().setError(e instanceof Error ? e.message : String(e)),
    );
  };

  return (
    <section aria-label="Runs" className="panel">
      <h2>Runs</h2>
      {!available && <p className={styles.note}>This browser offers no IndexedDB, so runs are not kept across reloads.</p>}
      {available && runs.length === 0 && <p className={`${styles.note} muted`}>No runs yet: Start one, or load a loss_log.json or an MMagic log.</p>}
      {available && currentRunId !== null && !live && owner?.id === currentRunId && (
        <p className={styles.note}>Training does not survive a reload; its checkpoint does: Resume from checkpoint goes on from step {owner.checkpoint?.step}.</p>
      )}
      {runs.length > 0 && (
        <ul className={styles.list}>
          {runs.map((run) => (
            <RunRow
              key={run.id}
              run={run}
              current={run.id === currentRunId}
              live={live && run.id === currentRunId}
              overlay={run.id === overlayRunId}
              training={training}
              hasCheckpoint={owner?.id === run.id}
              act={act}
            />
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor={fileId}>Load loss_log.json or MMagic log (scalars.json, *.log.json)</label>
        <input
          id={fileId}
          type="file"
          accept=".json,.log.json,application/json"
          disabled={!available}
          onChange={(e) => {
            const input = e.currentTarget;
            const file = input.files?.[0];
            if (!file) return;
            act(async () => playground.runs.importLossLog(await file.text(), file.name));
            input.value = '';
          }}
        />
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
