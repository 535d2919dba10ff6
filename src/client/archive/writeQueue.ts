// What the archive has recorded and not yet stored, per run, in the order it must be stored: a
// numbered write not yet stored (under way, or failed and waiting to be tried again), then what
// waits for the next flush. A failed write keeps its number and its content: tried again after
// it did land after all, its stamp skips it; and nothing recorded later is stored before it
// (its number is higher, so storing it first would make the older one look written).
import type { SamplesMessage } from '../../protocol/messages';
import type { JournalRun } from './journal';
import { writeRun, type RunsDatabase, type RunWrite } from './runsDb';

/** What a run has waiting for the next flush; `n` is its write's number once journaled or taken. */
export interface Pending extends RunWrite {
  n?: number;
  samples?: SamplesMessage | null;
  /** Write the samples at the next flush even if the last write was recent. */
  samplesNow?: boolean;
}

/** A write with its number in this page session, and the samples it stores (null: none). */
export interface NumberedWrite extends RunWrite {
  readonly n: number;
  readonly samples: SamplesMessage | null;
}

/** The longest wait between tries while writes fail. */
export const RETRY_MAX_MS = 30_000;

/** The wait before the next flush after `failures` failed flushes in a row: the interval, doubled per failure, at most RETRY_MAX_MS. */
export function retryDelay(intervalMs: number, failures: number): number {
  return failures === 0 ? intervalMs : Math.min(RETRY_MAX_MS, Math.max(intervalMs, 1) * 2 ** failures);
}

export class WriteQueue {
  private readonly pending = new Map<string, Pending>();
  private readonly unstored = new Map<string, NumberedWrite>();
  private count = 0;

  /** Run `id`'s entry for the next flush, made on first use. */
  entry(id: string): Pending {
    let entry = this.pending.get(id);
    if (!entry) this.pending.set(id, (entry = {}));
    return entry;
  }

  /** True while anything waits to be stored. */
  get busy(): boolean {
    return this.pending.size > 0 || this.unstored.size > 0;
  }

  /** Runs with something to store: those with an unstored write first, oldest first. */
  runs(): string[] {
    return [...new Set([...this.unstored.keys(), ...this.pending.keys()])];
  }

  /** Run `id`'s numbered write not yet stored (one that failed), to try again before anything newer. */
  unstoredOf(id: string): NumberedWrite | undefined {
    return this.unstored.get(id);
  }

  /**
   * What run `id` has waiting, as one numbered write kept until `stored` (null: nothing). Its
   * samples go along when `samplesDue` says so, else they wait.
   */
  take(id: string, samplesDue: (entry: Pending) => boolean): NumberedWrite | null {
    const entry = this.pending.get(id);
    if (!entry) return null;
    const due = entry.samples != null && samplesDue(entry);
    if (!due && entry.samples) this.pending.set(id, { samples: entry.samples });
    else this.pending.delete(id);
    const { create, patch, chunks } = entry;
    if (!create && !patch && !chunks?.length && !due) return null;
    const write: NumberedWrite = { create, patch, chunks, n: entry.n ?? ++this.count, samples: due ? (entry.samples ?? null) : null };
    this.unstored.set(id, write);
    return write;
  }

  /** `write` is in the database (or needs no storing: its run is gone). */
  stored(id: string, write: NumberedWrite): void {
    if (this.unstored.get(id) === write) this.unstored.delete(id);
  }

  /** Drops everything run `id` has waiting (it is being deleted). */
  forget(id: string): void {
    this.pending.delete(id);
    this.unstored.delete(id);
  }

  /** Everything not yet stored, per run in order, numbered (samples left out: a picture each). */
  journalRuns(): JournalRun[] {
    const out: JournalRun[] = [];
    for (const id of this.runs()) {
      const writes: { n: number; write: RunWrite }[] = [];
      const unstored = this.unstored.get(id);
      if (unstored) writes.push({ n: unstored.n, write: { create: unstored.create, patch: unstored.patch, chunks: unstored.chunks } });
      const entry = this.pending.get(id);
      if (entry && (entry.create || entry.patch || entry.chunks?.length)) {
        entry.n ??= ++this.count;
        writes.push({ n: entry.n, write: { create: entry.create, patch: entry.patch, chunks: entry.chunks } });
      }
      if (writes.length > 0) out.push({ id, writes });
    }
    return out;
  }
}

/** What flushQueue needs from its archive. */
export interface FlushTarget {
  readonly open: () => Promise<RunsDatabase>;
  /** The page session stamped on every write. */
  readonly session: string;
  readonly now: () => number;
  /** Whether run `id`'s waiting samples go with this write. */
  readonly samplesDue: (id: string, entry: Pending) => boolean;
  readonly samplesStored: (id: string) => void;
  /** A write failed; it stays queued. */
  readonly failed: (error: unknown) => void;
}

/**
 * Stores what `queue` holds, run by run: a write that failed before goes first, and while it
 * fails what came after it waits. Whether anything changed, and whether any write failed.
 */
export async function flushQueue(queue: WriteQueue, target: FlushTarget): Promise<{ wrote: boolean; failed: boolean }> {
  let wrote = false;
  let failed = false;
  const store = async (id: string, write: NumberedWrite): Promise<boolean> => {
    try {
      wrote = (await writeRun(await target.open(), id, write, write.samples, { session: target.session, n: write.n }, target.now())) || wrote;
      queue.stored(id, write);
      if (write.samples) target.samplesStored(id);
      return true;
    } catch (error) {
      failed = true;
      target.failed(error);
      return false;
    }
  };
  for (const id of queue.runs()) {
    const retry = queue.unstoredOf(id);
    if (retry && !(await store(id, retry))) continue;
    const next = queue.take(id, (entry) => target.samplesDue(id, entry));
    if (next) await store(id, next);
  }
  return { wrote, failed };
}

/** Reports a failing write once per cause (its error's name and message), not once per try. */
export class FailureReport {
  /** Flushes in a row in which a write failed. */
  failures = 0;
  private reported: string | null = null;

  /** The error to report for `error`, or null when its cause was reported last. */
  failed(error: unknown, dbName: string): Error | null {
    const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (cause === this.reported) return null;
    this.reported = cause;
    return new Error(`runs could not be saved in IndexedDB "${dbName}" (${cause}); what was recorded is kept in this page and its journal, and saving is tried again`, { cause: error });
  }

  /** A flush stored all it tried: a later failure is reported again. True when a failure was reported before. */
  recovered(): boolean {
    const was = this.reported !== null;
    this.failures = 0;
    this.reported = null;
    return was;
  }
}
