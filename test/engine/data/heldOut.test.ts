import { describe, expect, it } from 'vitest';
import { heldOutIndices, splitHeldOut } from '../../../src/engine/data/heldOut';

describe("the held-out share of the user's A|B images", () => {
  it('holds out floor(n x share) images, spread evenly: the middle of each run of n / count', () => {
    // 10 images at 10%: one, the middle of all ten (floor(0.5 x 10) = 5).
    expect(heldOutIndices(10, 0.1)).toEqual([5]);
    // 20 at 20%: four, one in each run of five, at floor((k + 0.5) x 5) = 2, 7, 12, 17.
    expect(heldOutIndices(20, 0.2)).toEqual([2, 7, 12, 17]);
    // 7 at 50%: three, at floor((k + 0.5) x 7/3) = 1, 3, 5.
    expect(heldOutIndices(7, 0.5)).toEqual([1, 3, 5]);
  });

  it('none from too few images, none at share 0, at most half', () => {
    expect(heldOutIndices(9, 0.1)).toEqual([]);
    expect(heldOutIndices(100, 0)).toEqual([]);
    expect(heldOutIndices(4, 0.9)).toEqual([1, 3]);
    expect(heldOutIndices(0, 0.5)).toEqual([]);
  });

  it('splits into training and held-out items, each in order, together all of them once', () => {
    const items = Array.from({ length: 20 }, (_, i) => `img${i}`);
    const { train, heldOut } = splitHeldOut(items, 0.2);
    expect(heldOut).toEqual(['img2', 'img7', 'img12', 'img17']);
    expect(train).toHaveLength(16);
    expect([...train, ...heldOut].sort()).toEqual([...items].sort());
  });
});
