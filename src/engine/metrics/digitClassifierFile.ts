/**
 * The digit classifier's weights file, committed as public/models/digit-classifier.bin and
 * written by `npm run classifier:digits`. Integers little-endian:
 *
 *   offset  bytes   field
 *   0       4       magic, ASCII "DGCL"
 *   4       4       uint32 format version, 1
 *   8       4       uint32 count of float32 weights that follow (CLASSIFIER_PARAM_COUNT)
 *   12      4*count float32 weights, tensor after tensor in CLASSIFIER_SHAPES order, row-major
 */
import { checkFileHeader } from '../data/fileHeader';
import { CLASSIFIER_PARAM_COUNT, CLASSIFIER_SHAPES, sizeOf } from './digitClassifier';

/** Where the app serves the file, relative to its base URL (Vite copies public/ to dist/). */
export const DIGIT_CLASSIFIER_PATH = 'models/digit-classifier.bin';
const MAGIC = 'DGCL';
const VERSION = 1;
const HEADER_BYTES = 12;

export class ClassifierFileError extends Error {
  override readonly name = 'ClassifierFileError';
}

export function encodeClassifierWeights(weights: readonly Float32Array[]): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES + 4 * CLASSIFIER_PARAM_COUNT);
  const view = new DataView(bytes.buffer);
  bytes.set([...MAGIC].map((c) => c.charCodeAt(0)), 0);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, CLASSIFIER_PARAM_COUNT, true);
  let at = HEADER_BYTES;
  weights.forEach((w) => w.forEach((v) => {
    view.setFloat32(at, v, true);
    at += 4;
  }));
  if (at !== bytes.length) throw new RangeError(`the classifier has ${CLASSIFIER_PARAM_COUNT} weights, got ${(at - HEADER_BYTES) / 4}`);
  return bytes;
}

/** The weights, one array per tensor of CLASSIFIER_SHAPES; a file of another shape is refused, naming `name`. */
export function parseClassifierWeights(bytes: Uint8Array, name = 'digit classifier file'): Float32Array[] {
  const fail = (why: string): never => {
    throw new ClassifierFileError(`${name}: ${why}; rebuild it with \`npm run classifier:digits\``);
  };
  const view = checkFileHeader(bytes, { magic: MAGIC, version: VERSION, headerBytes: HEADER_BYTES }, fail);
  const count = view.getUint32(8, true);
  if (count !== CLASSIFIER_PARAM_COUNT) fail(`${count} weights, the classifier has ${CLASSIFIER_PARAM_COUNT}`);
  if (bytes.length !== HEADER_BYTES + 4 * count) fail(`${bytes.length} bytes, its header needs ${HEADER_BYTES + 4 * count}`);
  let at = HEADER_BYTES;
  return CLASSIFIER_SHAPES.map((shape) => {
    const values = new Float32Array(sizeOf(shape));
    for (let i = 0; i < values.length; i++, at += 4) values[i] = view.getFloat32(at, true);
    return values;
  });
}

/** Fetches the file from the app's own origin (`base`: the app's base URL). */
export async function fetchClassifierWeights(base: string | URL, fetchFn: typeof fetch = fetch): Promise<Float32Array[]> {
  const url = new URL(DIGIT_CLASSIFIER_PATH, base);
  const response = await fetchFn(url);
  if (!response.ok) throw new ClassifierFileError(`could not load the digit classifier from ${url.href}: HTTP ${response.status}`);
  return parseClassifierWeights(new Uint8Array(await response.arrayBuffer()), url.pathname);
}
