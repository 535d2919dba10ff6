import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { MemoryCheckpointStore } from '../../src/engine/checkpoint';
import { checkpointInterval } from '../../src/engine/session';
import { PROTOCOL_VERSION, type TrainingEvent } from '../../src/protocol/messages';
import { sessionHarness, stepsByLoss, toySettings } from '../helpers/sessionHarness';
import { onePoint, toyNetworks } from '../helpers/toyGan';

const start = { type: 'start', version: PROTOCOL_VERSION, settings: toySettings } as const;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('checkpoints never cost a recorded step', () => {
  it('delivers every step exactly once, in order, across many checkpoint saves', async () => {
    // Bug: saving a checkpoint flushed the manager and threw the values away, so the steps
    // since the last history report never reached the page (nor the stored run, nor the log).
    const { session, events, waitFor } = sessionHarness({ checkpoints: new MemoryCheckpointStore() });
    await session.handle(start);
    for (let i = 1; i <= 15; i++) {
      await waitFor('history', events.filter((e) => e.type === 'history').length + 1);
      await session.handle({ type: 'saveCheckpoint' });
    }
    await session.handle({ type: 'pause' });
    const [paused] = await waitFor('paused');
    const steps = stepsByLoss(events);
    expect([...steps.keys()].sort()).toEqual(['D_fake', 'D_real', 'G_GAN', 'dHealth/accuracy', 'dHealth/fake', 'dHealth/real']);
    for (const [, list] of steps) expect(list).toEqual(range(paused!.step));
    // Each checkpoint comes after the values of every step before it.
    const saves = events.flatMap((e, i) => (e.type === 'checkpointSaved' ? [{ i, step: e.step }] : []));
    expect(saves.length).toBeGreaterThanOrEqual(16);
    for (const { i, step } of saves) expect(stepsByLoss(events.slice(0, i)).get('G_GAN')!.length).toBe(step);
    await session.handle({ type: 'reset' });
  });

  it('stops a run whose values became NaN instead of checkpointing it', async () => {
    let clock = 0;
    const networks = toyNetworks();
    const checkpoints = new MemoryCheckpointStore();
    const { session, events, waitFor } = sessionHarness({ checkpoints, now: () => clock, buildSetup: async () => ({ networks, data: onePoint }) });
    await session.handle(start);
    // The warm-up checkpoint; then the clock stands still, so no history report falls due.
    const [first] = await waitFor('checkpointSaved');
    const w = networks.discriminator.trainableWeights[0]!.read() as tf.Variable;
    w.assign(tf.fill(w.shape, Number.NaN));
    // Weights that are no longer finite are no state to come back to: the save is refused.
    await session.handle({ type: 'saveCheckpoint' });
    expect(events.at(-1)).toEqual({ type: 'rejected', command: 'saveCheckpoint', message: expect.stringMatching(/^not saved: the run's weights are no longer finite/) });
    // The next history report finds the NaN loss and stops the run.
    clock += 1000;
    const [stopped] = await waitFor('stopped');
    expect(stopped!.message).toMatch(/^loss "D_real" became NaN at step \d+; training stopped/);
    expect(events.filter((e) => e.type === 'checkpointSaved')).toHaveLength(1);
    expect((await checkpoints.load())!.header.iteration).toBe(first!.step);
    // The values up to the NaN were delivered, the NaN itself included.
    expect(stepsByLoss(events).get('D_real')!.at(-1)).toBe(stopped!.step);
    await session.handle({ type: 'reset' });
  });
});

describe('a resumed run has every step once', () => {
  it('re-sends the values since the checkpoint before, which a closed page may have missed', async () => {
    const { session, events, waitFor } = sessionHarness({ checkpoints: new MemoryCheckpointStore() });
    await session.handle(start);
    await waitFor('history', 4);
    await session.handle({ type: 'saveCheckpoint' });
    const savedAt = events.filter((e) => e.type === 'checkpointSaved').at(-1)!.step;
    await waitFor('history', events.filter((e) => e.type === 'history').length + 2);
    // The page closes: the last values sent before the checkpoint never reached it.
    const lastIndex = (list: readonly TrainingEvent[], type: TrainingEvent['type']) => list.map((e) => e.type).lastIndexOf(type);
    const saveIndex = lastIndex(events, 'checkpointSaved');
    const lastBefore = lastIndex(events.slice(0, saveIndex), 'history');
    const page = events.slice(0, lastBefore);
    expect(stepsByLoss(page).get('G_GAN')!.at(-1)).toBeLessThan(savedAt - 1);
    const restoredFrom = events.length;
    await session.handle({ type: 'restoreCheckpoint' });
    await waitFor('history', events.filter((e) => e.type === 'history').length + 2);
    await session.handle({ type: 'pause' });
    // The page cuts its history where the first batch after the restored run's 'ready' begins
    // (runsController); the run being stopped may still send its last values before that.
    const ready = events.findIndex((e, i) => i >= restoredFrom && e.type === 'ready');
    const after = events.slice(ready).filter((e) => e.type === 'history');
    const cut = after[0]!.type === 'history' ? after[0]!.batch.step[0]! : NaN;
    const kept = stepsByLoss(page).get('G_GAN')!.filter((step) => step < cut);
    const steps = [...kept, ...stepsByLoss(after).get('G_GAN')!];
    expect(steps).toEqual(range(steps.length));
    expect(steps.length).toBeGreaterThan(savedAt);
    await session.handle({ type: 'reset' });
  });
});

describe('commands that arrive together', () => {
  it('runs them one after another: a checkpoint asked for during a restore saves the restored run', async () => {
    // Bug: the worker handled commands concurrently, so a saveCheckpoint (the page hidden)
    // arriving while a restore had stopped the old run and not built the new one found no run
    // and failed the whole run.
    const { session, events, waitFor } = sessionHarness({ checkpoints: new MemoryCheckpointStore() });
    await session.handle(start);
    await waitFor('checkpointSaved');
    const restored = session.handle({ type: 'restoreCheckpoint' });
    const saved = session.handle({ type: 'saveCheckpoint' });
    const weight = session.handle({ type: 'setWeight', name: 'G_GAN', value: 0.5 });
    await Promise.all([restored, saved, weight]);
    expect(events.filter((e) => e.type === 'failed' || e.type === 'rejected')).toEqual([]);
    const ready = events.map((e) => e.type).lastIndexOf('ready');
    expect(events.slice(ready).map((e) => e.type)).toEqual(expect.arrayContaining(['checkpointSaved', 'weightChanged']));
    await session.handle({ type: 'reset' });
  });
});

describe('when checkpoints are saved', () => {
  it('waits 10 s after the warm-up one, then twice as long each time, up to a minute', () => {
    expect([1, 2, 3, 4, 5, 6].map(checkpointInterval)).toEqual([10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });

  it('saves one right after the warm-up step, then on the interval of the run clock', async () => {
    let clock = 0;
    const { session, events, waitFor } = sessionHarness({ checkpoints: new MemoryCheckpointStore(), now: () => clock });
    await session.handle(start);
    const [first] = await waitFor('checkpointSaved');
    expect(first!.step).toBeGreaterThanOrEqual(1);
    const saved = () => events.filter((e) => e.type === 'checkpointSaved').length;
    clock += 9_999;
    await new Promise((r) => setTimeout(r, 100));
    expect(saved()).toBe(1);
    clock += 1;
    await waitFor('checkpointSaved', 2);
    clock += 19_999;
    await new Promise((r) => setTimeout(r, 100));
    expect(saved()).toBe(2);
    clock += 1;
    await waitFor('checkpointSaved', 3);
    await session.handle({ type: 'reset' });
  });

  it('saves one when the run is paused, at the paused step', async () => {
    const { session, events, waitFor } = sessionHarness({ checkpoints: new MemoryCheckpointStore() });
    await session.handle(start);
    await waitFor('history', 2);
    await session.handle({ type: 'pause' });
    const [paused] = await waitFor('paused');
    expect(events.at(-1)).toEqual({ type: 'checkpointSaved', step: paused!.step });
    await session.handle({ type: 'reset' });
  });

  it('saves none without a checkpoint store', async () => {
    const { session, events, waitFor } = sessionHarness();
    await session.handle(start);
    await waitFor('history', 2);
    await session.handle({ type: 'pause' });
    await waitFor('paused');
    expect(events.some((e) => e.type === 'checkpointSaved' || e.type === 'rejected' || e.type === 'failed')).toBe(false);
    await session.handle({ type: 'reset' });
  });
});
