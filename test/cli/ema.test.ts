import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, type CliOptions } from '../../src/cli/args';
import { main, type MainIo } from '../../src/cli/main';
import { resolveRunSettings } from '../../src/cli/settings';
import { builtinSpec, parseLossLogText } from '../../src/manager';

function options(...argv: string[]): CliOptions {
  const parsed = parseCliArgs([...argv, '--out', 'unused']);
  if (parsed.kind !== 'train') throw new Error('expected a training command');
  return parsed.options;
}

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: MainIo = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, root: process.cwd() };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'cli-ema-'));

describe('--ema-momentum and --ema-start', () => {
  it('parse into the options; a bad value names its flag', () => {
    expect(options('--spec', 'toy/log-loss', '--ema-momentum', '0.001', '--ema-start', '50')).toMatchObject({ emaMomentum: 0.001, emaStart: 50 });
    expect(options('--spec', 'toy/log-loss').emaMomentum).toBeUndefined();
    for (const bad of ['0', '1', '1e-400', 'abc', '']) {
      expect(() => parseCliArgs(['--spec', 'toy/log-loss', '--out', 'o', '--ema-momentum', bad])).toThrow(`--ema-momentum: expected a number between 0 and 1 (both excluded), e.g. 0.001, got "${bad}"`);
    }
    expect(() => parseCliArgs(['--spec', 'toy/log-loss', '--out', 'o', '--ema-start', '2.5'])).toThrow('--ema-start: expected a whole number >= 0, got "2.5"');
    expect(() => parseCliArgs(['--sweep', 's.json', '--out', 'o', '--ema-momentum', '0.1'])).toThrow('--ema-momentum does not go with --sweep');
  });

  it("become the run's ema, over a settings file's; --ema-start alone needs a momentum", async () => {
    expect((await resolveRunSettings(options('--spec', 'toy/log-loss', '--ema-momentum', '0.01'))).settings.ema).toEqual({ momentum: 0.01 });
    expect((await resolveRunSettings(options('--spec', 'toy/log-loss'))).settings.ema).toBeUndefined();
    await expect(resolveRunSettings(options('--spec', 'toy/log-loss', '--ema-start', '3'))).rejects.toThrow('--ema-start needs --ema-momentum X (or "ema": {"momentum": X} in a settings file)');
    const path = resolve('run.json');
    const file = JSON.stringify({ family: 'toy', spec: builtinSpec('toy/log-loss'), ema: { momentum: 0.2, interval: 3, preview: 'live' } });
    const read = async () => file;
    expect((await resolveRunSettings(options('--spec', path), read)).settings.ema).toEqual({ momentum: 0.2, interval: 3, preview: 'live' });
    expect((await resolveRunSettings(options('--spec', path, '--ema-start', '7'), read)).settings.ema).toEqual({ momentum: 0.2, interval: 3, preview: 'live', startIteration: 7 });
  });
});

describe('npm run train with an EMA generator', () => {
  const run = async (dir: string, ...extra: string[]) => {
    const { io, stdout, stderr } = fakeIo();
    const code = await main(['--spec', 'toy/log-loss', '--steps', '4', '--batch-size', '8', '--samples-every', '4', '--metrics-every', '2', '--out', dir, ...extra], io);
    return { code, stdout: stdout(), stderr: stderr() };
  };

  it('measures both generators into the log and saves the average in the checkpoint', async () => {
    const dir = join(tempDir(), 'ema');
    const ema = await run(dir, '--ema-momentum', '0.000001');
    expect(ema.code).toBe(0);
    expect(ema.stdout).toMatch(/, with an EMA generator \(momentum 0\.000001, from iteration 0\)/);
    const log = parseLossLogText(readFileSync(join(dir, 'loss_log.json'), 'utf8')).LOSSMANAGER_LOG as unknown as { series: Record<string, { steps: number[] }> };
    expect(log.series['metric/JS@ema']!.steps).toEqual([2, 4]);
    expect(log.series['metric/JS']!.steps).toEqual([2, 4]);
    const header = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as { weights: { name: string }[]; settings: { ema: unknown } };
    expect(header.settings.ema).toEqual({ momentum: 0.000001 });
    expect(header.weights.map((w) => w.name)).toEqual(expect.arrayContaining(['ema/generator/0:Dense/kernel', 'ema/updates']));
    expect(readdirSync(join(dir, 'samples'))).toHaveLength(1);
  });

  it("warns, as MMagic does, when the momentum is above 0.5 (MMagic's momentum weights the new weights)", async () => {
    const result = await run(join(tempDir(), 'warn'), '--ema-momentum', '0.999');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: EMA momentum 0\.999 is MMagic's: .* for a decay of 0\.999 use momentum 0\.001\n/);
  });
});
