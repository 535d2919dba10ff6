// The page refuses settings that cannot run before the worker sees them, keeps no bad value for
// the next Start, and replaces a worker whose backend trapped.
import { describe, expect, it } from 'vitest';
import { createPlayground } from '../../src/client/playground';
import type { TrainingClient } from '../../src/client/trainingClient';
import type { RunSettings, TrainingCommand, TrainingEvent } from '../../src/protocol/messages';
import { defaultSettings } from '../../src/protocol/presets';

/** A playground on fake clients: each client made is kept, with what it was sent and a way to emit its events. */
function fake() {
  const clients: { sent: TrainingCommand[]; emit: (event: TrainingEvent) => void; terminated: boolean }[] = [];
  const playground = createPlayground(
    (onEvent): TrainingClient => {
      const client = { sent: [] as TrainingCommand[], emit: onEvent, terminated: false };
      clients.push(client);
      return { send: (c) => client.sent.push(c), terminate: () => (client.terminated = true) };
    },
    { archive: null },
  );
  const sent = () => clients.flatMap((c) => c.sent);
  return { playground, clients, sent, run: () => playground.stores.run.getState(), settings: () => playground.stores.settings.getState().settings };
}

describe('Start with settings that cannot run', () => {
  it('refuses a batch over the memory budget: nothing sent, the problem with its path, the last good batch back', () => {
    const { playground, sent, run, settings } = fake();
    playground.stores.settings.getState().setFamily('dcgan');
    expect(playground.stores.settings.getState().update({ batchSize: 10_000 })).toEqual([]); // fine on its own
    playground.start();
    expect(sent()).toEqual([]);
    expect(run().status).toBe('idle');
    expect(run().error).toMatch(/^Not started: the run settings are not valid: batchSize: a training step at batch 10,000 would need about [\d,]+ MiB.*\. batchSize went back to the last start's\.$/);
    // The store's own initial settings are the last good ones: the toy's batch, which DCGAN can take.
    expect(settings()).toEqual({ ...defaultSettings('dcgan'), batchSize: defaultSettings('toy').batchSize });
    playground.start();
    expect(sent()).toEqual([expect.objectContaining({ type: 'start', settings: settings() })]);
    expect(run().error).toBeNull();
  });

  it('refuses dSteps = gSteps = 0 and puts back the steps of the last start', () => {
    const { playground, sent, run, settings } = fake();
    playground.start(); // toy defaults: the last good start
    playground.stores.settings.getState().update({ dSteps: 0 });
    playground.stores.settings.getState().update({ gSteps: 0 });
    playground.start();
    expect(sent().filter((c) => c.type === 'start')).toHaveLength(1);
    expect(run().error).toBe(
      'Not started: the run settings are not valid: dSteps: both dSteps and gSteps are 0: nothing would train; set either to 1 or more. dSteps went back to the last start\'s.',
    );
    expect(settings()).toMatchObject({ dSteps: 1, gSteps: 0 });
  });

  it('refuses given settings without letting them into the store (the console: playground.start(settings))', () => {
    const { playground, sent, run, settings } = fake();
    const before = settings();
    const bad = { ...before, model: null, backend: 'evil' } as unknown as RunSettings;
    playground.start(bad);
    expect(sent()).toEqual([]);
    expect(run().error).toBe(
      'Not started: the run settings are not valid: model: must be an object (the model config; {} for the defaults), got null; backend: must be one of webgpu, webgl, wasm, cpu, got "evil".',
    );
    expect(settings()).toBe(before);
    const good = { ...defaultSettings('pix2pix'), seed: 3 };
    playground.start(good);
    expect(settings()).toBe(good);
    expect(sent()).toEqual([expect.objectContaining({ type: 'start', settings: good })]);
  });
});

describe('the settings store takes no bad field', () => {
  it('refuses a patch with a bad field, whole, and says why', () => {
    const { playground, settings } = fake();
    const before = settings();
    expect(playground.stores.settings.getState().update({ seed: 4, model: null } as unknown as Partial<RunSettings>)).toEqual([
      { path: 'model', message: 'must be an object (the model config; {} for the defaults), got null' },
    ]);
    expect(playground.stores.settings.getState().update({ batchSize: 1e7 })).toEqual([
      { path: 'batchSize', message: 'must be a whole number from 1 to 65,536, got 10000000' },
    ]);
    expect(settings()).toBe(before);
    expect(playground.stores.settings.getState().update({ seed: 4 })).toEqual([]);
    expect(settings().seed).toBe(4);
  });
});

describe('a worker whose backend trapped', () => {
  it('is terminated; the message says so; the next Start gets a fresh worker', () => {
    const { playground, clients, run } = fake();
    playground.start();
    expect(clients).toHaveLength(1);
    const [first] = clients;
    first!.emit({ type: 'ready', version: 1, backend: 'wasm', reasons: [], adapter: null, outputKeys: [] });
    first!.emit({ type: 'failed', message: "The wasm backend ran out of memory at batch 4,096 (memory access out of bounds). Lower the batch size or the model's size.", replaceWorker: true });
    expect(first!.terminated).toBe(true);
    expect(run()).toMatchObject({
      status: 'failed',
      error:
        "The wasm backend ran out of memory at batch 4,096 (memory access out of bounds). Lower the batch size or the model's size. " +
        'The training worker was restarted: the next Start runs in a fresh one.',
    });
    // What the old worker still had in flight is dropped.
    first!.emit({ type: 'progress', progress: { step: 9, epoch: 0, stepsPerEpoch: 1000, stepsPerSecond: 1, phaseMs: { G: 1, D: 1 }, numTensors: 1, numBytes: 1, numBytesInGPU: null } });
    expect(run().progress).toBeNull();
    playground.start();
    expect(clients).toHaveLength(2);
    expect(clients[1]!.sent.map((c) => c.type)).toEqual(['start']);
    expect(clients[1]!.terminated).toBe(false);
  });

  it('an ordinary failure keeps the worker', () => {
    const { playground, clients } = fake();
    playground.start();
    clients[0]!.emit({ type: 'failed', message: 'no MNIST digits match' });
    expect(clients[0]!.terminated).toBe(false);
    playground.start();
    expect(clients).toHaveLength(1);
  });
});
