import * as tf from '@tensorflow/tfjs';
import * as fakeIdb from 'fake-indexeddb';
import { openDB } from 'idb';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CHECKPOINT_FORMAT,
  createCheckpoint,
  IndexedDbCheckpointStore,
  MemoryCheckpointStore,
  parseCheckpoint,
  restoreCheckpoint,
  resumeRun,
  serializeCheckpoint,
  type Checkpoint,
  type CheckpointStore,
} from '../../src/engine/checkpoint';
import { FileCheckpointStore } from '../../src/engine/checkpoint/fileStore';
import { buildRunSetup, type RunSetup } from '../../src/engine/setup';
import { GanTrainer } from '../../src/engine/trainer';
import type { GeneratorPathRegularizer } from '../../src/losses';
import { builtinSpec } from '../../src/manager';
import type { RunSettings } from '../../src/protocol/messages';

const host = { loadMnist: () => Promise.reject(new Error('toy runs need no MNIST')) };

function settings(overrides: Partial<RunSettings> = {}): RunSettings {
  return {
    family: 'toy',
    model: {},
    data: { kind: 'ring' },
    spec: builtinSpec('toy/log-loss'),
    optimizers: { G: { type: 'adam', learningRate: 0.01 }, D: { type: 'adam', learningRate: 0.01 } },
    batchSize: 8,
    dSteps: 1,
    gSteps: 1,
    seed: 5,
    ...overrides,
  };
}

interface Run {
  readonly settings: RunSettings;
  readonly setup: RunSetup;
  readonly trainer: GanTrainer;
  readonly networks: RunSetup['networks'];
}

async function startRun(s: RunSettings = settings()): Promise<Run> {
  const setup = await buildRunSetup(s, host);
  const trainer = new GanTrainer({ ...s, networks: setup.networks, data: setup.data });
  return { settings: s, setup, trainer, networks: setup.networks };
}

function train(run: Pick<Run, 'trainer'>, steps: number): void {
  for (let i = 0; i < steps; i++) run.trainer.step();
}

async function modelValues(run: Pick<Run, 'networks'>): Promise<number[]> {
  const weights = [...run.networks.generator.weights, ...run.networks.discriminator.weights];
  const values = await Promise.all(weights.map((w) => w.read().data()));
  return values.flatMap((v) => Array.from(v));
}

function end(run: Pick<Run, 'trainer' | 'setup'>): void {
  run.trainer.dispose();
  run.setup.models.dispose();
}

describe('checkpoints', () => {
  it('N steps, checkpoint, restore into a new trainer, M steps = N + M steps without a break', async () => {
    const original = await startRun();
    train(original, 4);
    original.trainer.manager.setWeight('G_GAN', 0.5); // a slider, before the checkpoint
    original.trainer.setLearningRate('D', 0.02);
    train(original, 2);
    const checkpoint = await createCheckpoint(original);
    expect(checkpoint.header).toMatchObject({ format: CHECKPOINT_FORMAT, iteration: 6, dataDraws: 12 });
    train(original, 5);

    const resumed = await resumeRun(checkpoint, host);
    const run = { ...resumed, networks: resumed.setup.networks };
    expect(run.trainer.iteration).toBe(6);
    expect(run.trainer.manager.getLossWeights()).toEqual({ G_GAN: 0.5, D_real: 1, D_fake: 1 });
    expect(run.trainer.manager.weightChanges).toEqual([{ name: 'G_GAN', step: 4, weight: 0.5, schedule: null }]);
    expect(run.trainer.optimizer('D').getConfig().learningRate).toBe(0.02);
    train(run, 5);

    expect(run.trainer.optimizer('G').iterations).toBe(original.trainer.optimizer('G').iterations);
    const [want, got] = [await modelValues(original), await modelValues(run)];
    expect(got).toHaveLength(want.length);
    // Adam's restored beta powers are pow(beta, t) rather than t products: a last-bit difference at most.
    const worst = Math.max(...want.map((w, i) => Math.abs(w - got[i]!)));
    expect(worst).toBeLessThan(1e-6);
    // The uninterrupted run's weights moved since the checkpoint, so the match is not trivial.
    const atCheckpoint = Array.from(new Float32Array(checkpoint.weightData, 0, 2 * 16));
    expect(want.slice(0, 32)).not.toEqual(atCheckpoint);
    end(original);
    end(run);
  });

  it("WGAN-GP too: the penalty's random interpolation weights are seeded per step, so N + M matches", async () => {
    // Bug: the penalty drew alpha unseeded, so neither a resumed run nor a second run with the
    // same seed followed the first.
    const s = settings({ spec: builtinSpec('wgan-gp') });
    const original = await startRun(s);
    train(original, 3);
    const checkpoint = await createCheckpoint(original);
    train(original, 3);
    const resumed = await resumeRun(checkpoint, host);
    const run = { ...resumed, networks: resumed.setup.networks };
    train(run, 3);
    const [want, got] = [await modelValues(original), await modelValues(run)];
    expect(Math.max(...want.map((w, i) => Math.abs(w - got[i]!)))).toBeLessThan(1e-6);
    // And a fresh run with the same seed is the same run.
    const again = await startRun(s);
    train(again, 6);
    expect(await modelValues(again)).toEqual(want);
    end(original);
    end(run);
    end(again);
  });

  it('restores pix2pix too: a functional U-Net with batch norm, whose moving statistics are weights as well', async () => {
    const s = settings({
      family: 'pix2pix',
      model: { size: 32, width: 4, channelsA: 1, channelsB: 3 },
      data: { task: 'edges-to-shapes' },
      spec: builtinSpec('pix2pix/basic'),
      batchSize: 2,
    });
    const original = await startRun(s);
    train(original, 1);
    const checkpoint = await createCheckpoint(original);
    expect(checkpoint.header.weights.some((w) => /^generator\/\d+:BatchNormalization\/moving_mean$/.test(w.name))).toBe(true);
    train(original, 1);
    const resumed = await resumeRun(checkpoint, host);
    const run = { ...resumed, networks: resumed.setup.networks };
    train(run, 1);
    const [want, got] = [await modelValues(original), await modelValues(run)];
    expect(Math.max(...want.map((w, i) => Math.abs(w - got[i]!)))).toBeLessThan(1e-6);
    end(original);
    end(run);
  });

  it('frees what it makes: capture adds nothing, restore adds only the Adam slots, dispose returns to the start', async () => {
    const before = tf.memory().numTensors;
    const original = await startRun();
    train(original, 3);
    await original.trainer.flush();
    const running = tf.memory().numTensors;
    const checkpoint = await createCheckpoint(original);
    expect(tf.memory().numTensors).toBe(running);
    end(original);

    const fresh = await startRun();
    const beforeRestore = tf.memory().numTensors;
    await restoreCheckpoint(fresh, checkpoint);
    // Two Adam slots (m, v) for each of 6 trainable weights (3 dense layers x kernel, bias) per network.
    expect(tf.memory().numTensors - beforeRestore).toBe(2 * 6 * 2);
    train(fresh, 2);
    await fresh.trainer.flush();
    end(fresh);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("keeps a loss module's state: the path length regularizer's moving mean", async () => {
    const spec = builtinSpec('toy/log-loss');
    const pl = { name: 'G_pl', type: 'GeneratorPathRegularizer', tags: ['G'], data_info: { generator: 'gen', num_batches: 'batch_size' } };
    const s = settings({ spec: { ...spec, losses: [...spec.losses, pl] } });
    const original = await startRun(s);
    train(original, 3);
    const checkpoint = await createCheckpoint(original);
    expect(checkpoint.header.weights.map((w) => w.name)).toContain('loss/G_pl/meanPathLength');
    const resumed = await resumeRun(checkpoint, host);
    const meanOf = async (t: GanTrainer) =>
      (await (t.manager.getRegisteredLosses().G_pl!.fn as GeneratorPathRegularizer).meanPathLengthTensor!.data())[0];
    expect(await meanOf(resumed.trainer)).toBe(await meanOf(original.trainer));
    end(original);
    end(resumed);
  });

  it('leaves histories to the loss log: a resumed manager records from the checkpoint step on', async () => {
    const original = await startRun();
    train(original, 3);
    const resumed = await resumeRun(await createCheckpoint(original), host);
    train(resumed, 2);
    await resumed.trainer.flush();
    expect(Array.from(resumed.trainer.manager.getRegisteredLosses(null, false).D_real!.history.steps)).toEqual([3, 4]);
    end(original);
    end(resumed);
  });
});

// Node has no indexedDB: each test gets a fresh in-memory one from fake-indexeddb.
const idbGlobals = ['IDBCursor', 'IDBDatabase', 'IDBIndex', 'IDBKeyRange', 'IDBObjectStore', 'IDBRequest', 'IDBTransaction'] as const;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  vi.unstubAllGlobals();
});

const stores: [string, () => Promise<CheckpointStore>][] = [
  ['memory', async () => new MemoryCheckpointStore()],
  [
    'IndexedDB',
    async () => {
      vi.stubGlobal('indexedDB', new fakeIdb.IDBFactory());
      for (const name of idbGlobals) vi.stubGlobal(name, fakeIdb[name]);
      const store = new IndexedDbCheckpointStore('run-1');
      cleanups.push(() => store.close());
      return store;
    },
  ],
  [
    'files',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'checkpoint-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      return new FileCheckpointStore(join(dir, 'run-1'));
    },
  ],
];

/** Settles `promise`, or fails with `what` after 2 s instead of hanging the test. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: still waiting after 2 s`)), 2000))]);
}

describe('IndexedDbCheckpointStore beside another tab', () => {
  it('steps aside for a tab that opens a newer version, then fails clearly instead of hanging', async () => {
    vi.stubGlobal('indexedDB', new fakeIdb.IDBFactory());
    for (const name of idbGlobals) vi.stubGlobal(name, fakeIdb[name]);
    const store = new IndexedDbCheckpointStore('run-1');
    cleanups.push(() => store.close());
    expect(await store.load()).toBeNull(); // its connection is open
    (await within(openDB(store.dbName, 2), "the newer tab's open")).close();
    await expect(within(store.load(), 'the next load')).rejects.toThrow(/^IndexedDbCheckpointStore: cannot open database "gan-loss-playground-checkpoints": VersionError/);
  });
});

/** A small checkpoint to store: 2 steps of the default toy run. */
async function smallCheckpoint(s = settings()): Promise<Checkpoint> {
  const run = await startRun(s);
  train(run, 2);
  run.trainer.manager.setWeight('D_fake', 2);
  const checkpoint = await createCheckpoint(run);
  end(run);
  return checkpoint;
}

describe.each(stores)('%s checkpoint store', (_name, makeStore) => {
  it('round-trips a checkpoint that then restores, and forgets it on clear', async () => {
    const store = await makeStore();
    expect(await store.load()).toBeNull();
    const checkpoint = await smallCheckpoint();
    await store.save(checkpoint);
    const loaded = (await store.load())!;
    expect(loaded.header).toEqual(checkpoint.header);
    expect(new Uint8Array(loaded.weightData)).toEqual(new Uint8Array(checkpoint.weightData));
    const resumed = await resumeRun(loaded, host);
    expect(resumed.trainer.manager.getLossWeights().D_fake).toBe(2);
    end(resumed);
    await store.clear();
    expect(await store.load()).toBeNull();
  });
});

describe('FileCheckpointStore', () => {
  it('writes checkpoint.json and checkpoint.bin, leaving no temporary files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'checkpoint-'));
    const store = new FileCheckpointStore(dir);
    const checkpoint = await smallCheckpoint();
    await store.save(checkpoint);
    await store.save(checkpoint);
    expect((await readdir(dir)).sort()).toEqual(['checkpoint.bin', 'checkpoint.json']);
    // A .bin from another save (a crash between the renames) is caught by the checksum.
    await writeFile(store.binPath, new Uint8Array(checkpoint.weightData.byteLength));
    await expect(store.load()).rejects.toThrow(`${store.jsonPath}: the weight data's checksum is`);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('checkpoint errors', () => {
  it('name what is wrong with a stored checkpoint', async () => {
    const { json, weightData } = serializeCheckpoint(await smallCheckpoint());
    const header = JSON.parse(json) as Record<string, unknown>;
    const withHeader = (h: object) => () => parseCheckpoint(JSON.stringify(h), weightData, 'run-1/checkpoint.json');
    expect(() => parseCheckpoint(json.slice(0, 40), weightData, 'run-1/checkpoint.json')).toThrow(/^run-1\/checkpoint\.json: the header is not JSON/);
    expect(withHeader({ ...header, format: 'gan-loss-playground/checkpoint/2' })).toThrow(
      'run-1/checkpoint.json: format "gan-loss-playground/checkpoint/2" is not supported; this build reads "gan-loss-playground/checkpoint/1"',
    );
    expect(withHeader({ ...header, format: undefined })).toThrow('no "format" field: not a gan-loss-playground checkpoint');
    expect(withHeader({ ...header, iteration: -1 })).toThrow('run-1/checkpoint.json: header.iteration:');
    expect(() => parseCheckpoint(json, weightData.slice(4))).toThrow(`the weight data is ${weightData.byteLength - 4} bytes, the header lists ${weightData.byteLength}`);
    const weights = header.weights as { name: string }[];
    expect(withHeader({ ...header, weights: [...weights, weights[0]] })).toThrow(`weight "${weights[0]!.name}" is listed twice`);
  });

  it('name the weight that does not fit the model restored into', async () => {
    const checkpoint = await smallCheckpoint();
    const narrow = await startRun(settings({ model: { units: 8 } }));
    await expect(restoreCheckpoint(narrow, checkpoint)).rejects.toThrow(
      'weight "generator/0:Dense/kernel" is [2, 16] in the checkpoint but [2, 8] in this model',
    );
    end(narrow);

    const renamed = { ...checkpoint.header, weights: checkpoint.header.weights.map((w, i) => (i === 0 ? { ...w, name: 'generator/0:Dense/kernel2' } : w)) };
    const fresh = await startRun();
    await expect(restoreCheckpoint(fresh, { ...checkpoint, header: renamed })).rejects.toThrow(
      'the checkpoint has no weight "generator/0:Dense/kernel": was it saved from a different model?',
    );
    train(fresh, 1);
    await expect(restoreCheckpoint(fresh, checkpoint)).rejects.toThrow('restore into a fresh trainer: this one is at iteration 1');
    end(fresh);

    const spec = builtinSpec('toy/log-loss');
    const renamedLoss = await startRun(settings({ spec: { losses: spec.losses.map((l) => (l.name === 'G_GAN' ? { ...l, name: 'G_adv' } : l)) } }));
    await expect(restoreCheckpoint(renamedLoss, checkpoint)).rejects.toThrow("the saved losses differ from this manager's (saved only: G_GAN; here only: G_adv)");
    end(renamedLoss);

    const otherSpec = await startRun(settings({ spec: builtinSpec('toy/least-squares') }));
    const lsgan = await createCheckpoint(otherSpec);
    end(otherSpec);
    const logLoss = await startRun();
    // Same loss names, so the weights fit; the optimizer type does not.
    await expect(restoreCheckpoint(logLoss, { ...lsgan, header: { ...lsgan.header, optimizers: { ...lsgan.header.optimizers, G: { className: 'SGD', learningRate: 1 } } } })).rejects.toThrow(
      'optimizer G: the checkpoint\'s is SGD, this run\'s Adam',
    );
    end(logLoss);
  });
});
