import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { checkpointOwner, type RunMeta, type RunsState } from '../../state/runsStore';
import { browserStorage } from '../charts/chartSettings';
import { PALETTE } from '../charts/palette';
import { usePlayground, useRun } from '../usePlayground';
import { useDrawnRuns } from './drawnRuns';
import { COLOR_NAMES } from './runColors';
import { MAX_FILTER_LENGTH, runFilter } from './runFilter';
import { RunRow } from './RunRow';
import styles from './runs.module.css';
import { loadRunsView, saveRunsView } from './runsView';
import { groupBySeed, seedsText } from './seedGroups';

export { describeRun, statusText } from './RunRow';

const selectList = (s: RunsState) => s.runs;

/** Past this many drawn runs the palette's colours repeat. */
const DISTINCT_COLORS = PALETTE.length;

/**
 * Gives every drawn run the colour the charts draw it in, kept with the run, so it keeps it
 * when other runs are shown or hidden and after a reload. Each (run, colour) is tried once: a
 * failed write is reported, not retried in a loop.
 */
function useKeptColors(runs: readonly RunMeta[], colors: ReadonlyMap<string, string>, report: (e: unknown) => void): void {
  const playground = usePlayground();
  const tried = useRef(new Map<string, string>());
  useEffect(() => {
    for (const run of runs) {
      const color = colors.get(run.id);
      if (color === undefined || color === run.color || tried.current.get(run.id) === color) continue;
      tried.current.set(run.id, color);
      playground.runs.setColor(run.id, color).catch(report);
    }
  }, [playground, runs, colors, report]);
}

/** Every kept run: show on the charts, colour, open, rename, delete, download; a loss_log.json or an MMagic log to view. */
export function RunsPanel() {
  const playground = usePlayground();
  const store = playground.stores.runs;
  const runs = useStore(store, selectList);
  const currentRunId = useStore(store, (s) => s.currentRunId);
  const live = useStore(store, (s) => s.live);
  const grouped = useStore(store, (s) => s.groupBySeed);
  const available = useStore(store, (s) => s.available);
  const error = useStore(store, (s) => s.error);
  const access = useStore(store, (s) => s.access);
  const status = useRun((s) => s.status);
  const { colors } = useDrawnRuns();
  // The list's view (grouping, filter) as the last page left it; saved as it is changed.
  const [saved] = useState(() => loadRunsView(browserStorage()));
  const [filterText, setFilterText] = useState(saved.filter);
  useEffect(() => {
    if (saved.groupBySeed) store.getState().setGroupBySeed(true);
  }, [saved, store]);
  const filter = useMemo(() => runFilter(filterText), [filterText]);
  const fileId = useId();
  const filterId = useId();
  const training = live && (status === 'starting' || status === 'running' || status === 'paused');
  const owner = checkpointOwner(runs);

  const report = useCallback((e: unknown) => store.getState().setError(e instanceof Error ? e.message : String(e)), [store]);
  /** Runs an action; its failure, or the notice it resolves with (a string: lines an import skipped), shows as an alert. */
  const act = (action: () => Promise<unknown>) => {
    action().then((result) => store.getState().setError(typeof result === 'string' ? result : null), report);
  };
  useKeptColors(runs, colors, report);

  const row = (run: RunMeta) => {
    const color = colors.get(run.id) ?? (run.color && COLOR_NAMES.has(run.color) ? run.color : undefined);
    const taken = new Set([...colors].filter(([id]) => id !== run.id).map(([, c]) => c));
    return (
      <RunRow
        key={run.id}
        run={run}
        current={run.id === currentRunId}
        live={live && run.id === currentRunId}
        color={color}
        taken={taken}
        training={training}
        hasCheckpoint={owner?.id === run.id}
        act={act}
      />
    );
  };
  const matching = runs.filter(filter.matches);
  const groups = grouped ? groupBySeed(runs) : [];
  const groupOf = new Map(groups.flatMap((g) => g.members.map((m) => [m.id, g] as const)));
  const listed = new Set<string>();

  return (
    <section aria-label="Runs" className="panel">
      <h2>Runs</h2>
      {!available && <p className={styles.note}>This browser offers no IndexedDB, so runs are not kept across reloads.</p>}
      {access === 'blocked' && (
        <p role="status" className={`${styles.note} error`} data-testid="runs-blocked">
          Another playground tab holds the runs database open with an older version, so this tab waits for it: close the other playground tabs (or reload them). This tab goes on by itself once they close.
        </p>
      )}
      {access === 'superseded' && (
        <p role="alert" className={`${styles.note} error`} data-testid="runs-superseded">
          Another tab runs a newer version of the playground: reload this tab to keep saving runs. What this tab recorded is kept in its journal and stored on the reload.
        </p>
      )}
      {available && runs.length === 0 && <p className={`${styles.note} muted`}>No runs yet: Start one, or load a loss_log.json or an MMagic log.</p>}
      {available && currentRunId !== null && !live && owner?.id === currentRunId && (
        <p className={styles.note}>Training does not survive a reload; its checkpoint does: Resume from checkpoint goes on from step {owner.checkpoint?.step}.</p>
      )}
      {runs.length > 0 && (
        <div className={styles.tools}>
          <label htmlFor={filterId}>Filter</label>
          <input
            id={filterId}
            type="search"
            placeholder="name or regular expression"
            value={filterText}
            maxLength={MAX_FILTER_LENGTH}
            aria-describedby={filter.problem ? `${filterId}-problem` : undefined}
            aria-invalid={filter.problem ? true : undefined}
            onChange={(e) => {
              const text = e.currentTarget.value;
              setFilterText(text);
              saveRunsView(browserStorage(), { groupBySeed: grouped, filter: text });
            }}
          />
          <label>
            <input
              type="checkbox"
              checked={grouped}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                store.getState().setGroupBySeed(on);
                saveRunsView(browserStorage(), { groupBySeed: on, filter: filterText });
              }}
            />{' '}
            Group by seed
          </label>
        </div>
      )}
      {filter.problem && (
        <p id={`${filterId}-problem`} className={`${styles.note} error`} data-testid="run-filter-problem">
          {filter.problem}
        </p>
      )}
      {colors.size > DISTINCT_COLORS && (
        <p className={styles.note}>
          {colors.size} runs drawn: past {DISTINCT_COLORS} the colours repeat (the legend and the tooltip name each run).
        </p>
      )}
      {runs.length > 0 && matching.length === 0 && <p className={`${styles.note} muted`}>No run matches the filter.</p>}
      {matching.length > 0 && (
        <ul className={styles.list}>
          {matching.map((run) => {
            const group = groupOf.get(run.id);
            if (!group) return row(run);
            if (listed.has(group.key)) return null;
            listed.add(group.key);
            const members = group.members.filter(filter.matches);
            return (
              <li key={`group:${group.key}`} className={styles.group} aria-label={`Seed group of ${group.members.map((m) => `run ${m.number}`).join(', ')}`}>
                <div className={styles.groupHead}>
                  <span className={styles.swatch} style={{ background: colors.get(group.members.find((m) => colors.has(m.id))?.id ?? '') ?? 'transparent' }} aria-hidden="true" />
                  Seed group: {group.members.length} runs, {seedsText(group.members)}
                  {members.length < group.members.length && <span className="muted"> ({members.length} match the filter)</span>}
                </div>
                <p className={`${styles.details} muted`}>Shown members are drawn as their mean with a min-max band.</p>
                <ul className={styles.list}>{members.map(row)}</ul>
              </li>
            );
          })}
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
