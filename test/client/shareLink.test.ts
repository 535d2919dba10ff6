import { describe, expect, it } from 'vitest';
import { decodeLink, encodeSetup, MAX_SPEED, shareUrl } from '../../src/client/shareLink';
import type { RunSettings } from '../../src/protocol/messages';
import { defaultSettings, withPairData } from '../../src/protocol/presets';

describe('share links', () => {
  it('round-trip the settings, spec included, through the hash', () => {
    const settings = { ...defaultSettings('pix2pix'), seed: 42, batchSize: 8 };
    const url = new URL(`https://example.test/${encodeSetup(settings)}`);
    expect(decodeLink(url)).toEqual({ settings, backend: null, speed: null, problems: [] });
  });

  it('take ?backend= to force a backend, on its own or with a setup', () => {
    expect(decodeLink(new URL('https://example.test/?backend=wasm'))).toEqual({ settings: null, backend: 'wasm', speed: null, problems: [] });
    const url = new URL(`https://example.test/?backend=cpu${encodeSetup(defaultSettings('toy'))}`);
    expect(decodeLink(url).settings?.backend).toBe('cpu');
    expect(decodeLink(new URL('https://example.test/?backend=tpu'))).toEqual({
      settings: null,
      backend: null,
      speed: null,
      problems: ['?backend=tpu is not a backend; use one of webgpu, webgl, wasm, cpu'],
    });
  });

  it('say so when the setup is damaged, without throwing (the link is read on every reload)', () => {
    expect(decodeLink(new URL('https://example.test/#setup=%%%'))).toEqual({ settings: null, backend: null, speed: null, problems: [expect.stringMatching(/damaged/)] });
  });

  it('keep non-ASCII spec names intact', () => {
    const settings = { ...defaultSettings('toy'), spec: { ...defaultSettings('toy').spec, name: 'mon spéc ✓' } };
    expect(decodeLink(new URL(`https://example.test/${encodeSetup(settings)}`)).settings?.spec.name).toBe('mon spéc ✓');
  });

  it("leave the user's own images out, and the model back on a built-in task's channels", () => {
    // Bug: the link kept channelsA 3 (the images' RGB) with the 1-channel built-in task, so Start failed.
    const mine = withPairData(defaultSettings('pix2pix'), { images: [{ width: 64, height: 32 }] });
    expect(mine.model).toMatchObject({ channelsA: 3, channelsB: 3 });
    const settings = decodeLink(new URL(`https://example.test/${encodeSetup(mine)}`)).settings!;
    expect(settings.data).toEqual({ task: 'edges-to-shapes' });
    expect(settings.model).toEqual(defaultSettings('pix2pix').model);
  });
});

/** A link whose hash holds this JSON as it is, however broken. */
const link = (json: unknown) => new URL(`https://example.test/${encodeSetup(json as RunSettings)}`);

describe('share links that are not settings a run can use', () => {
  // Each of these crashed the run controls on every reload (the link is read again each time).
  const toy = defaultSettings('toy');
  it.each([
    ['optimizers: null', { ...toy, optimizers: null }, 'optimizers: must be an object with a G and a D optimizer, got null', 'optimizers'],
    ['no optimizers.G', { ...toy, optimizers: { D: toy.optimizers.D } }, 'optimizers.G: must be an optimizer', 'optimizers'],
    ['data: null', { ...toy, data: null }, 'data: must be an object (the data config; {} for the defaults), got null', 'data'],
    ['spec: null', { ...toy, spec: null }, 'spec: must be an object with a "losses" list', 'spec'],
    ['model: null', { ...toy, model: null }, 'model: must be an object', 'model'],
  ])('%s: the defaults for that field, the rest kept, and the problem named', (_label, json, problem, field) => {
    const decoded = decodeLink(link({ ...(json as object), seed: 9 }));
    expect(decoded.settings).toEqual({ ...toy, seed: 9 });
    expect(decoded.problems).toEqual([expect.stringContaining(problem)]);
    expect(decoded.problems[0]).toMatch(new RegExp(`; the defaults are used for ${field}$`));
  });

  it("a setup that is not settings at all: the family's defaults", () => {
    const decoded = decodeLink(link({ family: 'dcgan' }));
    expect(decoded.settings).toEqual(defaultSettings('dcgan'));
    expect(decoded.problems).toEqual([
      expect.stringMatching(/^the link's setup has problems \(model: must be an object.*\(and 3 more\)\); the defaults are used for model, data, optimizers, batchSize, dSteps, gSteps, seed, spec$/),
    ]);
    expect(decodeLink(link([1, 2])).settings).toEqual(toy);
    expect(decodeLink(link({ family: 'big', batchSize: 1e7 })).settings).toEqual(toy);
  });

  it('a batch that would not fit in memory, and a hostile key, fall back too', () => {
    const dcgan = defaultSettings('dcgan');
    const decoded = decodeLink(link(JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify({ ...dcgan, batchSize: 10_000 }).slice(1)}`)));
    expect(decoded.settings).toEqual(dcgan);
    expect(Object.hasOwn(decoded.settings!, '__proto__')).toBe(false);
    expect(decoded.problems[0]).toMatch(/__proto__: unknown field; .*; batchSize: a training step at batch 10,000 would need about [\d,]+ MiB/);
    expect(({} as { x?: number }).x).toBeUndefined();
    expect(decodeLink(link({ ...dcgan, batchSize: 1e7 })).settings).toEqual(dcgan);
  });
});

describe('share links carry the model, the optimizers and the speed (issue 15)', () => {
  const page = new URL('https://example.test/play/?other=1');

  it('reproduce optimizer and model settings, and the speed cap', () => {
    const toy = defaultSettings('toy');
    const settings: RunSettings = {
      ...toy,
      model: { gLayers: 3, gUnits: 32, dLayers: 1, dUnits: 8, noiseDim: 1, noise: 'gaussian', activation: 'tanh' },
      optimizers: { G: { type: 'sgd', learningRate: 0.05, momentum: 0.9 }, D: { type: 'rmsprop', learningRate: 1e-3, decay: 0.95, momentum: 0.1, epsilon: 1e-6 } },
      stepsPerEpoch: 250,
    };
    const url = shareUrl(page, settings, 0.5);
    expect(url.searchParams.get('speed')).toBe('0.5');
    expect(url.searchParams.get('other')).toBe('1');
    expect(decodeLink(new URL(url.href))).toEqual({ settings, backend: null, speed: 0.5, problems: [] });
    const dcgan: RunSettings = { ...defaultSettings('dcgan'), model: { width: 8, depth: 1, noiseDim: 32, gNorm: 'none', dNorm: 'layer' }, optimizers: { G: { type: 'adam', learningRate: 1e-4, beta1: 0, beta2: 0.9, epsilon: 1e-5 }, D: { type: 'sgd', learningRate: 0.01 } } };
    expect(decodeLink(shareUrl(page, dcgan, null))).toEqual({ settings: dcgan, backend: null, speed: null, problems: [] });
  });

  it('drop a speed no longer set, and keep a forced backend in ?backend=', () => {
    const withSpeed = shareUrl(page, defaultSettings('toy'), 10);
    const flatOut = shareUrl(withSpeed, { ...defaultSettings('toy'), backend: 'wasm' }, null);
    expect(flatOut.searchParams.has('speed')).toBe(false);
    expect(decodeLink(flatOut)).toMatchObject({ backend: 'wasm', speed: null, problems: [] });
  });

  it.each(['0', '-2', 'NaN', 'Infinity', '', 'fast', String(MAX_SPEED + 1), '1e400', '__proto__'])('refuse ?speed=%s, saying so, and run flat out', (text) => {
    const decoded = decodeLink(new URL(`https://example.test/?speed=${encodeURIComponent(text)}${encodeSetup(defaultSettings('toy'))}`));
    expect(decoded.speed).toBeNull();
    expect(decoded.settings).toEqual(defaultSettings('toy'));
    expect(decoded.problems).toEqual([expect.stringMatching(/^\?speed=.* is not a speed; use a number of steps a second above 0 and at most 1000/)]);
  });

  it("replace a link's bad optimizer or model with the family's, naming the field", () => {
    const toy = defaultSettings('toy');
    const bad = { ...toy, model: { gLayers: 0 }, optimizers: { G: { type: 'sgd', learningRate: 0.1, beta1: 0.5 }, D: toy.optimizers.D } };
    const decoded = decodeLink(link(bad));
    expect(decoded.settings).toEqual(toy);
    expect(decoded.problems).toEqual([
      "the link's setup has problems (optimizers.G.beta1: not a setting of sgd (it takes learningRate, momentum), got 0.5; " +
        'model.gLayers: expected an integer from 1 to 8, got 0); the defaults are used for optimizers, model',
    ]);
  });
});

