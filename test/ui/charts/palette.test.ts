import { beforeEach, describe, expect, it } from 'vitest';
import { ciede2000, colorDistance, hexToLab, minPairDistance } from '../../../src/ui/charts/colorDistance';
import { chartColors, lossColor, MIN_COLOR_DISTANCE, PALETTE, resetLossColors } from '../../../src/ui/charts/palette';

describe('ciede2000', () => {
  // Sharma, Wu and Dalal (2005), Table 1: pairs 1, 7, 17-21 and 25, to 4 decimals.
  const pairs: [number[], number[], number][] = [
    [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
    [[50, 0, 0], [50, -1, 2], 2.3669],
    [[50, 2.5, 0], [73, 25, -18], 27.1492],
    [[50, 2.5, 0], [61, -5, 29], 22.8977],
    [[50, 2.5, 0], [56, -27, -3], 31.903],
    [[50, 2.5, 0], [58, 24, 15], 19.4535],
    [[50, 2.5, 0], [50, 3.1736, 0.5854], 1],
    [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
  ];
  it.each(pairs)('matches the published test data: %j vs %j -> %d', (p, q, expected) => {
    const lab = (v: number[]) => ({ l: v[0]!, a: v[1]!, b: v[2]! });
    expect(ciede2000(lab(p), lab(q))).toBeCloseTo(expected, 4);
    expect(ciede2000(lab(q), lab(p))).toBeCloseTo(expected, 4);
  });

  it('converts sRGB to Lab (white, black, and sRGB red as CIE 15 gives it)', () => {
    const white = hexToLab('#fff');
    expect(white.l).toBeCloseTo(100, 3);
    expect(Math.abs(white.a) + Math.abs(white.b)).toBeLessThan(0.01);
    expect(hexToLab('#000000').l).toBe(0);
    const red = hexToLab('#ff0000');
    expect([red.l, red.a, red.b].map((v) => Math.round(v * 10) / 10)).toEqual([53.2, 80.1, 67.2]);
    expect(() => hexToLab('red')).toThrow("'red' is not a #rgb or #rrggbb colour");
  });
});

describe('palette', () => {
  beforeEach(resetLossColors);

  it(`keeps every two colours at least ${MIN_COLOR_DISTANCE} apart (CIEDE2000)`, () => {
    expect(minPairDistance(PALETTE)).toBeGreaterThanOrEqual(MIN_COLOR_DISTANCE);
    // The pair the old tab10-based palette drew D_real and D_fake in: below the threshold.
    expect(colorDistance('#d95f02', '#d62728')).toBeLessThan(MIN_COLOR_DISTANCE);
  });

  it('hands colours out in palette order, the same for a name every time', () => {
    expect(['G_GAN', 'D_real', 'D_fake'].map(lossColor)).toEqual([PALETTE[0], PALETTE[1], PALETTE[2]]);
    expect(lossColor('D_real')).toBe(PALETTE[1]);
  });

  it('gives the keys of one chart distinct colours even after the palette wraps', () => {
    const names = Array.from({ length: PALETTE.length + 3 }, (_, i) => `loss${i}`);
    names.forEach(lossColor);
    // loss0 and loss8 share a session colour; in one chart the later one moves.
    expect(lossColor('loss8')).toBe(lossColor('loss0'));
    const colors = chartColors(['loss0', 'loss8', 'loss9', 'loss1']);
    expect(colors.get('loss0')).toBe(PALETTE[0]);
    expect(colors.get('loss1')).toBe(PALETTE[1]);
    expect(new Set(colors.values()).size).toBe(4);
    expect(minPairDistance([...colors.values()])).toBeGreaterThanOrEqual(MIN_COLOR_DISTANCE);
  });
});
