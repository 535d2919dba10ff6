import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';
import { describe, expect, test } from 'vitest';
import { planeGrid } from '../../../src/engine/data/toy';
import { parseColor, type Rgb } from '../../../src/ui/maps/colormaps';
import { colorScaleStops, cssGradient, mapLayout, mapToImage, pointsToPixels } from '../../../src/ui/maps/heat';

/** Pixel i of an RGBA image as [r, g, b]. */
function pixel(rgba: Uint8ClampedArray, i: number): Rgb {
  return [rgba[4 * i] as number, rgba[4 * i + 1] as number, rgba[4 * i + 2] as number];
}

function pixels(rgba: Uint8ClampedArray): Rgb[] {
  return Array.from({ length: rgba.length / 4 }, (_, i) => pixel(rgba, i));
}

/** The independent reference: d3's viridis at the table entry a normalized t lands on (256 entries). */
const viridisAt = (t: number) => parseColor(interpolateViridis(Math.round(t * 255) / 255));
const MAGENTA: Rgb = [255, 0, 255];

describe('mapToImage', () => {
  test('a 2x2 map [0, 1, 2, 3] normalizes to [0, 1/3, 2/3, 1] and takes viridis at those points', () => {
    const image = mapToImage({ shape: [2, 2], data: new Float32Array([0, 1, 2, 3]) }, 'mean', 'viridis', 'auto');
    expect([image.width, image.height, image.min, image.max]).toEqual([2, 2, 0, 3]);
    // t = v / 3 -> table entries round(255 t) = 0, 85, 170, 255.
    expect(pixels(image.rgba)).toEqual([viridisAt(0), viridisAt(1 / 3), viridisAt(2 / 3), viridisAt(1)]);
    // viridis's published ends: #440154 and #fde725.
    expect(pixel(image.rgba, 0)).toEqual([0x44, 0x01, 0x54]);
    expect(pixel(image.rgba, 3)).toEqual([0xfd, 0xe7, 0x25]);
    expect(Array.from({ length: 4 }, (_, i) => image.rgba[4 * i + 3])).toEqual([255, 255, 255, 255]);
    expect(image.nonFinite).toBe(0);
    expect(image.value).toBeNull();
  });

  test('rows come out top row first, as the map lies in memory', () => {
    // [[0, 0, 0], [3, 3, 3]]: the first three pixels are the lowest colour.
    const image = mapToImage({ shape: [2, 3], data: [0, 0, 0, 3, 3, 3] });
    expect([image.width, image.height]).toEqual([3, 2]);
    expect(pixels(image.rgba)).toEqual([...Array(3).fill(viridisAt(0)), ...Array(3).fill(viridisAt(1))]);
  });

  describe('channels of an [H, W, C] map', () => {
    // One row of two cells with two channels: cell 0 = (1, 3), cell 1 = (5, -1).
    const map = { shape: [1, 2, 2], data: new Float32Array([1, 3, 5, -1]) };

    test("'mean' averages them: (1 + 3) / 2 = 2 and (5 - 1) / 2 = 2, one value, drawn mid-scale", () => {
      const image = mapToImage(map, 'mean');
      expect([image.dataMin, image.dataMax]).toEqual([2, 2]);
      expect(pixels(image.rgba)).toEqual([viridisAt(0.5), viridisAt(0.5)]);
      expect(image.channels).toBe(2);
    });

    test("'max' takes the larger: max(1, 3) = 3 and max(5, -1) = 5", () => {
      const image = mapToImage(map, 'max');
      expect([image.min, image.max]).toEqual([3, 5]);
      expect(pixels(image.rgba)).toEqual([viridisAt(0), viridisAt(1)]);
    });

    test('a channel index picks that channel: channel 1 is (3, -1)', () => {
      const image = mapToImage(map, 1);
      expect([image.min, image.max]).toEqual([-1, 3]);
      expect(pixels(image.rgba)).toEqual([viridisAt(1), viridisAt(0)]);
    });

    test('a channel that does not exist is an error naming the count', () => {
      expect(() => mapToImage(map, 2)).toThrow('Channel 2 does not exist: the map has 2 channel(s), 0 to 1');
      expect(() => mapToImage(map, -1)).toThrow(RangeError);
    });
  });

  test("a PatchGAN [g, g, 1] grid draws like the [g, g] map", () => {
    const data = new Float32Array([0.1, 0.9, 0.4, 0.6]);
    expect(mapToImage({ shape: [2, 2, 1], data })).toEqual(mapToImage({ shape: [2, 2], data }));
  });

  test('a rank-4 [N, H, W, C] map averages its N items: (1 + 3) / 2 = 2 and (2 + 6) / 2 = 4', () => {
    const image = mapToImage({ shape: [2, 1, 2, 1], data: [1, 2, 3, 6] });
    expect([image.width, image.height, image.dataMin, image.dataMax]).toEqual([2, 1, 2, 4]);
  });

  describe('ranges', () => {
    test("'symmetric' spans -m to m with m the largest |value|: [-1, 3] -> [-3, 3], t = 2/6 and 6/6", () => {
      const image = mapToImage({ shape: [2], data: [-1, 3] }, 'mean', 'viridis', 'symmetric');
      expect([image.min, image.max]).toEqual([-3, 3]);
      expect(pixels(image.rgba)).toEqual([viridisAt(1 / 3), viridisAt(1)]);
    });

    test('a fixed range clamps values outside it: [-1, 1, 3] in [0, 2] -> t = 0, 1/2, 1', () => {
      const image = mapToImage({ shape: [3], data: [-1, 1, 3] }, 'mean', 'viridis', { min: 0, max: 2 });
      expect([image.min, image.max, image.dataMin, image.dataMax]).toEqual([0, 2, -1, 3]);
      // t = 1/2 -> entry round(127.5) = 128.
      expect(pixels(image.rgba)).toEqual([viridisAt(0), viridisAt(128 / 255), viridisAt(1)]);
    });

    test('a fixed range must be finite with min < max', () => {
      const map = { shape: [1], data: [0] };
      expect(() => mapToImage(map, 'mean', 'viridis', { min: 1, max: 1 })).toThrow('A fixed range needs finite min < max, got 1 to 1');
      expect(() => mapToImage(map, 'mean', 'viridis', { min: 0, max: NaN })).toThrow(RangeError);
    });

    test('an all-zero map in the symmetric range is mid-scale: white in the diverging RdBu_r', () => {
      const image = mapToImage({ shape: [2, 2], data: [0, 0, 0, 0] }, 'mean', 'RdBu_r', 'symmetric');
      // RdBu_r(t) = RdBu(1 - t); at t = 1/2 the table entry is 128, i.e. RdBu(1 - 128/255).
      expect(pixel(image.rgba, 0)).toEqual(parseColor(interpolateRdBu(1 - 128 / 255)));
    });

    test('RdBu_r puts negative values in blue and positive ones in red', () => {
      const image = mapToImage({ shape: [2], data: [-1, 1] }, 'mean', 'RdBu_r', 'symmetric');
      const [low, high] = pixels(image.rgba) as [Rgb, Rgb];
      expect(low[2]).toBeGreaterThan(low[0]); // blue > red
      expect(high[0]).toBeGreaterThan(high[2]); // red > blue
    });
  });

  describe('non-finite values', () => {
    test('NaN and Inf are drawn in the colour map\'s nonFinite colour, counted, and left out of the range', () => {
      const image = mapToImage({ shape: [2, 2], data: new Float32Array([0, NaN, Infinity, 2]) });
      expect(image.nonFinite).toBe(2);
      expect([image.min, image.max]).toEqual([0, 2]);
      expect(pixels(image.rgba)).toEqual([viridisAt(0), MAGENTA, MAGENTA, viridisAt(1)]);
    });

    test("'max' keeps a NaN channel visible instead of skipping it", () => {
      const image = mapToImage({ shape: [1, 2, 2], data: [NaN, 1, 0, 1] }, 'max');
      expect(image.nonFinite).toBe(1);
      expect(pixel(image.rgba, 0)).toEqual(MAGENTA);
    });

    test('a map with no finite value has a NaN range and only nonFinite pixels', () => {
      const image = mapToImage({ shape: [2], data: [NaN, -Infinity] });
      expect([image.min, image.max, image.nonFinite]).toEqual([NaN, NaN, 2]);
      expect(pixels(image.rgba)).toEqual([MAGENTA, MAGENTA]);
    });
  });

  describe('scalars and 1-D maps', () => {
    test.each([[[]], [[1]], [[1, 1, 1]]])('shape %j is a 1x1 image carrying its value', (shape) => {
      const image = mapToImage({ shape, data: new Float32Array([0.7]) });
      expect([image.width, image.height]).toEqual([1, 1]);
      expect(image.value).toBeCloseTo(0.7, 6);
      // One value: the range is a single point, drawn mid-scale.
      expect(pixel(image.rgba, 0)).toEqual(viridisAt(0.5));
    });

    test('a scalar NaN is still reported as its value', () => {
      expect(mapToImage({ shape: [], data: [NaN] }).value).toBeNaN();
    });

    test('shape [N] is a 1xN strip', () => {
      const image = mapToImage({ shape: [3], data: [0, 1, 2] });
      expect([image.width, image.height, image.value]).toEqual([3, 1, null]);
      expect(pixels(image.rgba)).toEqual([viridisAt(0), viridisAt(0.5), viridisAt(1)]);
    });
  });

  test('a shape that does not match the data, or an empty map, is an error', () => {
    expect(() => mapToImage({ shape: [2, 2], data: [1, 2, 3] })).toThrow('A map of shape [2, 2] needs 4 values, got 3');
    expect(() => mapToImage({ shape: [0, 4], data: [] })).toThrow('The map of shape [0, 4] is empty');
    expect(() => mapLayout([2.5])).toThrow(RangeError);
  });

  test('an unknown colour map is an error that lists the known ones', () => {
    expect(() => mapToImage({ shape: [1], data: [0] }, 'mean', 'jet' as never)).toThrow(/Unknown colour map 'jet'; known: viridis, inferno/);
  });
});

describe('colorScaleStops', () => {
  test('3 stops sit at 0, 1/2 and 1, in the colours the heat map draws there', () => {
    const stops = colorScaleStops('viridis', 3);
    expect(stops.map((s) => s.offset)).toEqual([0, 0.5, 1]);
    const css = ([r, g, b]: Rgb) => `rgb(${r}, ${g}, ${b})`;
    expect(stops.map((s) => s.color)).toEqual([css(viridisAt(0)), css(viridisAt(0.5)), css(viridisAt(1))]);
    // The legend and the map agree: mid-scale pixel of a one-value map == the middle stop.
    const mid = mapToImage({ shape: [1], data: [5] });
    expect(stops[1]?.color).toBe(css(pixel(mid.rgba, 0)));
  });

  test('fewer than 2 stops is an error', () => {
    expect(() => colorScaleStops('viridis', 1)).toThrow('A colour scale needs at least 2 stops, got 1');
  });

  test('cssGradient writes the stops left to right in percent', () => {
    expect(cssGradient([{ offset: 0, color: 'rgb(0, 0, 0)' }, { offset: 1 / 3, color: 'rgb(1, 2, 3)' }])).toBe(
      'linear-gradient(to right, rgb(0, 0, 0) 0%, rgb(1, 2, 3) 33.33%)',
    );
  });
});

describe('pointsToPixels', () => {
  test('maps [-extent, extent]^2 onto the canvas with y up', () => {
    // extent 2, size 100: 25 pixels per unit; x = -2 -> 0, y = +2 -> 0 (top row).
    const px = pointsToPixels(new Float32Array([-2, 2, 0, 0, 1, -1, 2, -2]), 2, 100);
    expect(Array.from(px)).toEqual([0, 0, 50, 50, 75, 75, 100, 100]);
  });

  test("the engine's discriminator grid cell centres land on the centres of the background's pixels", () => {
    // planeGrid lists cell (row, col) centres top row first; on a size-px canvas the background
    // cell is (size / res) pixels wide, so its centre is ((col + 1/2), (row + 1/2)) * size / res.
    const res = 4;
    const size = 40;
    const grid = planeGrid(res, 1.5);
    const px = pointsToPixels(grid, 1.5, size);
    for (let row = 0; row < res; row++) {
      for (let col = 0; col < res; col++) {
        const i = 2 * (row * res + col);
        expect(px[i]).toBeCloseTo((col + 0.5) * (size / res), 4);
        expect(px[i + 1]).toBeCloseTo((row + 0.5) * (size / res), 4);
      }
    }
  });

  test('odd-length points and a non-positive extent are errors', () => {
    expect(() => pointsToPixels([1, 2, 3], 1, 10)).toThrow('Points must be x, y pairs, got 3 values');
    expect(() => pointsToPixels([0, 0], 0, 10)).toThrow(RangeError);
  });
});
