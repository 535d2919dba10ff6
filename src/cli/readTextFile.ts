// Reads a file the user named (a spec, settings or sweep file) as UTF-8, after looking at what
// it is: `--spec /dev/zero` read ~600 MB for ~12 s before failing with "Invalid string length",
// and a named pipe hung the CLI until something wrote to it. stat() opens neither.
import { readFile, stat } from 'node:fs/promises';

/** Far above any spec or settings file (10,000 drawn points are ~200 kB). */
export const MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024;

/** What the file is, when it is not a text file this reads; `code` as Node's errors carry one. */
export class TextFileError extends Error {
  readonly code: 'ENOTREGULAR' | 'ETOOLARGE';
  constructor(message: string, code: 'ENOTREGULAR' | 'ETOOLARGE') {
    super(message);
    this.name = 'TextFileError';
    this.code = code;
  }
}

/** Node's own errors (ENOENT, EISDIR, EACCES) pass through, for the caller's words. */
export async function readTextFile(path: string, maxBytes = MAX_TEXT_FILE_BYTES): Promise<string> {
  const info = await stat(path);
  if (info.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path} is a directory`), { code: 'EISDIR' });
  if (!info.isFile()) throw new TextFileError('it is not a regular file: a device, pipe or socket', 'ENOTREGULAR');
  if (info.size > maxBytes) {
    throw new TextFileError(`it is ${info.size} bytes, over the ${maxBytes} (16 MiB) a spec, settings or sweep file may be`, 'ETOOLARGE');
  }
  return readFile(path, 'utf8');
}
