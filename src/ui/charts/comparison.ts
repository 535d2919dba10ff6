import { createContext } from 'react';
import type { SeriesByName } from '../../state/series';

/** A run drawn on the charts: the open one (its series are the history store's) or a stored one. */
export interface ComparedRun {
  /** The run's id (a path's data-run in the page). */
  readonly id: string;
  /** How the legend and the tooltip name it: "#3 Run 3". */
  readonly label: string;
  readonly color: string;
  /** Its series by name; null for the open run, read from the history store at each redraw. */
  readonly series: SeriesByName | null;
}

/** Shown runs whose settings differ only in the seed, drawn as their mean with a min-max band. */
export interface ComparedGroup {
  /** 'group:' and its first member's id. */
  readonly id: string;
  readonly label: string;
  readonly color: string;
  /** Two or more runs. */
  readonly members: readonly ComparedRun[];
}

/**
 * What the charts draw besides the open run's own series. With no other run and no group, a
 * chart colours by series (each loss its own colour); otherwise by run, as TensorBoard does,
 * and each series of a chart has its own dash pattern.
 */
export interface Comparison {
  /** Runs drawn one line per series (the open run among them, unless it is in a group). */
  readonly runs: readonly ComparedRun[];
  readonly groups: readonly ComparedGroup[];
}

/** Several runs or a group: draw by run. */
export function comparesRuns(c: Comparison | null | undefined): c is Comparison {
  return !!c && (c.groups.length > 0 || c.runs.some((r) => r.series !== null));
}

/** The charts' comparison, provided above the charts (LossChartsPanel); null: the open run alone. */
export const ComparisonContext = createContext<Comparison | null>(null);
