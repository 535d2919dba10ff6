// How the run list is viewed, kept across reloads in localStorage beside the charts' settings:
// "Group by seed" and the filter's text. Which runs are shown and their colours are kept with
// the runs (IndexedDB); these two belong to the page, not to any run. Read back with a bounded
// check: a damaged or hand-written value falls back to the default for that field, with one
// console warning, and the page always comes up.
import { parseStoredObject, type SettingsStorage } from '../charts/chartSettings';
import { MAX_FILTER_LENGTH } from './runFilter';

/** Versioned: a later layout gets a new key, and this one is read no more. */
export const RUNS_VIEW_KEY = 'gan-loss-playground.runs.v1';

/** Longest stored text read: the filter's bound and room for the JSON around it. */
export const RUNS_VIEW_MAX_CHARS = 4 * MAX_FILTER_LENGTH + 256;

export interface RunsView {
  /** Runs that differ only in the seed drawn as one group. @default false */
  readonly groupBySeed: boolean;
  /** The run list's filter as typed (at most MAX_FILTER_LENGTH characters). @default '' */
  readonly filter: string;
}

export const DEFAULT_RUNS_VIEW: RunsView = { groupBySeed: false, filter: '' };

/** Reads stored text; never throws. `problems` says what was not used. */
export function parseRunsView(text: string | null): { view: RunsView; problems: string[] } {
  if (text === null) return { view: DEFAULT_RUNS_VIEW, problems: [] };
  const read = parseStoredObject(text, RUNS_VIEW_MAX_CHARS);
  if (!read.ok) return { view: DEFAULT_RUNS_VIEW, problems: [read.problem] };
  const raw = read.record;
  const problems: string[] = [];
  const grouped = Object.hasOwn(raw, 'groupBySeed') ? raw.groupBySeed : undefined;
  const filter = Object.hasOwn(raw, 'filter') ? raw.filter : undefined;
  if (grouped !== undefined && typeof grouped !== 'boolean') problems.push('groupBySeed: not true or false');
  if (filter !== undefined && typeof filter !== 'string') problems.push('filter: not text');
  if (typeof filter === 'string' && filter.length > MAX_FILTER_LENGTH) problems.push(`filter: ${filter.length} characters, the first ${MAX_FILTER_LENGTH} kept`);
  return {
    view: {
      groupBySeed: typeof grouped === 'boolean' ? grouped : DEFAULT_RUNS_VIEW.groupBySeed,
      filter: typeof filter === 'string' ? filter.slice(0, MAX_FILTER_LENGTH) : DEFAULT_RUNS_VIEW.filter,
    },
    problems,
  };
}

/** The stored view, or the default; what could not be used is said in one console warning. */
export function loadRunsView(storage: SettingsStorage | null, warn: (message: string) => void = console.warn): RunsView {
  let text: string | null = null;
  try {
    text = storage?.getItem(RUNS_VIEW_KEY) ?? null;
  } catch {
    return DEFAULT_RUNS_VIEW;
  }
  const { view, problems } = parseRunsView(text);
  if (problems.length > 0) warn(`Run list settings in localStorage (${RUNS_VIEW_KEY}) partly ignored: ${problems.join('; ')}`);
  return view;
}

/** Stores the view; a full or refused storage only loses it for the next reload. */
export function saveRunsView(storage: SettingsStorage | null, view: RunsView): void {
  try {
    storage?.setItem(RUNS_VIEW_KEY, JSON.stringify({ groupBySeed: view.groupBySeed, filter: view.filter.slice(0, MAX_FILTER_LENGTH) }));
  } catch {
    // Quota or privacy mode: the page keeps working with the view in memory.
  }
}
