import type { ChartModel } from './chartModel';
import type { XAxisKind } from './xAxis';
import { logTicks, niceLinear, type Domain } from './yDomain';

/** Axis ranges typed for one chart; an axis left out is scaled to the data (auto). */
export interface AxisRanges {
  /** In the units of the axis it was typed on (steps, or milliseconds on the time axis). */
  readonly x?: { readonly axis: XAxisKind; readonly range: Domain };
  readonly y?: Domain;
}

/** The four fields of the range form, as typed. */
export interface RangeFields {
  readonly xFrom: string;
  readonly xTo: string;
  readonly yFrom: string;
  readonly yTo: string;
}

/** Longest text a range field reads: a number never needs more. */
const MAX_FIELD = 40;

/** The time axis counts milliseconds; its range is typed in seconds. */
const xScale = (axis: XAxisKind) => (axis === 'time' ? 1000 : 1);

/** True for a finite range whose start is below its end. */
export function isDomain(value: unknown): value is Domain {
  return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v)) && value[0] < value[1];
}

/** One axis's pair of fields: undefined when both are empty (auto), else the range or the problem. */
function readPair(name: string, from: string, to: string, scale: number, positive: boolean): { range?: Domain; problem?: string } {
  const a = from.trim();
  const b = to.trim();
  if (a === '' && b === '') return {};
  if (a === '' || b === '') return { problem: `${name}: type both ends, or leave both empty for auto` };
  if (a.length > MAX_FIELD || b.length > MAX_FIELD) return { problem: `${name}: a number of at most ${MAX_FIELD} characters` };
  const lo = Number(a);
  const hi = Number(b);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { problem: `${name}: "${!Number.isFinite(lo) ? a : b}" is not a finite number` };
  if (!(lo < hi)) return { problem: `${name}: the start (${lo}) must be below the end (${hi})` };
  if (positive && !(lo > 0)) return { problem: `${name}: the log scale needs a start above 0, got ${lo}` };
  // Seconds to milliseconds can pass float64's largest number (1e306 s is Infinity ms).
  if (!Number.isFinite(hi * scale) || !Number.isFinite(lo * scale)) return { problem: `${name}: ${!Number.isFinite(lo * scale) ? lo : hi} is past the largest time this axis can draw` };
  return { range: [lo * scale, hi * scale] };
}

/** Reads the form: the ranges, or each problem with its axis (nothing is applied then). */
export function parseRangeFields(fields: RangeFields, axis: XAxisKind, logY: boolean): { ranges: AxisRanges; problems: string[] } {
  const x = readPair(axis === 'time' ? 'x (seconds)' : 'x (steps)', fields.xFrom, fields.xTo, xScale(axis), false);
  const y = readPair('y', fields.yFrom, fields.yTo, 1, logY);
  const problems = [x.problem, y.problem].filter((p): p is string => p !== undefined);
  return { ranges: { ...(x.range ? { x: { axis, range: x.range } } : {}), ...(y.range ? { y: y.range } : {}) }, problems };
}

/** The form's fields for ranges already set (empty where auto). */
export function rangeFields(ranges: AxisRanges | undefined, axis: XAxisKind): RangeFields {
  const x = ranges?.x && ranges.x.axis === axis ? ranges.x.range : undefined;
  const text = (v: number | undefined) => (v === undefined ? '' : String(v));
  return { xFrom: text(x && x[0] / xScale(axis)), xTo: text(x && x[1] / xScale(axis)), yFrom: text(ranges?.y?.[0]), yTo: text(ranges?.y?.[1]) };
}

/** The typed x range on this axis kind, if one is set. */
export function typedX(ranges: AxisRanges | undefined, axis: XAxisKind): Domain | undefined {
  return ranges?.x && ranges.x.axis === axis ? ranges.x.range : undefined;
}

/** The model with its y axis fixed to `y` (ticks inside it); a log axis ignores a range reaching 0 or below. */
export function withTypedY(model: ChartModel, y: Domain | undefined, logY: boolean): ChartModel {
  if (!y || !model.yDomain || (logY && !(y[0] > 0))) return model;
  const ticks = logY ? logTicks(y) : niceLinear(y).ticks.filter((t) => t >= y[0] && t <= y[1]);
  return { ...model, yDomain: y, yTicks: ticks, notes: [...model.notes, 'y range typed (Axes menu)'] };
}
