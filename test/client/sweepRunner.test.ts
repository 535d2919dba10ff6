import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPlayground } from '../../src/client/playground';
import { RunArchive } from '../../src/client/runArchive';
import { planSweep } from '../../src/client/sweep/sweepPlan';
import { createSweepRunner } from '../../src/client/sweep/sweepRunner';
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

const progress = (step: number): TrainingEvent => ({
  type: 'progress',
  progress: { step, epoch: 0, stepsPerEpoch: 1000, stepsPerSecond: 100, phaseMs: { G: 1, D: 1 }, numTensors: 0, numBytes: 0, numBytesInGPU: null },
});

/**
 * A page on a fake worker that trains like the real one with stopAtStep: steps 0..N-1, where
 * G_GAN's value is its weight x (step + 1), metric/fid the seed and grad/G 5, then 'paused' at
 * N. `hold` variants (by start count) stop after their first steps and never pause by themselves.
 */
async function page(hold = new Set<number>()) {
  const sent: TrainingCommand[] = [];
  let emit: (event: TrainingEvent) => void = () => {};
  let starts = 0;
  const archive = new RunArchive();
  archives.push(archive);
  const train = (settings: RunSettings, held: boolean) => {
    const n = settings.stopAtStep!;
    const w = settings.spec.losses.find((l) => l.name === 'G_GAN')!.loss_weight ?? 1;
    emit({ type: 'ready', version: 1, backend: 'cpu', reasons: [], adapter: null, outputKeys: [] });
    const steps = Array.from({ length: held ? 3 : n }, (_, s) => s);
    emit({ type: 'history', batch: batch(['G_GAN', 'metric/fid', 'grad/G'], steps.flatMap((s) => [[0, s, w * (s + 1), w, s + 1, s] as const, [1, s, settings.seed, 1, settings.seed, s] as const, [2, s, 5, 1, 5, s] as const])) });
    emit(progress(steps.length));
    if (!held) emit({ type: 'paused', step: n });
  };
  const playground = createPlayground(
    (onEvent) => {
      emit = onEvent;
      return {
        send(command) {
          sent.push(command);
          if (command.type === 'start') {
            const held = hold.has(starts++);
            setTimeout(() => train(command.settings, held), 1);
          }
          if (command.type === 'pause') setTimeout(() => emit({ type: 'paused', step: 3 }), 1);
        },
        terminate: () => {},
      };
    },
    { archive },
  );
  await playground.runs.ready;
  const store = createSweepStore();
  return { playground, sent, archive, store, runner: createSweepRunner(playground, store) };
}

const draft = { axes: [{ path: 'losses.G_GAN.loss_weight', text: '1, 10' }], seeds: '3', steps: '20' };

describe('the page sweep runner', () => {
  it('runs the variants in order, each to its steps, names their runs after them, and keeps their final values', async () => {
    const { playground, sent, archive, store, runner } = await page();
    const before = playground.stores.settings.getState().settings;
    const plan = planSweep(draft, before);
    if (!plan.ok) throw new Error(plan.message);
    await runner.run(plan.variants, plan.axes, plan.steps);
    const starts = sent.flatMap((c) => (c.type === 'start' ? [c.settings] : []));
    expect(starts.map((s) => [s.spec.losses.find((l) => l.name === 'G_GAN')!.loss_weight, s.seed, s.stopAtStep])).toEqual([
      [1, 3, 20],
      [10, 3, 20],
    ]);
    const { rows, status } = store.getState();
    expect(status).toBe('done');
    expect(rows.map((r) => [r.name, r.status, r.step])).toEqual([
      ['G_GAN.loss_weight=1_seed=3', 'done', 20],
      ['G_GAN.loss_weight=10_seed=3', 'done', 20],
    ]);
    // 20 steps: the mean of the last 2 values, w x 20 and w x 19; the metric is the seed; no grad/.
    expect(rows.map((r) => [...r.final])).toEqual([
      [['G_GAN', (20 + 19) / 2], ['metric/fid', 3]],
      [['G_GAN', (200 + 190) / 2], ['metric/fid', 3]],
    ]);
    expect(rows.map((r) => r.values.get('losses.G_GAN.loss_weight'))).toEqual([1, 10]);
    await archive.flush();
    const names = (await archive.list()).map((r) => r.name).sort();
    expect(names).toEqual(['G_GAN.loss_weight=10_seed=3', 'G_GAN.loss_weight=1_seed=3']);
    // The next Start runs the page's own settings, not the last variant's (no stopAtStep).
    expect(playground.stores.settings.getState().settings).toBe(before);
    // Both shown on the charts: the first beside the last, which is the open run. One seed: no grouping.
    const listed = await archive.list();
    expect(listed.map((r) => r.shown)).toEqual([true, true]);
    expect(playground.stores.runs.getState().currentRunId).toBe(listed[0]!.id);
    await vi.waitFor(() => expect([...playground.stores.runs.getState().shownSeries.keys()]).toEqual([listed[1]!.id]));
    expect(playground.stores.runs.getState().groupBySeed).toBe(false);
  });

  it("turns on 'Group by seed' for a sweep over several seeds", async () => {
    const { playground, store, runner } = await page();
    const plan = planSweep({ ...draft, seeds: '1, 2' }, playground.stores.settings.getState().settings);
    if (!plan.ok) throw new Error(plan.message);
    await runner.run(plan.variants, plan.axes, plan.steps);
    expect(store.getState().rows.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(playground.stores.runs.getState().groupBySeed).toBe(true);
  });

  it('Stop pauses the variant in flight, marks the rest not run, and starts nothing more', async () => {
    const { playground, sent, store, runner } = await page(new Set([1]));
    const plan = planSweep({ ...draft, axes: [{ path: 'losses.G_GAN.loss_weight', text: '1, 10, 100' }] }, playground.stores.settings.getState().settings);
    if (!plan.ok) throw new Error(plan.message);
    const running = runner.run(plan.variants, plan.axes, plan.steps);
    await vi.waitFor(() => expect(store.getState().rows[1]?.step).toBe(3));
    runner.stop();
    await running;
    expect(sent.filter((c) => c.type === 'start')).toHaveLength(2);
    expect(sent.at(-1)).toEqual({ type: 'pause' });
    expect(store.getState().status).toBe('stopped');
    expect(store.getState().rows.map((r) => r.status)).toEqual(['done', 'stopped', 'not run']);
    // What the stopped variant trained still has its final value: steps 0..2 of weight 10.
    expect(store.getState().rows[1]!.final.get('G_GAN')).toBe(30);
    expect(playground.stores.settings.getState().settings.stopAtStep).toBeUndefined();
  });

  it('records a variant the page refuses as failed, with the reason, and goes on', async () => {
    const { playground, store, runner } = await page();
    const plan = planSweep(draft, playground.stores.settings.getState().settings);
    if (!plan.ok) throw new Error(plan.message);
    const bad = { ...plan.variants[0]!, settings: { ...plan.variants[0]!.settings, batchSize: -1 } };
    await runner.run([bad, plan.variants[1]!], plan.axes, plan.steps);
    const rows = store.getState().rows;
    expect(rows.map((r) => r.status)).toEqual(['failed', 'done']);
    expect(rows[0]!.message).toContain('batchSize');
  });
});

describe('a sweep whose worker is taken over', () => {
  it('ends (never waits forever) when the user resets the run or starts another, keeping what the variant trained', async () => {
    for (const takeOver of ['reset', 'start'] as const) {
      const { playground, sent, store, runner } = await page(new Set([0]));
      const plan = planSweep(draft, playground.stores.settings.getState().settings);
      if (!plan.ok) throw new Error(plan.message);
      const running = runner.run(plan.variants, plan.axes, plan.steps);
      await vi.waitFor(() => expect(store.getState().rows[0]?.step).toBe(3));
      if (takeOver === 'reset') playground.reset();
      else playground.start();
      await running;
      expect(sent.filter((c) => c.type === 'start')).toHaveLength(takeOver === 'reset' ? 1 : 2);
      expect(store.getState().status).toBe('stopped');
      expect(store.getState().rows.map((r) => r.status)).toEqual(['stopped', 'not run']);
      expect(store.getState().rows[0]!.message).toMatch(takeOver === 'reset' ? /^reset before its steps/ : /^another run started/);
      // The variant's own values (steps 0..2 of weight 1), not the new run's.
      expect(store.getState().rows[0]!.final.get('G_GAN')).toBe(3);
      await archives.pop()!.close();
    }
  });
});
