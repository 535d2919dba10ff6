import { describe, expect, it } from 'vitest';
import { checkFileHeader, type FileFormat } from '../../../src/engine/data/fileHeader';

const FORMAT: FileFormat = { magic: 'ABCD', version: 2, headerBytes: 12 };
const fail = (why: string): never => {
  throw new Error(why);
};

/** `pad` bytes of 0xff, then magic, a version and a uint32 payload of 7. */
function file(magic: string, version: number, pad = 0): Uint8Array {
  const bytes = new Uint8Array(pad + 12).fill(0xff);
  bytes.set([...magic].map((c) => c.charCodeAt(0)), pad);
  const view = new DataView(bytes.buffer);
  view.setUint32(pad + 4, version, true);
  view.setUint32(pad + 8, 7, true);
  return bytes;
}

describe('checkFileHeader', () => {
  it('gives a little-endian view of the bytes it was given, even inside a larger buffer', () => {
    const view = checkFileHeader(file('ABCD', 2, 3).subarray(3), FORMAT, fail);
    expect(view.byteLength).toBe(12);
    expect(view.getUint32(8, true)).toBe(7);
  });

  it('refuses a short file, another magic and another version, in that order', () => {
    expect(() => checkFileHeader(file('ABCD', 2).subarray(0, 11), FORMAT, fail)).toThrow(/^11 bytes, shorter than the 12-byte header$/);
    expect(() => checkFileHeader(file('<!do', 9), FORMAT, fail)).toThrow(/^starts with "<!do", not "ABCD"$/);
    expect(() => checkFileHeader(file('ABCD', 3), FORMAT, fail)).toThrow(/^format version 3, this app reads 2$/);
  });
});
