import { describe, expect, test } from 'vitest';
import { COLORMAP_NAMES, LUT_SIZE, colorAt, getColormap, lutIndex, parseColor } from '../../../src/ui/maps/colormaps';

describe('parseColor', () => {
  test('reads both forms d3 returns', () => {
    expect(parseColor('#440154')).toEqual([0x44, 0x01, 0x54]);
    expect(parseColor('rgb(242, 239, 238)')).toEqual([242, 239, 238]);
  });

  test('anything else is an error quoting it', () => {
    expect(() => parseColor('hsl(0, 0%, 0%)')).toThrow("Cannot parse the colour 'hsl(0, 0%, 0%)'");
  });
});

describe('getColormap', () => {
  test.each(COLORMAP_NAMES)('%s has 256 RGB entries and a nonFinite colour none of them equals', (name) => {
    const cmap = getColormap(name);
    expect(cmap.lut.length).toBe(3 * LUT_SIZE);
    for (let i = 0; i < LUT_SIZE; i++) {
      expect([cmap.lut[3 * i], cmap.lut[3 * i + 1], cmap.lut[3 * i + 2]]).not.toEqual(cmap.nonFinite);
    }
  });

  test('is cached: the same table every time', () => {
    expect(getColormap('inferno')).toBe(getColormap('inferno'));
  });
});

test('lutIndex: t in [0, 1] -> round(255 t), clamped outside', () => {
  expect([0, 1 / 3, 0.5, 1].map(lutIndex)).toEqual([0, 85, 128, 255]);
  expect([-0.5, 1.5].map(lutIndex)).toEqual([0, 255]);
  expect(colorAt(getColormap('viridis'), 0)).toEqual([0x44, 0x01, 0x54]);
});
