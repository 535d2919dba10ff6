import { describe, expect, it } from 'vitest';
import { feeder, only, series, type Point } from './points';

const settings = only('lossExploding', { lossExploding: { baseline: 4, window: 3, factor: 100, absolute: 50 } });

describe('a loss blowing up', () => {
  it('is raised when the recent median |value| passes factor x the early median and the floor', () => {
    const { feed } = feeder(settings);
    // Early |values| 0.5, 1, 1.5, 2: median 1.25, so the line is max(50, 100 x 1.25) = 125.
    // Medians of the last three: 1.5, 2 (10 joins), 10 (1e3 joins), then 1e3 > 125 at step 7.
    const points: Point[] = [...[0.5, -1, 1.5, 2, 10, 1e3, -1e4].map((v, i): Point => ['D_real', i + 1, v])];
    const alarms = feed(points);
    expect(alarms.map((a) => [a.kind, a.step, a.series])).toEqual([['lossExploding', 7, ['D_real']]]);
    expect(alarms[0]!.detail).toBe("D_real's size (median |value| of its last 3) is 1000, above 100x its early median 1.25 (first 4 values).");
  });

  it('names the floor where the start was small, and judges each loss on its own', () => {
    const { feed } = feeder(settings);
    // G_GAN starts at 0.01 (100 x 0.01 = 1 < the floor 50); D_real stays at 1 throughout. The
    // median of G_GAN's last three is 60 once two of them are (step 6).
    const alarms = feed([...series('G_GAN', 1, 4, () => 0.01), ...series('D_real', 1, 10, () => 1), ...series('G_GAN', 5, 7, () => 60)]);
    expect(alarms.map((a) => [a.step, a.series])).toEqual([[6, ['G_GAN']]]);
    expect(alarms[0]!.detail).toContain('above the floor 50 (its early median: 0.01)');
  });

  it('is raised once per episode, cleared under a tenth of the line, and raised again', () => {
    const { feed } = feeder(settings);
    // The line is 125; the last three's median is 1e3 once two of them are (step 6).
    expect(feed(series('D_fake', 1, 7, (s) => (s <= 4 ? 1 : 1e3))).map((a) => a.step)).toEqual([6]);
    // Medians of 20 and 13 are not under 12.5: the same episode.
    expect(feed(series('D_fake', 8, 10, () => 20))).toEqual([]);
    expect(feed(series('D_fake', 11, 12, () => 13))).toEqual([]);
    // Two of 1 bring the median to 1 (step 14): cleared; two large ones raise it again (step 17).
    expect(feed([...series('D_fake', 13, 15, () => 1), ...series('D_fake', 16, 18, () => 1e30)]).map((a) => a.step)).toEqual([17]);
  });

  it('leaves derived series alone, waits for the early values, and keys losses safely', () => {
    const { feed } = feeder(settings);
    // Gradient norms and metrics may grow by orders of magnitude legitimately: not losses.
    expect(feed([...series('grad/D', 1, 10, (s) => 10 ** s), ...series('metric/FID', 1, 10, (s) => 10 ** s)])).toEqual([]);
    // Before `baseline` values there is no early size: a loss huge from its first value is its own start.
    expect(feed(series('G_L1', 1, 10, () => 1e6))).toEqual([]);
    const proto = feed([...series('__proto__', 1, 4, () => 1), ...series('toString', 1, 4, () => 1), ...series('__proto__', 5, 7, () => 1e6)]);
    expect(proto.map((a) => a.series)).toEqual([['__proto__']]);
  });

  it('stays silent when turned off', () => {
    const { feed } = feeder(only('metricWorsening', { lossExploding: { enabled: false, baseline: 1, window: 1 } }));
    expect(feed(series('D_real', 1, 5, (s) => 10 ** (10 * s)))).toEqual([]);
  });

  it('stays cheap with the longest window: no sort per value while under the line', () => {
    // Bug: every value past the early ones sorted the whole window for its median, and every
    // loss is fed every step: at a window of 100,000 that is a 100,000-value sort per value.
    const { feed } = feeder(only('lossExploding', { lossExploding: { baseline: 1, window: 100_000 } }));
    const started = performance.now();
    expect(feed(series('D_real', 1, 300_000, (s) => 1 + (s % 7) / 10))).toEqual([]);
    // ~0.1 s here; sorting each value would take hours.
    expect(performance.now() - started).toBeLessThan(20_000);
    // Then half the window past the line (max(1e4, 1000 x 1.1) = 1e4): the median of an even
    // window is its two middle values' mean, (1.x + 1e6) / 2 = 5e5, raised at the 50,000th.
    const alarms = feed(series('D_real', 300_001, 350_000, () => 1e6));
    expect(alarms.map((a) => [a.step, a.detail])).toEqual([[350_000, "D_real's size (median |value| of its last 100000) is 5e5, above the floor 10000 (its early median: 1.1)."]]);
  });
});
