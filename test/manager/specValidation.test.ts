import { describe, expect, it } from 'vitest';
import { isLossType, L1Loss, listLossTypes, registerLoss } from '../../src/losses';
import { BUILTIN_SPECS } from '../../src/manager/builtinSpecs';
import { parseLossSpec } from '../../src/manager/lossSpec';
import { firstSpecIssue, LossSpecError, validateLossSpec, type SpecIssue } from '../../src/manager/specValidation';
import { packageImports } from '../helpers/importGraph';

/** The outputs keys the engine provides (MMagic's names). */
const ENGINE_KEYS = ['iteration', 'batch_size', 'gen', 'disc', 'real_imgs', 'fake_imgs', 'disc_pred_real', 'disc_pred_fake', 'real_a', 'real_b', 'fake_b'];

type EditableSpec = { name?: unknown; description?: unknown; losses: Record<string, unknown>[] };
const copy = (name: string) => structuredClone(BUILTIN_SPECS[name]!) as unknown as EditableSpec;

function errorsOf(json: unknown, keys?: readonly string[]): readonly SpecIssue[] {
  const result = validateLossSpec(json, keys);
  if (result.ok) throw new Error('expected the spec to be rejected');
  return result.errors;
}

/** What parseLossSpec throws, as an issue (its message without the path prefix), or undefined when it accepts the spec. */
function parseIssue(json: unknown, keys?: readonly string[]): SpecIssue | undefined {
  try {
    parseLossSpec(json, keys);
    return undefined;
  } catch (error) {
    if (!(error instanceof LossSpecError)) throw error;
    return { path: error.path, message: error.message.slice(error.path.length + 2) };
  }
}

describe('validateLossSpec', () => {
  it('accepts every built-in spec, with and without the engine keys', () => {
    for (const [name, spec] of Object.entries(BUILTIN_SPECS)) {
      expect(validateLossSpec(spec, ENGINE_KEYS), name).toEqual({ ok: true, spec });
      expect(validateLossSpec(spec).ok, name).toBe(true);
      expect(() => parseLossSpec(spec, ENGINE_KEYS), name).not.toThrow();
    }
  });

  it('reports every problem at once, each at its path', () => {
    const spec = copy('pix2pix/basic');
    spec.description = 3;
    spec.losses[0]!.name = 'G GAN';
    spec.losses[1]!.reduction = 'avg';
    spec.losses[1]!.sample_wise = 'yes';
    spec.losses[1]!.loss_weight = -1;
    spec.losses[2]!.tags = ['G', 'D'];
    spec.losses[2]!.data_info = { input: 'disc_pred_reel' };
    spec.losses[3]!.gan_type = 'lsgn';
    spec.losses[3]!.target_is_rael = false;
    delete spec.losses[3]!.target_is_real;
    expect(errorsOf(spec, ENGINE_KEYS)).toEqual([
      { path: 'description', message: 'must be a string' },
      { path: 'losses[0].name', message: 'must be a name of letters, digits, _ . - (got "G GAN")' },
      { path: 'losses[1].loss_weight', message: 'must be a finite number >= 0 (got -1)' },
      { path: 'losses[2].tags', message: 'must hold exactly one of "G" or "D", the network this loss trains (got ["G","D"])' },
      { path: 'losses[2].data_info.input', message: `"disc_pred_reel" is not an outputs key; available: ${ENGINE_KEYS.join(', ')}` },
      {
        path: 'losses[1].reduction',
        message: 'G_L1: L1Loss: option "reduction": Invalid option: expected one of "none"|"mean"|"sum" (got "avg")',
      },
      {
        path: 'losses[1].sample_wise',
        message: 'G_L1: L1Loss: option "sample_wise": Invalid input: expected boolean, received string (got "yes")',
      },
      {
        path: 'losses[3].gan_type',
        message: 'D_fake: GANLoss: option "gan_type": expected one of vanilla, lsgan, wgan, wgan-logistic-ns, hinge, smgan, l1 (got "lsgn")',
      },
      {
        path: 'losses[3].target_is_rael',
        message: expect.stringMatching(/^D_fake: GANLoss: unknown option "target_is_rael" \(valid options: gan_type, /),
      },
      {
        path: 'losses[3]',
        message: 'D_fake: GANLoss (loss_gan): data_info must map the argument "target_is_real" to a key of the outputs',
      },
    ]);
  });

  it('reports every data_info argument the loss lacks or needs', () => {
    const spec = copy('wgan-gp');
    spec.losses[3]!.data_info = { disc: 'disc', real_data: 'real_imgs' };
    expect(errorsOf(spec, ENGINE_KEYS)).toEqual([
      {
        path: 'losses[3]',
        message: 'D_gp: GradientPenaltyLoss (loss_gp): data_info maps "disc", which is not an argument of this loss (its arguments: discriminator, real_data, fake_data, mask)',
      },
      { path: 'losses[3]', message: 'D_gp: GradientPenaltyLoss (loss_gp): data_info must map the argument "discriminator" to a key of the outputs' },
      { path: 'losses[3]', message: 'D_gp: GradientPenaltyLoss (loss_gp): data_info must map the argument "fake_data" to a key of the outputs' },
    ]);
  });

  it('reports a data_info that is not an object once', () => {
    const spec = copy('dcgan');
    spec.losses[0]!.data_info = 'disc_pred_fake';
    expect(errorsOf(spec, ENGINE_KEYS)).toEqual([{ path: 'losses[0].data_info', message: 'must map argument names to outputs keys' }]);
    expect(errorsOf(spec)).toEqual([
      {
        path: 'losses[0].data_info',
        message: 'G_GAN: GANLoss: option "data_info": Invalid input: expected record, received string (got "disc_pred_fake")',
      },
    ]);
  });

  it('stops at a spec that is not an object or has no losses', () => {
    expect(errorsOf(null, ENGINE_KEYS)).toEqual([{ path: 'spec', message: 'must be an object with a "losses" list' }]);
    expect(errorsOf({ name: 1, losses: {} }, ENGINE_KEYS)).toEqual([
      { path: 'name', message: 'must be a string' },
      { path: 'losses', message: 'must be a non-empty list of losses' },
    ]);
  });

  it('accepts a type registered at run time only when told of it', () => {
    registerLoss('ScaledL1ForSpecs', () => new L1Loss());
    const spec = copy('pix2pix/basic');
    spec.losses[1]!.type = 'ScaledL1ForSpecs';
    spec.losses[1]!.scale = 3;
    expect(errorsOf(spec, ENGINE_KEYS)[0]).toEqual({
      path: 'losses[1]',
      message: expect.stringMatching(/^G_L1: buildLoss: unknown loss type "ScaledL1ForSpecs"; registered types: CharbonnierLoss, /),
    });
    expect(validateLossSpec(spec, ENGINE_KEYS, { extraTypes: ['ScaledL1ForSpecs'] }).ok).toBe(true);
    expect(() => parseLossSpec(spec, ENGINE_KEYS)).not.toThrow();
  });
});

describe('validateLossSpec and parseLossSpec agree', () => {
  type Case = [string, string, (s: EditableSpec) => void];
  const cases: Case[] = [
    // The cases of lossSpec.test.ts.
    ['an unknown option value', 'pix2pix/basic', (s) => (s.losses[1]!.reduction = 'avg')],
    ['an unknown option', 'pix2pix/basic', (s) => (s.losses[1]!.loss_wieght = 2)],
    ['an unknown type', 'pix2pix/basic', (s) => (s.losses[0]!.type = 'GANLos')],
    ['a negative weight', 'pix2pix/basic', (s) => (s.losses[1]!.loss_weight = -1)],
    ['a weight past float32', 'pix2pix/basic', (s) => (s.losses[1]!.loss_weight = 1e39)],
    ['a duplicate name', 'pix2pix/basic', (s) => (s.losses[2]!.name = 'G_GAN')],
    ['no network tag', 'pix2pix/basic', (s) => (s.losses[1]!.tags = ['pixel'])],
    ['both network tags', 'pix2pix/basic', (s) => (s.losses[1]!.tags = ['G', 'D'])],
    [
      'a bad schedule',
      'pix2pix/basic',
      (s) => (s.losses[1]!.schedule = { schedule: 'linear', unit: 'step', startEpoch: 5, endEpoch: 1, initialValue: 1, targetValue: 2 }),
    ],
    ['a data_info key the engine lacks', 'pix2pix/basic', (s) => (s.losses[1]!.data_info = { pred: 'fake_c', target: 'real_b' })],
    ['a data_info argument the loss lacks', 'pix2pix/basic', (s) => (s.losses[1]!.data_info = { prediction: 'fake_b', target: 'real_b' })],
    ['an empty list', 'pix2pix/basic', (s) => (s.losses = [])],
    // More.
    ['several bad options in one loss', 'pix2pix/basic', (s) => Object.assign(s.losses[1]!, { reduction: 'avg', sample_wise: 1, loss_wieght: 2 })],
    ['a bad option after a bad manager key', 'pix2pix/basic', (s) => Object.assign(s.losses[1]!, { reduction: 'avg', tags: [] })],
    ['a loss that is not an object', 'dcgan', (s) => (s.losses[1] = 'D_real' as never)],
    ['a missing type', 'dcgan', (s) => delete s.losses[1]!.type],
    ['a missing name', 'dcgan', (s) => delete s.losses[2]!.name],
    ['tags that are not strings', 'dcgan', (s) => (s.losses[0]!.tags = 'G' as never)],
    ['a missing required argument', 'dcgan', (s) => delete s.losses[2]!.target_is_real],
    ['a missing gan_type', 'dcgan', (s) => delete s.losses[0]!.gan_type],
    ['a gan_type GANLossComps lacks', 'dcgan', (s) => Object.assign(s.losses[0]!, { type: 'GANLossComps', gan_type: 'smgan' })],
    ['an interval without data_info', 'hinge-r1', (s) => delete s.losses[3]!.data_info],
    ['an interval of 0', 'hinge-r1', (s) => (s.losses[3]!.interval = 0)],
    ['a bad norm_mode on an alias', 'wgan-gp', (s) => Object.assign(s.losses[3]!, { type: 'GradientPenaltyLossComps', norm_mode: 'hwc' })],
    ['a PerceptualLoss, which needs a model', 'pix2pix/basic', (s) => Object.assign(s.losses[1]!, { type: 'PerceptualLoss', layer_weights: { c1: 1 } })],
    ['a PerceptualLoss without layer_weights', 'pix2pix/basic', (s) => (s.losses[1]!.type = 'PerceptualLoss')],
    ['a bad spec name', 'dcgan', (s) => (s.name = 4)],
    ['a bad schedule kind', 'dcgan', (s) => (s.losses[0]!.schedule = { schedule: 'sawtooth' })],
    ['a non-string data_info value', 'wgan-gp', (s) => (s.losses[3]!.data_info = { discriminator: 1, real_data: 'real_imgs', fake_data: 'fake_imgs' })],
  ];

  for (const [what, base, edit] of cases) {
    it(what, () => {
      const spec = copy(base);
      edit(spec);
      const thrown = parseIssue(spec, ENGINE_KEYS);
      if (thrown === undefined) throw new Error('expected parseLossSpec to throw');
      // As parseLossSpec calls it, knowing the types registered at run time (another test adds one).
      const options = { extraTypes: listLossTypes().filter((type) => !isLossType(type)) };
      expect(firstSpecIssue(spec, ENGINE_KEYS, options)).toEqual(thrown);
      const result = validateLossSpec(spec, ENGINE_KEYS, options);
      const first = result.ok ? undefined : result.errors[0];
      expect(first?.path).toBe(thrown.path);
      // One loss's option problems come one by one; parseLossSpec joins them as the module does.
      expect(thrown.message.startsWith(first!.message.replace(/ \(valid options: .*$/, ''))).toBe(true);
      // Without the engine's keys too (a data_info key the engine lacks is then no problem).
      expect(firstSpecIssue(spec, undefined, options)).toEqual(parseIssue(spec));
    });
  }
});

describe('specValidation.ts', () => {
  const tfImports = (entry: string) =>
    packageImports(entry)
      .filter((i) => i.specifier.startsWith('@tensorflow'))
      .map((i) => `${i.chain.join(' -> ')} imports ${i.specifier}`);

  it('reaches no tfjs at run time: the page can load it', () => {
    for (const entry of ['src/manager/specValidation.ts', 'src/losses/catalog.ts', 'src/manager/builtinSpecs.ts', 'src/manager/schedule.ts']) {
      expect(tfImports(entry), entry).toEqual([]);
    }
    expect(new Set(packageImports('src/manager/specValidation.ts').map((i) => i.specifier))).toEqual(new Set(['zod']));
  });

  it('is checked by a walk that does find tfjs where it is', () => {
    expect(tfImports('src/manager/lossSpec.ts')).toContainEqual(expect.stringMatching(/^src\/manager\/lossSpec\.ts -> src\/losses\/index\.ts -> .* imports @tensorflow\/tfjs-core$/));
  });
});
