import { describe, expect, it } from 'vitest';
import { familyFromSpecName, parseCliArgs, type CliOptions } from '../../src/cli/args';
import { UsageError } from '../../src/cli/errors';
import { jsonObject } from '../../src/cli/flagValues';
import { USAGE } from '../../src/cli/usage';

function options(...argv: string[]): CliOptions {
  const parsed = parseCliArgs(argv);
  if (parsed.kind !== 'train') throw new Error('expected a training command');
  return parsed.options;
}

const fails = (argv: string[], message: string | RegExp) => {
  expect(() => parseCliArgs(argv)).toThrow(UsageError);
  expect(() => parseCliArgs(argv)).toThrow(message);
};

describe('parseCliArgs', () => {
  it('fills the defaults: 200 steps on wasm for a conv model, 10 sample PNGs over the run, a checkpoint at the end', () => {
    expect(options('--spec', 'dcgan', '--out', 'runs/a')).toEqual({
      spec: 'dcgan',
      steps: 200,
      backend: 'wasm',
      out: 'runs/a',
      samplesEvery: 20, // 200 / 10
      checkpointEvery: 0,
      overwrite: false,
    });
    expect(options('--spec', 'dcgan', '--out', 'o', '--steps', '25').samplesEvery).toBe(3); // ceil(25 / 10)
    // The toy GAN's MLPs stay on cpu; pix2pix is a conv model.
    expect(options('--spec', 'toy/log-loss', '--out', 'o').backend).toBe('cpu');
    expect(options('--family', 'toy', '--spec', 'lsgan', '--out', 'o').backend).toBe('cpu');
    expect(options('--spec', 'pix2pix/basic', '--out', 'o').backend).toBe('wasm');
  });

  it('reads every option', () => {
    const o = options(
      '--spec', 'toy/log-loss', '--family', 'toy', '--steps', '20', '--backend', 'wasm', '--out', 'o', '--name', 'exp1',
      '--batch-size', '8', '--seed', '3', '--lr', '1e-3', '--samples-every', '5', '--checkpoint-every', '10',
      '--model', '{"units":8}', '--data', '{"kind":"grid"}', '--overwrite',
    );
    expect(o).toEqual({
      spec: 'toy/log-loss',
      family: 'toy',
      steps: 20,
      backend: 'wasm',
      out: 'o',
      name: 'exp1',
      batchSize: 8,
      seed: 3,
      lr: 0.001,
      samplesEvery: 5,
      checkpointEvery: 10,
      model: { units: 8 },
      data: { kind: 'grid' },
      overwrite: true,
    });
  });

  it('takes the family default spec when only --family is given', () => {
    expect(options('--family', 'pix2pix', '--out', 'o').spec).toBe('pix2pix/basic');
    expect(options('--family', 'toy', '--out', 'o').spec).toBe('toy/log-loss');
  });

  it('--help wins over everything else', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-h', '--steps', 'x'])).toEqual({ kind: 'help' });
    expect(USAGE).toMatch(/Built-in specs: pix2pix\/basic, .*toy\/log-loss/);
  });

  it('names the flag at fault', () => {
    fails(['--out', 'o'], '--spec is required: a built-in spec name or a JSON file (see --help)');
    fails(['--spec', 'dcgan'], '--out DIR is required: the folder for the loss log, samples and checkpoint');
    fails(['--spec', 'dcgan', '--out', 'o', '--steps', '0'], '--steps: expected a whole number >= 1, got "0"');
    fails(['--spec', 'dcgan', '--out', 'o', '--steps', '1.5'], '--steps: expected a whole number >= 1, got "1.5"');
    fails(['--spec', 'dcgan', '--out', 'o', '--batch-size', 'many'], '--batch-size: expected a whole number >= 1, got "many"');
    fails(['--spec', 'dcgan', '--out', 'o', '--seed=-1'], '--seed: expected a whole number >= 0, got "-1"');
    fails(['--spec', 'dcgan', '--out', 'o', '--seed', '-1'], /argument is ambiguous\. .*use '--seed=-XYZ' \(see --help\)$/);
    fails(['--spec', 'dcgan', '--out', 'o', '--lr', '0'], '--lr: expected a positive number, got "0"');
    fails(['--spec', 'dcgan', '--out', 'o', '--samples-every', ''], '--samples-every: expected a whole number >= 0, got ""');
    fails(['--family', 'stylegan', '--out', 'o'], '--family: unknown family "stylegan"; expected one of toy, dcgan, pix2pix');
  });

  it('lists the backends Node has', () => {
    fails(
      ['--spec', 'dcgan', '--out', 'o', '--backend', 'webgpu'],
      '--backend: unknown backend "webgpu"; expected one of cpu, wasm (webgpu and webgl need a browser: use the page for those)',
    );
  });

  it('takes --threads from 1 to 8, and names a bad one', () => {
    expect(options('--spec', 'dcgan', '--out', 'o').threads).toBeUndefined();
    expect(options('--spec', 'dcgan', '--out', 'o', '--threads', '2').threads).toBe(2);
    fails(['--spec', 'dcgan', '--out', 'o', '--threads', '0'], '--threads must be a whole number from 1 to 8, got "0"');
    fails(['--spec', 'dcgan', '--out', 'o', '--threads', '9'], '--threads must be a whole number from 1 to 8, got "9"');
    fails(['--spec', 'dcgan', '--out', 'o', '--threads', '1.5'], '--threads must be a whole number from 1 to 8, got "1.5"');
  });

  it('rejects bad --model and --data JSON', () => {
    fails(['--spec', 'dcgan', '--out', 'o', '--model', '{width:8}'], /^--model: not valid JSON \(.+\); quote it for the shell, e.g. --model '\{"width":8\}'$/);
    fails(['--spec', 'dcgan', '--out', 'o', '--data', '[1]'], '--data: expected a JSON object like {"width":8}, got [1]');
    expect(() => jsonObject('model', 'null')).toThrow('--model: expected a JSON object like {"width":8}, got null');
  });

  it('reports unknown options and stray arguments without parseArgs’ long advice', () => {
    fails(['--spec', 'dcgan', '--out', 'o', '--epochs', '3'], "Unknown option '--epochs' (see --help)");
    fails(['--spec', 'dcgan', '--out', 'o', 'extra'], /Unexpected argument 'extra'.*\(see --help\)$/);
    fails(['--spec'], /Option '--spec <value>' argument missing \(see --help\)/);
  });
});

describe('familyFromSpecName', () => {
  it('toy/* is toy, pix2pix/* is pix2pix, anything else dcgan', () => {
    expect(familyFromSpecName('toy/least-squares')).toBe('toy');
    expect(familyFromSpecName('pix2pix/extended')).toBe('pix2pix');
    expect(familyFromSpecName('wgan-gp')).toBe('dcgan');
    expect(familyFromSpecName(undefined)).toBe('dcgan');
  });
});

describe('--sweep', () => {
  it('takes a file, --out, --jobs (default: the core count) and --backend', () => {
    expect(parseCliArgs(['--sweep', 's.json', '--out', 'runs', '--jobs', '3', '--backend', 'wasm'])).toEqual({ kind: 'sweep', options: { file: 's.json', out: 'runs', jobs: 3, backend: 'wasm' } });
    const parsed = parseCliArgs(['--sweep', 's.json', '--out', 'runs']);
    expect(parsed.kind === 'sweep' && parsed.options.jobs).toBeGreaterThanOrEqual(1);
  });

  it('refuses what the sweep file sets, --jobs without --sweep, and a missing --out', () => {
    expect(() => parseCliArgs(['--sweep', 's.json', '--out', 'runs', '--steps', '10'])).toThrow('--steps does not go with --sweep: the sweep file sets the base, the axes, the seeds and the steps');
    expect(() => parseCliArgs(['--sweep', 's.json', '--out', 'runs', '--spec', 'dcgan'])).toThrow('--spec does not go with --sweep');
    expect(() => parseCliArgs(['--spec', 'dcgan', '--out', 'runs', '--jobs', '2'])).toThrow('--jobs goes with --sweep (see --help)');
    expect(() => parseCliArgs(['--sweep', 's.json'])).toThrow('--out DIR is required: the folder for the variants and the summary');
    expect(() => parseCliArgs(['--sweep', 's.json', '--out', 'x', '--jobs', '0'])).toThrow('--jobs: expected a whole number >= 1, got "0"');
  });
});

describe('--grad-layers', () => {
  it('turns the per-layer gradient norms on; absent leaves them off', () => {
    expect(options('--spec', 'toy/log-loss', '--out', 'o', '--grad-every', '5', '--grad-layers').gradLayers).toBe(true);
    expect(options('--spec', 'toy/log-loss', '--out', 'o', '--grad-every', '5').gradLayers).toBeUndefined();
  });
});

describe('--metrics-every', () => {
  it('reads a whole number; absent leaves it to the settings (the end of the run only)', () => {
    expect(options('--spec', 'toy/log-loss', '--out', 'o', '--metrics-every', '200').metricsEvery).toBe(200);
    expect(options('--spec', 'toy/log-loss', '--out', 'o', '--metrics-every', '0').metricsEvery).toBe(0);
    expect(options('--spec', 'toy/log-loss', '--out', 'o').metricsEvery).toBeUndefined();
  });

  it('refuses a negative or fractional count, naming the flag', () => {
    fails(['--spec', 'toy/log-loss', '--out', 'o', '--metrics-every', '-1'], /--metrics-every/);
    fails(['--spec', 'toy/log-loss', '--out', 'o', '--metrics-every', '2.5'], /--metrics-every/);
  });
});
