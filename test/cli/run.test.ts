import * as tf from '@tensorflow/tfjs';
import { decode } from 'fast-png';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type MainIo } from '../../src/cli/main';
import { finiteWeights } from '../../src/engine/checkpoint';
import { resumeRun, type Checkpoint } from '../../src/engine/checkpoint';
import { FileCheckpointStore } from '../../src/engine/checkpoint/fileStore';
import { builtinSpec, parseLossLogText } from '../../src/manager';
import { HOSTILE_NAMES } from '../helpers/hostileNames';
import { expectPrototypesUntouched } from '../helpers/prototypes';

/** Collects what the CLI prints; not a terminal, so progress comes as lines. */
function fakeIo(extra: Partial<MainIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: MainIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    root: process.cwd(),
    // Snapshot at every read-back, so the NaN case keeps the newest good state.
    tuning: { snapshotMs: 0 },
    ...extra,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'cli-run-'));

describe('main: a toy run in-process', () => {
  it('writes a loss log with every loss at every step, sample PNGs and a checkpoint that loads', async () => {
    const dir = join(tempDir(), 'toy-run');
    const { io, stdout, stderr } = fakeIo();
    const before = tf.memory().numTensors;
    const code = await main(['--spec', 'toy/log-loss', '--steps', '20', '--batch-size', '16', '--out', dir], io);
    expect(stderr()).toBe('');
    expect(code).toBe(0);
    expect(tf.memory().numTensors).toBe(before);

    // One progress line per tenth: steps 2, 4, ... 20.
    const lines = stdout().split('\n').filter((l) => l.startsWith('step '));
    expect(lines.map((l) => l.split(' ')[1])).toEqual(['2/20', '4/20', '6/20', '8/20', '10/20', '12/20', '14/20', '16/20', '18/20', '20/20']);
    expect(lines.at(-1)).toMatch(/^step 20\/20 \(100%\) {2}[\d.]+ steps\/s {2}G \d+\.\d{4} {2}D \d+\.\d{4}$/);
    expect(stdout()).toContain(`done: 20 steps in `);

    const log = parseLossLogText(readFileSync(join(dir, 'loss_log.json'), 'utf8'));
    const { loss_functions: losses, ...meta } = log.LOSSMANAGER_LOG;
    expect(Object.keys(losses)).toEqual(['G_GAN', 'D_real', 'D_fake']);
    for (const series of Object.values(losses)) {
      expect(series.steps).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(series.loss.every(Number.isFinite)).toBe(true);
    }
    expect(meta).toMatchObject({ experiment: 'toy-run', backend: 'cpu', device: 'cpu', spec: builtinSpec('toy/log-loss') });

    // Default: 10 samples over the run, every 2 steps.
    const pngs = readdirSync(join(dir, 'samples'));
    expect(pngs).toEqual(['step-000002.png', 'step-000004.png', 'step-000006.png', 'step-000008.png', 'step-000010.png', 'step-000012.png', 'step-000014.png', 'step-000016.png', 'step-000018.png', 'step-000020.png']);
    expect(decode(readFileSync(join(dir, 'samples', 'step-000020.png')))).toMatchObject({ width: 240, height: 240, channels: 4 });

    const checkpoint = await new FileCheckpointStore(dir).load();
    expect(checkpoint?.header).toMatchObject({ iteration: 20, settings: { family: 'toy', batchSize: 16 } });
    const { setup, trainer } = await resumeRun(checkpoint!, { loadMnist: () => Promise.reject(new Error('toy needs no digits')) });
    expect(trainer.iteration).toBe(20);
    trainer.dispose();
    setup.models.dispose();
  });

  it('trains losses named like Object.prototype members: every one in the log at every step, and the checkpoint resumes', async () => {
    // Bug: `__proto__` was dropped when the losses were built ("unknown loss"), and the log
    // writer threw after training, so the CLI exited 1 without a loss_log.json.
    const root = tempDir();
    const gan = (name: string, input: string, is_disc: boolean, target_is_real: boolean, tag: string) => ({ name, type: 'GANLoss', gan_type: 'vanilla', is_disc, target_is_real, data_info: { input }, tags: [tag] });
    const pixel = (name: string, type: string) => ({ name, type, loss_weight: 0.01, data_info: { pred: 'fake_imgs', target: 'real_imgs' }, tags: ['G'] });
    const spec = {
      losses: [
        gan('toString', 'disc_pred_fake', false, true, 'G'),
        gan('__proto__', 'disc_pred_real', true, true, 'D'),
        gan('constructor', 'disc_pred_fake', true, false, 'D'),
        pixel('valueOf', 'L1Loss'),
        pixel('hasOwnProperty', 'MSELoss'),
      ],
    };
    writeFileSync(join(root, 'spec.json'), JSON.stringify(spec));
    const dir = join(root, 'out');
    const { io, stderr } = fakeIo();
    expect(await main(['--spec', join(root, 'spec.json'), '--family', 'toy', '--steps', '6', '--samples-every', '0', '--out', dir], io)).toBe(0);
    expect(stderr()).toBe('');
    const losses = parseLossLogText(readFileSync(join(dir, 'loss_log.json'), 'utf8')).LOSSMANAGER_LOG.loss_functions;
    const names = spec.losses.map((l) => l.name);
    expect(new Set(names)).toEqual(new Set(HOSTILE_NAMES));
    expect(Object.keys(losses)).toEqual(names);
    for (const name of names) expect(Object.hasOwn(losses, name) && losses[name]!.steps).toEqual([0, 1, 2, 3, 4, 5]);
    const checkpoint = await new FileCheckpointStore(dir).load();
    const { setup, trainer } = await resumeRun(checkpoint!, { loadMnist: () => Promise.reject(new Error('toy needs no digits')) });
    expect(Object.keys(trainer.manager.getLossWeights())).toEqual(names);
    trainer.dispose();
    setup.models.dispose();
    expectPrototypesUntouched();
  });

  it('--metrics-every N measures KL, JS and mode coverage every N iterations and at the end, into the log\'s series', async () => {
    const dir = join(tempDir(), 'metrics');
    const { io, stdout } = fakeIo();
    expect(await main(['--spec', 'toy/log-loss', '--steps', '5', '--batch-size', '8', '--samples-every', '0', '--metrics-every', '2', '--data', '{"kind":"ring"}', '--out', dir], io)).toBe(0);
    const log = parseLossLogText(readFileSync(join(dir, 'loss_log.json'), 'utf8')).LOSSMANAGER_LOG as unknown as { series: Record<string, { values: number[]; steps: number[] }> };
    const metrics = Object.keys(log.series).filter((n) => n.startsWith('metric/'));
    expect(metrics).toEqual(['metric/KL', 'metric/JS', 'metric/modeCoverage', 'metric/offMode']);
    // Steps 2 and 4, then the end (5).
    for (const name of metrics) expect(log.series[name]!.steps).toEqual([2, 4, 5]);
    for (const js of log.series['metric/JS']!.values) expect(js >= 0 && js <= 1).toBe(true);
    for (const c of log.series['metric/modeCoverage']!.values) expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => k / 8)).toContain(c);
    expect(stdout()).toMatch(/metrics {5}3 measurements in /);
  });

  it("--grad-every N records each loss's gradient norm, share and cosines in the log's series, every N iterations", async () => {
    const dir = join(tempDir(), 'grads');
    const { io, stderr } = fakeIo();
    expect(await main(['--spec', 'toy/log-loss', '--steps', '6', '--batch-size', '8', '--samples-every', '0', '--grad-every', '2', '--out', dir], io)).toBe(0);
    expect(stderr()).toBe('');
    const log = parseLossLogText(readFileSync(join(dir, 'loss_log.json'), 'utf8')).LOSSMANAGER_LOG as unknown as { loss_functions: object; series: Record<string, { values: number[]; steps: number[] }> };
    expect(Object.keys(log.loss_functions)).toEqual(['G_GAN', 'D_real', 'D_fake']);
    // (The quality metrics measured at the end are the next test's.)
    const series = Object.entries(log.series).filter(([name]) => !name.startsWith('metric/'));
    expect(series.map(([name]) => name)).toEqual(['grad/D/D_real', 'grad/D/D_fake', 'grad/D', 'gradShare/D/D_real', 'gradShare/D/D_fake', 'gradCos/D/D_real~D_fake', 'dHealth/real', 'dHealth/fake', 'dHealth/accuracy', 'grad/G/G_GAN', 'grad/G', 'gradShare/G/G_GAN']);
    for (const [name, { steps }] of series) expect(steps).toEqual(name.startsWith('dHealth/') ? [0, 1, 2, 3, 4, 5] : [0, 2, 4]);
    // One G loss: its share is all of G's pull.
    expect(log.series['gradShare/G/G_GAN']!.values).toEqual([1, 1, 1]);
    const d = log.series;
    d['gradShare/D/D_real']!.values.forEach((share, i) => expect(share + d['gradShare/D/D_fake']!.values[i]!).toBeCloseTo(1, 5));
  });

  it('prints each alarm as it is raised, one line, and writes the alarms into the log', async () => {
    const dir = tempDir();
    // A floor every gradient norm is under: the vanishing-gradient alarm trips at the third norm (step 4).
    const settingsFile = join(dir, 'settings.json');
    const alarms = { vanishingGradient: { absolute: 1e30, window: 3 }, dOverpowering: { enabled: false } };
    writeFileSync(settingsFile, JSON.stringify({ family: 'toy', spec: builtinSpec('toy/log-loss'), alarms }));
    const { io, stdout } = fakeIo();
    const out = join(dir, 'run');
    expect(await main(['--spec', settingsFile, '--steps', '8', '--batch-size', '8', '--samples-every', '0', '--grad-every', '2', '--out', out], io)).toBe(0);
    const lines = stdout().split('\n').filter((l) => l.startsWith('alarm '));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^alarm step 4: Vanishing generator gradient: G's gradient norm \(median of its last 3 measurements\) is .+, below the floor 1e30\. Latest per loss: G_GAN .+ Try: /);
    expect(stdout()).toMatch(/alarms {6}1 raised/);
    // As it was raised: before the run's closing lines.
    expect(stdout().indexOf('alarm step')).toBeLessThan(stdout().indexOf('done:'));
    const log = parseLossLogText(readFileSync(join(out, 'loss_log.json'), 'utf8')).LOSSMANAGER_LOG;
    expect(log.alarms).toEqual([{ kind: 'vanishingGradient', step: 4, series: ['grad/G', 'grad/G/G_GAN'], detail: expect.stringContaining('below the floor 1e30') }]);
  });

  it('checkpoints every --checkpoint-every steps and refuses to append to a previous run without --overwrite', async () => {
    const dir = tempDir();
    const args = ['--spec', 'toy/least-squares', '--steps', '6', '--batch-size', '8', '--samples-every', '0', '--checkpoint-every', '3', '--out', dir];
    expect(await main(args, fakeIo().io)).toBe(0);
    expect(readdirSync(join(dir, 'samples'))).toEqual([]);
    const again = fakeIo();
    expect(await main(args, again.io)).toBe(2);
    expect(again.stderr()).toBe(`error: --out: ${dir} already holds a run (loss_log.json, checkpoint.json); choose another folder, or pass --overwrite to replace it\n`);
    expect(await main([...args, '--overwrite', '--steps', '4'], fakeIo().io)).toBe(0);
    const log = parseLossLogText(readFileSync(join(dir, 'loss_log.json'), 'utf8'));
    expect(log.LOSSMANAGER_LOG.loss_functions.G_GAN?.steps).toEqual([0, 1, 2, 3]);
  });

  it('stops with exit 3 on a NaN loss, naming the loss and the step, and keeps the log and the last good state', async () => {
    const dir = tempDir();
    const settingsFile = join(dir, 'diverge.json');
    // Adam moves every weight by about the learning rate per step: 1e30 overflows float32 at once.
    const lr = 1e30;
    writeFileSync(settingsFile, JSON.stringify({ family: 'toy', spec: builtinSpec('toy/log-loss'), optimizers: { G: { type: 'adam', learningRate: lr }, D: { type: 'adam', learningRate: lr } } }));
    const out = join(dir, 'out');
    const { io, stderr } = fakeIo();
    const code = await main(['--spec', settingsFile, '--steps', '20', '--batch-size', '8', '--out', out], io);
    expect(code).toBe(3);
    const match = /^error: loss "(\w+)" became (NaN|-?Infinity) at step (\d+); training stopped\. Kept: (.+) \(every value up to the failure\) and the checkpoint holds step (\d+), the newest saved state with finite weights\. Lower the learning rate or that loss's weight\.\n$/.exec(stderr());
    expect(match, stderr()).not.toBeNull();
    const [, name, , badStep, logPath, goodStep] = match!;
    expect(['G_GAN', 'D_real', 'D_fake']).toContain(name);
    expect(logPath).toBe(join(out, 'loss_log.json'));
    expect(Number(goodStep)).toBeLessThanOrEqual(Number(badStep));

    const log = parseLossLogText(readFileSync(join(out, 'loss_log.json'), 'utf8'));
    const series = log.LOSSMANAGER_LOG.loss_functions[name!]!;
    expect(series.loss.some((v) => Number.isNaN(v))).toBe(true);
    const checkpoint = await new FileCheckpointStore(out).load();
    expect(checkpoint?.header.iteration).toBe(Number(goodStep));
    expect(finiteWeights(checkpoint!)).toBe(true);
  });

  it('stops early when interrupted, with the log and a checkpoint, exit 130', async () => {
    const dir = tempDir();
    const controller = new AbortController();
    controller.abort();
    const { io, stdout } = fakeIo({ signal: controller.signal });
    expect(await main(['--spec', 'toy/log-loss', '--steps', '50', '--batch-size', '8', '--out', dir], io)).toBe(130);
    expect(stdout()).toContain('interrupted: 1 steps in');
    expect((await new FileCheckpointStore(dir).load())?.header.iteration).toBe(1);
  });
});

describe('main: DCGAN and its MNIST file', () => {
  it('builds the MNIST file when it is missing, then trains', async () => {
    // A root without the file; its scripts/ is the repository's, so the builder finds the mnist package.
    const root = tempDir();
    symlinkSync(join(process.cwd(), 'scripts'), join(root, 'scripts'));
    mkdirSync(join(root, 'public'));
    symlinkSync(join(process.cwd(), 'public/models'), join(root, 'public/models'));
    const { io, stderr } = fakeIo({ root });
    const out = join(root, 'run');
    const code = await main(['--spec', 'dcgan', '--steps', '1', '--batch-size', '2', '--model', '{"width":1,"noiseDim":4}', '--out', out], io);
    expect(stderr()).toBe(`${join(root, 'public/data/mnist-10k.u8')} is missing: building it as \`npm run data:mnist\` does...\n`);
    expect(code).toBe(0);
    const meta = parseLossLogText(readFileSync(join(out, 'loss_log.json'), 'utf8')).LOSSMANAGER_LOG;
    expect(meta).toMatchObject({ dataroot: join(root, 'public/data/mnist-10k.u8'), dataset_length: 10_000 });
    expect(decode(readFileSync(join(out, 'samples', 'step-000001.png')))).toMatchObject({ width: 112, height: 112 }); // 4 x 4 digits of 28 px
  });

  it('--metrics-every N records KID, FID and class entropy every N iterations and at the end', async () => {
    const dir = join(tempDir(), 'digits');
    const { io, stdout, stderr } = fakeIo();
    const args = ['--spec', 'dcgan', '--steps', '3', '--batch-size', '2', '--model', '{"width":1,"noiseDim":4}', '--data', '{"digits":[7]}', '--samples-every', '0', '--metrics-every', '2', '--out', dir];
    expect(await main(args, io)).toBe(0);
    expect(stderr()).toBe('');
    const log = parseLossLogText(readFileSync(join(dir, 'loss_log.json'), 'utf8')).LOSSMANAGER_LOG as unknown as { series: Record<string, { values: number[]; steps: number[] }> };
    const metrics = Object.keys(log.series).filter((n) => n.startsWith('metric/'));
    expect(metrics).toEqual(['metric/KID', 'metric/FID', 'metric/classEntropy']);
    for (const name of metrics) expect(log.series[name]!.steps).toEqual([2, 3]);
    for (const h of log.series['metric/classEntropy']!.values) expect(h >= 0 && h <= Math.log2(10)).toBe(true);
    for (const f of log.series['metric/FID']!.values) expect(f).toBeGreaterThan(0);
    expect(stdout()).toMatch(/metrics {5}2 measurements in /);
  });

  it('stops before training when the digit classifier is missing, saying how to get it back', async () => {
    const root = tempDir();
    symlinkSync(join(process.cwd(), 'scripts'), join(root, 'scripts'));
    mkdirSync(join(root, 'public'));
    symlinkSync(join(process.cwd(), 'public/data'), join(root, 'public/data'));
    const { io, stderr } = fakeIo({ root });
    expect(await main(['--spec', 'dcgan', '--steps', '1', '--out', join(root, 'run')], io)).toBe(1);
    expect(stderr()).toBe(
      `error: cannot read the digit classifier ${join(root, 'public/models/digit-classifier.bin')} (not found) that DCGAN's KID and FID need; ` +
        'it is part of the repository: restore it, or rebuild it with `npm run classifier:digits`\n',
    );
  });

  it('says to run npm run data:mnist when the file cannot be built', async () => {
    const root = tempDir();
    const { io, stderr } = fakeIo({ root });
    expect(await main(['--spec', 'dcgan', '--steps', '1', '--out', join(root, 'run')], io)).toBe(1);
    expect(stderr().split('\n')[1]).toMatch(/^error: cannot build the MNIST file .+mnist-10k\.u8 \(.*Cannot find module.*\); run `npm run data:mnist` in the repository, then try again$/);
  });
});

describe('finiteWeights', () => {
  it('checks every float32 tensor of a checkpoint and skips int32 ones', () => {
    const weights = [
      { name: 'optimizer/G/iter', shape: [], dtype: 'int32' as const },
      { name: 'generator/0:Dense/kernel', shape: [2, 2], dtype: 'float32' as const },
    ];
    const checkpointOf = (values: number[]) => {
      const data = new ArrayBuffer(20);
      new Int32Array(data, 0, 1)[0] = 7;
      new Float32Array(data, 4, 4).set(values);
      return { header: { weights } as unknown as Checkpoint['header'], weightData: data };
    };
    expect(finiteWeights(checkpointOf([1, 2, 3, 4]))).toBe(true);
    expect(finiteWeights(checkpointOf([1, 2, NaN, 4]))).toBe(false);
    expect(finiteWeights(checkpointOf([1, 2, 3, -Infinity]))).toBe(false);
  });
});

describe('main: errors are one line and exit 2', () => {
  async function fails(argv: string[], extra: Partial<MainIo> = {}) {
    const { io, stderr, stdout } = fakeIo(extra);
    const code = await main(argv, io);
    expect(stdout()).toBe('');
    expect(stderr().split('\n')).toHaveLength(2); // one line, no stack
    return { code, message: stderr().trim() };
  }

  it('unknown spec, bad flags, bad JSON', async () => {
    expect(await fails(['--spec', 'nope', '--out', tempDir()])).toEqual({
      code: 2,
      message: 'error: --spec: unknown built-in spec "nope"; built-in specs: pix2pix/basic, pix2pix/extended, dcgan, lsgan, wgan-gp, hinge-r1, toy/log-loss, toy/least-squares (or give a path to a JSON file)',
    });
    expect(await fails(['--spec', 'dcgan', '--out', tempDir(), '--backend', 'webgl'])).toMatchObject({ code: 2, message: expect.stringContaining('--backend: unknown backend "webgl"') });
    expect(await fails(['--spec', 'dcgan', '--out', tempDir(), '--model', '{"width":'])).toMatchObject({ code: 2, message: expect.stringMatching(/^error: --model: not valid JSON/) });
  });

  it('an unwritable --out names the folder', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    expect(await fails(['--spec', 'toy/log-loss', '--out', join(file, 'run')])).toEqual({
      code: 2,
      message: `error: --out: cannot write to the folder ${join(file, 'run')} (ENOTDIR: ${file} is a file)`,
    });
  });

  it('settings the engine refuses: a model field, a data kind, named as the settings have them', async () => {
    expect(await fails(['--spec', 'toy/log-loss', '--out', tempDir(), '--model', '{"units":0}'])).toEqual({
      code: 2,
      message: 'error: run settings from the flags: model.units: expected an integer from 1 to 512, got 0',
    });
    expect(await fails(['--spec', 'toy/log-loss', '--out', tempDir(), '--data', '{"kind":"donut"}'])).toEqual({
      code: 2,
      message: 'error: run settings from the flags: data.kind: unknown kind "donut" (valid kinds: ring, grid, spiral, moons, line, drawn)',
    });
  });

  it('--backend wasm without tfjs-backend-wasm says how to add it', async () => {
    const missing = () => Promise.reject(Object.assign(new Error("Cannot find package '@tensorflow/tfjs-backend-wasm'"), { code: 'ERR_MODULE_NOT_FOUND' }));
    expect(await fails(['--spec', 'toy/log-loss', '--out', tempDir(), '--backend', 'wasm'], { loadWasm: missing })).toEqual({
      code: 2,
      message:
        'error: --backend wasm needs @tensorflow/tfjs-backend-wasm, which is not installed; add it with `npm install @tensorflow/tfjs-backend-wasm@4.22.0`, or use --backend cpu',
    });
  });
});
