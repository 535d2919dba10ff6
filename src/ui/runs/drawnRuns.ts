// Which runs the charts draw and how: the open run and every shown run, each in its colour,
// those of one seed group (with "Group by seed" on) as one mean line and band.
import { useState } from 'react';
import { useStore } from 'zustand';
import type { RunMeta, RunsState } from '../../state/runsStore';
import type { ComparedGroup, ComparedRun, Comparison } from '../charts/comparison';
import { usePlayground } from '../usePlayground';
import { assignRunColors } from './runColors';
import { groupBySeed, seedsText } from './seedGroups';

export interface DrawnRuns {
  /** The colour of every run drawn or shown (a shown run still loading included), by id. */
  readonly colors: ReadonlyMap<string, string>;
  /** What the charts draw; null when there is no run at all. */
  readonly comparison: Comparison | null;
}

export type DrawnRunsInput = Pick<RunsState, 'runs' | 'currentRunId' | 'shownSeries' | 'groupBySeed'>;

/** "#3 Run 3": how the legend, the tooltip and the group labels name a run. */
export const runLabel = (run: Pick<RunMeta, 'number' | 'name'>) => `#${run.number} ${run.name}`;

/** What drawnRuns reads of a run. */
type DrawnMeta = Pick<RunMeta, 'id' | 'number' | 'name' | 'color' | 'shown' | 'settings'>;

/**
 * The charts' runs from the runs store: pure, so a test can check it. A run started a moment
 * ago is not listed until its first write (up to a second): it is drawn meanwhile as "this run",
 * newest of all, in the first colour the others leave.
 */
export function drawnRuns({ runs, currentRunId, shownSeries, groupBySeed: grouped }: DrawnRunsInput): DrawnRuns {
  const listed: readonly DrawnMeta[] = currentRunId === null || runs.some((r) => r.id === currentRunId)
    ? runs
    : [{ id: currentRunId, number: Number.MAX_SAFE_INTEGER, name: 'this run', color: null, shown: false, settings: null }, ...runs];
  const visible = listed.filter((r) => r.id === currentRunId || r.shown === true);
  const colors = assignRunColors(visible);
  const loaded = visible.filter((r) => r.id === currentRunId || shownSeries.has(r.id)).sort((a, b) => a.number - b.number);
  if (loaded.length === 0) return { colors, comparison: null };
  const compared = (r: DrawnMeta): ComparedRun => ({ id: r.id, label: r.number === Number.MAX_SAFE_INTEGER ? r.name : runLabel(r), color: colors.get(r.id)!, series: r.id === currentRunId ? null : shownSeries.get(r.id)! });
  const groups: ComparedGroup[] = (grouped ? groupBySeed(loaded) : []).map(({ members }) => {
    const first = members[0]!;
    return { id: `group:${first.id}`, label: `${first.name} (${seedsText(members)})`, color: colors.get(first.id)!, members: members.map(compared) };
  });
  const inGroup = new Set(groups.flatMap((g) => g.members.map((m) => m.id)));
  return { colors, comparison: { runs: loaded.filter((r) => !inGroup.has(r.id)).map(compared), groups } };
}

/** What changes a drawing: a new value here is a new comparison (the run list is re-read every second while training). */
function signature(d: DrawnRuns): string {
  const run = (r: ComparedRun) => `${r.id}|${r.label}|${r.color}|${r.series === null ? '' : 'stored'}`;
  const c = d.comparison;
  const colors = [...d.colors].join(';');
  if (!c) return colors;
  return `${colors}\u0001${c.runs.map(run).join(';')}\u0001${c.groups.map((g) => `${g.id}|${g.label}|${g.color}|${g.members.map(run).join(',')}`).join(';')}`;
}

/**
 * drawnRuns of the page's runs store, the same object while nothing drawn changes (a refreshed
 * run list with the same runs, colours and names keeps it), so the charts redraw only for a change.
 * It is read by one selector, so a store change that keeps it does not even re-render the caller:
 * the run list is refreshed every second while training, and re-rendering the charts' panel for
 * it re-rendered every chart under it once a second (half of all chart renders while training).
 */
export function useDrawnRuns(): DrawnRuns {
  const store = usePlayground().stores.runs;
  const [select] = useState(drawnRunsSelector);
  return useStore(store, select);
}

/** A selector that returns its last result while the runs it draws are the same (see signature). */
export function drawnRunsSelector(): (state: DrawnRunsInput) => DrawnRuns {
  let last: { key: string; series: unknown; value: DrawnRuns } | null = null;
  return (state) => {
    const next = drawnRuns(state);
    const key = signature(next);
    if (last && last.key === key && last.series === state.shownSeries) return last.value;
    last = { key, series: state.shownSeries, value: next };
    return next;
  };
}
