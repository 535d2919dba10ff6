import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPlayground, type Playground } from '../../src/client/playground';
import { journalText, parseJournal, JOURNAL_PREFIX } from '../../src/client/archive/journal';
import { RunArchive } from '../../src/client/runArchive';
import type { TrainingCommand, TrainingEvent } from '../../src/protocol/messages';
import { installFakeIndexedDb } from './fakeIndexedDb';
import { batch } from './historyFixtures';
import { MemoryStorage } from './memoryStorage';

interface Page {
  readonly playground: Playground;
  readonly archive: RunArchive;
  readonly sent: TrainingCommand[];
  emit(event: TrainingEvent): void;
}

let storage: MemoryStorage;
const archives: RunArchive[] = [];

async function loadPage(alive: (session: string) => boolean = () => false): Promise<Page> {
  const sent: TrainingCommand[] = [];
  let emit: (event: TrainingEvent) => void = () => {};
  // Writes wait a minute: what is not flushed by hand stays pending, as in a page that dies.
  const archive = new RunArchive({ journalStorage: storage, flushIntervalMs: 60_000 });
  archives.push(archive);
  const recover = archive.recover.bind(archive);
  archive.recover = () => recover(alive);
  const playground = createPlayground(
    (onEvent) => {
      emit = onEvent;
      return { send: (c) => sent.push(c), terminate: () => {} };
    },
    { archive },
  );
  playground.connect();
  await playground.runs.ready;
  return { playground, archive, sent, emit: (e: TrainingEvent) => emit(e) };
}

const ready: TrainingEvent = { type: 'ready', version: 1, backend: 'wasm', reasons: [], adapter: null, outputKeys: [] };
const history = (steps: readonly number[]): TrainingEvent => ({
  type: 'history',
  batch: batch(['G_GAN', 'D_real'], steps.flatMap((s) => [[0, s, s / 8, 1, s / 8, s] as const, [1, s, NaN, 1, NaN, s] as const])),
});

/** A page that trained steps 0..`last`, with its first write stored and the rest pending. */
async function trainedPage(last: number): Promise<Page> {
  const page = await loadPage();
  page.playground.start();
  page.emit(ready);
  page.emit(history([0]));
  await page.archive.flush();
  for (let s = 1; s <= last; s++) page.emit(history([s]));
  page.emit({ type: 'weightChanged', name: 'G_GAN', step: last, weight: 2, schedule: null });
  return page;
}

async function storedSteps(archive: RunArchive, id: string): Promise<number[]> {
  const run = await archive.load(id);
  const g = run!.series.get('G_GAN')!;
  return Array.from(g.step.subarray(0, g.length));
}

beforeEach(() => {
  installFakeIndexedDb();
  storage = new MemoryStorage();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(async () => {
  vi.useRealTimers();
  // The pages that "died" still hold writes: let them end before the next test's database.
  await Promise.all(archives.splice(0).map((a) => a.close().catch(() => undefined)));
  vi.unstubAllGlobals();
});

describe('a page that goes away keeps every value it received', () => {
  it('journals what is not yet stored when hidden; the next page stores it and marks the run interrupted', async () => {
    // Bug: the archive wrote once a second and the save on close was asynchronous, so a
    // reload lost up to the last second of history, and the reloaded run still said "running".
    const first = await trainedPage(5);
    const id = first.playground.stores.runs.getState().currentRunId!;
    first.playground.runs.onHidden(); // journals at once; the write it starts never finishes here
    expect([...storage.items.keys()]).toEqual([JOURNAL_PREFIX + first.archive.session]);

    const second = await loadPage();
    expect(await storedSteps(second.archive, id)).toEqual([0, 1, 2, 3, 4, 5]);
    const [run] = await second.archive.list();
    expect(run).toMatchObject({ id, status: 'interrupted', lastStep: 5, marks: [{ name: 'G_GAN', step: 5, weight: 2 }] });
    expect(second.playground.stores.history.getState().series.get('G_GAN')!.length).toBe(6);
    // The journal is used once.
    expect(storage.items.size).toBe(0);
  });

  it('stores nothing twice when the write the journal covers did land', async () => {
    const first = await trainedPage(3);
    const id = first.playground.stores.runs.getState().currentRunId!;
    first.archive.journal();
    // The page lived long enough to store it all, then crashed before journaling again.
    await first.archive.flush();
    const second = await loadPage();
    expect(await storedSteps(second.archive, id)).toEqual([0, 1, 2, 3]);
    expect((await second.archive.list())[0]!.marks).toHaveLength(1);
  });

  it('journals a write that was under way when the page went', async () => {
    const first = await trainedPage(2);
    const id = first.playground.stores.runs.getState().currentRunId!;
    // A write starts (the timer fired) and the page is hidden before it ends.
    const writing = first.archive.flush();
    first.archive.journal();
    await writing;
    const stored = parseJournal(storage.items.get(JOURNAL_PREFIX + first.archive.session)!);
    expect(stored.runs.map((r) => [r.id, r.writes.length])).toEqual([[id, 1]]);
    const second = await loadPage();
    expect(await storedSteps(second.archive, id)).toEqual([0, 1, 2]);
  });

  it('does not bring back a run deleted after it was journaled', async () => {
    // Bug: the journal kept the run's creation; a page that died after the delete had it replayed.
    const first = await loadPage();
    first.playground.start();
    first.emit(ready);
    first.emit(history([0, 1]));
    const id = first.playground.stores.runs.getState().currentRunId!;
    first.archive.journal();
    await first.archive.delete(id);
    const second = await loadPage();
    expect(await second.archive.list()).toEqual([]);
  });

  it("leaves another live tab's run and journal alone", async () => {
    const first = await trainedPage(2);
    const id = first.playground.stores.runs.getState().currentRunId!;
    first.archive.journal();
    const second = await loadPage((session) => session === first.archive.session);
    expect(await second.archive.list()).toMatchObject([{ id, status: 'running' }]);
    expect(storage.items.size).toBe(1);
  });

  it('says so, and goes on, when a journal is damaged', async () => {
    storage.setItem(`${JOURNAL_PREFIX}old`, '{"session": "old", "runs": [{"id": 3}]}');
    const errors: unknown[] = [];
    const archive = new RunArchive({ journalStorage: storage });
    archive.setListener({ onError: (e) => errors.push(e) });
    await archive.recover();
    expect(String(errors[0])).toMatch(/a journal of unsaved values could not be read \(not a journal: a run needs \{id, writes/);
    expect(storage.items.size).toBe(0);
  });

  it('keeps typed arrays, NaN and infinities through its text', () => {
    const b = batch(['a'], [[0, 1, NaN, Infinity, -Infinity, 2.5]]);
    const text = journalText({ session: 's', runs: [{ id: 'r', writes: [{ n: 1, write: { chunks: [{ batch: b }], patch: { status: 'paused' } } }] }] });
    const back = parseJournal(text).runs[0]!.writes[0]!.write;
    expect(back.patch).toEqual({ status: 'paused' });
    const chunk = back.chunks![0] as { batch: typeof b };
    expect(chunk.batch.value).toBeInstanceOf(Float32Array);
    expect(Array.from(chunk.batch.value)).toEqual([NaN]);
    expect(Array.from(chunk.batch.weight)).toEqual([Infinity]);
    expect(Array.from(chunk.batch.raw)).toEqual([-Infinity]);
    expect(chunk.batch.loss).toBeInstanceOf(b.loss.constructor);
  });
});

describe('the page hidden', () => {
  it('asks the worker for a checkpoint of a run in progress, and journals', async () => {
    const listeners = new Map<string, () => void>();
    const target = { addEventListener: (type: string, fn: () => void) => listeners.set(type, fn), visibilityState: 'hidden' };
    vi.stubGlobal('document', target);
    vi.stubGlobal('window', target);
    const page = await trainedPage(1);
    listeners.get('visibilitychange')!();
    expect(page.sent.at(-1)).toEqual({ type: 'saveCheckpoint' });
    expect(storage.items.size).toBe(1);
    page.emit({ type: 'paused', step: 2 });
    page.sent.length = 0;
    listeners.get('pagehide')!();
    expect(page.sent).toEqual([{ type: 'saveCheckpoint' }]);
  });
});
