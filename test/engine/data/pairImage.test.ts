import { describe, expect, it } from 'vitest';
import { createImagePairSource, PairImageError, splitPairImage } from '../../../src/engine/data/pairImage';

// A 4 x 2 A|B image: A is columns 0-1, B columns 2-3. RGBA per pixel.
// prettier-ignore
const data = Uint8Array.from([
  255, 0, 0, 255,   0, 255, 0, 255,     0, 0, 255, 255,   255, 255, 255, 255, // red green | blue white
  0, 0, 0, 255,     255, 255, 0, 255,   0, 0, 0, 0,       51, 102, 153, 255,  // black yellow | transparent, (51, 102, 153)
]);
const image = { data, width: 4, height: 2 };

const close = (actual: Float32Array, expected: number[]) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i], `value ${i}`).toBeCloseTo(e, 6));
};

describe('splitPairImage', () => {
  it('splits A (left) from B (right), 0..255 to [-1, 1], transparent as white', () => {
    const { a, b } = splitPairImage(image, 2, 'pair.png');
    close(a, [1, -1, -1, -1, 1, -1, -1, -1, -1, 1, 1, -1]);
    // 51 / 127.5 - 1 = -0.6, 102 / 127.5 - 1 = -0.2, 153 / 127.5 - 1 = 0.2
    close(b, [-1, -1, 1, 1, 1, 1, 1, 1, 1, -0.6, -0.2, 0.2]);
  });

  it('shrinks by area averaging: 2 x 2 to 1 x 1 is the mean of the four pixels', () => {
    const { a, b } = splitPairImage(image, 1, 'pair.png');
    // A: R (255 + 0 + 0 + 255) / 4 = 127.5 -> 0; G (0 + 255 + 0 + 255) / 4 -> 0; B 0 -> -1.
    close(a, [0, 0, -1]);
    // B: R (0 + 255 + 255 + 51) / 4 = 140.25 -> 0.1; G (0 + 255 + 255 + 102) / 4 = 153 -> 0.2;
    //    B (255 + 255 + 255 + 153) / 4 = 229.5 -> 0.8.
    close(b, [0.1, 0.2, 0.8]);
  });

  it('keeps a flat colour flat when the scale is fractional (3 -> 2 px)', () => {
    const flat = { data: new Uint8Array(6 * 3 * 4).fill(51), width: 6, height: 3 };
    for (let i = 3; i < flat.data.length; i += 4) flat.data[i] = 255;
    const { a } = splitPairImage(flat, 2, 'flat.png');
    close(a, new Array<number>(12).fill(-0.6));
  });

  it('names the file and what is wrong', () => {
    const odd = { data: new Uint8Array(3 * 2 * 4), width: 3, height: 2 };
    expect(() => splitPairImage(odd, 1, 'facade.png')).toThrow(PairImageError);
    expect(() => splitPairImage(odd, 1, 'facade.png')).toThrow(
      '"facade.png": width 3 is odd; an A|B pair is two halves of equal width side by side',
    );
    expect(() => splitPairImage(image, 4, 'tiny.png')).toThrow(
      '"tiny.png": each half is 2 x 2 px, smaller than the 4 x 4 training size',
    );
    expect(() => splitPairImage({ data: new Uint8Array(8), width: 4, height: 2 }, 1, 'cut.png')).toThrow(
      '"cut.png": 8 bytes of pixel data for a 4 x 2 image; RGBA needs 32',
    );
    expect(() => splitPairImage({ data: new Uint8Array(0), width: 0, height: 2 }, 1, 'empty.png')).toThrow(
      '"empty.png": width and height must be positive integers, got 0 x 2',
    );
  });
});

describe('createImagePairSource', () => {
  it('draws every pair once per epoch, A with its own B', () => {
    const pairs = [splitPairImage(image, 1, 'one.png'), { a: new Float32Array(3).fill(0.5), b: new Float32Array(3).fill(-0.5) }];
    const source = createImagePairSource(pairs, 1, 7);
    expect(source.shapeA).toEqual([1, 1, 3]);
    const { a, b } = source.nextPairs(2);
    const firsts = [a[0], a[3]].sort();
    expect(firsts).toEqual([0, 0.5]);
    // Each A stays with its B: A 0 goes with B R 0.1, A 0.5 with B -0.5.
    for (const k of [0, 1]) expect(b[3 * k]).toBeCloseTo(a[3 * k] === 0 ? 0.1 : -0.5, 6);
    expect(() => createImagePairSource([], 1, 1)).toThrow('no image pairs');
    expect(() => createImagePairSource(pairs, 2, 1)).toThrow('pair 0 is not 2 x 2 x 3');
  });
});
