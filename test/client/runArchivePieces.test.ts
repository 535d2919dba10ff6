// A long run is stored, and read back, in pieces: a whole run decoded and appended in one go
// was one long task on the page (bench/browser/manyRuns.ts: 8 runs x 100,000 steps).
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HISTORY_RECORD_VALUES, HISTORY_RECORDS_PER_READ } from '../../src/client/archive/runsDb';
import { RunArchive, RUNS_DB_NAME } from '../../src/client/runArchive';
import type { HistoryBatch } from '../../src/protocol/messages';
import { defaultSettings } from '../../src/protocol/presets';
import type { Series } from '../../src/state/series';
import { installFakeIndexedDb } from './fakeIndexedDb';

const archives: RunArchive[] = [];
const open = () => {
  const archive = new RunArchive();
  archives.push(archive);
  return archive;
};

/** Steps 0..steps-1 of two losses, each value distinct (so any value out of place shows). */
function longBatch(steps: number): HistoryBatch {
  const n = 2 * steps;
  const b = { names: ['G_GAN', 'D_real'], loss: new Uint16Array(n), step: new Float64Array(n), value: new Float32Array(n), weight: new Float32Array(n), raw: new Float32Array(n), time: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    b.loss[i] = i % 2;
    b.step[i] = Math.floor(i / 2);
    b.value[i] = i + 0.5;
    b.weight[i] = 1 + (i % 3);
    b.raw[i] = -i;
    b.time[i] = 10 * i;
  }
  return b;
}

const column = (s: Series, key: 'step' | 'value' | 'weight' | 'raw' | 'time') => Array.from(s[key].subarray(0, s.length));

/** Each stored record's number of values ('cut' for a cut), read past the archive. */
async function recordSizes(runId: string): Promise<(number | 'cut')[]> {
  const db = await openDB(RUNS_DB_NAME);
  const records = await db.getAll('history', IDBKeyRange.bound([runId, 0], [runId, Infinity]));
  db.close();
  return records.map((r: { batch?: HistoryBatch }) => r.batch?.step.length ?? 'cut');
}

/** The largest number of history records one read returned while `read` ran. */
async function largestRead(read: () => Promise<unknown>): Promise<number> {
  const sizes: number[] = [];
  const getAll = IDBObjectStore.prototype.getAll;
  const spy = vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['getAll']>) {
    const request = getAll.apply(this, args);
    if (this.name === 'history') request.addEventListener('success', () => sizes.push((request.result as unknown[]).length));
    return request;
  });
  try {
    await read();
  } finally {
    spy.mockRestore();
  }
  return Math.max(...sizes);
}

beforeEach(() => installFakeIndexedDb());
afterEach(async () => {
  await Promise.all(archives.splice(0).map((a) => a.close()));
  vi.unstubAllGlobals();
});

describe('a long run in pieces', () => {
  it(`stores a trained run's big write as records of at most ${HISTORY_RECORD_VALUES} values, reads them a few at a time, and rebuilds it exactly`, async () => {
    const steps = 20_000; // 40,000 values: 4 full records and one of 7,232
    const writer = open();
    const id = writer.createRun(defaultSettings('toy'));
    writer.appendHistory(id, longBatch(steps));
    writer.truncateHistory(id, steps - 10);
    await writer.flush();
    expect(await recordSizes(id)).toEqual([8192, 8192, 8192, 8192, 7232, 'cut']);

    let loaded: Awaited<ReturnType<RunArchive['load']>> = null;
    expect(await largestRead(async () => (loaded = await open().load(id)))).toBeLessThanOrEqual(HISTORY_RECORDS_PER_READ);
    const g = loaded!.series.get('G_GAN')!;
    // The cut after the pieces still applies: steps 0..steps-11, every value where it was.
    expect(g.length).toBe(steps - 10);
    expect(column(g, 'step')).toEqual(Array.from({ length: steps - 10 }, (_, s) => s));
    expect(column(g, 'value')).toEqual(Array.from({ length: steps - 10 }, (_, s) => 2 * s + 0.5));
    expect(column(g, 'weight')).toEqual(Array.from({ length: steps - 10 }, (_, s) => 1 + ((2 * s) % 3)));
    expect(column(g, 'raw')).toEqual(Array.from({ length: steps - 10 }, (_, s) => -2 * s));
    expect(column(g, 'time')).toEqual(Array.from({ length: steps - 10 }, (_, s) => 20 * s));
    expect(column(loaded!.series.get('D_real')!, 'value').slice(-1)).toEqual([2 * (steps - 11) + 1.5]);
    expect(loaded!.meta.lastStep).toBe(steps - 11);
  });

  it('stores an imported log in pieces too', async () => {
    const archive = open();
    const series = new Map<string, Series>();
    const n = 2 * HISTORY_RECORD_VALUES + 1;
    series.set('G_GAN', { name: 'G_GAN', length: n, step: Float64Array.from({ length: n }, (_, i) => i), value: Float32Array.from({ length: n }, (_, i) => i), weight: new Float32Array(n).fill(1), raw: new Float32Array(n).fill(NaN), time: new Float64Array(n).fill(NaN) });
    const id = await archive.saveImported({ name: 'big', header: { fileName: 'big.json', device: '', dataroot: '', datasetLength: 0 }, spec: null, backend: null, series, alarms: [] });
    expect(await recordSizes(id)).toEqual([HISTORY_RECORD_VALUES, HISTORY_RECORD_VALUES, 1]);
    const g = (await archive.load(id))!.series.get('G_GAN')!;
    expect(column(g, 'value')).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});
