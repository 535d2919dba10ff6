// How a sweep variant ended and its final values, whichever worker trained it.
import { parseSeriesName } from '../../manager/seriesNames';
import { finalValue } from '../../protocol/finalValue';
import type { SeriesByName } from '../../state/series';

export type Outcome = { status: 'done' } | { status: 'stopped'; message?: string } | { status: 'failed'; message: string };

export type VariantOutcome = Outcome & { final: Map<string, number> };

/** finalValue of each loss and metric/ series (gradients and D health are diagnostics, not results). */
export function finalValues(series: SeriesByName): Map<string, number> {
  const final = new Map<string, number>();
  for (const [name, s] of series) {
    const kind = parseSeriesName(name).kind;
    if (kind === 'loss' || kind === 'metric') final.set(name, finalValue(Array.from(s.value.subarray(0, s.length))));
  }
  return final;
}
