// `npm run train -- ... --export-mmagic DIR`: a run's or a sweep's MMagic configs, launch
// scripts and README, written instead of training.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/args';
import { main, type MainIo } from '../../src/cli/main';
import { lossesFromPython } from '../../src/ui/spec/pastedLosses';

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: MainIo = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, root: process.cwd() };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'cli-mmagic-'));
const read = (...parts: string[]) => readFileSync(join(...parts), 'utf8');
const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;

describe('--export-mmagic', () => {
  it('takes the place of --out, which it refuses beside it; a sweep takes it too', () => {
    expect(parseCliArgs(['--spec', 'dcgan', '--export-mmagic', 'x'])).toMatchObject({ kind: 'train', options: { exportMMagic: 'x', out: 'x' } });
    expect(() => parseCliArgs(['--spec', 'dcgan', '--export-mmagic', 'x', '--out', 'y'])).toThrow('--export-mmagic DIR writes MMagic configs instead of training: leave out --out');
    expect(() => parseCliArgs(['--spec', 'dcgan', '--export-mmagic', ''])).toThrow('--export-mmagic DIR: expected the folder for the MMagic configs');
    expect(parseCliArgs(['--sweep', 's.json', '--export-mmagic', 'x'])).toMatchObject({ kind: 'sweep', options: { file: 's.json', exportMMagic: 'x' } });
    expect(() => parseCliArgs(['--sweep', 's.json', '--export-mmagic', 'x', '--steps', '5'])).toThrow('--steps does not go with --sweep');
  });

  it('a run: configs/NAME.py with the run\'s steps and batch, executable launch scripts, a README; nothing trains', async () => {
    const dir = join(tempDir(), 'export');
    const { io, stdout, stderr } = fakeIo();
    const code = await main(['--spec', 'pix2pix/basic', '--steps', '3000', '--batch-size', '2', '--name', 'my run', '--export-mmagic', dir], io);
    expect(code, stderr()).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'configs', 'slurm_array.sh', 'train.sh']);
    expect(readdirSync(join(dir, 'configs'))).toEqual(['my-run.py']);
    const config = read(dir, 'configs', 'my-run.py');
    expect(config).toContain("type='Pix2Pix'");
    expect(config).toContain('max_iters=3000');
    expect(config).toContain('batch_size=2,');
    expect(stdout()).toContain(`wrote 1 MMagic config(s) to ${join(dir, 'configs')}`);
    for (const script of ['train.sh', 'slurm_array.sh']) {
      expect(statSync(join(dir, script)).mode & 0o111).not.toBe(0);
      expect(read(dir, script)).toContain('  configs/my-run.py\n');
    }
    expect(read(dir, 'train.sh')).toContain('bash "$MMAGIC/tools/dist_train.sh" "$CONFIG" "$GPUS" --work-dir "$WORK_DIR"');
    expect(read(dir, 'train.sh')).toContain('torchrun --nnodes=');
    expect(read(dir, 'slurm_array.sh')).toContain('#SBATCH --array=0-0\n');
    expect(read(dir, 'slurm_array.sh')).toContain('--launcher slurm');
    const readme = read(dir, 'README.md');
    expect(readme).toContain('| `loss_pixel` | G | G_L1 | pixel_loss_weight x mean \\|fake_b - real_b\\| |');
    expect(readme).toContain('channels-last (NHWC)');
    expect(readme).toContain("MMagic's Pix2Pix halves D's loss");
    expect(existsSync(join(dir, 'loss_log.json'))).toBe(false);
  });

  it.skipIf(!hasBash)('the launch scripts are valid bash, and train.sh says what it needs without MMAGIC', async () => {
    const dir = join(tempDir(), 'export');
    expect(await main(['--spec', 'dcgan', '--export-mmagic', dir], fakeIo().io)).toBe(0);
    for (const script of ['train.sh', 'slurm_array.sh']) expect(spawnSync('bash', ['-n', join(dir, script)], { encoding: 'utf8' }).stderr).toBe('');
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'MMAGIC'));
    const run = spawnSync('bash', [join(dir, 'train.sh')], { encoding: 'utf8', env });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('set MMAGIC to your MMagic 1.x checkout');
  });

  it('a sweep: one config per variant, named as its training folder, each with its axis value; one array task each', async () => {
    const root = tempDir();
    const file = join(root, 'sweep.json');
    writeFileSync(file, JSON.stringify({ base: 'pix2pix/basic', axes: { 'losses.G_L1.loss_weight': [1, 10, 100] }, seeds: [1, 2], steps: 2000 }));
    const dir = join(root, 'export');
    const { io, stderr } = fakeIo();
    expect(await main(['--sweep', file, '--export-mmagic', dir], io), stderr()).toBe(0);
    const names = readdirSync(join(dir, 'configs')).sort();
    expect(names).toEqual([1, 10, 100].flatMap((w) => [1, 2].map((s) => `G_L1.loss_weight=${w}_seed=${s}.py`)).sort());
    for (const name of names) {
      const [, weight, seed] = /loss_weight=(\d+)_seed=(\d)/.exec(name)!;
      const config = read(dir, 'configs', name);
      expect(config).toContain(`loss_config=dict(pixel_loss_weight=${weight}.0)`);
      expect(config).toContain(`randomness = dict(seed=${seed}, diff_rank_seed=True)`);
      expect(config).toContain('max_iters=2000');
      // The variant's own spec pastes back with its weight.
      const pasted = lossesFromPython(config);
      expect(pasted.ok && pasted.losses.find((l) => l.name === 'G_L1')?.loss_weight).toBe(Number(weight));
    }
    expect(read(dir, 'slurm_array.sh')).toContain('#SBATCH --array=0-5\n');
    expect(read(dir, 'README.md')).toContain(`Exported by \`npm run train -- --sweep ${file} --export-mmagic ${dir}\`: 6 MMagic 1.x training config(s)`);
  });

  it('refuses the toy GAN with exit code 2, saying MMagic has no model for it, and writes nothing', async () => {
    const dir = join(tempDir(), 'export');
    const { io, stderr } = fakeIo();
    expect(await main(['--spec', 'toy/log-loss', '--export-mmagic', dir], io)).toBe(2);
    expect(stderr()).toContain("error: MMagic 1.x has no model for GAN Lab's 2-D toy GAN");
    expect(existsSync(dir)).toBe(false);
  });
});
