import { describe, expect, it } from 'vitest';
import { emptySeries, pushToSeries } from '../../../src/state/series';
import { formatX, formatY, xForStep } from '../../../src/ui/charts/xAxis';

describe('x axis', () => {
  const s = emptySeries('g');
  for (const [step, time] of [[0, 0], [10, 500], [20, 900]]) pushToSeries(s, step as number, 1, 1, 1, time as number);

  it('places a weight change on the time axis at the first point logged at or after it', () => {
    expect(xForStep(s, 'step', 15)).toBe(15);
    expect(xForStep(s, 'time', 10)).toBe(500);
    expect(xForStep(s, 'time', 11)).toBe(900);
    expect(xForStep(s, 'time', 21)).toBeUndefined();
  });

  it('formats steps compactly and time as elapsed', () => {
    expect(formatX('step', 12_500)).toBe('12.5K');
    expect(formatX('time', 45_000)).toBe('45s');
    expect(formatX('time', 185_000)).toBe('3m 05s');
    expect(formatX('time', 3_720_000)).toBe('1h 02m');
    expect(formatY(0.123456)).toBe('0.1235');
    expect(formatY(0.00012)).toBe('1.20e-4');
  });
});
