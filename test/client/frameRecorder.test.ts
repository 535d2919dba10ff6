import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPlayground, type Playground } from '../../src/client/playground';
import { RunArchive, RUNS_DB_NAME } from '../../src/client/runArchive';
import type { SamplesMessage, TrainingEvent } from '../../src/protocol/messages';
import { defaultSettings } from '../../src/protocol/presets';
import { MAX_FRAMES } from '../../src/state/frameThinning';
import { installFakeIndexedDb } from './fakeIndexedDb';

interface Page {
  readonly playground: Playground;
  readonly archive: RunArchive;
  emit(event: TrainingEvent): void;
}

const pages: Page[] = [];

async function loadPage(): Promise<Page> {
  let emit: (event: TrainingEvent) => void = () => {};
  const archive = new RunArchive();
  const playground = createPlayground(
    (onEvent) => {
      emit = onEvent;
      return { send: () => {}, terminate: () => {} };
    },
    { archive },
  );
  playground.connect();
  await playground.runs.ready;
  await playground.frames.flush(); // the reopened run's frames have loaded
  const page = { playground, archive, emit: (e: TrainingEvent) => emit(e) };
  pages.push(page);
  return page;
}

/** A preview whose generated points say which step made it. */
const preview = (step: number): SamplesMessage => ({
  step,
  kind: 'points',
  real: Float32Array.of(0, 0),
  fake: Float32Array.of(step, -step),
  discriminator: Float32Array.of(0.5),
  resolution: 1,
  extent: 2,
});

const ready: TrainingEvent = { type: 'ready', version: 1, backend: 'webgpu', reasons: [], adapter: null, outputKeys: [] };

async function storedSteps(runId: string): Promise<number[]> {
  const db = await openDB(RUNS_DB_NAME);
  const keys = await db.getAllKeys('frames', IDBKeyRange.bound([runId, -Infinity], [runId, Infinity]));
  db.close();
  return keys.map((k) => (k as [string, number])[1]);
}

const steps = (p: Page) => p.playground.stores.frames.getState().frames.map((f) => f.step);

beforeEach(() => installFakeIndexedDb());
afterEach(async () => {
  await Promise.all(pages.splice(0).map(async (p) => {
    await p.playground.frames.flush();
    await p.archive.close();
  }));
  vi.unstubAllGlobals();
});

describe('preview frames over time', () => {
  it('keeps a bounded, spread set of a run with the run, and brings it back after a reload', async () => {
    const first = await loadPage();
    first.playground.start();
    first.emit(ready);
    for (let step = 0; step < 500; step += 5) first.emit({ type: 'samples', samples: preview(step) });
    const kept = steps(first);
    expect(kept.length).toBeLessThanOrEqual(MAX_FRAMES);
    expect([kept[0], kept.at(-1)]).toEqual([0, 495]);
    await first.archive.flush();
    await first.playground.frames.flush();
    const runId = first.playground.stores.runs.getState().currentRunId!;
    // What is stored is what the page keeps: the thinned frames, none left over.
    expect(await storedSteps(runId)).toEqual(kept);
    await first.archive.close();
    pages.splice(0);

    const second = await loadPage();
    expect(second.playground.stores.runs.getState().currentRunId).toBe(runId);
    expect(steps(second)).toEqual(kept);
    expect(second.playground.stores.frames.getState().frames[1]).toEqual(preview(kept[1]!));
  });

  it('starts each run with no frames, and shows a run opened from the list with its own', async () => {
    const page = await loadPage();
    page.playground.start();
    page.emit(ready);
    [0, 10, 20].forEach((s) => page.emit({ type: 'samples', samples: preview(s) }));
    const firstId = page.playground.stores.runs.getState().currentRunId!;
    page.playground.reset();
    page.playground.start();
    expect(steps(page)).toEqual([]);
    page.emit(ready);
    page.emit({ type: 'samples', samples: preview(7) });
    await page.archive.flush();
    await page.playground.frames.flush();
    expect(steps(page)).toEqual([7]);
    page.playground.reset();
    await page.playground.runs.open(firstId);
    await page.playground.frames.flush();
    expect(steps(page)).toEqual([0, 10, 20]);
  });

  it('deletes a run with its frames', async () => {
    const page = await loadPage();
    page.playground.start();
    page.emit(ready);
    page.emit({ type: 'samples', samples: preview(3) });
    await page.archive.flush();
    await page.playground.frames.flush();
    const id = page.playground.stores.runs.getState().currentRunId!;
    expect(await storedSteps(id)).toEqual([3]);
    page.playground.reset();
    await page.playground.runs.remove(id);
    await page.playground.frames.flush();
    expect(await storedSteps(id)).toEqual([]);
    expect(steps(page)).toEqual([]);
  });
});

describe('the runs database upgrade to version 2 (frames)', () => {
  it('keeps the runs, history and samples a version 1 database holds', async () => {
    const settings = defaultSettings('toy');
    const old = await openDB(RUNS_DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('history', { keyPath: ['runId', 'seq'] });
        db.createObjectStore('samples', { keyPath: 'runId' });
      },
    });
    const meta = {
      id: 'run-old', number: 1, name: 'Before frames', createdAt: 1, updatedAt: 1, settings, family: 'toy', specName: null, spec: settings.spec,
      backend: 'wasm', lastStep: 0, status: 'stopped', marks: [], checkpoint: null, imported: null, chunks: 0,
    };
    await old.put('runs', meta);
    await old.put('samples', { runId: 'run-old', samples: preview(0) });
    old.close();

    const archive = new RunArchive();
    expect(await archive.list()).toEqual([meta]);
    expect((await archive.load('run-old'))?.samples).toEqual(preview(0));
    const db = await archive.database();
    expect(db.version).toBe(2);
    expect([...db.objectStoreNames].sort()).toEqual(['frames', 'history', 'runs', 'samples']);
    await archive.close();
  });
});
