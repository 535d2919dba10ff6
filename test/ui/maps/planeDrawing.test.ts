import { describe, expect, it } from 'vitest';
import type { SamplePoints } from '../../../src/protocol/messages';
import { describePull, describeSchedule, longestArrow, selectedPull, TOTAL_PULL } from '../../../src/ui/maps/planeDrawing';

const plane = (extra: Partial<SamplePoints>): SamplePoints => ({
  kind: 'points',
  real: new Float32Array(0),
  fake: new Float32Array(4),
  discriminator: new Float32Array(1),
  resolution: 1,
  extent: 1,
  ...extra,
});

describe("the toy plane's overlays", () => {
  it('scales by the longest finite arrow and counts the others', () => {
    // |(3, 4)| = 5, |(0, 1)| = 1, and a NaN arrow.
    expect(longestArrow(Float32Array.from([3, 4, 0, 1, NaN, 0]))).toEqual({ longest: 5, nonFinite: 1 });
  });

  it('picks the total or one loss, and says why a loss has no arrows', () => {
    const total = Float32Array.from([1, 0, 0, 1]);
    const gan = Float32Array.from([1, 1, 1, 1]);
    const s = plane({
      totalPull: total,
      pulls: [
        { name: 'G_GAN', weight: 2, schedule: null, interval: 1, arrows: gan, reason: null },
        { name: 'G_pl', weight: 8, schedule: { schedule: 'linear', unit: 'step', startEpoch: 0, endEpoch: 100, initialValue: 0, targetValue: 8 }, interval: 4, arrows: null, reason: 'no per-point gradient: it differentiates through G itself (reads gen)' },
      ],
    });
    expect(selectedPull(s, TOTAL_PULL)).toEqual({ arrows: total, label: 'total of 1 G loss', reason: null });
    expect(selectedPull(s, 'G_GAN')).toMatchObject({ arrows: gan, label: 'G_GAN: 2 × loss (weight now, constant)' });
    expect(selectedPull(s, 'G_pl')).toMatchObject({ arrows: null, label: 'G_pl: 8 × loss (weight now, linear 0 → 8 over steps 0–100, runs every 4 steps)', reason: expect.stringContaining('reads gen') });
    // A loss the spec no longer has: the total.
    expect(selectedPull(s, 'toString').arrows).toBe(total);
    expect(selectedPull(plane({}), TOTAL_PULL)).toMatchObject({ arrows: null, reason: 'no G loss reads the generated points' });
  });

  it('says each schedule in a few words', () => {
    expect(describeSchedule(null)).toBe('constant');
    expect(describeSchedule({ schedule: 'warmup', unit: 'epoch', warmupEpochs: 5, initialValue: 0, targetValue: 1 })).toBe('warmup 0 → 1 over 5 epochs');
    expect(describeSchedule({ schedule: 'step', unit: 'step', initialValue: 1, steps: [[10, 2]] })).toBe('step schedule from 1, 1 change');
    expect(describePull({ name: 'G', weight: 1e-5, schedule: { schedule: 'keyframes', unit: 'step', keyframes: [[0, 1], [9, 2]] }, interval: 1, arrows: null, reason: null })).toBe(
      'G: 1.00e-5 × loss (weight now, 2 keyframes in steps)',
    );
  });
});
