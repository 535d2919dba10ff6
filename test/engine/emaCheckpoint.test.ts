import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCheckpoint, parseCheckpoint, restoreCheckpoint, resumeRun, serializeCheckpoint, type Checkpoint } from '../../src/engine/checkpoint';
import { checksum, entryByteLength } from '../../src/engine/checkpoint/format';
import { buildRunSetup, type RunSetup } from '../../src/engine/setup';
import { GanTrainer } from '../../src/engine/trainer';
import { builtinSpec } from '../../src/manager';
import type { RunSettings } from '../../src/protocol/messages';

const host = { loadMnist: () => Promise.reject(new Error('toy runs need no MNIST')) };

const settings = (ema: RunSettings['ema']): RunSettings => ({
  family: 'toy',
  model: {},
  data: { kind: 'ring' },
  spec: builtinSpec('toy/log-loss'),
  optimizers: { G: { type: 'adam', learningRate: 0.02 }, D: { type: 'adam', learningRate: 0.02 } },
  batchSize: 8,
  dSteps: 1,
  gSteps: 1,
  seed: 7,
  ...(ema ? { ema } : {}),
});

interface Run {
  readonly setup: RunSetup;
  readonly trainer: GanTrainer;
  readonly networks: RunSetup['networks'];
}
const runs: Run[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) {
    run.trainer.dispose();
    run.setup.models.dispose();
  }
});

async function startRun(s: RunSettings): Promise<Run> {
  const setup = await buildRunSetup(s, host);
  const run = { setup, trainer: new GanTrainer({ ...s, networks: setup.networks, data: setup.data }), networks: setup.networks };
  runs.push(run);
  return run;
}

async function resume(checkpoint: Checkpoint): Promise<Run> {
  const { setup, trainer } = await resumeRun(checkpoint, host);
  const run = { setup, trainer, networks: setup.networks };
  runs.push(run);
  return run;
}

const train = (run: Run, steps: number) => {
  for (let i = 0; i < steps; i++) run.trainer.step();
};
const flat = async (weights: readonly tf.LayerVariable[]) => (await Promise.all(weights.map(async (w) => Array.from(await w.read().data())))).flat();

describe('checkpoints keep the EMA generator', () => {
  it('a round trip through the stored form keeps its weights and its update count', async () => {
    const original = await startRun(settings({ momentum: 0.2 }));
    train(original, 3);
    const saved = await createCheckpoint({ ...original, settings: settings({ momentum: 0.2 }) });
    expect(saved.header.weights.map((w) => w.name)).toEqual(expect.arrayContaining(['ema/generator/0:Dense/kernel', 'ema/updates']));
    const { json, weightData } = serializeCheckpoint(saved);
    const resumed = await resume(parseCheckpoint(json, weightData));
    expect(await flat(resumed.trainer.ema!.weights)).toEqual(await flat(original.trainer.ema!.weights));
    expect(resumed.trainer.ema!.updates).toBe(3);
    // The average is not G: the restore wrote the EMA's own weights, not G's twice.
    expect(await flat(resumed.trainer.ema!.weights)).not.toEqual(await flat(resumed.networks.generator.weights));
  });

  it('a resumed run matches an uninterrupted one, the average and its interval count included', async () => {
    // interval 2 and a start at 2: a count not restored would copy G on the first update after the resume.
    const s = settings({ momentum: 0.3, startIteration: 2, interval: 2 });
    const original = await startRun(s);
    train(original, 5);
    const checkpoint = await createCheckpoint({ ...original, settings: s });
    train(original, 4);
    const resumed = await resume(checkpoint);
    train(resumed, 4);
    expect(resumed.trainer.ema!.updates).toBe(original.trainer.ema!.updates);
    const [want, got] = [await flat(original.trainer.ema!.weights), await flat(resumed.trainer.ema!.weights)];
    expect(Math.max(...want.map((w, i) => Math.abs(w - got[i]!)))).toBeLessThan(1e-6);
    expect(got).not.toEqual(await flat(resumed.networks.generator.weights));
  });

  it('refuses to restore EMA weights into a run without an EMA generator, naming them', async () => {
    const withEma = await startRun(settings({ momentum: 0.2 }));
    train(withEma, 1);
    const checkpoint = await createCheckpoint({ ...withEma, settings: settings({ momentum: 0.2 }) });
    const plain = await startRun(settings(undefined));
    await expect(restoreCheckpoint(plain, checkpoint)).rejects.toThrow(/"ema\/generator\/0:Dense\/kernel", .*"ema\/updates" match nothing in this run/);
  });

  it('refuses a negative update count before it writes anything', async () => {
    const s = settings({ momentum: 0.2 });
    const original = await startRun(s);
    train(original, 2);
    const checkpoint = await createCheckpoint({ ...original, settings: s });
    const weightData = checkpoint.weightData.slice(0);
    let offset = 0;
    for (const entry of checkpoint.header.weights) {
      if (entry.name === 'ema/updates') new Int32Array(weightData, offset, 1)[0] = -1;
      offset += entryByteLength(entry);
    }
    const bad = { header: { ...checkpoint.header, weightsChecksum: checksum(weightData) }, weightData };
    const fresh = await startRun(s);
    const before = await flat(fresh.networks.generator.weights);
    await expect(restoreCheckpoint(fresh, bad)).rejects.toThrow('"ema/updates" is -1, not a count of updates');
    expect(await flat(fresh.networks.generator.weights)).toEqual(before);
  });
});
