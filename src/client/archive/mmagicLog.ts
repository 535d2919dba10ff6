// MMagic's training logs read as a run to view: mmengine's `vis_data/scalars.json` (one JSON
// object a line: the LogProcessor's scalars, `iter` and `step`; LocalVisBackend / MMagic's
// VisBackend) and MMCV 1.x's `<timestamp>.log.json` (TextLoggerHook: a metadata line, then
// `mode`, `epoch`, `iter`, `lr` and the losses a line). Python's json writes NaN and Infinity
// bare, which JSON.parse refuses, so those are read too. A bad line is reported by its number
// and skipped; nothing in the file can crash the page. No tfjs, no DOM.
import { isDerivedSeries, lrName, metricName } from '../../manager/seriesNames';
import { emptySeries, pushToSeries, type Series } from '../../state/series';
import { isRecord } from '../../losses/isRecord';
import { showValue } from '../../losses/jsonText';
import type { ImportedRun } from './exportRun';

/** Bounds no real log comes near: MMagic logs every 10-100 iterations a few dozen scalars. */
export const MMAGIC_LOG_LIMITS: { readonly maxSeries: number; readonly maxValues: number; readonly keptProblems: number } = { maxSeries: 1000, maxValues: 5_000_000, keptProblems: 100 };

/** Bookkeeping each line carries that is no training value: the step itself, timing, memory. */
const BOOKKEEPING = new Set(['iter', 'step', 'epoch', 'mode', 'time', 'data_time', 'memory', 'eta']);
/** Keys of MMCV's first line (env_info, config, seed, exp_name...): the run's metadata, no values. */
const METADATA = ['env_info', 'config'];

/**
 * The network an MMagic loss key trains, by MMagic's naming (first rule that matches):
 * G for BaseGAN's `loss_disc_fake_g`, `loss_gen*`, `loss_gan_g*`, `loss_g` and `loss_g_*`;
 * D for `loss_disc*`, `loss_gan_d*`, `loss_d` and `loss_d_*`, `loss_gp*`, `loss_r1_gp*`;
 * G for the generators' own terms `loss_pix*` (loss_pix, loss_pixel), `loss_perceptual*`,
 * `loss_style*`, `loss_path_regular*`, `loss_l1*`, `loss_mse*`, `loss_tv*` and SRGAN's
 * generator-side `loss_gan`; null (untagged) for the rest, e.g. the D step's total `loss`.
 */
export function mmagicLossNetwork(key: string): 'G' | 'D' | null {
  if (/^loss_(disc_fake_g$|gen|gan_g(_|$)|g(_|$))/.test(key)) return 'G';
  if (/^loss_(disc|gan_d(_|$)|d(_|$)|gp|r1_gp)/.test(key)) return 'D';
  if (/^loss_(pix|perceptual|style|path_regular|l1|mse|tv)|^loss_gan$/.test(key)) return 'G';
  return null;
}

/**
 * The series a loss key becomes: `G/<key>`, `D/<key>` (charted under that network) or the key
 * alone, its '/' written '.' (so no key reads as one of our derived names, `metric/...`).
 */
export function mmagicSeriesName(key: string): string {
  const name = key.replaceAll('/', '.');
  const network = mmagicLossNetwork(name);
  return network === null ? name : `${network}/${name}`;
}

const NAN_TOKEN = '\u0000NaN';

/** A line with Python's bare NaN / Infinity / -Infinity (outside strings) made JSON, NaN as a marker string. */
function pythonJson(line: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += line[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    const rest = line.slice(i, i + 9);
    if (rest.startsWith('NaN')) {
      out += JSON.stringify(NAN_TOKEN);
      i += 2;
    } else if (rest.startsWith('Infinity') || rest.startsWith('-Infinity')) {
      out += rest.startsWith('-') ? '-1e999' : '1e999';
      i += rest.startsWith('-') ? 8 : 7;
    } else out += ch;
  }
  return out;
}

/** One line's JSON, Python's bare NaN and Infinity included; throws as JSON.parse does. */
export function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    if (!/NaN|Infinity/.test(line)) throw error;
    return JSON.parse(pythonJson(line));
  }
}

/** A value as a number: a number, NaN (Python's NaN, JSON's null), or null for anything else. */
function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value === null || value === NAN_TOKEN) return NaN;
  return null;
}

export interface MMagicLogImport {
  readonly run: ImportedRun;
  /** What was skipped or changed, by line number ("line 3: not JSON (...)"), the first keptProblems of them. */
  readonly problems: readonly string[];
  /** Every problem, the ones not kept too. */
  readonly problemCount: number;
  readonly lines: number;
}

/** Steps sorted ascending (stable), for a log whose steps went back (a resumed or concatenated log). */
export function sortByStep(s: Series): void {
  const order = Array.from({ length: s.length }, (_, i) => i).sort((a, b) => s.step[a]! - s.step[b]! || a - b);
  for (const key of ['step', 'value', 'weight', 'raw', 'time'] as const) {
    const copy = s[key].slice(0, s.length);
    order.forEach((from, to) => (s[key][to] = copy[from]!));
  }
}

/**
 * Reads a scalars.json or *.log.json. Loss keys (every key holding "loss", as MMagic's
 * parse_losses sums) become losses named by mmagicSeriesName; keys ending in "lr" (and MMCV's
 * `lr` dict) become `lr/...` series; other numbers become `metric/...`; the step is `iter`,
 * else `step`. Throws an Error naming the file when no line gave a value.
 */
export function fromMMagicLog(text: string, fileName: string, limits: typeof MMAGIC_LOG_LIMITS = MMAGIC_LOG_LIMITS): MMagicLogImport {
  const series = new Map<string, Series>();
  const problems: string[] = [];
  let problemCount = 0;
  // A file of a million bad lines keeps a hundred messages, not a million.
  const report = (message: string) => {
    if (problemCount++ < limits.keptProblems) problems.push(message);
  };
  const stepsBack = new Set<string>();
  const epochs = { epoch: -Infinity, iter: -Infinity, offset: 0, restarted: false };
  let values = 0;
  let lineNo = 0;
  let lines = 0;
  const add = (name: string, step: number, value: number, at: number): boolean => {
    let s = series.get(name);
    if (!s) {
      if (series.size >= limits.maxSeries) {
        report(`line ${at}: more than ${limits.maxSeries} series; ${showValue(name)} and later new keys skipped`);
        return false;
      }
      series.set(name, (s = emptySeries(name)));
    }
    if (s.length > 0 && step < s.step[s.length - 1]!) stepsBack.add(name);
    const derived = isDerivedSeries(name);
    pushToSeries(s, step, value, NaN, derived ? value : NaN, NaN);
    values++;
    return true;
  };
  let start = 0;
  for (; start <= text.length && values < limits.maxValues; ) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end).trim();
    start = end === -1 ? text.length + 1 : end + 1;
    lineNo++;
    if (line === '') continue;
    lines++;
    let record: unknown;
    try {
      record = parseJsonLine(line);
    } catch (error) {
      report(`line ${lineNo}: not JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    if (!isRecord(record)) {
      report(`line ${lineNo}: not a JSON object (${showValue(record)})`);
      continue;
    }
    if (METADATA.some((key) => Object.hasOwn(record, key))) continue;
    const stepKey = Object.hasOwn(record, 'iter') ? 'iter' : Object.hasOwn(record, 'step') ? 'step' : null;
    if (stepKey === null) {
      report(`line ${lineNo}: no iter or step`);
      continue;
    }
    const iter = record[stepKey];
    if (typeof iter !== 'number' || !Number.isSafeInteger(iter) || iter < 0) {
      report(`line ${lineNo}: ${stepKey} is ${showValue(iter === NAN_TOKEN ? NaN : iter)}, not a whole number >= 0`);
      continue;
    }
    // MMCV's epoch-based logs count iter from 1 in each epoch: go on from the last epoch's last logged iter.
    const epoch = record.epoch;
    if (typeof epoch === 'number' && record.mode === 'train') {
      if (epoch > epochs.epoch && iter <= epochs.iter && Number.isFinite(epochs.iter)) {
        epochs.offset += epochs.iter;
        epochs.restarted = true;
      }
      epochs.epoch = epoch;
      epochs.iter = iter;
    }
    const step = iter + (record.mode === 'train' ? epochs.offset : 0);
    for (const [rawKey, raw] of Object.entries(record)) {
      if (BOOKKEEPING.has(rawKey)) continue;
      const key = rawKey.replace(/^train\//, '');
      if (isRecord(raw) && key === 'lr') {
        for (const [optimizer, v] of Object.entries(raw)) {
          const n = numberOf(v);
          if (n === null) report(`line ${lineNo}: lr.${optimizer} is ${showValue(v)}, not a number`);
          else add(lrName(`lr.${optimizer}`), step, n, lineNo);
        }
        continue;
      }
      const n = numberOf(raw);
      if (n === null) {
        report(`line ${lineNo}: ${showValue(rawKey)} is ${showValue(raw)}, not a number`);
        continue;
      }
      const name = key.endsWith('lr') ? lrName(key) : key.includes('loss') ? mmagicSeriesName(key) : metricName(key.replaceAll('/', '.'));
      add(name, step, n, lineNo);
    }
  }
  if (values >= limits.maxValues && start <= text.length) {
    report(`stopped after line ${lineNo}: more than ${limits.maxValues.toLocaleString('en-US')} values`);
  }
  if (epochs.restarted) report("iter restarts in each epoch (an epoch-based MMCV log): steps go on from each epoch's last logged iter");
  for (const name of stepsBack) {
    sortByStep(series.get(name)!);
    report(`${showValue(name)}: steps go back (a resumed or concatenated log): sorted by step`);
  }
  if (values === 0) {
    const why = problems.length > 0 ? `: ${problems.slice(0, 5).join('; ')}${problemCount > 5 ? `; and ${problemCount - 5} more` : ''}` : '';
    throw new Error(`${fileName}: no training values found (expected JSON lines with iter or step and loss_* keys, as MMagic's scalars.json and *.log.json)${why}`);
  }
  return {
    run: {
      name: fileName,
      header: { fileName, device: fileName.endsWith('.log.json') ? 'MMCV log.json' : 'mmengine scalars.json', dataroot: '', datasetLength: 0 },
      spec: null,
      backend: null,
      series,
      alarms: [],
    },
    problems,
    problemCount,
    lines,
  };
}
