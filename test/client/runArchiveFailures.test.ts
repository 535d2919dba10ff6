import { openDB, unwrap } from 'idb';
import { forceCloseDatabase } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JOURNAL_PREFIX, parseJournal } from '../../src/client/archive/journal';
import { createPlayground } from '../../src/client/playground';
import { RunArchive, RUNS_DB_NAME, UNJOURNALED_MESSAGE, type RunsAccess } from '../../src/client/runArchive';
import { defaultSettings } from '../../src/protocol/presets';
import { installFakeIndexedDb } from './fakeIndexedDb';
import { batch } from './historyFixtures';
import { MemoryStorage } from './memoryStorage';

// Every write goes through writeRun: a test makes the next ones fail before writing ('before':
// a quota error, nothing stored) or after (the write landed, and yet an error came back).
const faults = vi.hoisted(() => ({ next: [] as ('before' | 'after')[], tries: [] as number[] }));
vi.mock('../../src/client/archive/runsDb', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/client/archive/runsDb')>();
  return {
    ...real,
    writeRun: async (...args: Parameters<typeof real.writeRun>) => {
      faults.tries.push(args[5]);
      const fault = faults.next.shift();
      if (fault === 'before') throw new DOMException('the quota for this origin is used up', 'QuotaExceededError');
      const wrote = await real.writeRun(...args);
      if (fault === 'after') throw new DOMException('the transaction was aborted after its commit', 'AbortError');
      return wrote;
    },
  };
});

const settings = defaultSettings('toy');
const step = (s: number) => batch(['G_GAN'], [[0, s, s / 10, 1, s / 10, s]]);

let clock = 0;
let storage: MemoryStorage;
const archives: RunArchive[] = [];
function open(now = () => clock): { archive: RunArchive; errors: string[]; access: RunsAccess[] } {
  const archive = new RunArchive({ now, journalStorage: storage });
  archives.push(archive);
  const errors: string[] = [];
  const access: RunsAccess[] = [];
  archive.setListener({ onError: (e) => errors.push((e as Error).message), onAccess: (a) => access.push(a) });
  return { archive, errors, access };
}

/** Each stored history record's steps, read past the archive. */
async function storedSteps(runId: string): Promise<number[][]> {
  const db = await openDB(RUNS_DB_NAME);
  const records = await db.getAll('history', IDBKeyRange.bound([runId, 0], [runId, Infinity]));
  db.close();
  return records.map((r) => ('batch' in r ? Array.from(r.batch.step as Float64Array) : []));
}

async function storedMeta(runId: string) {
  const db = await openDB(RUNS_DB_NAME);
  const meta = await db.get('runs', runId);
  db.close();
  return meta;
}

function journaledSteps(session: string): number[] {
  const text = storage.getItem(JOURNAL_PREFIX + session);
  if (text === null) return [];
  return parseJournal(text).runs.flatMap((r) => r.writes.flatMap((w) => (w.write.chunks ?? []).flatMap((c) => ('batch' in c ? Array.from(c.batch.step) : []))));
}

/** Settles `promise`, or fails the test with `what` after 2 s instead of hanging it. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: still waiting after 2 s`)), 2000))]);
}

beforeEach(() => {
  installFakeIndexedDb();
  storage = new MemoryStorage();
  clock = 1_000_000;
  faults.next = [];
  faults.tries = [];
});
afterEach(async () => {
  vi.useRealTimers();
  faults.next = [];
  await Promise.all(archives.splice(0).map((a) => a.close().catch(() => undefined)));
  vi.unstubAllGlobals();
});

describe('a write that fails', () => {
  it('is kept, journaled meanwhile, and stored on a later flush before what was recorded after it', async () => {
    // Bug: the entry left the queue before its write, and a failure only reported: a quota
    // error or a closed connection lost that second of history, its marks and alarms.
    const { archive, errors } = open();
    const id = archive.createRun(settings);
    archive.appendHistory(id, step(0));
    await archive.flush();

    archive.appendHistory(id, step(1));
    archive.addMark(id, { name: 'G_GAN', step: 1, weight: 3 });
    archive.addAlarms(id, [{ kind: 'dOverpowering', step: 1, series: ['G_GAN'], detail: '' }]);
    faults.next = ['before'];
    await archive.flush();
    expect(await storedSteps(id)).toEqual([[0]]);
    expect(journaledSteps(archive.session)).toEqual([1]);

    archive.appendHistory(id, step(2));
    faults.next = ['before'];
    await archive.flush(); // fails again: what came after it waits too
    expect(await storedSteps(id)).toEqual([[0]]);
    expect(journaledSteps(archive.session)).toEqual([1, 2]);

    await archive.flush();
    expect(await storedSteps(id)).toEqual([[0], [1], [2]]);
    const meta = await storedMeta(id);
    expect(meta?.marks).toEqual([{ name: 'G_GAN', step: 1, weight: 3 }]);
    expect(meta?.alarms).toHaveLength(1);
    expect(meta?.lastStep).toBe(2);
    // Once per cause, not once per try; it names the database and says what is kept.
    expect(errors).toEqual([
      'runs could not be saved in IndexedDB "gan-loss-playground-runs" (QuotaExceededError: the quota for this origin is used up); what was recorded is kept in this page and its journal, and saving is tried again',
    ]);
  });

  it('says, once, when the journal cannot be written either: the values are in the page only', async () => {
    // Bug: the failure's message promised a journal that localStorage (full) had refused, so
    // closing the page lost what it had not saved without a word.
    const full = new MemoryStorage();
    full.setItem = () => {
      throw new DOMException('localStorage is full', 'QuotaExceededError');
    };
    storage = full;
    const { archive, errors } = open();
    const id = archive.createRun(settings);
    archive.appendHistory(id, step(0));
    faults.next = ['before', 'before'];
    await archive.flush();
    archive.appendHistory(id, step(1));
    await archive.flush();
    expect(errors).toEqual([expect.stringMatching(/^runs could not be saved in IndexedDB/), UNJOURNALED_MESSAGE]);
    expect(UNJOURNALED_MESSAGE).toMatch(/closing or reloading the page now loses it$/);
    await archive.flush(); // the first write kept its place: stored before what came after it
    expect(await storedSteps(id)).toEqual([[0], [1]]);
  });

  it('shows on the run list until writes store again', async () => {
    const { archive } = open();
    const playground = createPlayground(() => ({ send: () => {}, terminate: () => {} }), { archive });
    await playground.runs.ready;
    const id = archive.createRun(settings);
    archive.appendHistory(id, step(0));
    faults.next = ['before'];
    await archive.flush();
    expect(playground.stores.runs.getState().error).toMatch(/^runs could not be saved in IndexedDB "gan-loss-playground-runs" \(QuotaExceededError/);
    await archive.flush();
    expect(playground.stores.runs.getState().error).toBeNull();
    expect(await storedSteps(id)).toEqual([[0]]);
  });

  it('is never stored twice when it did land after all', async () => {
    const { archive, errors } = open();
    const id = archive.createRun(settings);
    archive.appendHistory(id, step(0));
    faults.next = ['after'];
    await archive.flush();
    expect(errors).toHaveLength(1);
    archive.appendHistory(id, step(1));
    await archive.flush(); // the retry carries the stamp the run already holds: skipped
    expect(await storedSteps(id)).toEqual([[0], [1]]);
    expect((await storedMeta(id))?.chunks).toBe(2);
  });

  it('is tried again on the timer with a backoff: 2, 4, 8, 16 s, then every 30 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { archive, errors } = open(Date.now);
    await archive.list(); // opened: each try starts when its timer fires
    const id = archive.createRun(settings);
    faults.next = Array<'before'>(7).fill('before');
    archive.appendHistory(id, step(0));
    const start = Date.now();
    // In small steps: each lets the (real) IndexedDB tasks between the timers run.
    for (let t = 0; t < 100_000; t += 250) await vi.advanceTimersByTimeAsync(250);
    // The first write at once, then the waits double from 2 s to the 30 s bound.
    expect(faults.tries.map((t) => t - start)).toEqual([0, 2000, 6000, 14000, 30000, 60000, 90000]);
    expect(errors).toHaveLength(1);
    // The eighth try (no fault left) stores it.
    for (let t = 0; t < 30_000; t += 250) await vi.advanceTimersByTimeAsync(250);
    expect(faults.tries.at(-1)! - start).toBe(120000);
    expect(await storedSteps(id)).toEqual([[0]]);
  });
});

describe('the connection', () => {
  it('closed by the browser (terminated) is opened again by the next write', async () => {
    const { archive, errors } = open();
    const id = archive.createRun(settings);
    await archive.flush();
    forceCloseDatabase(unwrap(await archive.database()) as never);
    archive.appendHistory(id, step(0));
    await archive.flush();
    expect(errors).toEqual([]);
    expect(await storedSteps(id)).toEqual([[0]]);
  });

  it('gives way to a tab opening a newer version: journals, stops writing, and says so', async () => {
    // Bug: no 'blocking' handler: the newer tab's open waited for ever (its run list never loaded).
    const { archive, errors, access } = open();
    const id = archive.createRun(settings);
    archive.appendHistory(id, step(0));
    await archive.flush();
    archive.appendHistory(id, step(1));

    const newer = await within(openDB(RUNS_DB_NAME, 99), "the newer tab's open");
    expect(access).toEqual(['superseded']);
    expect(journaledSteps(archive.session)).toEqual([1]);
    newer.close();

    archive.appendHistory(id, step(2));
    await archive.flush();
    expect(journaledSteps(archive.session)).toEqual([1, 2]);
    await expect(archive.list()).rejects.toThrow('another tab runs a newer version of the playground: reload this tab to keep saving runs');
    expect(errors).toEqual([]);
  });

  it('says when an older tab blocks it, and goes on once that tab closes', async () => {
    // An older page that never steps aside (no versionchange handler) holds version 1 open.
    const older = await openDB(RUNS_DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('history', { keyPath: ['runId', 'seq'] });
        db.createObjectStore('samples', { keyPath: 'runId' });
      },
    });
    const { archive, access } = open();
    const listing = archive.list();
    await vi.waitFor(() => expect(access).toEqual(['blocked']));
    older.close();
    expect(await within(listing, 'the run list')).toEqual([]);
    expect(access).toEqual(['blocked', 'open']);
  });

  it('says so in words when the database is newer than this page (the browser says only "a lower version")', async () => {
    (await openDB(RUNS_DB_NAME, 9)).close();
    const { archive } = open();
    await expect(archive.list()).rejects.toThrow(
      'the runs database "gan-loss-playground-runs" was upgraded by a newer version of the playground than this page (which reads version 2): reload the page to get the newer version; until then runs are not saved here',
    );
  });

  it("reaches the page's runs store, which the run list draws as a message", async () => {
    const { archive } = open();
    const playground = createPlayground(() => ({ send: () => {}, terminate: () => {} }), { archive });
    await playground.runs.ready;
    expect(playground.stores.runs.getState().access).toBe('open');
    (await within(openDB(RUNS_DB_NAME, 99), "the newer tab's open")).close();
    expect(playground.stores.runs.getState().access).toBe('superseded');
  });
});

describe("a dead page's journal", () => {
  it('is kept when storing it fails (a full disk), and stored by the next load', async () => {
    // Bug: recovery removed the journal whatever happened, so a quota error while replaying
    // it lost every value the dead page had journaled and never stored.
    const first = open();
    const id = first.archive.createRun(settings);
    first.archive.appendHistory(id, step(0));
    first.archive.appendHistory(id, step(1));
    faults.next = ['before'];
    await first.archive.flush(); // nothing stored: the page dies with it all in its journal
    expect(first.archive.journal()).toBe(true);
    expect(journaledSteps(first.archive.session)).toEqual([0, 1]);

    const second = open();
    faults.next = ['before'];
    await second.archive.recover();
    expect(await storedSteps(id)).toEqual([]);
    expect(second.errors).toHaveLength(1);
    expect(second.errors[0]).toMatch(/could not be stored yet \(QuotaExceededError: .*\); it is kept and tried again on the next load/);
    expect(journaledSteps(first.archive.session)).toEqual([0, 1]);

    const third = open();
    await third.archive.recover();
    expect(await storedSteps(id)).toEqual([[0, 1]]);
    expect(storage.getItem(JOURNAL_PREFIX + first.archive.session)).toBeNull();
  });
});
