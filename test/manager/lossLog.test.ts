import * as fakeIdb from 'fake-indexeddb';
import { openDB } from 'idb';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileLossLogSink } from '../../src/manager/lossLog/fileSink';
import {
  appendToLossLog,
  emptyLossLog,
  LOSS_LOG_FORMAT,
  LossLogError,
  parseLossLog,
  parseLossLogText,
  serializeLossLog,
  type LossLog,
} from '../../src/manager/lossLog/format';
import { IndexedDbLossLogSink } from '../../src/manager/lossLog/indexedDbSink';
import { MemoryLossLogSink, type LossLogSink } from '../../src/manager/lossLog/sinks';

/** What NectarGAN writes: export_base_log's blank, then two dumps of 2 and 1 values per loss. */
const nectarGanText = `{"LOSSMANAGER_LOG": {"device": "cuda", "dataroot": "/data/facades",
  "dataset_length": 400, "experiment": "exp1", "loss_functions": {
  "G_GAN": {"loss": [0.6931, 0.7012, 0.6854], "weights": [1.0, 1.0, 1.0]},
  "G_L1": {"loss": [42.5, 38.25, 35.0], "weights": [100.0, 100.0, 100.0]}}}}`;

/** A valid log with one loss; tests break one thing in it. */
function validJson(): { LOSSMANAGER_LOG: Record<string, unknown> } {
  return JSON.parse(nectarGanText);
}

// Float32Arrays, as LMHistory snapshots are; the values are exact in float32.
const firstDump = {
  G_GAN: {
    loss: new Float32Array([0.5, 0.25]),
    weights: new Float32Array([1, 1]),
    steps: new Float64Array([0, 1]),
    raw: new Float32Array([0.5, 0.25]),
    time: new Float64Array([10, 20]),
  },
  G_L1: { loss: [50, 40], weights: [100, 100], steps: [0, 1], raw: [0.5, 0.4], time: [10, 20] },
};
const secondDump = { G_GAN: { loss: [0.125], weights: [2], steps: [2], raw: [0.0625], time: [30] } };

/** firstDump then secondDump, by hand. */
const expectedAfterTwoDumps: LossLog = {
  LOSSMANAGER_LOG: {
    device: 'webgpu',
    dataroot: '',
    dataset_length: 0,
    experiment: 'exp1',
    format: LOSS_LOG_FORMAT,
    loss_functions: {
      G_GAN: { loss: [0.5, 0.25, 0.125], weights: [1, 1, 2], steps: [0, 1, 2], raw: [0.5, 0.25, 0.0625], time: [10, 20, 30] },
      G_L1: { loss: [50, 40], weights: [100, 100], steps: [0, 1], raw: [0.5, 0.4], time: [10, 20] },
    },
  },
};

describe('loss log format', () => {
  it('starts with NectarGAN export_base_log keys plus our format tag', () => {
    expect(emptyLossLog({ device: 'webgpu', dataset_length: 400 })).toEqual({
      LOSSMANAGER_LOG: {
        device: 'webgpu',
        dataroot: '',
        dataset_length: 400,
        experiment: '',
        format: LOSS_LOG_FORMAT,
        loss_functions: {},
      },
    });
  });

  it('reads a NectarGAN loss_log.json: steps become 0..n-1, raw and time stay absent', () => {
    const log = parseLossLogText(nectarGanText);
    expect(log.LOSSMANAGER_LOG).toMatchObject({ device: 'cuda', dataset_length: 400, experiment: 'exp1' });
    expect(log.LOSSMANAGER_LOG.format).toBeUndefined();
    expect(log.LOSSMANAGER_LOG.loss_functions).toEqual({
      G_GAN: { loss: [0.6931, 0.7012, 0.6854], weights: [1, 1, 1], steps: [0, 1, 2] },
      G_L1: { loss: [42.5, 38.25, 35], weights: [100, 100, 100], steps: [0, 1, 2] },
    });
  });

  it('writes what a NectarGAN reader expects: loss and weights lists under loss_functions', () => {
    const log = emptyLossLog();
    appendToLossLog(log, firstDump);
    const json = JSON.parse(serializeLossLog(log));
    expect(json.LOSSMANAGER_LOG.loss_functions.G_L1.loss).toEqual([50, 40]);
    expect(json.LOSSMANAGER_LOG.loss_functions.G_L1.weights).toEqual([100, 100]);
    expect(parseLossLog(json)).toEqual(log);
  });

  it('appends twice: the lists grow, in order', () => {
    const log = emptyLossLog({ device: 'webgpu', experiment: 'exp1' });
    appendToLossLog(log, firstDump);
    appendToLossLog(log, secondDump);
    expect(log).toEqual(expectedAfterTwoDumps);
  });

  it('pads raw and time with NaN when only the log or only the chunk has them', () => {
    const log = parseLossLogText(nectarGanText);
    appendToLossLog(log, { G_GAN: { loss: [0.5], weights: [1], steps: [3], raw: [0.5] } });
    const gan = log.LOSSMANAGER_LOG.loss_functions.G_GAN;
    expect(gan).toEqual({ loss: [0.6931, 0.7012, 0.6854, 0.5], weights: [1, 1, 1, 1], steps: [0, 1, 2, 3], raw: [NaN, NaN, NaN, 0.5] });
    appendToLossLog(log, { G_GAN: { loss: [0.25], weights: [1], steps: [4] } });
    expect(gan?.raw).toEqual([NaN, NaN, NaN, 0.5, NaN]);
    // NaN is written as null (JSON has no NaN) and read back as NaN.
    expect(serializeLossLog(log)).toContain('"raw":[null,null,null,0.5,null]');
    expect(parseLossLog(JSON.parse(serializeLossLog(log)))).toEqual(log);
  });

  it('rejects a chunk with misaligned lists before changing anything', () => {
    const log = emptyLossLog();
    const bad = { G_GAN: { loss: [1], weights: [1], steps: [0] }, D_real: { loss: [1, 2], weights: [1], steps: [0, 1] } };
    expect(() => appendToLossLog(log, bad)).toThrow(new LossLogError('chunk for loss "D_real": weights has 1 values but loss has 2'));
    expect(log).toEqual(emptyLossLog());
  });

  it('keeps unknown keys at every level through parse and serialize', () => {
    const json = validJson();
    Object.assign(json, { NECTARGAN_FUTURE: { a: 1 } });
    Object.assign(json.LOSSMANAGER_LOG, { seed: 7 });
    Object.assign((json.LOSSMANAGER_LOG.loss_functions as Record<string, object>).G_GAN!, { epochs: [1, 1, 2] });
    const log = parseLossLog(json);
    expect(log.NECTARGAN_FUTURE).toEqual({ a: 1 });
    expect(log.LOSSMANAGER_LOG.seed).toBe(7);
    expect(log.LOSSMANAGER_LOG.loss_functions.G_GAN?.epochs).toEqual([1, 1, 2]);
    expect(parseLossLogText(serializeLossLog(log))).toEqual(log);
  });

  it('accepts non-finite values in memory, and null (JSON for NaN) in any value list', () => {
    const log = emptyLossLog();
    appendToLossLog(log, { G: { loss: [Infinity], weights: [NaN], steps: [0], raw: [-Infinity], time: [1] } });
    expect(parseLossLog(log)).toEqual(log);
    expect(parseLossLogText(serializeLossLog(log)).LOSSMANAGER_LOG.loss_functions.G).toEqual({
      loss: [NaN],
      weights: [NaN],
      steps: [0],
      raw: [NaN],
      time: [1],
    });
  });

  it('reads the bare NaN and Infinity that Python json writes for a diverged loss', () => {
    const text = nectarGanText.replace('0.7012', 'NaN').replace('38.25', '-Infinity').replace('/data/facades', 'NaN Infinity');
    const log = parseLossLogText(text);
    expect(log.LOSSMANAGER_LOG.loss_functions.G_GAN?.loss).toEqual([0.6931, NaN, 0.6854]);
    expect(log.LOSSMANAGER_LOG.loss_functions.G_L1?.loss).toEqual([42.5, NaN, 35]);
    expect(log.LOSSMANAGER_LOG.dataroot).toBe('NaN Infinity'); // strings are left alone
  });
});

describe('loss log errors name the JSON path', () => {
  function parseError(json: unknown): string {
    try {
      parseLossLog(json);
    } catch (error) {
      expect(error).toBeInstanceOf(LossLogError);
      return (error as Error).message;
    }
    throw new Error('expected parseLossLog to throw');
  }

  it('a non-number value', () => {
    const json = validJson();
    const gan = (json.LOSSMANAGER_LOG.loss_functions as Record<string, { weights: unknown[] }>).G_GAN!;
    gan.weights = [1, 1, 1];
    gan.weights[3] = '0.5';
    expect(parseError(json)).toContain('LOSSMANAGER_LOG.loss_functions.G_GAN.weights[3]: expected a number, got "0.5"');
  });

  it('missing loss_functions, and a root that is not a log', () => {
    const json = validJson();
    delete json.LOSSMANAGER_LOG.loss_functions;
    expect(parseError(json)).toBe('loss log is not a valid loss log: LOSSMANAGER_LOG.loss_functions: missing (expected an object)');
    expect(parseError([1, 2])).toBe('loss log is not a valid loss log: (root): expected an object, got [1,2]');
    expect(parseError({})).toContain('LOSSMANAGER_LOG: missing (expected an object)');
  });

  it('lists of different lengths', () => {
    const json = validJson();
    Object.assign((json.LOSSMANAGER_LOG.loss_functions as Record<string, object>).G_L1!, { weights: [100, 100], steps: [0, 1, 2, 3] });
    expect(parseError(json)).toBe(
      'loss log is not a valid loss log: LOSSMANAGER_LOG.loss_functions.G_L1.weights: has 2 values but loss has 3; ' +
        'LOSSMANAGER_LOG.loss_functions.G_L1.steps: has 4 values but loss has 3',
    );
  });

  it('quotes loss names that are not identifiers, checks steps, and stops listing after five', () => {
    expect(parseError({ LOSSMANAGER_LOG: { loss_functions: { 'D real': { loss: [1], weights: [1], steps: [-1] } } } })).toContain(
      'LOSSMANAGER_LOG.loss_functions["D real"].steps[0]: expected a step >= 0, got -1',
    );
    expect(parseError({ LOSSMANAGER_LOG: { loss_functions: { G: { loss: [1], weights: [1], steps: [0.5] } } } })).toContain(
      'LOSSMANAGER_LOG.loss_functions.G.steps[0]: expected an integer, got 0.5',
    );
    expect(parseError({ LOSSMANAGER_LOG: { loss_functions: { G: { loss: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], weights: [] } } } })).toMatch(
      /loss\[4\]: expected a number, got "e"; and 2 more$/,
    );
  });

  it('text that is not JSON names its source', () => {
    expect(() => parseLossLogText('{"LOSSMANAGER_LOG": ', 'runs/exp1/loss_log.json')).toThrow(/^runs\/exp1\/loss_log\.json is not valid JSON: /);
  });
});

/** The contract every sink keeps; `make` returns a fresh, empty sink. */
function sinkContract(name: string, make: () => Promise<LossLogSink>): void {
  describe(`${name} (LossLogSink contract)`, () => {
    it('reads an empty log before any append', async () => {
      expect(await (await make()).read()).toEqual(emptyLossLog());
    });

    it('round-trips two appends and their meta', async () => {
      const sink = await make();
      await sink.append(firstDump, { device: 'webgpu' });
      await sink.append(secondDump, { experiment: 'exp1' });
      expect(await sink.read()).toEqual(expectedAfterTwoDumps);
    });

    it('rejects a misaligned chunk and stores nothing, meta included', async () => {
      const sink = await make();
      await expect(sink.append({ G: { loss: [1], weights: [], steps: [0] } }, { device: 'x' })).rejects.toThrow(
        'chunk for loss "G": weights has 0 values but loss has 1',
      );
      expect(await sink.read()).toEqual(emptyLossLog());
    });

    it('returns a copy, and clear forgets everything', async () => {
      const sink = await make();
      await sink.append(firstDump, { device: 'webgpu' });
      (await sink.read()).LOSSMANAGER_LOG.loss_functions.G_GAN?.loss.push(99);
      expect((await sink.read()).LOSSMANAGER_LOG.loss_functions.G_GAN?.loss).toEqual([0.5, 0.25]);
      await sink.clear();
      expect(await sink.read()).toEqual(emptyLossLog());
    });
  });
}

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loss-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

sinkContract('MemoryLossLogSink', async () => new MemoryLossLogSink());
sinkContract('FileLossLogSink', async () => new FileLossLogSink(join(dir, 'loss_log.json')));

describe('FileLossLogSink', () => {
  it('writes loss_log.json atomically: valid JSON, no temp file left', async () => {
    const path = join(dir, 'runs', 'exp1', 'loss_log.json');
    await new FileLossLogSink(path).append(firstDump);
    expect(await readdir(join(dir, 'runs', 'exp1'))).toEqual(['loss_log.json']);
    expect(JSON.parse(await readFile(path, 'utf8')).LOSSMANAGER_LOG.loss_functions.G_L1.loss).toEqual([50, 40]);
  });

  it('appends to a NectarGAN file, keeping its values', async () => {
    const path = join(dir, 'loss_log.json');
    await writeFile(path, nectarGanText);
    await new FileLossLogSink(path).append({ G_L1: { loss: [30], weights: [100], steps: [3] } });
    const log = await new FileLossLogSink(path).read();
    expect(log.LOSSMANAGER_LOG.device).toBe('cuda');
    expect(log.LOSSMANAGER_LOG.loss_functions.G_L1).toEqual({ loss: [42.5, 38.25, 35, 30], weights: [100, 100, 100, 100], steps: [0, 1, 2, 3] });
  });

  it('runs concurrent appends one after another, losing none', async () => {
    const sink = new FileLossLogSink(join(dir, 'loss_log.json'));
    await Promise.all([0, 1, 2, 3].map((i) => sink.append({ G: { loss: [i], weights: [1], steps: [i] } })));
    expect((await sink.read()).LOSSMANAGER_LOG.loss_functions.G?.loss).toEqual([0, 1, 2, 3]);
  });

  it('names the path when it cannot write or the file is not a log', async () => {
    const notADir = join(dir, 'file');
    await writeFile(notADir, 'x');
    const path = join(notADir, 'loss_log.json');
    // A file where the directory should be: unwritable even for root, unlike chmod.
    await expect(new FileLossLogSink(path).append(firstDump)).rejects.toThrow(`FileLossLogSink: cannot write ${path}`);
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"LOSSMANAGER_LOG": {}}');
    await expect(new FileLossLogSink(broken).read()).rejects.toThrow(`${broken} is not a valid loss log: LOSSMANAGER_LOG.loss_functions: missing`);
  });
});

// Node has no indexedDB: each test gets a fresh in-memory one from fake-indexeddb.
const idbGlobals = ['IDBCursor', 'IDBDatabase', 'IDBIndex', 'IDBKeyRange', 'IDBObjectStore', 'IDBRequest', 'IDBTransaction'] as const;
function installFakeIndexedDb(): void {
  vi.stubGlobal('indexedDB', new fakeIdb.IDBFactory());
  for (const name of idbGlobals) vi.stubGlobal(name, fakeIdb[name]);
}
const openSinks: IndexedDbLossLogSink[] = [];
afterEach(async () => {
  await Promise.all(openSinks.splice(0).map((sink) => sink.close()));
  vi.unstubAllGlobals();
});

sinkContract('IndexedDbLossLogSink', async () => {
  installFakeIndexedDb();
  const sink = new IndexedDbLossLogSink('run-1');
  openSinks.push(sink);
  return sink;
});

describe('IndexedDbLossLogSink', () => {
  it('throws a clear error where there is no indexedDB', () => {
    expect(typeof indexedDB).toBe('undefined');
    expect(() => new IndexedDbLossLogSink('run-1')).toThrow(/indexedDB is not available here.*FileLossLogSink or MemoryLossLogSink/);
  });

  it('keeps runs apart, and the log outlives the connection', async () => {
    installFakeIndexedDb();
    const [a, b] = [new IndexedDbLossLogSink('a'), new IndexedDbLossLogSink('b')];
    openSinks.push(a, b);
    await a.append(firstDump, { device: 'webgpu', experiment: 'exp1' });
    await b.append({ G: { loss: [1], weights: [1], steps: [0] } });
    await a.close();
    await a.append(secondDump);
    expect(await a.read()).toEqual(expectedAfterTwoDumps);
    await b.clear();
    expect(await b.read()).toEqual(emptyLossLog());
    const again = new IndexedDbLossLogSink('a');
    openSinks.push(again);
    expect(await again.read()).toEqual(expectedAfterTwoDumps);
  });
});

/** Settles `promise`, or fails with `what` after 2 s instead of hanging the test. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: still waiting after 2 s`)), 2000))]);
}

describe('IndexedDbLossLogSink beside another tab', () => {
  it('steps aside for a tab that opens a newer version, then fails clearly instead of hanging', async () => {
    installFakeIndexedDb();
    const sink = new IndexedDbLossLogSink('run-1');
    openSinks.push(sink);
    await sink.append(firstDump);
    (await within(openDB(sink.dbName, 2), "the newer tab's open")).close();
    await expect(within(sink.read(), 'the next read')).rejects.toThrow(/^IndexedDbLossLogSink: cannot open database "gan-loss-playground": VersionError/);
  });
});
