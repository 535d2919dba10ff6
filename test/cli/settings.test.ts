import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, type CliOptions } from '../../src/cli/args';
import { CliError } from '../../src/cli/errors';
import { FAMILY_DEFAULTS, resolveRunSettings } from '../../src/cli/settings';
import { BUILTIN_SPECS } from '../../src/manager';

function options(...argv: string[]): CliOptions {
  const parsed = parseCliArgs([...argv, '--out', 'unused']);
  if (parsed.kind !== 'train') throw new Error('expected a training command');
  return parsed.options;
}

/** A fake file system: path -> text; anything else is ENOENT. */
function files(entries: Record<string, string>) {
  return async (path: string) => {
    const text = entries[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  };
}

const ganEntry = (name: string, tag: 'G' | 'D', input = 'disc_pred_fake') => ({
  name,
  type: 'GANLoss',
  gan_type: 'vanilla',
  target_is_real: tag === 'G',
  is_disc: tag === 'D',
  data_info: { input },
  tags: [tag],
});
const spec = { name: 'toy/mine', losses: [ganEntry('G_GAN', 'G'), ganEntry('D_fake', 'D')] };

async function failure(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  expect((error as CliError).exitCode).toBe(2);
  return error as CliError;
}

describe('resolveRunSettings', () => {
  it('a built-in spec: its family from the name, the family defaults, and the flags on top', async () => {
    const { settings, specLabel } = await resolveRunSettings(options('--spec', 'toy/least-squares', '--lr', '0.05', '--data', '{"kind":"grid"}', '--seed', '4'));
    expect(specLabel).toBe('toy/least-squares');
    expect(settings).toEqual({
      ...FAMILY_DEFAULTS.toy,
      family: 'toy',
      spec: BUILTIN_SPECS['toy/least-squares'],
      data: { kind: 'grid' },
      optimizers: { G: { type: 'adam', learningRate: 0.05 }, D: { type: 'adam', learningRate: 0.05 } },
      seed: 4,
    });
    expect((await resolveRunSettings(options('--spec', 'wgan-gp'))).settings.family).toBe('dcgan');
    expect((await resolveRunSettings(options('--spec', 'pix2pix/basic', '--model', '{"width":4}'))).settings.model).toEqual({
      size: 32,
      channelsA: 1,
      channelsB: 3,
      width: 4,
    });
    expect((await resolveRunSettings(options('--spec', 'toy/log-loss', '--family', 'dcgan'))).settings.family).toBe('dcgan');
  });

  it('an unknown built-in name lists the built-ins', async () => {
    const error = await failure(resolveRunSettings(options('--spec', 'dcgna'), files({})));
    expect(error.message).toBe(
      '--spec: unknown built-in spec "dcgna"; built-in specs: pix2pix/basic, pix2pix/extended, dcgan, lsgan, wgan-gp, hinge-r1, toy/log-loss, toy/least-squares (or give a path to a JSON file)',
    );
  });

  it('a loss spec file: checked, and its name picks the family', async () => {
    const path = resolve('specs/mine.json');
    const { settings, specLabel } = await resolveRunSettings(options('--spec', 'specs/mine.json'), files({ [path]: JSON.stringify(spec) }));
    expect(specLabel).toBe('specs/mine.json');
    expect(settings.family).toBe('toy');
    expect(settings.spec).toEqual(spec);
  });

  it('a spec file that is missing, not JSON, or not a valid spec says so with the file and the field', async () => {
    const path = resolve('s.json');
    expect((await failure(resolveRunSettings(options('--spec', 's.json'), files({})))).message).toBe(`--spec: cannot read spec file ${path} (no such file)`);
    expect((await failure(resolveRunSettings(options('--spec', 's.json'), files({ [path]: '{"losses": [' })))).message).toMatch(
      new RegExp(`^${path}: not valid JSON \\(.+\\)$`),
    );
    const badTags = { losses: [{ ...ganEntry('G_GAN', 'G'), tags: ['G', 'D'] }] };
    expect((await failure(resolveRunSettings(options('--spec', 's.json'), files({ [path]: JSON.stringify(badTags) })))).message).toBe(
      `${path}: losses[0].tags: must hold exactly one of "G" or "D", the network this loss trains (got ["G","D"])`,
    );
    const badKey = { losses: [ganEntry('G_GAN', 'G', 'disc_pred_nothing')] };
    expect((await failure(resolveRunSettings(options('--spec', 's.json'), files({ [path]: JSON.stringify(badKey) })))).message).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: losses\\[0\\]\\.data_info\\.input: "disc_pred_nothing" is not an outputs key`),
    );
    expect((await failure(resolveRunSettings(options('--spec', 's.json'), files({ [path]: '[1, 2]' })))).message).toBe(
      `${path}: expected a loss spec (an object with a "losses" list) or run settings (an object with a "spec")`,
    );
  });

  it('a run settings file: its fields over the family defaults, flags over those; its backend is ignored', async () => {
    const path = resolve('run.json');
    const file = { family: 'toy', spec, data: { kind: 'moons' }, batchSize: 32, stepsPerEpoch: 250, backend: 'webgpu', optimizers: { G: { type: 'sgd', learningRate: 0.1 }, D: { type: 'adam', learningRate: 0.01 } } };
    const { settings } = await resolveRunSettings(options('--spec', 'run.json', '--batch-size', '8', '--lr', '0.2'), files({ [path]: JSON.stringify(file) }));
    expect(settings.family).toBe('toy');
    expect(settings.data).toEqual({ kind: 'moons' });
    expect(settings.batchSize).toBe(8);
    expect(settings.stepsPerEpoch).toBe(250);
    expect(settings.backend).toBeUndefined();
    expect(settings.optimizers.G).toMatchObject({ type: 'sgd', learningRate: 0.2 });
    expect(settings.optimizers.D).toMatchObject({ type: 'adam', learningRate: 0.2 });
  });

  it('a bad settings file names the field, the spec inside it under "spec."', async () => {
    const path = resolve('run.json');
    const read = (json: unknown) => files({ [path]: JSON.stringify(json) });
    const badSpec = { spec: { losses: [{ ...ganEntry('G_GAN', 'G'), loss_weight: -1 }] } };
    expect((await failure(resolveRunSettings(options('--spec', 'run.json'), read(badSpec)))).message).toBe(
      `${path}: spec.losses[0].loss_weight: must be a finite number >= 0 (got -1)`,
    );
    expect((await failure(resolveRunSettings(options('--spec', 'run.json'), read({ spec: 'dcgan' })))).message).toBe(
      `${path}: spec: must be an object with a "losses" list`,
    );
    expect((await failure(resolveRunSettings(options('--spec', 'run.json'), read({ spec, batchSize: 0, family: 'big' })))).message).toMatch(
      new RegExp(`^${path}: not valid run settings: family: .+; batchSize: .+$`),
    );
  });

  it('a settings file is checked with the run settings schema: every problem at its path, exit code 2', async () => {
    const path = resolve('run.json');
    const read = (json: unknown) => files({ [path]: JSON.stringify(json) });
    const message = async (json: unknown) => (await failure(resolveRunSettings(options('--spec', 'run.json'), read(json)))).message;
    expect(await message({ spec, optimizers: { G: { type: 'adam', learningRate: -1 }, D: { type: 'adam', learningRate: 0.01 } } })).toBe(
      `${path}: not valid run settings: optimizers.G.learningRate: must be > 0, got -1`,
    );
    expect(await message({ spec, backend: 'evil', model: null, extra: 1 })).toBe(
      `${path}: not valid run settings: model: must be an object (the model config; {} for the defaults), got null; ` +
        'backend: must be one of webgpu, webgl, wasm, cpu, got "evil"; extra: unknown field; expected one of family, model, data, spec, optimizers, batchSize, dSteps, ' +
        'gSteps, seed, backend, parallelCompile, stepsPerEpoch, gradEvery, gradLayers, metricsEvery, ema, alarms, stopAtStep',
    );
    expect(await message({ spec, optimizers: { D: { type: 'adam', learningRate: 0.01 } } })).toMatch(/: optimizers\.G: must be an optimizer/);
    expect(await message({ spec, batchSize: 1e7 })).toBe(`${path}: not valid run settings: batchSize: must be a whole number from 1 to 65,536, got 10000000`);
  });

  it('the settings as a whole, flags included, are checked as the worker checks them: exit code 2', async () => {
    const path = resolve('run.json');
    const read = files({ [path]: JSON.stringify({ spec, dSteps: 0, gSteps: 0 }) });
    expect((await failure(resolveRunSettings(options('--spec', 'run.json'), read))).message).toBe(
      `run settings from ${path} with the flags: dSteps: both dSteps and gSteps are 0: nothing would train; set either to 1 or more`,
    );
    expect((await failure(resolveRunSettings(options('--spec', 'dcgan', '--batch-size', '20000')))).message).toMatch(
      /^run settings from the flags: batchSize: a training step at batch 20,000 would need about [\d,]+ MiB, more than the 1,024 MiB budget .*; lower batchSize to at most [\d,]+, or the model's size$/,
    );
    expect((await failure(resolveRunSettings(options('--spec', 'dcgan', '--model', '{"width": 0}')))).message).toBe(
      'run settings from the flags: model.width: expected an integer from 1 to 256, got 0',
    );
    expect((await failure(resolveRunSettings(options('--spec', 'toy/log-loss', '--data', '{"kind": "ring", "radius": 3}')))).message).toBe(
      'run settings from the flags: data.radius: must be <= 1 (got 3)',
    );
  });
});
