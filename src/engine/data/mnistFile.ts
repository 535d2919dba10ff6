/**
 * Node-only (it imports node:fs): reads the MNIST file for headless training and tests. Never
 * import this from code the page or the worker bundles; they use `loadMnist` in mnist.ts.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseMnist, type MnistData } from './mnist';

/** Where `npm run data:mnist` writes the file, relative to the repository root. */
export const MNIST_FILE = 'public/data/mnist-10k.u8';

/** Reads and checks the file; `path` is resolved against the working directory. */
export async function loadMnistFile(path: string = MNIST_FILE): Promise<MnistData> {
  const absolute = resolve(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : String(error);
    throw new Error(`MNIST file ${absolute}: ${why}; build it with \`npm run data:mnist\``, { cause: error });
  }
  return parseMnist(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), absolute);
}
