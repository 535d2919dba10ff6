import { execFileSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, type CliOptions } from '../../src/cli/args';
import { MAX_TEXT_FILE_BYTES, readTextFile } from '../../src/cli/readTextFile';
import { resolveRunSettings } from '../../src/cli/settings';
import { loadSweep } from '../../src/cli/sweep/loadSweep';

function options(...argv: string[]): CliOptions {
  const parsed = parseCliArgs([...argv, '--out', 'unused']);
  if (parsed.kind !== 'train') throw new Error('expected a training command');
  return parsed.options;
}

const dir = () => mkdtempSync(join(tmpdir(), 'cli-read-'));

describe('files the user names are looked at before they are read', () => {
  it('reads a regular file; refuses a device, a pipe and a file over 16 MiB without reading them', async () => {
    const d = dir();
    writeFileSync(join(d, 'spec.json'), '{"losses": []}');
    expect(await readTextFile(join(d, 'spec.json'))).toBe('{"losses": []}');
    // Bug: /dev/zero was read for ~12 s (600 MB) before "Invalid string length".
    await expect(readTextFile('/dev/zero')).rejects.toThrow('it is not a regular file: a device, pipe or socket');
    // Bug: reading a named pipe waited for a writer that never came.
    execFileSync('mkfifo', [join(d, 'pipe.json')]);
    await expect(readTextFile(join(d, 'pipe.json'))).rejects.toThrow('not a regular file');
    const big = join(d, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, MAX_TEXT_FILE_BYTES + 1); // sparse: nothing is written
    await expect(readTextFile(big)).rejects.toThrow(`it is ${16 * 1024 * 1024 + 1} bytes, over the ${16 * 1024 * 1024} (16 MiB)`);
    await expect(readTextFile(d)).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(readTextFile(join(d, 'none.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('--spec and --sweep say which file and why', async () => {
    const d = dir();
    execFileSync('mkfifo', [join(d, 'pipe.json')]);
    await expect(resolveRunSettings(options('--spec', '/dev/zero'))).rejects.toThrow('--spec: cannot read spec file /dev/zero (it is not a regular file: a device, pipe or socket)');
    await expect(resolveRunSettings(options('--spec', join(d, 'pipe.json')))).rejects.toThrow(`--spec: cannot read spec file ${join(d, 'pipe.json')} (it is not a regular file`);
    await expect(loadSweep(join(d, 'pipe.json'))).rejects.toThrow(`${join(d, 'pipe.json')}: cannot read it (it is not a regular file: a device, pipe or socket)`);
  });
});
