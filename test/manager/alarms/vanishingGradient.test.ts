import { describe, expect, it } from 'vitest';
import { feeder, only, type Point } from './points';

const TOTAL = 'grad/G';
const at = (name: string, values: readonly number[], first = 1): Point[] => values.map((v, i) => [name, (first + i) * 10, v]);
const settings = only('vanishingGradient', { vanishingGradient: { baseline: 3, window: 2, ratio: 0.01, absolute: 1e-6 } });

describe('vanishing generator gradient', () => {
  it("is raised when the recent median falls below ratio x the early median, naming each loss's norm", () => {
    const { feed } = feeder(settings);
    // Early median of 1, 2, 3: 2, so the line is 0.01 x 2 = 0.02. Medians of the last two:
    // (3 + 0.5) / 2, then (0.5 + 0.01) / 2 = 0.255, then 0.01 < 0.02 at step 60.
    const points: Point[] = [...at(TOTAL, [1, 2, 3, 0.5, 0.01]), ['grad/G/G_GAN', 60, 0.009], ['grad/G/G_L1', 60, 0.001], [TOTAL, 60, 0.01]];
    const alarms = feed(points);
    expect(alarms.map((a) => [a.kind, a.step, a.series])).toEqual([['vanishingGradient', 60, [TOTAL, 'grad/G/G_GAN', 'grad/G/G_L1']]]);
    expect(alarms[0]!.detail).toBe(
      "G's gradient norm (median of its last 2 measurements) is 0.01, below 1% of its early median 2 (first 3 measurements). Latest per loss: G_GAN 0.009, G_L1 0.001.",
    );
  });

  it('is raised once per episode, cleared above twice the line, and raised again', () => {
    const { feed } = feeder(settings);
    expect(feed(at(TOTAL, [1, 2, 3, 0.01, 0.01])).map((a) => a.step)).toEqual([50]);
    // Medians 0.02, 0.04: not above 2 x 0.02 = 0.04, still the same episode.
    expect(feed(at(TOTAL, [0.03, 0.05], 6))).toEqual([]);
    // (0.05 + 0.1) / 2 = 0.075 > 0.04: cleared; two tiny norms raise it again.
    expect(feed(at(TOTAL, [0.1, 0.001, 0.001], 8)).map((a) => a.step)).toEqual([100]);
  });

  it('applies the absolute floor before the early median is known', () => {
    const { feed } = feeder(only('vanishingGradient', { vanishingGradient: { baseline: 10, window: 2, absolute: 1e30 } }));
    // Every norm is below 1e30: raised at the second measurement, when the window is full.
    const alarms = feed(at(TOTAL, [1, 2, 3]));
    expect(alarms.map((a) => a.step)).toEqual([20]);
    expect(alarms[0]!.detail).toContain('below the floor 1e30');
  });

  it('is not fooled by per-loss norms: only the whole gradient (grad/G) decides', () => {
    const { feed } = feeder(settings);
    expect(feed([...at(TOTAL, [1, 1, 1, 1, 1]), ...at('grad/G/G_GAN', [0, 0, 0, 0, 0]), ...at('grad/D', [0, 0, 0, 0])])).toEqual([]);
  });
});
