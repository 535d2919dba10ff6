// The header our binary files share (the MNIST digits, the digit classifier's weights): four
// ASCII magic bytes, then a little-endian uint32 format version. One check, so every such file
// is refused with the same words.

export interface FileFormat {
  /** Four ASCII characters at offset 0. */
  readonly magic: string;
  /** The uint32 at offset 4 that this app reads. */
  readonly version: number;
  /** The whole header's length: a shorter file is refused before anything is read. */
  readonly headerBytes: number;
}

/**
 * A little-endian view of `bytes` once its length, magic and version are `format`'s;
 * otherwise `fail` is called with what is wrong (it throws, naming the file).
 */
export function checkFileHeader(bytes: Uint8Array, format: FileFormat, fail: (why: string) => never): DataView {
  const { magic, version, headerBytes } = format;
  if (bytes.length < headerBytes) fail(`${bytes.length} bytes, shorter than the ${headerBytes}-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const given = String.fromCharCode(...bytes.subarray(0, 4));
  if (given !== magic) fail(`starts with ${JSON.stringify(given)}, not "${magic}"`);
  const givenVersion = view.getUint32(4, true);
  if (givenVersion !== version) fail(`format version ${givenVersion}, this app reads ${version}`);
  return view;
}
