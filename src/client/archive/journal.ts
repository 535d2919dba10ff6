// What the archive has not yet written, kept synchronously in localStorage when the page is
// hidden or unloads: IndexedDB writes are asynchronous and a closing page may never finish
// them. The next page load replays a dead session's journal (RunArchive.recover); each write
// carries its stamp, so what did land is not written twice.
import { isRecord } from '../../losses/isRecord';
import type { RunWrite, WriteStamp } from './runsDb';

/** localStorage keys: one journal per page session. */
export const JOURNAL_PREFIX = 'gan-loss-playground-journal:';

/** One run's unwritten writes, oldest first, each with the number it has (or will have) in its session. */
export interface JournalRun {
  readonly id: string;
  readonly writes: readonly { readonly n: number; readonly write: RunWrite }[];
}

export interface Journal {
  readonly session: string;
  readonly runs: readonly JournalRun[];
}

/** Where journals are kept: `localStorage`, or a fake in tests. */
export type JournalStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const TYPED = { Float64Array, Float32Array, Uint32Array, Uint16Array, Uint8Array, Uint8ClampedArray } as const;
type TypedName = keyof typeof TYPED;

function toBase64(view: ArrayBufferView): string {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let binary = '';
  // In slices: String.fromCharCode(...all) would overflow the stack on large arrays.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string, name: TypedName): ArrayBufferView {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const Typed = TYPED[name];
  return new Typed(bytes.buffer, 0, bytes.length / Typed.BYTES_PER_ELEMENT);
}

/** JSON with typed arrays (history columns, a user's image bytes) as base64, NaN and infinities kept. */
export function journalText(journal: Journal): string {
  return JSON.stringify(journal, function (this: unknown, _key, value: unknown) {
    if (ArrayBuffer.isView(value)) {
      const name = value.constructor.name;
      if (name in TYPED) return { $typed: name, base64: toBase64(value) };
    }
    if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
    return value;
  });
}

export class JournalError extends Error {
  override readonly name = 'JournalError';
}

/** Reads `journalText`'s output back; throws a JournalError for text that is not a journal. */
export function parseJournal(text: string): Journal {
  let journal: unknown;
  try {
    journal = JSON.parse(text, (_key, value: unknown) => {
      if (isRecord(value)) {
        const v = value as { $typed?: unknown; base64?: unknown; $number?: unknown };
        if (typeof v.$typed === 'string' && v.$typed in TYPED && typeof v.base64 === 'string') return fromBase64(v.base64, v.$typed as TypedName);
        if (typeof v.$number === 'string') return Number(v.$number);
      }
      return value;
    });
  } catch (error) {
    throw new JournalError(`not JSON: ${(error as Error).message}`);
  }
  const j = journal as Partial<Journal> | null;
  if (!j || typeof j.session !== 'string' || !Array.isArray(j.runs)) throw new JournalError('not a journal: expected {session, runs}');
  for (const run of j.runs as unknown[]) {
    const r = run as Partial<JournalRun> | null;
    if (!r || typeof r.id !== 'string' || !Array.isArray(r.writes) || !r.writes.every((w) => Number.isInteger(w?.n) && w.write !== null && typeof w.write === 'object')) {
      throw new JournalError('not a journal: a run needs {id, writes: [{n, write}]}');
    }
  }
  return j as Journal;
}

/** Stores this session's journal, replacing its last one; false when storage refused it (full, disabled). */
export function saveJournal(storage: JournalStorage, journal: Journal): boolean {
  const key = JOURNAL_PREFIX + journal.session;
  try {
    if (journal.runs.length === 0) storage.removeItem(key);
    else storage.setItem(key, journalText(journal));
    return true;
  } catch {
    return false;
  }
}

/** Every stored journal's session, with its text. */
export function storedJournals(storage: JournalStorage): { session: string; text: string }[] {
  const out: { session: string; text: string }[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    const text = key?.startsWith(JOURNAL_PREFIX) ? storage.getItem(key) : null;
    if (key && text !== null) out.push({ session: key.slice(JOURNAL_PREFIX.length), text });
  }
  return out;
}

export function removeJournal(storage: JournalStorage, session: string): void {
  try {
    storage.removeItem(JOURNAL_PREFIX + session);
  } catch {
    // Storage unavailable: nothing to remove.
  }
}

/** localStorage where the page may use it, else null (no journal). */
export function defaultJournalStorage(): JournalStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // a sandboxed frame throws on access
  }
}

export type { WriteStamp };
