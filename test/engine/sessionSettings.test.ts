// The worker boundary: settings are checked before anything is built, a checkpoint's too, and a
// backend that traps ends the run asking for a fresh worker.
import { describe, expect, it } from 'vitest';
import type { Checkpoint, CheckpointStore } from '../../src/engine/checkpoint';
import { TrainingSession, type SessionHost } from '../../src/engine/session';
import { builtinSpec } from '../../src/manager';
import { PROTOCOL_VERSION, type RunSettings, type TrainingEvent } from '../../src/protocol/messages';
import { onePoint, toyNetworks } from '../helpers/toyGan';

const settings: RunSettings = {
  family: 'toy',
  model: {},
  data: { kind: 'ring' },
  spec: builtinSpec('toy/least-squares'),
  optimizers: { G: { type: 'adam', learningRate: 0.01 }, D: { type: 'adam', learningRate: 0.01 } },
  batchSize: 16,
  dSteps: 1,
  gSteps: 1,
  seed: 1,
};

function harness(host: Partial<SessionHost> = {}) {
  const events: TrainingEvent[] = [];
  let builds = 0;
  const session = new TrainingSession(
    { postMessage: (event, transfer) => events.push(structuredClone(event, { transfer })) },
    {
      chooseBackend: async (preferred) => ({ backend: preferred ?? 'wasm', reasons: [], adapter: null }),
      buildSetup: async () => {
        builds++;
        return { networks: toyNetworks(), data: onePoint };
      },
      ...host,
    },
  );
  const failures = () => events.filter((e): e is Extract<TrainingEvent, { type: 'failed' }> => e.type === 'failed');
  const waitFor = async (type: TrainingEvent['type']) => {
    for (let i = 0; i < 400 && !events.some((e) => e.type === type); i++) await new Promise((r) => setTimeout(r, 10));
    return events.find((e) => e.type === type);
  };
  return { session, events, failures, waitFor, builds: () => builds };
}

/** A store holding one checkpoint whose header carries these settings (nothing else is read before the check). */
function storeWith(checkpointSettings: unknown): CheckpointStore {
  const checkpoint = { header: { settings: checkpointSettings } } as unknown as Checkpoint;
  return { save: async () => {}, load: async () => checkpoint, clear: async () => {} };
}

describe('TrainingSession checks settings at the boundary', () => {
  it('refuses a start with bad settings: one failed event with every path, nothing built', async () => {
    const { session, events, builds } = harness();
    const bad = { ...settings, batchSize: 1e7, optimizers: { ...settings.optimizers, G: { type: 'adam', learningRate: -1 } }, backend: 'evil' };
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: bad as unknown as RunSettings });
    expect(events).toEqual([
      {
        type: 'failed',
        message:
          'the run settings are not valid: optimizers.G.learningRate: must be > 0, got -1; batchSize: must be a whole number from 1 to 65,536, got 10000000; ' +
          'backend: must be one of webgpu, webgl, wasm, cpu, got "evil"',
      },
    ]);
    expect(builds()).toBe(0);
  });

  it.each([
    ['spec: null', { spec: null }, /spec: must be an object with a "losses" list/],
    ['model: null', { model: null }, /model: must be an object/],
    ['dSteps = gSteps = 0', { dSteps: 0, gSteps: 0 }, /dSteps: both dSteps and gSteps are 0: nothing would train/],
  ])('refuses %s with its path', async (_label, patch, message) => {
    const { session, failures } = harness();
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: { ...settings, ...patch } as unknown as RunSettings });
    expect(failures().map((e) => e.message)).toEqual([expect.stringMatching(message)]);
  });

  it("refuses to restore a checkpoint whose settings are not valid, naming the checkpoint's fields", async () => {
    const { session, events, builds } = harness({ checkpoints: storeWith({ ...settings, optimizers: null, data: null }) });
    await session.handle({ type: 'restoreCheckpoint' });
    expect(events).toEqual([
      {
        type: 'failed',
        message:
          "the checkpoint's run settings are not valid: data: must be an object (the data config; {} for the defaults), got null; " +
          'optimizers: must be an object with a G and a D optimizer, got null',
      },
    ]);
    expect(builds()).toBe(0);
  });
});

describe('TrainingSession after a backend trap', () => {
  it('a trap while the run is built fails asking for a fresh worker, and says what happened', async () => {
    const { session, failures } = harness({
      buildSetup: async () => {
        throw new WebAssembly.RuntimeError('memory access out of bounds');
      },
    });
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: { ...settings, batchSize: 4096, parallelCompile: false } });
    expect(failures()).toEqual([
      {
        type: 'failed',
        message: "The wasm backend ran out of memory at batch 4,096 (memory access out of bounds). Lower the batch size or the model's size.",
        replaceWorker: true,
      },
    ]);
    // This worker's tfjs is unusable now: every later command is refused the same way.
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
    expect(failures()[1]).toMatchObject({ replaceWorker: true, message: expect.stringMatching(/crashed earlier and cannot train again/) });
  });

  it('a trap in a training step ends the run with the batch and the step', async () => {
    let draws = 0;
    const { session, waitFor } = harness({
      buildSetup: async () => ({
        networks: toyNetworks(),
        data: {
          next: (n, seed) => {
            if (++draws > 3) throw new WebAssembly.RuntimeError('unreachable');
            return onePoint.next(n, seed);
          },
        },
      }),
    });
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: { ...settings, parallelCompile: false } });
    const failed = await waitFor('failed');
    expect(failed).toEqual({
      type: 'failed',
      message: expect.stringMatching(/^The wasm backend crashed at batch 16, step \d+ \(unreachable\)\. Lower the batch size or the model's size\.$/),
      replaceWorker: true,
    });
  });

  it('an ordinary error is not a trap: the worker stays', async () => {
    const { session, failures } = harness({
      buildSetup: async () => {
        throw new RangeError('no MNIST digits match');
      },
    });
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: { ...settings, parallelCompile: false } });
    expect(failures()).toEqual([{ type: 'failed', message: 'no MNIST digits match' }]);
  });
});
