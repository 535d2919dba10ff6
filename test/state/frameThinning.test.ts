import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SamplesMessage } from '../../src/protocol/messages';
import { FRAME_BUDGET_BYTES, frameBytes, frameCapacity, MAX_FRAMES, nearestFrame, pushFrame, thinFrames } from '../../src/state/frameThinning';

const at = (step: number) => ({ step });

/** Pushes steps one at a time, thinning after each, as a run's frames arrive. */
function pushAll(steps: readonly number[], capacity: number): { step: number }[] {
  let frames: { step: number }[] = [];
  for (const step of steps) frames = thinFrames([...frames, at(step)], capacity);
  return frames;
}

describe('thinFrames', () => {
  it('keeps everything while under the bound', () => {
    expect(thinFrames([0, 1, 2].map(at), 4).map((f) => f.step)).toEqual([0, 1, 2]);
  });

  it('keeps the newest quarter as is and one frame per power-of-two step bucket before it', () => {
    // 9 frames, 8 kept: the newest 2 stay; 7 older (steps 0..6) must fit in 6 buckets: width 1
    // gives 7, width 2 gives {0,1} {2,3} {4,5} {6}: 4 buckets, the first frame of each.
    expect(thinFrames([0, 1, 2, 3, 4, 5, 6, 7, 8].map(at), 8).map((f) => f.step)).toEqual([0, 2, 4, 6, 7, 8]);
  });

  it('after 10,000 pushes: at most 64, the first and the newest kept, early and recent steps both there', () => {
    const steps = Array.from({ length: 10_000 }, (_, i) => 7 * i);
    const frames = pushAll(steps, MAX_FRAMES);
    const kept = frames.map((f) => f.step);
    expect(kept.length).toBeLessThanOrEqual(MAX_FRAMES);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(7 * 9_999);
    const last = 7 * 9_999;
    // Several frames in the first tenth of the run, and the newest 16 pushes all there.
    expect(kept.filter((s) => s < last / 10).length).toBeGreaterThanOrEqual(3);
    expect(kept.slice(-16)).toEqual(steps.slice(-16));
    // Spread over the run: no gap wider than a quarter of it.
    const gaps = kept.slice(1).map((s, i) => s - kept[i]!);
    expect(Math.max(...gaps)).toBeLessThan(last / 4);
    // Ascending, no duplicates.
    expect(gaps.every((g) => g > 0)).toBe(true);
  });

  it('holds for any ascending steps and bound: never over, first and newest kept, same input same output', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 1e9 }), { minLength: 1, maxLength: 400 }), fc.integer({ min: 2, max: 70 }), (raw, capacity) => {
        const steps = [...raw].sort((a, b) => a - b);
        const frames = pushAll(steps, capacity);
        expect(frames.length).toBeLessThanOrEqual(capacity);
        expect(frames[0]!.step).toBe(steps[0]);
        expect(frames.at(-1)!.step).toBe(steps.at(-1));
        expect(pushAll(steps, capacity)).toEqual(frames);
      }),
    );
  });

  it('ends on steps that do not bucket (NaN) instead of looping', () => {
    const frames = thinFrames(Array.from({ length: 10 }, () => at(NaN)), 4);
    expect(frames).toHaveLength(4);
  });
});

const points = (step: number, n: number): SamplesMessage => ({
  step,
  kind: 'points',
  real: new Float32Array(n),
  fake: new Float32Array(n),
  discriminator: new Float32Array(4),
  resolution: 2,
  extent: 1,
});

describe('pushFrame and the byte bound', () => {
  it('counts a frame by its typed arrays', () => {
    // 512 overhead + 2 * 100 * 4 + 4 * 4
    expect(frameBytes(points(0, 100))).toBe(512 + 800 + 16);
    expect(frameBytes({ step: 0, kind: 'images', width: 2, height: 3, rgba: new Uint8ClampedArray(24), rows: ['g'] })).toBe(512 + 24);
  });

  it('keeps fewer frames when they are big, so the run stays under the budget', () => {
    expect(frameCapacity(1000, 10_000)).toBe(10);
    expect(frameCapacity(100, 1_000_000)).toBe(MAX_FRAMES);
    expect(frameCapacity(6000, 10_000)).toBe(0); // two would not fit: not kept
    // A toy-sized frame (~30-40 KB) fills the 64 under the default budget.
    expect(frameCapacity(40_000)).toBe(MAX_FRAMES);
    expect(frameCapacity(200_000)).toBe(Math.floor(FRAME_BUDGET_BYTES / 200_000));
    let frames: SamplesMessage[] = [];
    const big = frameBytes(points(0, 1000)); // 8,528 bytes
    for (let step = 0; step < 500; step++) frames = pushFrame(frames, points(step, 1000), 100_000);
    expect(frames.length).toBe(Math.floor(100_000 / big)); // 11
    expect(frames.reduce((n, f) => n + frameBytes(f), 0)).toBeLessThanOrEqual(100_000);
    expect([frames[0]!.step, frames.at(-1)!.step]).toEqual([0, 499]);
  });

  it('drops the frames from a resumed step on: the run goes on from an earlier checkpoint', () => {
    let frames: SamplesMessage[] = [];
    for (const step of [0, 10, 20, 30]) frames = pushFrame(frames, points(step, 2));
    frames = pushFrame(frames, points(15, 2));
    expect(frames.map((f) => f.step)).toEqual([0, 10, 15]);
  });
});

describe('nearestFrame', () => {
  const frames = [0, 10, 40].map(at);
  it('picks the nearest step, the earlier on a tie', () => {
    expect([-5, 0, 4, 5, 6, 24, 26, 100].map((s) => nearestFrame(frames, s))).toEqual([0, 0, 0, 0, 1, 1, 2, 2]);
    expect(nearestFrame([], 3)).toBe(-1);
  });
});
