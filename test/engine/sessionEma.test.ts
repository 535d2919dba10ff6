import { describe, expect, it } from 'vitest';
import { MemoryCheckpointStore } from '../../src/engine/checkpoint';
import { PROTOCOL_VERSION, type SamplesMessage, type TrainingEvent } from '../../src/protocol/messages';
import { sessionHarness, toySettings } from '../helpers/sessionHarness';

/** The generated points of the newest preview among `events`. */
function lastFake(events: readonly TrainingEvent[]): Float32Array {
  const samples = events.flatMap((e) => (e.type === 'samples' ? [e.samples] : [])).at(-1) as Extract<SamplesMessage, { kind: 'points' }>;
  return samples.fake;
}
const largestMove = (a: Float32Array, b: Float32Array) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));

describe('the preview of a run with an EMA generator', () => {
  it("draws the EMA generator by default (MMagic's), G after setEmaPreview 'live', and a checkpoint keeps the choice", async () => {
    const checkpoints = new MemoryCheckpointStore();
    const { session, events, waitFor } = sessionHarness({ checkpoints });
    // A momentum this small keeps the average where the first update copied it: G after iteration 1.
    const settings = { ...toySettings, optimizers: { G: { type: 'adam', learningRate: 0.05 }, D: { type: 'adam', learningRate: 0.05 } }, ema: { momentum: 1e-7 } } as const;
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings });
    await waitFor('history');
    await session.handle({ type: 'pause' });
    await waitFor('paused');
    const ema1 = lastFake(events);
    for (let i = 0; i < 5; i++) await session.handle({ type: 'step', network: 'both' });
    const ema2 = lastFake(events);
    // Five more Adam steps at 0.05 move G's points; the average moves by 1e-7 of that.
    expect(largestMove(ema1, ema2)).toBeLessThan(1e-5);
    await session.handle({ type: 'setEmaPreview', preview: 'live' });
    await session.handle({ type: 'step', network: 'both' });
    const live = lastFake(events);
    expect(largestMove(ema2, live)).toBeGreaterThan(1e-3);
    await session.handle({ type: 'saveCheckpoint' });
    expect((await checkpoints.load())!.header.settings.ema).toEqual({ momentum: 1e-7, preview: 'live' });
    expect(events.some((e) => e.type === 'rejected' || e.type === 'failed')).toBe(false);
    await session.handle({ type: 'reset' });
  });

  it('a run without one refuses setEmaPreview with a rejected event, and goes on', async () => {
    const { session, events, waitFor } = sessionHarness();
    await session.handle({ type: 'start', version: PROTOCOL_VERSION, settings: toySettings });
    await waitFor('history');
    await session.handle({ type: 'setEmaPreview', preview: 'ema' });
    expect(events.find((e) => e.type === 'rejected')).toEqual({
      type: 'rejected',
      command: 'setEmaPreview',
      message: 'this run has no EMA generator to preview: set "ema" in the run settings (e.g. {"momentum": 0.001}) and start again',
    });
    await session.handle({ type: 'reset' });
  });
});
