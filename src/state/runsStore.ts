import { createStore } from 'zustand/vanilla';
import type { AlarmRecord } from '../manager/alarms/types';
import type { RunSettings } from '../protocol/messages';
import type { WeightMark } from './historyStore';
import type { SeriesByName } from './series';

/**
 * 'imported': a loss_log.json loaded to view, never trained here. 'interrupted': it was
 * training (or paused) when its page closed or reloaded; its checkpoint may resume it.
 */
export type ArchivedStatus = 'running' | 'paused' | 'stopped' | 'failed' | 'imported' | 'interrupted';

/** NectarGAN's header fields of an imported loss_log.json, kept to write it back as it was. */
export interface ImportedHeader {
  readonly fileName: string;
  readonly device: string;
  readonly dataroot: string;
  readonly datasetLength: number;
}

/** An archived run as the run list shows it (src/client/runArchive.ts stores it). Plain JSON. */
export interface RunMeta {
  readonly id: string;
  /** 1, 2, 3, ... in creation order; names the run's controls ("Rename run 3"). */
  readonly number: number;
  readonly name: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** What Start was given; null for an imported log. */
  readonly settings: RunSettings | null;
  readonly family: string | null;
  readonly specName: string | null;
  /** The spec trained with (an imported log's own spec, or null). */
  readonly spec: unknown;
  /** The tfjs backend it trained on, from 'ready'. */
  readonly backend: string | null;
  /** The last recorded step; null before any value. */
  readonly lastStep: number | null;
  readonly status: ArchivedStatus;
  readonly marks: readonly WeightMark[];
  /** The alarms it raised, in order (absent in runs kept before alarms were). */
  readonly alarms?: readonly AlarmRecord[];
  /** The last checkpoint the worker saved of this run. */
  readonly checkpoint: { readonly step: number; readonly savedAt: number } | null;
  readonly imported: ImportedHeader | null;
  /** History records written so far: the next record's seq. */
  readonly chunks: number;
  /** The page session recording the run (absent in runs kept before sessions were). */
  readonly session?: string | null;
  /** The last write stored, by page session and number: a journal replayed later skips it. */
  readonly lastWrite?: { readonly session: string; readonly n: number } | null;
  /** Its colour in the list and on every chart ('#rrggbb', one of the palette's), given when first drawn. */
  readonly color?: string | null;
  /** Drawn on the charts beside the open run (the list's "Show" box); absent: not shown. */
  readonly shown?: boolean;
}

/**
 * Whether this tab can use the runs database: 'blocked' while another tab holds an older
 * version open (close it and this one goes on), 'superseded' once another tab opened a newer
 * version (reload this tab to keep saving runs).
 */
export type RunsAccess = 'open' | 'blocked' | 'superseded';

export interface RunsState {
  /** Every archived run, newest first. */
  readonly runs: readonly RunMeta[];
  /** The run on the charts (and the one being recorded while training); null before any. */
  readonly currentRunId: string | null;
  /** True while the current run is training here (its events are being recorded). */
  readonly live: boolean;
  /**
   * The series of every shown run other than the current one (whose are the history store's),
   * by run id: loaded once when the run is shown, dropped when it is hidden or opened.
   */
  readonly shownSeries: ReadonlyMap<string, SeriesByName>;
  /** Shown runs whose settings differ only in the seed are drawn as one group (mean and min-max band). */
  readonly groupBySeed: boolean;
  /** False where the browser offers no IndexedDB: runs are not kept. */
  readonly available: boolean;
  /** A readable message about the last failed action (a bad file, a failed write); null when all is well. */
  readonly error: string | null;
  /** Whether runs can be stored from this tab (src/client/archive/runsConnection.ts). */
  readonly access: RunsAccess;
  setRuns(runs: readonly RunMeta[]): void;
  setCurrent(id: string | null, live: boolean): void;
  setShownSeries(shownSeries: ReadonlyMap<string, SeriesByName>): void;
  setGroupBySeed(groupBySeed: boolean): void;
  setError(error: string | null): void;
  setAccess(access: RunsAccess): void;
}

/** The run list and which runs the charts show. Plain data: the archive lives in src/client. */
export function createRunsStore(available = true) {
  return createStore<RunsState>()((set) => ({
    runs: [],
    currentRunId: null,
    live: false,
    shownSeries: new Map(),
    groupBySeed: false,
    available,
    error: null,
    setRuns: (runs) => set({ runs }),
    setCurrent: (currentRunId, live) => set({ currentRunId, live }),
    setShownSeries: (shownSeries) => set({ shownSeries }),
    setGroupBySeed: (groupBySeed) => set({ groupBySeed }),
    setError: (error) => set({ error }),
    access: 'open',
    setAccess: (access) => set({ access }),
  }));
}

export type RunsStore = ReturnType<typeof createRunsStore>;

/** The run whose checkpoint the worker holds: the one that saved last (the worker keeps one). */
export function checkpointOwner(runs: readonly RunMeta[]): RunMeta | null {
  let owner: RunMeta | null = null;
  for (const run of runs) if (run.checkpoint && (!owner || run.checkpoint.savedAt > (owner.checkpoint?.savedAt ?? -Infinity))) owner = run;
  return owner;
}
