// Loss names that exist on every object (`toString`, `__proto__`, ...) pass the spec's name
// check, so every JSON-shaped layer keyed by a loss name must keep them: built, logged,
// serialized, parsed back and stored in each sink, never dropped nor taken for Object.prototype's.
import * as fakeIdb from 'fake-indexeddb';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildLoss, LossConfigError } from '../../src/losses';
import { setOwn } from '../../src/losses/ownRecord';
import { LossManager } from '../../src/manager/lossManager';
import { FileLossLogSink } from '../../src/manager/lossLog/fileSink';
import {
  appendToLossLog,
  checkLossLogChunks,
  emptyLossLog,
  LossLogError,
  parseLossLog,
  parseLossLogText,
  serializeLossLog,
  type LossLogChunk,
} from '../../src/manager/lossLog/format';
import { IndexedDbLossLogSink } from '../../src/manager/lossLog/indexedDbSink';
import { MemoryLossLogSink, type LossLogSink } from '../../src/manager/lossLog/sinks';
import { lossesFromSpec, parseLossSpec, validateLossSpec } from '../../src/manager/lossSpec';
import { expectPrototypesUntouched } from '../helpers/prototypes';

const NAMES = ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__'] as const;

/** One chunk per name, its values telling the names apart: name i has loss i + 1 at step `step`. */
function chunksAt(step: number): Record<string, LossLogChunk> {
  const chunks = Object.create(null) as Record<string, LossLogChunk>;
  NAMES.forEach((name, i) => setOwn(chunks, name, { loss: [i + 1], weights: [1], steps: [step] }));
  return chunks;
}

/** Each name's loss and steps, read with own-property checks only. */
function seriesOf(functions: Record<string, { loss: number[]; steps: number[] }>): Record<string, unknown> {
  expect(Object.keys(functions).sort()).toEqual([...NAMES].sort());
  return Object.fromEntries(NAMES.map((name) => [name, Object.hasOwn(functions, name) ? { loss: functions[name]!.loss, steps: functions[name]!.steps } : 'missing']));
}

const twice = Object.fromEntries(NAMES.map((name, i) => [name, { loss: [i + 1, i + 1], steps: [0, 1] }]));

afterEach(expectPrototypesUntouched);

describe('the loss log keeps every name', () => {
  it('appends, serializes and parses back each name as its own loss', () => {
    const log = emptyLossLog();
    expect(Object.hasOwn(log.LOSSMANAGER_LOG.loss_functions, 'toString')).toBe(false);
    appendToLossLog(log, chunksAt(0));
    appendToLossLog(log, chunksAt(1));
    expect(seriesOf(log.LOSSMANAGER_LOG.loss_functions)).toEqual(twice);
    const text = serializeLossLog(log);
    expect(text).toContain('"__proto__":{"loss":[5,5]');
    const back = parseLossLogText(text);
    expect(seriesOf(back.LOSSMANAGER_LOG.loss_functions)).toEqual(twice);
    expect(Object.getPrototypeOf(back.LOSSMANAGER_LOG.loss_functions)).toBeNull();
  });

  it('reads a NectarGAN file whose losses have these names, and keeps an unknown __proto__ key', () => {
    const text = `{"__proto__": {"x": 1}, "LOSSMANAGER_LOG": {"loss_functions": {${NAMES.map((name, i) => `"${name}": {"loss": [${i + 1}], "weights": [1], "__proto__": 7}`).join(', ')}}}}`;
    const log = parseLossLog(JSON.parse(text));
    const functions = log.LOSSMANAGER_LOG.loss_functions;
    expect(Object.keys(functions)).toEqual([...NAMES]);
    const last = Object.getOwnPropertyDescriptor(functions, '__proto__')?.value as Record<string, unknown>;
    expect(last).toEqual(JSON.parse('{"loss": [5], "weights": [1], "steps": [0], "__proto__": 7}'));
    expect(Object.getOwnPropertyDescriptor(last, '__proto__')?.value).toBe(7);
    expect(Object.getOwnPropertyDescriptor(log, '__proto__')?.value).toEqual({ x: 1 });
    expect(Object.getPrototypeOf(log)).toBe(Object.prototype);
  });

  it('names a bad chunk or series by its name', () => {
    const bad = Object.create(null) as Record<string, LossLogChunk>;
    setOwn(bad, '__proto__', { loss: [1, 2], weights: [1], steps: [0, 1] });
    expect(() => checkLossLogChunks(bad)).toThrow(new LossLogError('chunk for loss "__proto__": weights has 1 values but loss has 2'));
    expect(() => parseLossLogText('{"LOSSMANAGER_LOG": {"loss_functions": {"__proto__": {"loss": ["x"], "weights": [1]}}}}')).toThrow(
      'loss log is not a valid loss log: LOSSMANAGER_LOG.loss_functions.__proto__.loss[0]: expected a number, got "x"',
    );
  });
});

// Node has no indexedDB: a fresh in-memory one from fake-indexeddb, as test/manager/lossLog.test.ts does.
const idbGlobals = ['IDBCursor', 'IDBDatabase', 'IDBIndex', 'IDBKeyRange', 'IDBObjectStore', 'IDBRequest', 'IDBTransaction'] as const;

describe('every sink stores and reads back every name', () => {
  const cases: [string, () => Promise<{ sink: LossLogSink; done: () => Promise<void> }>][] = [
    ['memory', async () => ({ sink: new MemoryLossLogSink(), done: async () => undefined })],
    [
      'file',
      async () => {
        const dir = await mkdtemp(join(tmpdir(), 'loss-names-'));
        return { sink: new FileLossLogSink(join(dir, 'loss_log.json')), done: () => rm(dir, { recursive: true, force: true }) };
      },
    ],
    [
      'IndexedDB',
      async () => {
        vi.stubGlobal('indexedDB', new fakeIdb.IDBFactory());
        for (const name of idbGlobals) vi.stubGlobal(name, fakeIdb[name]);
        const sink = new IndexedDbLossLogSink('run-1');
        return { sink, done: async () => { await sink.close(); vi.unstubAllGlobals(); } };
      },
    ],
  ];
  it.each(cases)('%s', async (_, open) => {
    const { sink, done } = await open();
    try {
      await sink.append(chunksAt(0), { experiment: 'names' });
      await sink.append(chunksAt(1));
      const log = await sink.read();
      expect(seriesOf(log.LOSSMANAGER_LOG.loss_functions)).toEqual(twice);
      expect(Object.getPrototypeOf(log.LOSSMANAGER_LOG.loss_functions)).toBeNull();
      if (sink instanceof FileLossLogSink) {
        const written = JSON.parse(await readFile(sink.path, 'utf8')).LOSSMANAGER_LOG.loss_functions as object;
        expect(Object.getOwnPropertyDescriptor(written, '__proto__')?.value).toMatchObject({ loss: [5, 5], steps: [0, 1] });
      }
    } finally {
      await done();
    }
  });
});

describe('specs keep every name', () => {
  const spec = { losses: NAMES.map((name, i) => ({ name, type: 'L1Loss', loss_weight: i + 1, tags: [i % 2 ? 'D' : 'G'] })) };

  it('builds one LMLoss per name, __proto__ included', () => {
    expect(validateLossSpec(spec).ok).toBe(true);
    const losses = lossesFromSpec(parseLossSpec(spec));
    expect(Object.keys(losses)).toEqual([...NAMES]);
    expect(NAMES.map((name) => Object.hasOwn(losses, name) && losses[name]!.lossWeight)).toEqual([1, 2, 3, 4, 5]);
    for (const loss of Object.values(losses)) (loss.fn as { dispose?: () => void }).dispose?.();
  });

  it('a LossManager built from the spec records each under its name', async () => {
    const lm = new LossManager();
    lm.initFromJsonSpec(spec);
    const { tensor1d } = await import('@tensorflow/tfjs');
    const [x, y] = [tensor1d([1, 2]), tensor1d([1, 4])];
    for (const name of NAMES) lm.computeLossXY(name, x, y).dispose();
    const { columns } = await lm.flush();
    expect(columns.names).toEqual([...NAMES]);
    // L1 of [1, 2] vs [1, 4] is mean(|0|, |-2|) = 1, times each weight.
    expect(Array.from(columns.value)).toEqual([1, 2, 3, 4, 5]);
    x.dispose();
    y.dispose();
    lm.dispose();
  });
});

describe('data_info keeps every key', () => {
  it('reports a data_info key __proto__ as an argument the loss lacks, at its loss', () => {
    const dataInfo = JSON.parse('{"pred": "fake_b", "target": "real_b", "__proto__": "real_a"}') as Record<string, string>;
    const spec = { losses: [{ name: 'G_L1', type: 'L1Loss', tags: ['G'], data_info: dataInfo }] };
    const message = 'G_L1: L1Loss (loss_l1): data_info maps "__proto__", which is not an argument of this loss (its arguments: pred, target, weight)';
    expect(validateLossSpec(spec, ['fake_b', 'real_b', 'real_a'])).toEqual({ ok: false, errors: [{ path: 'losses[0]', message }], omitted: 0 });
    expect(() => parseLossSpec(spec)).toThrow(`losses[0]: ${message}`);
    expect(() => buildLoss({ type: 'L1Loss', data_info: dataInfo })).toThrow(LossConfigError);
    expect(() => buildLoss({ type: 'L1Loss', data_info: dataInfo })).toThrow(/data_info maps "__proto__"/);
  });

  it('reports it beside another option problem too', () => {
    const dataInfo = JSON.parse('{"pred": "fake_b", "target": "real_b", "__proto__": "real_a"}') as Record<string, string>;
    const spec = { losses: [{ name: 'G_L1', type: 'L1Loss', tags: ['G'], reduction: 'avg', data_info: dataInfo }] };
    const result = validateLossSpec(spec);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['losses[0].reduction', 'losses[0]']);
    expect(result.ok ? '' : result.errors[1]!.message).toMatch(/data_info maps "__proto__", which is not an argument/);
  });

  it('reports a bad __proto__ value at its field, and keeps toString as a plain key', () => {
    const dataInfo = JSON.parse('{"pred": "fake_b", "target": "real_b", "__proto__": 5}') as Record<string, string>;
    expect(() => buildLoss({ type: 'L1Loss', data_info: dataInfo })).toThrow('L1Loss: option "data_info.__proto__": Invalid input: expected string, received number (got 5)');
    const named = { pred: 'fake_b', target: 'real_b', toString: 'real_a' };
    expect(() => buildLoss({ type: 'L1Loss', data_info: named })).toThrow(/data_info maps "toString", which is not an argument/);
  });

  it('reports an outputs key toString as missing, not as a function', async () => {
    const { tensor1d } = await import('@tensorflow/tfjs');
    const loss = buildLoss({ type: 'L1Loss', data_info: { pred: 'toString', target: 'real_b' } });
    const real = tensor1d([1]);
    expect(() => loss.forwardOutputs({ real_b: real })).toThrow('L1Loss (loss_l1): data_info maps "pred" to outputs key "toString", which is missing; the outputs have: real_b');
    real.dispose();
    loss.dispose?.();
  });
});
