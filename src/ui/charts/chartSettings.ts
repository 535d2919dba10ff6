// The charts' settings kept across reloads in localStorage: the options panel, the single-loss
// charts added and the typed axis ranges. Read back with a bounded, field-by-field check: a
// value damaged or written by hand falls back to the defaults (said in a console warning),
// and the page always comes up.
import { isRecord } from '../../losses/isRecord';
import { isDomain, type AxisRanges } from './axisRanges';
import { DEFAULT_CHART_OPTIONS, MAX_SMOOTHING, type LossChartOptions } from './options';
import { TOOLTIP_SORTS } from './readout';
import type { XAxisKind } from './xAxis';

/** Versioned: a later layout gets a new key, and this one is read no more. */
export const CHART_SETTINGS_KEY = 'gan-loss-playground.charts.v1';

/** Bounds on what is read back: text, charts added, ranges kept, a name's length. */
export const CHART_SETTINGS_LIMITS = { chars: 64 * 1024, added: 64, ranges: 64, name: 256 } as const;

export interface ChartSettings {
  readonly options: LossChartOptions;
  /** The losses with a chart of their own ("Chart of one loss"), in the order added. */
  readonly added: readonly string[];
  /** Typed axis ranges by chart key (ChartGrid's `tag:G`, `loss:G_L1`). A Map: a key may be `__proto__`. */
  readonly ranges: ReadonlyMap<string, AxisRanges>;
}

export const DEFAULT_CHART_SETTINGS: ChartSettings = { options: DEFAULT_CHART_OPTIONS, added: [], ranges: new Map() };

const X_AXES: readonly XAxisKind[] = ['step', 'time'];

type Check = (value: unknown) => boolean;
const isBoolean: Check = (v) => typeof v === 'boolean';
const OPTION_CHECKS: { readonly [K in keyof LossChartOptions]: Check } = {
  smoothing: (v) => typeof v === 'number' && v >= 0 && v <= MAX_SMOOTHING,
  logY: isBoolean,
  ignoreOutliers: isBoolean,
  xAxis: (v) => X_AXES.includes(v as XAxisKind),
  show: (v) => v === 'weighted' || v === 'raw',
  showWeight: isBoolean,
  tooltipSort: (v) => (TOOLTIP_SORTS as readonly unknown[]).includes(v),
};

const own = (o: Record<string, unknown>, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);
const shown = (v: unknown) => JSON.stringify(v)?.slice(0, 40) ?? String(v);

function readOptions(raw: unknown, problems: string[]): LossChartOptions {
  if (raw === undefined) return DEFAULT_CHART_OPTIONS;
  if (!isRecord(raw)) {
    problems.push('options: not an object');
    return DEFAULT_CHART_OPTIONS;
  }
  const options: Record<string, unknown> = { ...DEFAULT_CHART_OPTIONS };
  for (const key of Object.keys(OPTION_CHECKS) as (keyof LossChartOptions)[]) {
    const value = own(raw, key);
    if (value === undefined) continue;
    if (OPTION_CHECKS[key](value)) options[key] = value;
    else problems.push(`options.${key}: ${shown(value)} is not allowed, the default ${shown(DEFAULT_CHART_OPTIONS[key])} is used`);
  }
  return options as unknown as LossChartOptions;
}

function readAdded(raw: unknown, problems: string[]): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push('added: not a list');
    return [];
  }
  const names = raw.filter((n): n is string => typeof n === 'string' && n.length > 0 && n.length <= CHART_SETTINGS_LIMITS.name);
  if (names.length < raw.length) problems.push(`added: ${raw.length - names.length} entries are not loss names`);
  const unique = [...new Set(names)];
  if (unique.length > CHART_SETTINGS_LIMITS.added) problems.push(`added: the first ${CHART_SETTINGS_LIMITS.added} of ${unique.length} kept`);
  return unique.slice(0, CHART_SETTINGS_LIMITS.added);
}

function readRange(raw: unknown): AxisRanges | undefined {
  if (!isRecord(raw)) return undefined;
  const x = own(raw, 'x');
  const y = own(raw, 'y');
  const xOk = x === undefined || (isRecord(x) && X_AXES.includes(own(x, 'axis') as XAxisKind) && isDomain(own(x, 'range')));
  const yOk = y === undefined || isDomain(y);
  if (!xOk || !yOk) return undefined;
  const range: AxisRanges = {
    ...(isRecord(x) ? { x: { axis: own(x, 'axis') as XAxisKind, range: [...(own(x, 'range') as [number, number])] as const } } : {}),
    ...(y !== undefined ? { y: [...(y as [number, number])] as const } : {}),
  };
  return range;
}

function readRanges(raw: unknown, problems: string[]): Map<string, AxisRanges> {
  const ranges = new Map<string, AxisRanges>();
  if (raw === undefined) return ranges;
  if (!Array.isArray(raw)) {
    problems.push('ranges: not a list');
    return ranges;
  }
  for (const entry of raw.slice(0, CHART_SETTINGS_LIMITS.ranges)) {
    const key: unknown = Array.isArray(entry) ? entry[0] : undefined;
    const range = Array.isArray(entry) ? readRange(entry[1]) : undefined;
    if (typeof key === 'string' && key.length <= CHART_SETTINGS_LIMITS.name && range) ranges.set(key, range);
    else problems.push(`ranges: an entry ${shown(entry)} is not a chart's ranges`);
  }
  if (raw.length > CHART_SETTINGS_LIMITS.ranges) problems.push(`ranges: the first ${CHART_SETTINGS_LIMITS.ranges} of ${raw.length} kept`);
  return ranges;
}

/**
 * Reads stored settings. Never throws: text that is not JSON, too long or not an object gives
 * the defaults; a field that is wrong gives that field's default. `problems` says what was not used.
 */
export function parseChartSettings(text: string | null): { settings: ChartSettings; problems: string[] } {
  if (text === null) return { settings: DEFAULT_CHART_SETTINGS, problems: [] };
  const read = parseStoredObject(text, CHART_SETTINGS_LIMITS.chars);
  if (!read.ok) return { settings: DEFAULT_CHART_SETTINGS, problems: [read.problem] };
  const raw = read.record;
  const problems: string[] = [];
  const settings = { options: readOptions(own(raw, 'options'), problems), added: readAdded(own(raw, 'added'), problems), ranges: readRanges(own(raw, 'ranges'), problems) };
  return { settings, problems };
}

/**
 * Stored text read as a JSON object, at most `maxChars` long; never throws. The page's stored
 * views (chart settings, the run list's view) check their fields from there.
 */
export function parseStoredObject(text: string, maxChars: number): { ok: true; record: Record<string, unknown> } | { ok: false; problem: string } {
  if (text.length > maxChars) return { ok: false, problem: `${text.length} characters, more than ${maxChars}: not read` };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  return isRecord(raw) ? { ok: true, record: raw } : { ok: false, problem: 'not an object' };
}

export function serializeChartSettings(settings: ChartSettings): string {
  return JSON.stringify({ options: settings.options, added: settings.added, ranges: [...settings.ranges] });
}

/** Where the settings are kept: localStorage, or a fake in tests. */
export type SettingsStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** localStorage where it can be used (a sandboxed frame throws on access), else null. */
export function browserStorage(): SettingsStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The stored settings, or the defaults; what could not be used is said in one console warning. */
export function loadChartSettings(storage: SettingsStorage | null, warn: (message: string) => void = console.warn): ChartSettings {
  let text: string | null = null;
  try {
    text = storage?.getItem(CHART_SETTINGS_KEY) ?? null;
  } catch {
    return DEFAULT_CHART_SETTINGS;
  }
  const { settings, problems } = parseChartSettings(text);
  if (problems.length > 0) warn(`Chart settings in localStorage (${CHART_SETTINGS_KEY}) partly ignored: ${problems.join('; ')}`);
  return settings;
}

/** Stores the settings; a full or refused storage only loses them for the next reload. */
export function saveChartSettings(storage: SettingsStorage | null, settings: ChartSettings): void {
  try {
    storage?.setItem(CHART_SETTINGS_KEY, serializeChartSettings(settings));
  } catch {
    // Quota or privacy mode: the page keeps working with the settings in memory.
  }
}
