import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFolder, prepareOutDir } from '../../src/cli/outDir';

const tempDir = () => mkdtempSync(join(tmpdir(), 'cli-outdir-'));

describe('the --out folder', () => {
  it('is made level by level, samples/ included, and an existing folder is fine', async () => {
    const out = join(tempDir(), 'a', 'b', 'c');
    const paths = await prepareOutDir(out, false);
    expect(statSync(paths.samples).isDirectory()).toBe(true);
    await makeFolder(out); // already there: nothing to do
    expect(existsSync(join(out, `.write-test-${process.pid}`))).toBe(false);
  });

  it('under a file: names the file', async () => {
    const file = join(tempDir(), 'f');
    writeFileSync(file, '');
    await expect(prepareOutDir(join(file, 'x', 'y'), false)).rejects.toMatchObject({
      exitCode: 2,
      message: `--out: cannot write to the folder ${join(file, 'x', 'y')} (ENOTDIR: ${file} is a file)`,
    });
  });

  // Node's recursive mkdir spun at 100% CPU forever here. A real process with a time limit, so
  // a hang fails in seconds and leaves no spinning thread behind.
  it.skipIf(!existsSync('/proc/self'))('on procfs: exit code 2 and one line naming the path, at once', () => {
    const started = Date.now();
    const result = spawnSync(process.execPath, ['src/cli/launch.mjs', 'src/cli/train.ts', '--spec', 'toy/log-loss', '--out', '/proc/self/foo/bar'], {
      encoding: 'utf8',
      timeout: 30_000, // ~2 s here
    });
    expect(result.signal, `killed after ${Date.now() - started} ms: hung`).toBeNull();
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: --out: cannot write to the folder \/proc\/self\/foo\/bar \(E[A-Z]+ at \/proc\/self(\/foo)?\)$/);
  }, 40_000);
});
