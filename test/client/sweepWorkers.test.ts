import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPlayground } from '../../src/client/playground';
import { RunArchive } from '../../src/client/runArchive';
import { planSweep } from '../../src/client/sweep/sweepPlan';
import { createSweepRunner } from '../../src/client/sweep/sweepRunner';
import { defaultSweepWorkers, maxSweepWorkers } from '../../src/client/sweep/sweepWorkers';
import type { RunSettings, TrainingCommand, TrainingEvent } from '../../src/protocol/messages';
import { createSweepStore } from '../../src/state/sweepStore';
import { installFakeIndexedDb } from './fakeIndexedDb';
import { batch } from './historyFixtures';

const archives: RunArchive[] = [];
beforeEach(() => installFakeIndexedDb());
afterEach(async () => {
  await Promise.all(archives.splice(0).map((a) => a.close()));
  vi.unstubAllGlobals();
});

interface FakeWorker {
  readonly starts: RunSettings[];
  terminated: boolean;
}

/**
 * A page whose sweep workers are fakes training as the real one does with stopAtStep: steps
 * 0..N-1 with G_GAN = weight x (step + 1) and metric/fid = the seed, then 'paused' at N, a few
 * milliseconds after the start. Variants whose G_GAN weight is in `hold` train 3 steps and wait;
 * those in `fail` fail with replaceWorker, as a trapped backend does.
 */
async function page({ hold = new Set<number>(), fail = new Set<number>() } = {}) {
  const pageSent: TrainingCommand[] = [];
  const workers: FakeWorker[] = [];
  let alive = 0;
  let mostAlive = 0;
  const archive = new RunArchive();
  archives.push(archive);
  const playground = createPlayground(() => ({ send: (c) => pageSent.push(c), terminate: () => {} }), { archive });
  await playground.runs.ready;
  const makeWorker = (emit: (event: TrainingEvent) => void) => {
    const worker: FakeWorker = { starts: [], terminated: false };
    workers.push(worker);
    mostAlive = Math.max(mostAlive, ++alive);
    return {
      send(command: TrainingCommand) {
        if (command.type !== 'start') return;
        const settings = command.settings;
        worker.starts.push(settings);
        const w = settings.spec.losses.find((l) => l.name === 'G_GAN')!.loss_weight ?? 1;
        setTimeout(() => {
          if (worker.terminated) return;
          if (fail.has(w)) return emit({ type: 'failed', message: 'memory access out of bounds', replaceWorker: true });
          emit({ type: 'ready', version: 1, backend: 'cpu', reasons: [], adapter: null, outputKeys: [] });
          const steps = Array.from({ length: hold.has(w) ? 3 : settings.stopAtStep! }, (_, s) => s);
          emit({ type: 'history', batch: batch(['G_GAN', 'metric/fid'], steps.flatMap((s) => [[0, s, w * (s + 1), w, s + 1, s] as const, [1, s, settings.seed, 1, settings.seed, s] as const])) });
          emit({ type: 'progress', progress: { step: steps.length, epoch: 0, stepsPerEpoch: 1000, stepsPerSecond: 100, phaseMs: { G: 1, D: 1 }, numTensors: 0, numBytes: 0, numBytesInGPU: null } });
          if (!hold.has(w)) emit({ type: 'paused', step: settings.stopAtStep! });
        }, 5);
      },
      terminate() {
        if (!worker.terminated) alive--;
        worker.terminated = true;
      },
    };
  };
  const store = createSweepStore();
  const runner = createSweepRunner(playground, store, { makeWorker });
  return { playground, pageSent, workers, archive, store, runner, mostAlive: () => mostAlive };
}

const draft = (weights: string, seeds = '3') => ({ axes: [{ path: 'losses.G_GAN.loss_weight', text: weights }], seeds, steps: '20' });

describe('a page sweep in workers of its own', () => {
  it('trains N variants at a time, never in the page worker, each kept as a shown run with its final values', async () => {
    const { playground, pageSent, workers, archive, store, runner, mostAlive } = await page();
    const before = playground.stores.settings.getState().settings;
    const plan = planSweep(draft('1, 10, 100'), before);
    if (!plan.ok) throw new Error(plan.message);
    await runner.run(plan.variants, plan.axes, plan.steps, 2);
    // The page's worker and its run are left alone.
    expect(pageSent).toEqual([]);
    expect(playground.stores.runs.getState().currentRunId).toBeNull();
    expect(playground.stores.settings.getState().settings).toBe(before);
    // Two workers at once, the first free one taking the third variant; both ended.
    expect(workers).toHaveLength(2);
    expect(mostAlive()).toBe(2);
    expect(workers.map((w) => w.starts.length).sort()).toEqual([1, 2]);
    expect(workers.flatMap((w) => w.starts.map((s) => s.spec.losses.find((l) => l.name === 'G_GAN')!.loss_weight)).sort((a, b) => a! - b!)).toEqual([1, 10, 100]);
    expect(workers.every((w) => w.terminated)).toBe(true);
    const { rows, status } = store.getState();
    expect(status).toBe('done');
    // 20 steps: the mean of the last 2 values, w x 20 and w x 19; the metric is the seed.
    expect(rows.map((r) => [r.name, r.status, r.step, r.final.get('G_GAN'), r.final.get('metric/fid')])).toEqual([
      ['G_GAN.loss_weight=1_seed=3', 'done', 20, (20 + 19) / 2, 3],
      ['G_GAN.loss_weight=10_seed=3', 'done', 20, (200 + 190) / 2, 3],
      ['G_GAN.loss_weight=100_seed=3', 'done', 20, (2000 + 1900) / 2, 3],
    ]);
    const runs = await archive.list();
    expect(runs.map((r) => [r.name, r.status, r.shown, r.lastStep, r.backend]).sort()).toEqual([
      ['G_GAN.loss_weight=100_seed=3', 'stopped', true, 19, 'cpu'],
      ['G_GAN.loss_weight=10_seed=3', 'stopped', true, 19, 'cpu'],
      ['G_GAN.loss_weight=1_seed=3', 'stopped', true, 19, 'cpu'],
    ]);
    const loaded = await archive.load(runs.find((r) => r.name === 'G_GAN.loss_weight=10_seed=3')!.id);
    expect(Array.from(loaded!.series.get('G_GAN')!.value.subarray(0, 3))).toEqual([10, 20, 30]);
    // Shown beside the open run: their series are loaded for the charts.
    await vi.waitFor(() => expect(playground.stores.runs.getState().shownSeries.size).toBe(3));
  });

  it('Stop ends the variants in flight (their workers too), marks the rest not run and starts none', async () => {
    const { workers, store, runner, playground } = await page({ hold: new Set([1, 10]) });
    const plan = planSweep(draft('1, 10, 100'), playground.stores.settings.getState().settings);
    if (!plan.ok) throw new Error(plan.message);
    const running = runner.run(plan.variants, plan.axes, plan.steps, 2);
    await vi.waitFor(() => expect(store.getState().rows.slice(0, 2).map((r) => r.step)).toEqual([3, 3]));
    runner.stop();
    await running;
    expect(store.getState().status).toBe('stopped');
    expect(store.getState().rows.map((r) => r.status)).toEqual(['stopped', 'stopped', 'not run']);
    // What the stopped variants trained: steps 0..2 of weight 1 (1, 2, 3) and 10.
    expect(store.getState().rows.map((r) => r.final.get('G_GAN'))).toEqual([3, 30, undefined]);
    expect(workers.flatMap((w) => w.starts)).toHaveLength(2);
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it('a failed variant is recorded with its reason, and the next trains in a fresh worker', async () => {
    const { workers, store, runner, archive, playground } = await page({ fail: new Set([1]) });
    const plan = planSweep(draft('1, 10'), playground.stores.settings.getState().settings);
    if (!plan.ok) throw new Error(plan.message);
    await runner.run(plan.variants, plan.axes, plan.steps, 1);
    expect(store.getState().rows.map((r) => [r.status, r.message])).toEqual([
      ['failed', 'memory access out of bounds'],
      ['done', null],
    ]);
    // One worker of its own: the second variant waited for the first, then had a fresh worker.
    expect(workers.map((w) => w.starts.length)).toEqual([1, 1]);
    expect(workers[0]!.terminated).toBe(true);
    await archive.flush();
    expect((await archive.list()).find((r) => r.name.startsWith('G_GAN.loss_weight=1_'))?.status).toBe('failed');
  });

  it('never starts more workers than there are variants', async () => {
    const { workers, runner, store, mostAlive, playground } = await page();
    const plan = planSweep(draft('1, 10'), playground.stores.settings.getState().settings);
    if (!plan.ok) throw new Error(plan.message);
    await runner.run(plan.variants, plan.axes, plan.steps, 8);
    expect(workers).toHaveLength(2);
    expect(mostAlive()).toBe(2);
    expect(store.getState().rows.map((r) => r.status)).toEqual(['done', 'done']);
  });
});

describe('how many workers a page sweep uses', () => {
  it('half the cores, at least 1, at most 4; the panel offers up to the core count (at most 8)', () => {
    expect([undefined, 1, 2, 3, 4, 6, 8, 16, 64].map(defaultSweepWorkers)).toEqual([1, 1, 1, 1, 2, 3, 4, 4, 4]);
    expect([undefined, 1, 2, 4, 16].map(maxSweepWorkers)).toEqual([1, 1, 2, 4, 8]);
  });
});
