import { beforeEach, describe, expect, it } from 'vitest';
import { emptySeries, pushToSeries } from '../../../src/state/series';
import { lossColor, PALETTE, resetLossColors } from '../../../src/ui/charts/palette';
import { formatX, formatY, xForStep } from '../../../src/ui/charts/xAxis';

describe('lossColor', () => {
  beforeEach(resetLossColors);

  it('gives a name the same colour every time, and 10 names 10 colours', () => {
    const names = ['G/gan', 'G/l1', 'G/perceptual', 'D/real', 'D/fake', 'D/gp', 'a', 'b', 'c', 'd'];
    const first = names.map(lossColor);
    expect(new Set(first).size).toBe(10);
    expect(names.map(lossColor)).toEqual(first);
    for (const c of first) expect(PALETTE).toContain(c);
  });

  it('depends on the name, not on the order asked, unless two names want the same slot', () => {
    // FNV-1a mod 10: G/gan -> 7, D/fake -> 5, D/gp -> 1 (distinct slots); G/l1 and D/real -> 6.
    const forward = ['G/gan', 'D/fake', 'D/gp'].map(lossColor);
    resetLossColors();
    const backward = ['D/gp', 'D/fake', 'G/gan'].map(lossColor).reverse();
    expect(backward).toEqual(forward);
    expect(forward[0]).toBe(PALETTE[7]);
    // The collision: whoever asks second moves to the next free slot.
    expect(lossColor('G/l1')).toBe(PALETTE[6]);
    expect(lossColor('D/real')).toBe(PALETTE[8]);
  });
});

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
