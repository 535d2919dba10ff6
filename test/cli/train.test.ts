import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLossLogText } from '../../src/manager';

describe('npm run train', () => {
  it('trains the toy GAN for 10 steps as a real process and writes the log, samples and checkpoint', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cli-train-')), 'run');
    const result = spawnSync('npm', ['run', '--silent', 'train', '--', '--spec', 'toy/log-loss', '--steps', '10', '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
      timeout: 60_000,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status, output).toBe(0);
    // Not a terminal: plain progress lines, and no tfjs banner (the CLI runs in prod mode).
    expect(result.stdout).toContain('step 10/10 (100%)');
    expect(result.stdout).toMatch(/done: 10 steps in [\d.]+ s/);
    expect(result.stderr).not.toContain('tfjs-node');
    const log = parseLossLogText(readFileSync(join(out, 'loss_log.json'), 'utf8'));
    expect(log.LOSSMANAGER_LOG.loss_functions.D_real?.steps).toHaveLength(10);
    expect(readdirSync(join(out, 'samples'))).toHaveLength(10);
    expect(existsSync(join(out, 'checkpoint.json')) && existsSync(join(out, 'checkpoint.bin'))).toBe(true);
  }, 60_000);

  it('reports a usage error in one line with exit code 2', () => {
    // The command behind the script, without npm's start-up.
    const result = spawnSync(process.execPath, ['src/cli/launch.mjs', 'src/cli/train.ts', '--spec', 'toy/log-loss'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('error: --out DIR is required: the folder for the loss log, samples and checkpoint\n');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack
  }, 60_000);

  it('refuses run settings that cannot run with their paths and exit code 2, before training', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cli-train-')), 'run');
    const args = ['src/cli/launch.mjs', 'src/cli/train.ts', '--spec', 'toy/log-loss', '--batch-size', '100000', '--out', out];
    const result = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('error: run settings from the flags: batchSize: must be a whole number from 1 to 65,536, got 100000\n');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(out, 'loss_log.json'))).toBe(false);
  }, 60_000);
});
