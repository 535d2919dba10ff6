import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SPECS } from '../../src/manager/builtinSpecs';
import type { LossSpec, LossSpecEntry } from '../../src/manager/lossSpec';
import { pyLiteral, specToMMagicConfig } from '../../src/manager/pythonConfig';

// Python itself is the reference for "valid config" and "floats as Python writes them".
const PYTHON = '/usr/bin/python3';
const noPython = !existsSync(PYTHON);

/** Runs a Python script on `stdin`; fails the test with Python's stderr when it fails. */
function python(script: string, stdin: string): string {
  const run = spawnSync(PYTHON, ['-c', script], { input: stdin, encoding: 'utf8' });
  expect(run.stderr, 'python3 failed').toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

/** The config's `model` dict, as Python reads it (through JSON). */
function pythonModel(config: string): unknown {
  return JSON.parse(python('import json, sys; ns = {}; exec(sys.stdin.read(), ns); print(json.dumps(ns["model"]))', config));
}

/** The output with comment lines unwrapped, so a comment can be matched as one sentence. */
const flat = (config: string) => config.replace(/(?<=^ *#.*)\n *# /gm, ' ');

const gan = (name: string, tag: 'G' | 'D', input: string, target_is_real: boolean, extra: Partial<LossSpecEntry> = {}): LossSpecEntry => ({
  name,
  type: 'GANLoss',
  gan_type: 'vanilla',
  target_is_real,
  is_disc: tag === 'D',
  data_info: { input },
  tags: [tag],
  ...extra,
});

/** BaseGAN's triple (G on fakes; D on reals and fakes), each term overridable. */
function adversarial(g: Partial<LossSpecEntry> = {}, dReal: Partial<LossSpecEntry> = {}, dFake: Partial<LossSpecEntry> = {}): LossSpecEntry[] {
  return [
    gan('G_GAN', 'G', 'disc_pred_fake', true, g),
    gan('D_real', 'D', 'disc_pred_real', true, dReal),
    gan('D_fake', 'D', 'disc_pred_fake', false, dFake),
  ];
}

const spec = (losses: LossSpecEntry[], name = 'test'): LossSpec => ({ name, losses });

/** Every config a test below exports, checked once more by Python's parser. */
const exported: string[] = [];
function exportSpec(value: LossSpec): string {
  const config = specToMMagicConfig(value);
  exported.push(config);
  return config;
}

describe('specToMMagicConfig: built-in specs', () => {
  it.each(Object.keys(BUILTIN_SPECS))('exports %s', (name) => {
    const config = exportSpec(BUILTIN_SPECS[name]!);
    const lines = config.split('\n');
    expect(lines[0]).toBe(`# Loss spec '${name}', exported from GAN Loss Playground.`);
    expect(lines).toContain('model = dict(');
    expect(config.endsWith('\n)\n')).toBe(true);
    // Every built-in has BaseGAN's G / D-real / D-fake triple: one gan_loss, no NOTE.
    expect(config).toMatch(/^ {4}gan_loss=dict\(type='GANLoss', gan_type='[a-z-]+', loss_weight=1\.0\),$/m);
    expect(config).not.toContain('NOTE');
  });

  it('hinge-r1: hinge gan_loss and lazy R1 as a D auxiliary loss', () => {
    expect(exportSpec(BUILTIN_SPECS['hinge-r1']!)).toBe(
      [
        "# Loss spec 'hinge-r1', exported from GAN Loss Playground.",
        '# Hinge loss with StyleGAN2-style lazy R1 (gamma 10, every 16 steps, weight 10',
        '# / 2 x 16).',
        "# Model keys as MMGeneration's GAN models take them (StaticUnconditionalGAN,",
        '# Pix2Pix): merge this into a full config with the generator, discriminator and',
        '# data.',
        'model = dict(',
        "    # G_GAN, D_real and D_fake as one gan_loss: BaseGAN applies it to D's real",
        "    # and fake predictions and to G's. MMagic applies loss_weight only to the",
        "    # generator's GAN loss; the discriminator's adversarial terms are",
        '    # unweighted there.',
        "    gan_loss=dict(type='GANLoss', gan_type='hinge', loss_weight=1.0),",
        '    disc_auxiliary_loss=[',
        '        dict(',
        "            type='R1GradientPenalty',",
        '            loss_weight=80.0,',
        '            interval=16,',
        "            norm_mode='HWC',",
        "            data_info=dict(discriminator='disc', real_data='real_imgs'),",
        "            loss_name='loss_D_r1'),",
        '    ],',
        ')',
        '',
      ].join('\n'),
    );
  });

  it('pix2pix/basic: vanilla gan_loss and 100 x L1 on the generator', () => {
    const config = exportSpec(BUILTIN_SPECS['pix2pix/basic']!);
    expect(config).toContain("    gan_loss=dict(type='GANLoss', gan_type='vanilla', loss_weight=1.0),\n");
    expect(config).toContain(
      [
        '    gen_auxiliary_loss=[',
        '        dict(',
        "            type='L1Loss',",
        '            loss_weight=100.0,',
        "            data_info=dict(pred='fake_b', target='real_b'),",
        "            loss_name='loss_G_L1'),",
        '    ],',
      ].join('\n'),
    );
    expect(config).not.toContain('disc_auxiliary_loss');
  });

  it('pix2pix/extended: weight-0 losses are written at loss_weight=0.0, with a comment', () => {
    const config = exportSpec(BUILTIN_SPECS['pix2pix/extended']!);
    expect(config.match(/^ {12}loss_weight=0\.0,$/gm)).toHaveLength(3);
    expect(config.match(/# loss_weight 0: off in the playground,/g)).toHaveLength(3);
    expect(config).toContain(
      [
        '        # loss_weight 0: off in the playground, though MMagic still computes it',
        '        # on every step.',
        '        dict(',
        "            type='SobelLoss',",
        '            loss_weight=0.0,',
        "            data_info=dict(pred='fake_b', target='real_b'),",
        "            loss_name='loss_G_SOBEL'),",
      ].join('\n'),
    );
  });

  it('wgan-gp: a data_info too long for its line breaks like MMGeneration configs do', () => {
    const config = exportSpec(BUILTIN_SPECS['wgan-gp']!);
    expect(config).toContain("gan_loss=dict(type='GANLoss', gan_type='wgan', loss_weight=1.0),");
    expect(config).toContain(
      [
        '    disc_auxiliary_loss=[',
        '        dict(',
        "            type='GradientPenaltyLoss',",
        '            loss_weight=10.0,',
        "            norm_mode='HWC',",
        '            data_info=dict(',
        "                discriminator='disc',",
        "                real_data='real_imgs',",
        "                fake_data='fake_imgs'),",
        "            loss_name='loss_D_gp'),",
        '    ],',
      ].join('\n'),
    );
    expect(config.split('\n').every((line) => line.length <= 79)).toBe(true);
  });

  it.each([
    ['dcgan', 'vanilla'],
    ['lsgan', 'lsgan'],
    ['toy/log-loss', 'vanilla'],
    ['toy/least-squares', 'lsgan'],
  ])('%s: only a gan_loss (%s), no auxiliary lists', (name, ganType) => {
    const config = exportSpec(BUILTIN_SPECS[name]!);
    expect(config).toContain(`    gan_loss=dict(type='GANLoss', gan_type='${ganType}', loss_weight=1.0),\n)\n`);
    expect(config).not.toContain('auxiliary_loss');
  });

  it.skipIf(noPython)('Python reads hinge-r1 as the model it means: floats, ints and names', () => {
    const config = specToMMagicConfig(BUILTIN_SPECS['hinge-r1']!);
    expect(pythonModel(config)).toEqual({
      gan_loss: { type: 'GANLoss', gan_type: 'hinge', loss_weight: 1 },
      disc_auxiliary_loss: [
        {
          type: 'R1GradientPenalty',
          loss_weight: 80,
          interval: 16,
          norm_mode: 'HWC',
          data_info: { discriminator: 'disc', real_data: 'real_imgs' },
          loss_name: 'loss_D_r1',
        },
      ],
    });
    const types = python(
      'import sys; ns = {}; exec(sys.stdin.read(), ns); r1 = ns["model"]["disc_auxiliary_loss"][0]; ' +
        'print(type(r1["loss_weight"]).__name__, type(r1["interval"]).__name__)',
      config,
    );
    expect(types.trim()).toBe('float int');
  });
});

describe('pyLiteral: Python literals', () => {
  it('writes floats as Python does: a decimal point or an exponent, always', () => {
    const cases: [number, string][] = [
      [1, '1.0'],
      [100, '100.0'],
      [0.001, '0.001'],
      [0.0001, '0.0001'],
      [1e-5, '1e-05'],
      [1.5e-7, '1.5e-07'],
      [0.1 + 0.2, '0.30000000000000004'],
      [123456.789, '123456.789'],
      [-2.5, '-2.5'],
      [-0, '-0.0'],
      [1e16, '1e+16'],
      [1e22, '1e+22'],
      [5e-324, '5e-324'],
      [Number.MAX_VALUE, '1.7976931348623157e+308'],
    ];
    expect(cases.map(([value]) => pyLiteral(value, 'loss_weight'))).toEqual(cases.map(([, text]) => text));
    if (noPython) return;
    // Python's own repr() of each literal is the literal itself.
    const reprs = python('import sys; print("\\n".join(repr(float(s)) for s in sys.stdin.read().split()))', cases.map(([, t]) => t).join('\n'));
    expect(reprs.trim().split('\n')).toEqual(cases.map(([, text]) => text));
  });

  it('writes whole numbers as ints except under float options (loss_weight, labels, eps, decay)', () => {
    expect(pyLiteral(16, 'interval')).toBe('16');
    expect(pyLiteral([4, 4], 'latent_shape')).toBe('[4, 4]');
    expect(pyLiteral(1e21, 'interval')).toBe('1000000000000000000000');
    expect(pyLiteral(2.5, 'interval')).toBe('2.5');
    expect(['loss_weight', 'real_label_val', 'fake_label_val', 'eps', 'decay'].map((key) => pyLiteral(1, key))).toEqual([
      '1.0',
      '1.0',
      '1.0',
      '1.0',
      '1.0',
    ]);
    expect(pyLiteral([1, 2], 'loss_weight')).toBe('[1.0, 2.0]');
  });

  it('writes True, False, None and the non-finite floats', () => {
    expect([true, false, null, undefined].map((value) => pyLiteral(value))).toEqual(['True', 'False', 'None', 'None']);
    expect([NaN, Infinity, -Infinity].map((value) => pyLiteral(value))).toEqual(["float('nan')", "float('inf')", "-float('inf')"]);
  });

  it('writes single-quoted strings with escapes', () => {
    const cases: [string, string][] = [
      ['HWC', "'HWC'"],
      ["it's", "'it\\'s'"],
      ['a\\b', "'a\\\\b'"],
      ['line\nnext\ttab\rret', "'line\\nnext\\ttab\\rret'"],
      ['nul\0bell\x07del\x7fnel\x85', "'nul\\x00bell\\x07del\\x7fnel\\x85'"],
      ['\ud800 lone', "'\\ud800 lone'"],
      ['é ✓ 😀 "', "'é ✓ 😀 \"'"],
    ];
    expect(cases.map(([value]) => pyLiteral(value))).toEqual(cases.map(([, text]) => text));
    if (noPython) return;
    // Python reads each back as the string it came from (JSON carries the lone surrogate).
    const back = python(
      'import ast, json, sys; print(json.dumps([ast.literal_eval(s) for s in json.loads(sys.stdin.read())]))',
      JSON.stringify(cases.map(([, text]) => text)),
    );
    expect(JSON.parse(back)).toEqual(cases.map(([value]) => value));
  });

  it('writes lists and dicts, switching a dict to {...} when a key is no identifier', () => {
    expect(pyLiteral([1, 'a', false, null])).toBe("[1, 'a', False, None]");
    expect(pyLiteral({ a: 1, b: { c: true } })).toBe('dict(a=1, b=dict(c=True))');
    expect(pyLiteral({ a: 1, 'b-c': 2 })).toBe("{'a': 1, 'b-c': 2}");
    expect(pyLiteral({ class: 1 })).toBe("{'class': 1}");
    expect(pyLiteral({ '2d': 1 })).toBe("{'2d': 1}");
    expect(pyLiteral({})).toBe('dict()');
    expect(pyLiteral({ skipped: undefined, kept: 0 })).toBe('dict(kept=0)');
  });

  it('refuses values with no Python literal', () => {
    expect(() => pyLiteral(() => 1)).toThrow(/a function has no Python literal/);
  });
});

describe('specToMMagicConfig: auxiliary losses', () => {
  it('orders keys type, loss_weight, options in spec order, data_info, loss_name; drops name, tags, schedule', () => {
    const config = exportSpec(
      spec([
        ...adversarial(),
        {
          data_info: { pred: 'fake_b', target: 'real_b' },
          tags: ['G', 'pixel'],
          name: 'G_charb',
          reduction: 'sum',
          type: 'CharbonnierLoss',
          eps: 1e-6,
          sample_wise: false,
          loss_weight: 0.5,
        },
      ]),
    );
    expect(config).toContain(
      [
        '        dict(',
        "            type='CharbonnierLoss',",
        '            loss_weight=0.5,',
        "            reduction='sum',",
        '            eps=1e-06,',
        '            sample_wise=False,',
        "            data_info=dict(pred='fake_b', target='real_b'),",
        "            loss_name='loss_G_charb'),",
      ].join('\n'),
    );
    expect(config).not.toMatch(/tags|name='G_charb'|schedule/);
  });

  it('writes a loss without loss_weight at 1.0 and one without data_info without it', () => {
    const config = exportSpec(spec([...adversarial(), { name: 'D_shift', type: 'DiscShiftLoss', tags: ['D'] }]));
    expect(config).toContain(
      ['        dict(', "            type='DiscShiftLoss',", '            loss_weight=1.0,', "            loss_name='loss_D_shift'),"].join('\n'),
    );
  });

  it('turns a schedule into a NOTE with its JSON, starting loss_weight at its value at 0', () => {
    const schedule = { schedule: 'linear', unit: 'epoch', startEpoch: 0, endEpoch: 10, initialValue: 10, targetValue: 100 } as const;
    const config = exportSpec(
      spec([...adversarial(), { name: 'G_L1', type: 'L1Loss', loss_weight: 7, schedule, data_info: { pred: 'fake_b', target: 'real_b' }, tags: ['G'] }]),
    );
    expect(config).toContain(
      [
        '        # NOTE: weight schedule',
        `        # ${JSON.stringify(schedule)}`,
        "        # (G_L1). MMagic has no loss-weight schedules, so loss_weight is the",
        "        # schedule's value at 0; a hook that sets the module's loss_weight each",
        '        # iteration would follow it.',
        '        dict(',
        "            type='L1Loss',",
        '            loss_weight=10.0,',
      ].join('\n'),
    );
    expect(config).not.toContain('loss_weight 0: off');
  });

  it("names each loss loss_<entry name>, replacing the entry's own loss_name", () => {
    const config = exportSpec(
      spec([...adversarial(), { name: 'G_L1', type: 'L1Loss', loss_name: 'loss_l1', data_info: { pred: 'p', target: 't' }, tags: ['G'] }]),
    );
    expect(config).toContain("            loss_name='loss_G_L1'),");
    expect(config).not.toContain("loss_name='loss_l1'");
    expect(flat(config)).toContain("# loss_name from the entry's name (not 'loss_l1'): MMagic sums losses that share a name.");
  });

  it('writes an entry whose option keys are no Python identifiers as a {...} literal', () => {
    const config = exportSpec(
      spec([
        ...adversarial(),
        { name: 'D_custom', type: 'MyLoss', 'kernel-size': 3, lambda: 0.5, data_info: { real_data: 'real_imgs' }, tags: ['D'] },
      ]),
    );
    expect(config).toContain(
      [
        '        {',
        "            'type': 'MyLoss',",
        "            'loss_weight': 1.0,",
        "            'kernel-size': 3,",
        "            'lambda': 0.5,",
        "            'data_info': dict(real_data='real_imgs'),",
        "            'loss_name': 'loss_D_custom'},",
      ].join('\n'),
    );
  });

  it('writes the description as comments, one line per line, control characters escaped', () => {
    const config = exportSpec({ name: "it's", description: 'first\nsecond\0', losses: adversarial() });
    expect(config.split('\n').slice(0, 3)).toEqual([
      "# Loss spec 'it\\'s', exported from GAN Loss Playground.",
      '# first',
      '# second\\u0000',
    ]);
  });

  it('refuses an entry tagged with neither G nor D', () => {
    expect(() => specToMMagicConfig(spec([{ name: 'x', type: 'L1Loss', tags: ['pixel'] }]))).toThrow(
      /loss "x" must be tagged with exactly one of "G" or "D"/,
    );
  });
});

describe('specToMMagicConfig: gan_loss', () => {
  it('keeps non-default labels and the generator weight', () => {
    const labels = { real_label_val: 0.9, fake_label_val: 0.1 };
    const config = exportSpec(spec(adversarial({ ...labels, loss_weight: 2 }, labels, labels)));
    // Too long for one line, so one field a line, as MMGeneration's cyclegan config writes it.
    expect(config).toContain(
      [
        '    gan_loss=dict(',
        "        type='GANLoss',",
        "        gan_type='vanilla',",
        '        loss_weight=2.0,',
        '        real_label_val=0.9,',
        '        fake_label_val=0.1),',
      ].join('\n'),
    );
    expect(config).not.toContain('NOTE');
  });

  it('says in a NOTE that a D adversarial weight other than 1 cannot be expressed', () => {
    const config = exportSpec(spec(adversarial({}, { loss_weight: 0.5 })));
    expect(config).toContain("gan_loss=dict(type='GANLoss', gan_type='vanilla', loss_weight=1.0),");
    expect(flat(config)).toContain("NOTE: D_real's loss_weight 0.5 cannot be expressed: D's adversarial terms are unweighted in MMagic.");
    expect(config).not.toContain('D_fake\'s loss_weight');
  });

  it("puts a G GAN schedule's start value in loss_weight, with the schedule NOTE", () => {
    const schedule = { schedule: 'warmup', unit: 'step', warmupEpochs: 1000, initialValue: 0, targetValue: 1 } as const;
    const config = exportSpec(spec(adversarial({ schedule })));
    expect(config).toContain("gan_loss=dict(type='GANLoss', gan_type='vanilla', loss_weight=0.0),");
    expect(flat(config)).toContain(`NOTE: weight schedule ${JSON.stringify(schedule)} (G_GAN). MMagic has no loss-weight schedules`);
  });

  it('keeps mismatched gan_types as auxiliary losses, with gan_loss=None and a NOTE', () => {
    const config = exportSpec(spec(adversarial({ gan_type: 'hinge' })));
    expect(config).toContain('    gan_loss=None,\n');
    expect(flat(config)).toContain(
      "# NOTE: the adversarial terms stay separate auxiliary losses, because G_GAN and D_real disagree on gan_type ('hinge' vs 'vanilla'); G_GAN and D_fake disagree on gan_type ('hinge' vs 'vanilla').",
    );
    expect(config).toContain(
      [
        '    disc_auxiliary_loss=[',
        '        dict(',
        "            type='GANLoss',",
        '            loss_weight=1.0,',
        "            gan_type='vanilla',",
        '            target_is_real=True,',
        '            is_disc=True,',
        "            data_info=dict(input='disc_pred_real'),",
        "            loss_name='loss_D_real'),",
      ].join('\n'),
    );
    // MMGeneration's generator step names D's prediction on fakes 'disc_pred_fake_g'.
    expect(config).toContain(
      [
        '    gen_auxiliary_loss=[',
        "        # MMGeneration's G step names disc_pred_fake 'disc_pred_fake_g'.",
        '        dict(',
        "            type='GANLoss',",
        '            loss_weight=1.0,',
        "            gan_type='hinge',",
        '            target_is_real=True,',
        '            is_disc=False,',
        "            data_info=dict(input='disc_pred_fake_g'),",
        "            loss_name='loss_G_GAN'),",
      ].join('\n'),
    );
  });

  it.each([
    ['no D term on fakes', adversarial().slice(0, 2), 'no adversarial term trains D on disc_pred_fake'],
    ['no G term', adversarial().slice(1), 'no adversarial term trains G'],
    ['two G terms', [...adversarial(), gan('G_GAN2', 'G', 'disc_pred_fake', true)], '2 adversarial terms train G (G_GAN, G_GAN2)'],
    ['labels', adversarial({}, { real_label_val: 0.9 }), 'G_GAN and D_real disagree on real_label_val (1.0 vs 0.9)'],
    ['target', adversarial({}, {}, { target_is_real: true }), 'D_fake has target_is_real=True, where BaseGAN passes False'],
    ['G input', adversarial({ data_info: { input: 'disc_pred_real' } }), 'G_GAN reads disc_pred_real, where BaseGAN gives G disc_pred_fake'],
    ['interval', adversarial({ interval: 2 }), 'G_GAN sets interval=2, which gan_loss cannot take'],
    ['mapped flag', adversarial({ data_info: { input: 'disc_pred_fake', is_disc: 'flag' } }), "G_GAN's data_info maps is_disc, which gan_loss cannot read"],
  ])('keeps the adversarial terms separate when %s', (_case, losses, reason) => {
    const config = exportSpec(spec(losses));
    expect(config).toContain('    gan_loss=None,\n');
    expect(flat(config)).toContain(reason);
  });

  it('says in a NOTE that a spec with no adversarial term needs a gan_loss', () => {
    const config = exportSpec(spec([{ name: 'G_L1', type: 'L1Loss', data_info: { pred: 'p', target: 't' }, tags: ['G'] }]));
    expect(flat(config)).toContain('# NOTE: the spec has no adversarial term (a GANLoss whose data_info maps input).');
    expect(config).toContain('    gan_loss=None,\n    gen_auxiliary_loss=[\n');
  });
});

describe('specToMMagicConfig: the output is Python', () => {
  // Runs after the tests above have filled `exported` (vitest runs a file's tests in order).
  it.skipIf(noPython)('parses every built-in and every config exported above with ast.parse', () => {
    const configs = [...Object.values(BUILTIN_SPECS).map(specToMMagicConfig), ...exported];
    const script = 'import ast, json, sys\nfor source in json.load(sys.stdin): ast.parse(source)\nprint("ok")';
    expect(python(script, JSON.stringify(configs)).trim()).toBe('ok');
  });

  it('imports no tfjs, directly or through its imports (the page calls it)', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      // `import type` is erased, so it loads nothing.
      for (const [, from] of readFileSync(file, 'utf8').matchAll(/^(?:import|export)(?! type )[^;]*? from '([^']+)';/gms)) {
        if (from!.startsWith('.')) visit(resolve(dirname(file), `${from}.ts`));
        else packages.add(from!);
      }
    };
    visit(resolve(here, '../../src/manager/pythonConfig.ts'));
    const files = [...seen].map((file) => file.slice(file.indexOf('src/')));
    expect(files).toContain('src/manager/scheduleSchema.ts'); // the walk follows imports
    expect(files).not.toContain('src/manager/lossSpec.ts'); // it builds modules: tfjs
    expect([...packages].filter((name) => name.startsWith('@tensorflow/'))).toEqual([]);
  });
});
