import * as tf from '@tensorflow/tfjs-core';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMnistSource, loadMnist, MnistFormatError, parseMnist, type MnistData } from '../../../src/engine/data/mnist';
import { loadMnistFile } from '../../../src/engine/data/mnistFile';
import { sampleTensor } from '../../../src/engine/data/tensors';

/** The npm package itself, the independent reference: pixels as value / 255 to 3 decimals. */
interface PackageDigit {
  length: number;
  get(index: number): number[];
}
const reference = createRequire(import.meta.url)('mnist') as PackageDigit[];

// The real build script, run twice into a temporary folder (never touching public/).
let dir: string;
let bytes: Uint8Array;
let data: MnistData;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnist-'));
  const build = (name: string) => promisify(execFile)('node', ['scripts/build-mnist.mjs', '--out', join(dir, name)]);
  await Promise.all([build('a.u8'), build('b.u8')]);
  bytes = new Uint8Array(await readFile(join(dir, 'a.u8'))); // a copy that owns its ArrayBuffer
  data = await loadMnistFile(join(dir, 'a.u8'));
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('scripts/build-mnist.mjs', () => {
  it('writes the same bytes on every build', async () => {
    expect(Buffer.from(bytes).equals(await readFile(join(dir, 'b.u8')))).toBe(true);
  });

  it('writes a 16-byte header, 10000 labels and 10000 * 784 pixels', () => {
    expect(bytes.length).toBe(16 + 10_000 + 10_000 * 784);
    expect([data.count, data.rows, data.cols]).toEqual([10_000, 28, 28]);
  });

  it('keeps the package: its first digit, its last, and its count of each label', () => {
    const first = reference[0]!.get(0);
    const firstPixels = Array.from(data.pixels.subarray(0, 784));
    expect(data.labels[0]).toBe(0);
    // Pixel sums agree to the package's 3-decimal rounding (<= 0.0005 * 255 per pixel) ...
    const packageSum = first.reduce((s, v) => s + v * 255, 0);
    expect(Math.abs(firstPixels.reduce((s, v) => s + v, 0) - packageSum)).toBeLessThan(784 * 0.13);
    // ... and every byte is the package's value * 255, rounded.
    expect(firstPixels).toEqual(first.map((v) => Math.round(v * 255)));
    const last = reference[9]!.get(reference[9]!.length - 1);
    expect(data.labels[9999]).toBe(9);
    expect(Array.from(data.pixels.subarray(9999 * 784))).toEqual(last.map((v) => Math.round(v * 255)));
    const counts = new Array<number>(10).fill(0);
    for (const label of data.labels) counts[label]! += 1;
    expect(counts).toEqual(reference.map((d) => d.length));
  });
});

describe('createMnistSource', () => {
  it('gives NHWC batches in [-1, 1] (0 -> -1, 255 -> 1), repeatable for a seed', () => {
    const source = createMnistSource(data, 1);
    expect(source.itemShape).toEqual([28, 28, 1]);
    const batch = source.nextBatch(32);
    expect(batch.length).toBe(32 * 784);
    expect(Math.min(...batch)).toBe(-1);
    expect(Math.max(...batch)).toBe(1);
    expect(createMnistSource(data, 1).nextBatch(32)).toEqual(batch);
    expect(createMnistSource(data, 2).nextBatch(32)).not.toEqual(batch);
  });

  it('keeps only the chosen digits', () => {
    const threes = createMnistSource(data, 1, { digits: [3] });
    expect(threes.size).toBe(reference[3]!.length);
    expect(new Set(threes.nextLabeledBatch(64).labels)).toEqual(new Set([3]));
    expect(() => createMnistSource(data, 1, { digits: [11] })).toThrow('no MNIST digits match digits=[11]');
  });

  it('makes a [n, 28, 28, 1] tensor and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const t = sampleTensor(createMnistSource(data, 1), 4);
    expect(t.shape).toEqual([4, 28, 28, 1]);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('loadMnist', () => {
  it('reads bytes in hand, or fetches data/mnist-10k.u8 relative to the app base', async () => {
    expect((await loadMnist({ bytes: bytes.slice().buffer })).count).toBe(10_000);
    const asked: string[] = [];
    const fetch = async (url: string | URL | Request) => {
      asked.push(String(url));
      return new Response(bytes.slice());
    };
    const fetched = await loadMnist({ base: 'http://app.test/gan/', fetch: fetch as typeof globalThis.fetch });
    expect(asked).toEqual(['http://app.test/gan/data/mnist-10k.u8']);
    expect(fetched.labels).toEqual(data.labels);
  });

  it('refuses other origins and reports HTTP errors', async () => {
    const fetch = (async () => new Response('missing', { status: 404 })) as typeof globalThis.fetch;
    for (const path of ['https://elsewhere.test/mnist.u8', '//elsewhere.test/mnist.u8', '\\\\elsewhere.test/mnist.u8']) {
      await expect(loadMnist({ base: 'http://app.test/', path, fetch })).rejects.toThrow(
        /refusing to fetch MNIST from .*elsewhere\.test.*only a relative path on the app's origin/,
      );
    }
    await expect(loadMnist({ base: 'http://app.test/', fetch })).rejects.toThrow(
      'could not load MNIST from http://app.test/data/mnist-10k.u8: HTTP 404',
    );
  });

  it('names the file and the fault in a bad file', async () => {
    expect(() => parseMnist(bytes.subarray(0, 100), 'm.u8')).toThrow(MnistFormatError);
    expect(() => parseMnist(bytes.subarray(0, 100), 'm.u8')).toThrow(
      'm.u8: 100 bytes, but its header (10000 digits of 28x28) needs 7850016; rebuild it with `npm run data:mnist`',
    );
    expect(() => parseMnist(new TextEncoder().encode('<!doctype html><html></html>'))).toThrow(
      'MNIST file: starts with "<!do", not "MNU8"',
    );
    await expect(loadMnistFile(join(dir, 'absent.u8'))).rejects.toThrow(/absent\.u8: not found; build it with `npm run data:mnist`/);
  });
});
