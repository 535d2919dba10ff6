import { describe, expect, it } from 'vitest';
import { trend } from '../../../src/manager/alarms/windows';
import { feeder, only, type Point } from './points';

const at = (name: string, values: readonly number[], first = 1): Point[] => values.map((v, i) => [name, (first + i) * 200, v]);
const settings = only('metricWorsening', { metricWorsening: { points: 4, tolerance: 0.1 } });

describe('a metric getting worse', () => {
  it('is raised when the trend line of the last N points worsens by more than tolerance and twice its standard error', () => {
    const { feed } = feeder(settings);
    // Windows of 4: (.5 .4 .3 .2) and (.4 .3 .2 .3) improve. (.3 .2 .3 .4) worsens by 0.12 on its
    // line (0.24 to 0.36), over 10% of 0.24, but its standard error is 0.104: 0.12 < 2 x 0.104,
    // noise could do it. (.2 .3 .4 .5) lies on a line, 0.2 to 0.5, error 0: raised at step 1400.
    const alarms = feed(at('metric/JS', [0.5, 0.4, 0.3, 0.2, 0.3, 0.4, 0.5]));
    expect(alarms.map((a) => [a.kind, a.step, a.series])).toEqual([['metricWorsening', 1400, ['metric/JS']]]);
    expect(alarms[0]!.detail).toBe('JS rose from 0.2 to 0.5 on the trend line of its last 4 measurements (steps 800-1400) (150% worse); lower is better.');
  });

  it('matches the trend arithmetic in the comment above', () => {
    const line = trend([0, 1, 2, 3], [0.3, 0.2, 0.3, 0.4])!;
    expect(line.start).toBeCloseTo(0.24, 12);
    expect(line.end).toBeCloseTo(0.36, 12);
    // Residuals .06 -.08 -.02 .04: s^2 = .012 / 2; SE(slope) = sqrt(.006 / 5); change over 3 steps.
    expect(line.changeError).toBeCloseTo(3 * Math.sqrt(0.006 / 5), 12);
  });

  it('reads PSNR and SSIM as higher-is-better', () => {
    const { feed } = feeder(settings);
    expect(feed(at('metric/PSNR', [20, 21, 22, 23]))).toEqual([]);
    const alarms = feed(at('metric/PSNR', [22, 21], 5));
    // (22 23 22 21): line from 22.8 down to 21.6 (a 5% drop): under 10%, nothing yet.
    expect(alarms).toEqual([]);
    expect(feed(at('metric/SSIM', [0.8, 0.6, 0.4, 0.2])).map((a) => [a.step, a.detail.startsWith('SSIM fell from 0.8 to 0.2')])).toEqual([[800, true]]);
  });

  it('is raised once per episode, cleared when the line no longer worsens, and raised again', () => {
    const { feed } = feeder(settings);
    expect(feed(at('metric/FID', [1, 2, 3, 4, 5, 6])).map((a) => a.step)).toEqual([800]);
    // (4 5 6 5) still worsens on its line; (5 6 5 4) does not: cleared at step 1600.
    expect(feed(at('metric/FID', [5, 4], 7))).toEqual([]);
    // (6 5 4 5), (5 4 5 6) too noisy (as above, x 10), (4 5 6 7) on a line: raised at step 2200.
    expect(feed(at('metric/FID', [5, 6, 7], 9)).map((a) => a.step)).toEqual([2200]);
  });

  it('stays quiet on noise without a trend, and on metrics with no direction or their own alarm', () => {
    const { feed } = feeder(settings);
    const noise = Array.from({ length: 40 }, (_, i) => 0.3 + (i % 2 === 0 ? 0.01 : -0.01));
    expect(feed([...at('metric/KID', noise), ...at('metric/something', [1, 2, 3, 4, 5]), ...at('metric/modeCoverage', [1, 0.8, 0.6, 0.4])])).toEqual([]);
  });
});
