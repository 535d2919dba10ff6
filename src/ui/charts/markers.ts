// The vertical markers of a chart: where a loss's weight was changed from the page, and where the
// run raised an alarm about a series the chart draws. Each is an SVG line with a label, so a
// chart draws only the newest few; a note says how many older ones are left out.
import { alarmText } from '../../manager/alarms/catalog';
import type { HistoryState } from '../../state/historyStore';
import type { Series } from '../../state/series';
import type { LossChartOptions } from './options';
import { lossColor } from './palette';
import { xForStep } from './xAxis';

/** A weight change set from the page (dashed, in its loss's colour) or an alarm (solid, in ALARM_COLOR). */
export interface ChartMarker {
  readonly key: string;
  readonly x: number;
  readonly label: string;
  readonly color: string;
  /** @default 'weight' */
  readonly kind?: 'weight' | 'alarm';
}

/** Weight changes drawn per chart: the newest this many (a long session of slider moves would pile up hundreds). */
export const MAX_MARKERS = 50;
/** Alarms drawn per chart: the newest this many. */
export const MAX_ALARM_MARKERS = 20;
/** Apart from every line colour of the palette (Okabe and Ito's has no pure red). */
export const ALARM_COLOR = '#ff4d4f';

export function markersFor(
  state: Pick<HistoryState, 'marks'> & Partial<Pick<HistoryState, 'alarms'>>,
  series: readonly Series[],
  axis: LossChartOptions['xAxis'],
  colors: ReadonlyMap<string, string>,
): { markers: ChartMarker[]; notes: string[] } {
  const byName = new Map(series.map((s) => [s.name, s]));
  const out: ChartMarker[] = [];
  const notes: string[] = [];
  const mine = [...state.marks.entries()].filter(([, m]) => byName.has(m.name));
  for (const [i, m] of mine.slice(-MAX_MARKERS)) {
    const x = xForStep(byName.get(m.name)!, axis, m.step);
    if (x === undefined) continue;
    out.push({ key: `${i}`, x, label: m.weight === null ? `${m.name}: schedule` : `${m.name} ×${m.weight}`, color: colors.get(m.name) ?? lossColor(m.name) });
  }
  if (mine.length > MAX_MARKERS) notes.push(`the ${MAX_MARKERS} newest weight changes marked; ${mine.length - MAX_MARKERS} older not`);
  // An alarm about any series of this chart is marked on it, at the step it was raised.
  const alarms = [...(state.alarms ?? []).entries()].flatMap(([i, a]) => {
    const drawn = a.series.find((name) => byName.has(name));
    return drawn === undefined ? [] : [{ i, a, s: byName.get(drawn)! }];
  });
  for (const { i, a, s } of alarms.slice(-MAX_ALARM_MARKERS)) {
    const x = xForStep(s, axis, a.step);
    if (x !== undefined) out.push({ key: `alarm:${i}`, x, label: `⚠ ${alarmText(a.kind).title}`, color: ALARM_COLOR, kind: 'alarm' });
  }
  if (alarms.length > MAX_ALARM_MARKERS) notes.push(`the ${MAX_ALARM_MARKERS} newest alarms marked; ${alarms.length - MAX_ALARM_MARKERS} older not`);
  return { markers: out, notes };
}
