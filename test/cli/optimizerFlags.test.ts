// The optimizer and epoch flags (issue 15): merged over the family's Adam, checked with the run
// settings' own check, each problem at its path.
import { describe, expect, it } from 'vitest';
import { parseCliArgs, type CliOptions } from '../../src/cli/args';
import { UsageError } from '../../src/cli/errors';
import { CliError } from '../../src/cli/errors';
import { resolveRunSettings } from '../../src/cli/settings';

function options(...argv: string[]): CliOptions {
  const parsed = parseCliArgs([...argv, '--out', 'unused']);
  if (parsed.kind !== 'train') throw new Error('expected a training command');
  return parsed.options;
}

const noFiles = async (path: string) => Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' }));

async function refusal(argv: string[]): Promise<string> {
  const error = await resolveRunSettings(options(...argv), noFiles).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return (error as CliError).message;
}

describe('--optimizer, --g-optimizer, --d-optimizer, --steps-per-epoch', () => {
  it("set both networks' optimizer, then each one's; a new type drops the old type's fields; --lr last", async () => {
    const { settings } = await resolveRunSettings(
      options('--spec', 'dcgan', '--optimizer', '{"type":"sgd","momentum":0.9}', '--d-optimizer', '{"type":"rmsprop","decay":0.95}', '--steps-per-epoch', '40'),
      noFiles,
    );
    // The dcgan default is Adam at 2e-4 (FAMILY_DEFAULTS): the rate stays through each change of type.
    expect(settings.optimizers).toEqual({ G: { type: 'sgd', learningRate: 2e-4, momentum: 0.9 }, D: { type: 'rmsprop', learningRate: 2e-4, momentum: 0.9, decay: 0.95 } });
    expect(settings.stepsPerEpoch).toBe(40);
    const withLr = await resolveRunSettings(options('--spec', 'toy/log-loss', '--g-optimizer', '{"beta1":0.2,"learningRate":0.5}', '--lr', '0.03'), noFiles);
    expect(withLr.settings.optimizers).toEqual({ G: { type: 'adam', learningRate: 0.03, beta1: 0.2 }, D: { type: 'adam', learningRate: 0.03 } });
  });

  it('refuse bad fields at their paths, __proto__ included, as the page and the worker do', async () => {
    expect(await refusal(['--spec', 'toy/log-loss', '--optimizer', '{"type":"sgd","beta1":0.5}'])).toBe(
      'run settings from the flags: optimizers.G.beta1: not a setting of sgd (it takes learningRate, momentum), got 0.5; optimizers.D.beta1: not a setting of sgd (it takes learningRate, momentum), got 0.5',
    );
    expect(await refusal(['--spec', 'toy/log-loss', '--g-optimizer', '{"type":"nadam"}'])).toBe(
      'run settings from the flags: optimizers.G.type: must be one of adam, sgd, rmsprop, got "nadam"',
    );
    expect(await refusal(['--spec', 'toy/log-loss', '--d-optimizer', '{"__proto__":{"momentum":2}}'])).toBe(
      'run settings from the flags: optimizers.D.__proto__: unknown field; expected one of type, learningRate, beta1, beta2, epsilon, momentum, decay',
    );
    expect(await refusal(['--spec', 'toy/log-loss', '--model', '{"gLayers":0,"dUnits":"8"}'])).toBe(
      'run settings from the flags: model.gLayers: expected an integer from 1 to 8, got 0',
    );
    expect(({} as { momentum?: unknown }).momentum).toBeUndefined();
  });

  it('refuse what is not JSON or not a whole number at the flag', () => {
    expect(() => options('--spec', 'dcgan', '--optimizer', '{type: sgd}')).toThrow(UsageError);
    expect(() => options('--spec', 'dcgan', '--optimizer', '[1]')).toThrow('--optimizer: expected a JSON object like {"width":8}, got [1]');
    expect(() => options('--spec', 'dcgan', '--steps-per-epoch', '0')).toThrow('--steps-per-epoch: expected a whole number >= 1, got "0"');
    expect(() => options('--spec', 'dcgan', '--steps-per-epoch', 'NaN')).toThrow('--steps-per-epoch: expected a whole number >= 1, got "NaN"');
    expect(() => parseCliArgs(['--sweep', 's.json', '--out', 'o', '--optimizer', '{}'])).toThrow('--optimizer does not go with --sweep');
  });
});
