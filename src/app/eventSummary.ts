// What the debug hook keeps of an event: everything but the payloads. A history batch, a loss
// map or a sample grid is summarised (steps, names, shapes, byte sizes); the typed arrays are
// not kept, so the page's heap does not grow with them (the whole events were ~4 MiB a minute).
import { assertNever, type TrainingEvent } from '../protocol/messages';

/** A history batch without its columns. */
export interface HistorySummary {
  readonly type: 'history';
  /** Values in the batch (one per loss per recorded step). */
  readonly values: number;
  readonly firstStep: number | null;
  readonly lastStep: number | null;
  /** The batch's losses, and how many of its values each has (`counts[i]` for `names[i]`). */
  readonly names: readonly string[];
  readonly counts: readonly number[];
  /** Bytes of the columns the batch carried. */
  readonly bytes: number;
}

export interface LossMapsSummary {
  readonly type: 'lossMaps';
  readonly maps: readonly { readonly name: string; readonly step: number; readonly shape: readonly number[]; readonly bytes: number }[];
}

export type SamplesSummary = {
  readonly type: 'samples';
  readonly step: number;
  /** Bytes of the pixels or points the event carried. */
  readonly bytes: number;
} & (
  | { readonly kind: 'images'; readonly width: number; readonly height: number; readonly rows: readonly string[] }
  | { readonly kind: 'points'; readonly real: number; readonly fake: number; readonly resolution: number; readonly extent: number }
);

/** Events without payloads are kept as they came, long messages clipped. */
export type PlainEvent = Exclude<TrainingEvent, { type: 'history' | 'lossMaps' | 'samples' }>;

export type EventSummary = HistorySummary | LossMapsSummary | SamplesSummary | PlainEvent;

/** Longest message kept (a refused spec can echo megabytes of it). */
export const MESSAGE_CHARS_KEPT = 2000;

function clip(text: string): string {
  return text.length <= MESSAGE_CHARS_KEPT ? text : `${text.slice(0, MESSAGE_CHARS_KEPT)}… (${text.length - MESSAGE_CHARS_KEPT} more characters)`;
}

const sameList = (a: readonly string[] | undefined, b: readonly string[]) => a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The summary of `event`. `previousNames`: the last history summary's names, reused when the
 * batch has the same losses, so thousands of batches share one list.
 */
export function summarizeEvent(event: TrainingEvent, previousNames?: readonly string[]): EventSummary {
  switch (event.type) {
    case 'history': {
      const b = event.batch;
      const counts = new Array<number>(b.names.length).fill(0);
      for (const i of b.loss) if (i < counts.length) counts[i]! += 1;
      return {
        type: 'history',
        values: b.loss.length,
        firstStep: b.step.length > 0 ? b.step[0]! : null,
        lastStep: b.step.length > 0 ? b.step[b.step.length - 1]! : null,
        names: sameList(previousNames, b.names) ? previousNames! : [...b.names],
        counts,
        bytes: [b.loss, b.step, b.value, b.weight, b.raw, b.time].reduce((n, column) => n + column.byteLength, 0),
      };
    }
    case 'lossMaps':
      return { type: 'lossMaps', maps: event.maps.map((m) => ({ name: m.name, step: m.step, shape: [...m.shape], bytes: m.data.byteLength })) };
    case 'samples': {
      const s = event.samples;
      return s.kind === 'images'
        ? { type: 'samples', step: s.step, kind: 'images', width: s.width, height: s.height, rows: [...s.rows], bytes: s.rgba.byteLength }
        : {
            type: 'samples',
            step: s.step,
            kind: 'points',
            real: s.real.length / 2,
            fake: s.fake.length / 2,
            resolution: s.resolution,
            extent: s.extent,
            bytes: s.real.byteLength + s.fake.byteLength + s.discriminator.byteLength,
          };
    }
    case 'stopped':
    case 'rejected':
    case 'failed':
      return { ...event, message: clip(event.message) };
    case 'probed':
    case 'ready':
    case 'progress':
    case 'paused':
    case 'checkpointSaved':
    case 'weightChanged':
    case 'warmedUp':
    case 'specChanged':
    case 'alarms':
      return event;
    default:
      return assertNever(event);
  }
}

/**
 * Bytes a plain value holds, estimated: 2 per string character, 8 per number, 16 per object or
 * array besides its contents. Shared lists are counted each time, so the estimate errs high.
 */
export function estimateBytes(value: unknown): number {
  if (typeof value === 'string') return 16 + 2 * value.length;
  if (value === null || typeof value !== 'object') return 8;
  if (ArrayBuffer.isView(value)) return 16 + value.byteLength; // never in a summary; counted if one slips in
  let bytes = 16;
  for (const item of Array.isArray(value) ? value : Object.values(value)) bytes += 8 + estimateBytes(item);
  return bytes;
}
