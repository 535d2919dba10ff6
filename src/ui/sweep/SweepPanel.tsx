import { useId, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { Playground } from '../../client/playground';
import { parseValueList, planSweep, sweepFields, type AxisDraft } from '../../client/sweep/sweepPlan';
import { createSweepRunner, type SweepRunner } from '../../client/sweep/sweepRunner';
import { defaultSweepWorkers, maxSweepWorkers } from '../../client/sweep/sweepWorkers';
import { createSweepStore, type SweepState, type SweepStore } from '../../state/sweepStore';
import { usePlayground, useSettings } from '../usePlayground';
import { SweepFolderInput } from './SweepFolderInput';
import { SweepTable } from './SweepTable';
import styles from './sweep.module.css';

/** One sweep per page, kept across a panel's remount (a PanelBoundary retry). */
const sweeps = new WeakMap<Playground, { store: SweepStore; runner: SweepRunner }>();
function sweepOf(playground: Playground) {
  let sweep = sweeps.get(playground);
  if (!sweep) {
    const store = createSweepStore();
    sweeps.set(playground, (sweep = { store, runner: createSweepRunner(playground, store) }));
  }
  return sweep;
}

const MAX_NAMES_SHOWN = 50;
const cores = typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency;

/** Define a sweep over the current setup (axes, seeds, steps), run its variants (in the page's worker or N workers of their own), compare them. */
export function SweepPanel() {
  const playground = usePlayground();
  const { store, runner } = sweepOf(playground);
  const settings = useSettings((s) => s.settings);
  const sweep = useStore(store);
  const fields = useMemo(() => sweepFields(settings), [settings]);
  const [axes, setAxes] = useState<AxisDraft[]>([]);
  const [seeds, setSeeds] = useState('1');
  const [steps, setSteps] = useState('500');
  const [workers, setWorkers] = useState(() => defaultSweepWorkers(cores));
  const grouped = useStore(playground.stores.runs, (s) => s.groupBySeed);
  const id = useId();
  const busy = sweep.status === 'running' || sweep.status === 'stopping';
  // An axis whose field the spec no longer has (a loss removed) is dropped, not kept invisibly.
  const live = useMemo(() => axes.filter((a) => fields.some((f) => f.path === a.path)), [axes, fields]);
  const plan = useMemo(() => planSweep({ axes: live, seeds, steps }, settings), [live, seeds, steps, settings]);
  const free = fields.filter((f) => !live.some((a) => a.path === f.path));
  const setAxis = (i: number, patch: Partial<AxisDraft>) => setAxes(live.map((a, j) => (j === i ? { ...a, ...patch } : a)));

  const run = () => {
    if (!plan.ok) return;
    // One worker is the page's own: its variants live on the charts, as before workers of their own.
    runner.run(plan.variants, plan.axes, plan.steps, workers === 1 ? 0 : workers).catch((error: unknown) => playground.stores.run.getState().setError(error instanceof Error ? error.message : String(error)));
  };

  return (
    <section className="panel" aria-label="Sweep">
      <h2>Sweep</h2>
      {live.map((axis, i) => {
        const check = parseValueList(axis.text);
        const label = fields.find((f) => f.path === axis.path)?.label ?? axis.path;
        return (
          <div key={axis.path}>
            <div className={styles.axis}>
              <select aria-label={`Axis ${i + 1} field`} value={axis.path} disabled={busy} onChange={(e) => setAxis(i, { path: e.target.value })}>
                {[fields.find((f) => f.path === axis.path)!, ...free].map((f) => (
                  <option key={f.path} value={f.path}>
                    {f.label}
                  </option>
                ))}
              </select>
              <input aria-label={`Values of ${label}`} aria-invalid={!check.ok} value={axis.text} disabled={busy} placeholder="1, 10, 100" onChange={(e) => setAxis(i, { text: e.target.value })} />
              <button type="button" aria-label={`Remove axis ${label}`} disabled={busy} onClick={() => setAxes(live.filter((_, j) => j !== i))}>
                ×
              </button>
            </div>
            {!check.ok && <p className={styles.error} role="alert">{`${label}: ${check.message}`}</p>}
          </div>
        );
      })}
      <button type="button" disabled={busy || free.length === 0} onClick={() => setAxes([...live, { path: free[0]!.path, text: '' }])}>
        Add axis
      </button>
      <div className={styles.axis}>
        <label htmlFor={`${id}-seeds`}>Seeds</label>
        <input id={`${id}-seeds`} value={seeds} disabled={busy} placeholder="1, 2" onChange={(e) => setSeeds(e.target.value)} />
        <label htmlFor={`${id}-steps`}>Steps</label>
        <input id={`${id}-steps`} value={steps} disabled={busy} inputMode="numeric" onChange={(e) => setSteps(e.target.value)} />
        <label htmlFor={`${id}-workers`}>Workers</label>
        <input id={`${id}-workers`} type="number" min={1} max={maxSweepWorkers(cores)} value={workers} disabled={busy} onChange={(e) => setWorkers(Math.max(1, Math.min(maxSweepWorkers(cores), Math.floor(Number(e.target.value)) || 1)))} />
      </div>
      <p className="muted" data-testid="sweep-workers">
        {workers === 1
          ? "One after another in the page's worker, each live on the charts."
          : `${workers} at a time, each in a worker of its own (the page's run and controls are left alone); each is drawn once it ends.`}
      </p>
      {plan.ok ? (
        <details>
          <summary data-testid="sweep-count">{`${plan.variants.length} variant${plan.variants.length === 1 ? '' : 's'} of ${plan.steps} steps`}</summary>
          <ol className={styles.names}>
            {plan.variants.slice(0, MAX_NAMES_SHOWN).map((v) => (
              <li key={v.name}>{v.name}</li>
            ))}
            {plan.variants.length > MAX_NAMES_SHOWN && <li>{`… and ${plan.variants.length - MAX_NAMES_SHOWN} more`}</li>}
          </ol>
        </details>
      ) : (
        <p className={styles.error} role="alert" data-testid="sweep-error">
          {plan.message}
        </p>
      )}
      <div className={styles.axis}>
        <button type="button" disabled={busy || !plan.ok} onClick={run}>
          Run sweep
        </button>
        <button type="button" disabled={sweep.status !== 'running'} onClick={() => runner.stop()}>
          Stop sweep
        </button>
      </div>
      <p className="muted" data-testid="sweep-progress" aria-live="polite">
        {progressText(sweep)}
      </p>
      {new Set(sweep.rows.map((r) => r.seed)).size > 1 && (
        <label className="muted">
          <input type="checkbox" checked={grouped} onChange={(e) => playground.stores.runs.getState().setGroupBySeed(e.currentTarget.checked)} /> Group by seed: variants that differ only in their seed are drawn as one mean line with a min-max band
        </label>
      )}
      {sweep.rows.length > 0 && <SweepTable axes={sweep.axes} rows={sweep.rows} />}
      <SweepFolderInput store={store} disabled={busy} />
    </section>
  );
}

/** One line on where the sweep stands: the variant in the page's worker, or how many train in workers of their own. */
function progressText(sweep: SweepState): string {
  const done = sweep.rows.filter((r) => r.status === 'done').length;
  const stopping = sweep.status === 'stopping' ? ' (stopping)' : '';
  const current = sweep.current === null ? null : sweep.rows[sweep.current];
  if (current && sweep.current !== null) return `Variant ${sweep.current + 1} of ${sweep.rows.length}: ${current.name}, step ${current.step} of ${sweep.steps}${stopping}`;
  if (sweep.status === 'running' || sweep.status === 'stopping') return `${sweep.rows.filter((r) => r.status === 'running').length} training, ${done} of ${sweep.rows.length} variants done${stopping}.`;
  if (sweep.status === 'idle') return 'Each variant is kept as a run named after it and shown on the charts in its own colour.';
  return `Sweep ${sweep.status}: ${done} of ${sweep.rows.length} variants done.`;
}
