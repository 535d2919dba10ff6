import { describe, expect, it } from 'vitest';
import { decodeLink, encodeSetup } from '../../src/client/shareLink';
import { defaultSettings, withPairData } from '../../src/protocol/presets';

describe('share links', () => {
  it('round-trip the settings, spec included, through the hash', () => {
    const settings = { ...defaultSettings('pix2pix'), seed: 42, batchSize: 8 };
    const url = new URL(`https://example.test/${encodeSetup(settings)}`);
    expect(decodeLink(url)).toEqual({ settings, backend: null });
  });

  it('take ?backend= to force a backend, on its own or with a setup', () => {
    expect(decodeLink(new URL('https://example.test/?backend=wasm'))).toEqual({ settings: null, backend: 'wasm' });
    const url = new URL(`https://example.test/?backend=cpu${encodeSetup(defaultSettings('toy'))}`);
    expect(decodeLink(url).settings?.backend).toBe('cpu');
    expect(() => decodeLink(new URL('https://example.test/?backend=tpu'))).toThrow('?backend=tpu is not a backend; use one of webgpu, webgl, wasm, cpu');
  });

  it('say so when the setup is damaged or not settings', () => {
    expect(() => decodeLink(new URL('https://example.test/#setup=%%%'))).toThrow(/damaged/);
    const notSettings = encodeSetup({ family: 'toy' } as never);
    expect(() => decodeLink(new URL(`https://example.test/${notSettings}`))).toThrow(/not a run's settings/);
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
