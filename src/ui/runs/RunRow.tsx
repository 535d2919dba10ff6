import { useState, type FormEvent } from 'react';
import type { RunFile } from '../../client/archive/runFiles';
import type { RunMeta } from '../../state/runsStore';
import { PALETTE } from '../charts/palette';
import { usePlayground } from '../usePlayground';
import { saveFile } from './download';
import { mmagicRefusal, mmagicRunFile } from './mmagicFile';
import { COLOR_NAMES } from './runColors';
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

export interface RunRowProps {
  readonly run: RunMeta;
  readonly current: boolean;
  readonly live: boolean;
  /** Its colour on the charts where it is drawn (or shown), else undefined. */
  readonly color: string | undefined;
  /** Colours other drawn runs have: not offered, so two drawn runs never share one. */
  readonly taken: ReadonlySet<string>;
  /** A run is training here: no other run may be opened or resumed. */
  readonly training: boolean;
  /** The worker's checkpoint is this run's. */
  readonly hasCheckpoint: boolean;
  readonly act: (action: () => Promise<unknown>) => void;
}

/** One run of the list: its colour, whether the charts show it, and its actions. */
export function RunRow({ run, current, live, color, taken, training, hasCheckpoint, act }: RunRowProps) {
  const playground = usePlayground();
  const [renaming, setRenaming] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [name, setName] = useState(run.name);
  const label = `run ${run.number}`;
  const busy = current && training;
  const download = (make: () => Promise<RunFile>) => act(async () => saveFile(await make()));
  const shown = current || run.shown === true;

  const rename = (e: FormEvent) => {
    e.preventDefault();
    act(() => playground.runs.rename(run.id, name).then(() => setRenaming(false)));
  };

  return (
    <li className={current ? `${styles.run} ${styles.current}` : styles.run} aria-current={current ? 'true' : undefined} aria-label={`Run ${run.number}: ${run.name}`} data-run={run.id}>
      <div className={styles.head}>
        <input
          type="checkbox"
          aria-label={`Show ${label} on the charts`}
          title={current ? 'The open run is always drawn' : 'Draw this run on the charts'}
          checked={shown}
          disabled={current}
          onChange={(e) => {
            const next = e.currentTarget.checked;
            act(() => playground.runs.setShown(run.id, next));
          }}
        />
        <span className={styles.swatch} style={{ background: color ?? 'transparent' }} aria-hidden="true" data-color={color} />
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
      </div>
      <p className={styles.details}>
        {new Date(run.createdAt).toLocaleString()} · {describeRun(run)} · {run.settings ? `seed ${run.settings.seed} · ` : ''}
        {run.lastStep === null ? 'no values yet' : `to step ${run.lastStep}`} · {statusText(run, live)}
      </p>
      <div className={styles.actions}>
        <button type="button" aria-label={`Open ${label}`} disabled={current || training} onClick={() => act(() => playground.runs.open(run.id))}>
          Open
        </button>
        <select
          aria-label={`Colour of ${label}`}
          value={color ?? ''}
          onChange={(e) => {
            const next = e.currentTarget.value;
            if (next !== '') act(() => playground.runs.setColor(run.id, next));
          }}
        >
          {color === undefined && <option value="">colour: when drawn</option>}
          {PALETTE.map((c) => (
            <option key={c} value={c} disabled={c !== color && taken.has(c)}>
              {COLOR_NAMES.get(c)}
            </option>
          ))}
        </select>
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
