/**
 * The user's own pix2pix pairs, in pix2pix's side-by-side format: one image 2W x H holding A
 * (left half) and B (right half). Input is RGBA as in ImageData or a decoded PNG, so the page
 * decodes with the browser and the engine never needs an image codec.
 */
import { createRandom, epochSampler } from './random';
import { checkBatchSize, type ImagePairs, type PairSource } from './source';

/** RGBA bytes, row-major, 4 per pixel: what `ImageData` holds. */
export interface RgbaImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/** One A|B image split and resized: each half size x size x 3 in [-1, 1]. */
export interface ImagePair {
  a: Float32Array;
  b: Float32Array;
}

/** Thrown for an image that is not a usable A|B pair; the message starts with the file name. */
export class PairImageError extends Error {
  override readonly name = 'PairImageError';
}

/**
 * Area-averaging weights along one axis (OpenCV's INTER_AREA): output pixel o covers input
 * [o * s, (o + 1) * s) with s = inN / outN, and each input pixel counts by how much of it lies
 * inside. Chosen over nearest and bilinear because shrinking a 256 px photo to 32 px with those
 * samples 1 or 4 pixels of every 64 and drops the thin lines that edge maps are made of.
 */
function areaWeights(inN: number, outN: number): [number, number][][] {
  const scale = inN / outN;
  return Array.from({ length: outN }, (_, o) => {
    const [lo, hi] = [o * scale, (o + 1) * scale];
    const taps: [number, number][] = [];
    for (let i = Math.floor(lo); i < Math.min(inN, Math.ceil(hi)); i++) {
      const overlap = Math.min(hi, i + 1) - Math.max(lo, i);
      if (overlap > 0) taps.push([i, overlap / scale]);
    }
    return taps;
  });
}

/** One half (columns x0 .. x0 + w - 1) resized to size x size RGB in [-1, 1]. */
function resizeHalf(image: RgbaImage, x0: number, w: number, size: number): Float32Array {
  const { data, width, height } = image;
  const [xTaps, yTaps] = [areaWeights(w, size), areaWeights(height, size)];
  const out = new Float32Array(size * size * 3);
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      const sum = [0, 0, 0];
      for (const [y, wy] of yTaps[oy]!) {
        for (const [x, wx] of xTaps[ox]!) {
          const p = 4 * (y * width + x0 + x);
          // Composite over white: a transparent background reads as paper, not as black.
          const alpha = data[p + 3]! / 255;
          for (let c = 0; c < 3; c++) sum[c]! += wy * wx * (data[p + c]! * alpha + 255 * (1 - alpha));
        }
      }
      for (let c = 0; c < 3; c++) out[3 * (oy * size + ox) + c] = sum[c]! / 127.5 - 1;
    }
  }
  return out;
}

/**
 * Splits an A|B image into its halves, each resized by area averaging to size x size (a
 * non-square half is stretched, as pix2pix's `resize` preprocessing does). Alpha is composited
 * over white. Throws a PairImageError naming `name` for an odd width, a half smaller than the
 * training size (enlarging would teach the model blur), or pixel data of the wrong length.
 */
export function splitPairImage(image: RgbaImage, size: number, name: string): ImagePair {
  const { data, width, height } = image;
  const fail = (why: string): never => {
    throw new PairImageError(`"${name}": ${why}`);
  };
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    fail(`width and height must be positive integers, got ${width} x ${height}`);
  }
  if (data.length !== width * height * 4) {
    fail(`${data.length} bytes of pixel data for a ${width} x ${height} image; RGBA needs ${width * height * 4}`);
  }
  if (width % 2 !== 0) {
    fail(`width ${width} is odd; an A|B pair is two halves of equal width side by side`);
  }
  const half = width / 2;
  if (half < size || height < size) {
    fail(`each half is ${half} x ${height} px, smaller than the ${size} x ${size} training size`);
  }
  return { a: resizeHalf(image, 0, half, size), b: resizeHalf(image, half, half, size) };
}

/** A seeded source over the user's split pairs (all `size` x `size`), in shuffled epochs. */
export function createImagePairSource(pairs: readonly ImagePair[], size: number, seed: number): PairSource {
  const pixels = size * size * 3;
  if (pairs.length === 0) throw new RangeError('no image pairs: load at least one A|B image');
  pairs.forEach((p, i) => {
    if (p.a.length !== pixels || p.b.length !== pixels) {
      throw new RangeError(`pair ${i} is not ${size} x ${size} x 3; split it with splitPairImage(..., ${size}, name)`);
    }
  });
  const nextIndex = epochSampler(pairs.length, createRandom(seed));
  return {
    shapeA: [size, size, 3],
    shapeB: [size, size, 3],
    size: pairs.length,
    nextPairs(n): ImagePairs {
      checkBatchSize(n);
      const [a, b] = [new Float32Array(n * pixels), new Float32Array(n * pixels)];
      for (let k = 0; k < n; k++) {
        const pair = pairs[nextIndex()]!;
        a.set(pair.a, k * pixels);
        b.set(pair.b, k * pixels);
      }
      return { a, b };
    },
  };
}
