import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunArchive, RUNS_DB_NAME } from '../../src/client/runArchive';
import { fromLossLog } from '../../src/client/archive/exportRun';
import type { SamplesMessage } from '../../src/protocol/messages';
import { defaultSettings } from '../../src/protocol/presets';
import { createHistoryStore } from '../../src/state/historyStore';
import { installFakeIndexedDb } from './fakeIndexedDb';
import { batch, seriesBytes } from './historyFixtures';
import { HOSTILE_NAMES } from '../helpers/hostileNames';
import { expectPrototypesUntouched } from '../helpers/prototypes';

const settings = defaultSettings('toy');
// 0.1 and 0.7 are not exact in float32 and NaN must survive: a bit-for-bit check means something.
const batches = [
  batch(['G_GAN', 'D_real'], [
    [0, 0, 0.7, 1, 0.7, 5],
    [1, 0, 0.1, 0.5, 0.2, 5],
  ]),
  batch(['D_real', 'G_GAN'], [
    [1, 1, 0.69, 1, 0.69, 9.25],
    [0, 1, 0.11, 0.5, NaN, 9.25],
  ]),
  batch(['G_L1', 'G_GAN'], [
    [0, 2, 42.5, 100, 0.425, 13],
    [1, 2, 0.68, 1, 0.68, 13],
  ]),
];
const points = (step: number): SamplesMessage => ({
  step,
  kind: 'points',
  real: Float32Array.of(0.1, -0.2),
  fake: Float32Array.of(0.3, 0.4),
  discriminator: Float32Array.of(0.5, 0.5, 0.25, 0.75),
  resolution: 2,
  extent: 2,
});

let clock = 0;
const archives: RunArchive[] = [];
function open(options: ConstructorParameters<typeof RunArchive>[0] = {}): RunArchive {
  const archive = new RunArchive({ now: () => clock, ...options });
  archives.push(archive);
  return archive;
}

/** Moves the archive's clock and the fake timers together. */
async function tick(ms: number): Promise<void> {
  clock += ms;
  await vi.advanceTimersByTimeAsync(ms);
}

/** The stored history records of a run, read past the archive. */
async function storedRecords(runId: string) {
  const db = await openDB(RUNS_DB_NAME);
  const records = await db.getAll('history', IDBKeyRange.bound([runId, 0], [runId, Infinity]));
  const samples = await db.get('samples', runId);
  db.close();
  return { records, samples };
}

beforeEach(() => {
  installFakeIndexedDb();
  clock = 1_000_000;
});
afterEach(async () => {
  await Promise.all(archives.splice(0).map((a) => a.close()));
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('RunArchive', () => {
  it('keeps a run: a new archive on the same database rebuilds the same series bit for bit', async () => {
    const writer = open();
    const id = writer.createRun(settings);
    batches.forEach((b) => writer.appendHistory(id, b));
    writer.addMark(id, { name: 'G_GAN', step: 1, weight: 0.5 });
    writer.addMark(id, { name: 'D_real', step: 2, weight: null });
    writer.setSamples(id, points(2));
    writer.setStatus(id, 'paused');
    await writer.close();

    const expected = createHistoryStore();
    batches.forEach((b) => expected.getState().append(b));
    const run = await open().load(id);
    expect(run).not.toBeNull();
    expect(seriesBytes(run!.series)).toEqual(seriesBytes(expected.getState().series));
    expect([...run!.series.keys()]).toEqual(['G_GAN', 'D_real', 'G_L1']);
    expect(run!.marks).toEqual([
      { name: 'G_GAN', step: 1, weight: 0.5 },
      { name: 'D_real', step: 2, weight: null },
    ]);
    expect(run!.samples).toEqual(points(2));
    expect(run!.meta).toMatchObject({ id, number: 1, name: 'Run 1', status: 'paused', lastStep: 2, family: 'toy', specName: settings.spec.name, settings });
    // Three batches, one write: one record.
    expect(run!.meta.chunks).toBe(1);
  });

  it('writes history at most once a second, each write one record of the batches since the last', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const archive = open();
    const id = archive.createRun(settings);
    archive.appendHistory(id, batches[0]!);
    await vi.advanceTimersByTimeAsync(0); // the first write goes at once
    expect((await archive.list())[0]?.chunks).toBe(1);

    await tick(100);
    archive.appendHistory(id, batches[1]!);
    await tick(400);
    archive.appendHistory(id, batches[2]!);
    await tick(499); // 999 ms after the first write
    expect((await archive.list())[0]?.chunks).toBe(1);
    await tick(1); // 1000 ms
    expect((await archive.list())[0]?.chunks).toBe(2);
    const { records } = await storedRecords(id);
    expect(records.map((r) => ('batch' in r ? Array.from(r.batch.step) : r))).toEqual([
      [0, 0],
      [1, 1, 2, 2],
    ]);
  });

  it('writes samples at most every 5 s, and at once when the status changes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const archive = open();
    const id = archive.createRun(settings);
    archive.setSamples(id, points(1));
    await vi.advanceTimersByTimeAsync(0);
    expect((await storedRecords(id)).samples?.samples.step).toBe(1);

    archive.setSamples(id, points(2));
    await tick(4999);
    expect((await storedRecords(id)).samples?.samples.step).toBe(1); // not yet
    await tick(1001); // the next write after 5 s
    expect((await storedRecords(id)).samples?.samples.step).toBe(2);

    archive.setSamples(id, points(3));
    archive.setStatus(id, 'stopped');
    await tick(1000);
    expect((await storedRecords(id)).samples?.samples.step).toBe(3);
  });

  it('lists newest first, renames, and deletes a run with its history and samples', async () => {
    const archive = open();
    const ids = [1, 2, 3].map((n) => {
      clock = n * 1000;
      const id = archive.createRun(settings);
      archive.appendHistory(id, batches[0]!);
      archive.setSamples(id, points(n));
      return id;
    });
    await archive.flush(); // list() shows what is stored, not what waits for the next write
    expect((await archive.list()).map((r) => [r.number, r.name])).toEqual([
      [3, 'Run 3'],
      [2, 'Run 2'],
      [1, 'Run 1'],
    ]);

    clock = 5000;
    await archive.rename(ids[1]!, 'lsgan, lower lr');
    const renamed = (await archive.list()).find((r) => r.id === ids[1]);
    expect(renamed).toMatchObject({ name: 'lsgan, lower lr', updatedAt: 5000, number: 2 });

    await archive.delete(ids[1]!);
    expect((await archive.list()).map((r) => r.number)).toEqual([3, 1]);
    expect(await archive.load(ids[1]!)).toBeNull();
    expect(await storedRecords(ids[1]!)).toEqual({ records: [], samples: undefined });
    expect((await storedRecords(ids[0]!)).records).toHaveLength(1);
    await expect(archive.rename(ids[1]!, 'x')).rejects.toThrow(/no run/);
  });

  it('drops values written after a delete was asked for', async () => {
    const archive = open();
    const id = archive.createRun(settings);
    await archive.flush();
    archive.appendHistory(id, batches[0]!);
    await archive.delete(id);
    archive.appendHistory(id, batches[1]!);
    await archive.flush();
    expect(await archive.list()).toEqual([]);
    expect((await storedRecords(id)).records).toEqual([]);
  });

  it('cuts a run resumed from an earlier checkpoint: values and marks from that step on go', async () => {
    const archive = open();
    const id = archive.createRun(settings);
    archive.appendHistory(id, batch(['G_GAN'], [0, 1, 2, 3].map((s) => [0, s, s / 10, 1, s / 10, s] as const)));
    archive.addMark(id, { name: 'G_GAN', step: 1, weight: 2 });
    archive.addMark(id, { name: 'G_GAN', step: 3, weight: 4 });
    archive.truncateHistory(id, 2);
    archive.addMark(id, { name: 'G_GAN', step: 2, weight: 8 });
    archive.appendHistory(id, batch(['G_GAN'], [[0, 2, 0.5, 1, 0.5, 20]]));
    const run = await archive.load(id);
    expect(Array.from(run!.series.get('G_GAN')!.step.subarray(0, run!.series.get('G_GAN')!.length))).toEqual([0, 1, 2]);
    expect(run!.series.get('G_GAN')!.value[2]).toBe(0.5);
    expect(run!.marks.map((m) => m.weight)).toEqual([2, 8]);
    expect(run!.meta.lastStep).toBe(2);
  });

  it('keeps an imported loss log as a read-only run', async () => {
    const archive = open();
    const text = '{"LOSSMANAGER_LOG": {"device": "cuda", "dataroot": "", "dataset_length": 4, "experiment": "exp1", "loss_functions": {"G_GAN": {"loss": [0.5, 0.25], "weights": [1, 1]}}}}';
    const id = await archive.saveImported(fromLossLog(text, 'loss_log.json'));
    const run = await archive.load(id);
    expect(run!.meta).toMatchObject({ name: 'exp1', status: 'imported', settings: null, lastStep: 1, imported: { fileName: 'loss_log.json', device: 'cuda', datasetLength: 4 } });
    expect(Array.from(run!.series.get('G_GAN')!.value.subarray(0, 2))).toEqual([0.5, 0.25]);
  });

  it('uses its own database, apart from the worker\'s', () => {
    expect(open().dbName).toBe('gan-loss-playground-runs');
  });
});

describe('damaged records in the database', () => {
  // Bug: one record of the wrong shape (a damaged database, a hand edit) broke the whole run
  // list with "Cannot read properties of undefined (reading 'forEach')", and a damaged history
  // record made its run impossible to open, with a TypeError for a message.
  async function storedRun(): Promise<string> {
    const writer = open();
    const id = writer.createRun(settings);
    writer.appendHistory(id, batches[0]!);
    await writer.flush();
    writer.appendHistory(id, batches[1]!);
    await writer.close();
    return id;
  }

  it('lists the readable runs and says how many are not, once', async () => {
    const id = await storedRun();
    const db = await openDB(RUNS_DB_NAME);
    await db.put('runs', { id: 'junk' });
    await db.put('runs', { id: 'old', number: 9, name: 'x', createdAt: 1, updatedAt: 1, status: 'stopped', marks: 'none', lastStep: null, settings: null, checkpoint: null, chunks: 0 });
    db.close();
    const reader = open();
    const errors: string[] = [];
    reader.setListener({ onError: (e) => errors.push((e as Error).message) });
    expect((await reader.list()).map((r) => r.id)).toEqual([id]);
    expect(await reader.list()).toHaveLength(1);
    expect(errors).toEqual(['2 stored runs are damaged and not listed; the others are']);
    // The next run's number skips the damaged ones' (a missing number made it NaN), not their 9.
    const next = reader.createRun(settings);
    await reader.flush();
    expect((await reader.list()).find((r) => r.id === next)).toMatchObject({ number: 10, name: 'Run 10' });
  });

  it('opens a run without its damaged history records, and says so', async () => {
    const id = await storedRun();
    const db = await openDB(RUNS_DB_NAME);
    await db.put('history', { runId: id, seq: 5, batch: 7 });
    await db.put('history', { runId: id, seq: 6, batch: { ...batches[2]!, value: new Float32Array(1) } });
    db.close();
    const reader = open();
    const errors: string[] = [];
    reader.setListener({ onError: (e) => errors.push((e as Error).message) });
    const run = await reader.load(id);
    const expected = createHistoryStore();
    batches.slice(0, 2).forEach((b) => expected.getState().append(b));
    expect(seriesBytes(run!.series)).toEqual(seriesBytes(expected.getState().series));
    expect(errors).toEqual(['run "Run 1": 2 stored history records are damaged and left out; the rest is shown']);
  });
});

describe('loss names every object already has', () => {
  it('stores and rebuilds a series for each', async () => {
    // Bug: series were rebuilt into a plain object: a run with a loss named `toString` could not be reopened.
    const names = [...HOSTILE_NAMES, 'G_GAN'];
    const writer = open();
    const id = writer.createRun(settings);
    writer.appendHistory(id, batch(names, names.map((_, i) => [i, 0, i + 1, 1, i + 1, 5])));
    writer.appendHistory(id, batch([...names].reverse(), names.map((_, i) => [i, 1, 10 * (i + 1), 1, 10 * (i + 1), 9])));
    await writer.close();
    const run = (await open().load(id))!;
    expect([...run.series.keys()]).toEqual(names);
    names.forEach((name, i) => {
      const s = run.series.get(name)!;
      expect(Array.from(s.value.subarray(0, s.length))).toEqual([i + 1, 10 * (names.length - i)]);
    });
    expect(run.meta.lastStep).toBe(1);
    expectPrototypesUntouched();
  });
});
