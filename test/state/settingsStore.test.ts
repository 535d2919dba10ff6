import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/protocol/presets';
import { createSettingsStore } from '../../src/state/settingsStore';

describe('the settings store', () => {
  it("switching family takes the family's defaults but keeps the seed and a forced backend", () => {
    // Bug: opening ?backend=cpu and then choosing pix2pix trained on the best backend instead.
    const store = createSettingsStore();
    store.getState().update({ backend: 'cpu', seed: 7, parallelCompile: false, batchSize: 3 });
    store.getState().setFamily('pix2pix');
    const { settings } = store.getState();
    expect(settings).toEqual({ ...defaultSettings('pix2pix'), seed: 7, backend: 'cpu', parallelCompile: false });
    expect(settings.batchSize).toBe(defaultSettings('pix2pix').batchSize);
  });

  it('leaves the backend unset (best available) when none was forced', () => {
    const store = createSettingsStore();
    store.getState().setFamily('dcgan');
    expect('backend' in store.getState().settings).toBe(false);
    expect(store.getState().settings).toEqual(defaultSettings('dcgan'));
  });

  it("pix2pix's data sets the model's channels: 3 and 3 for the user's images, the defaults for a task", () => {
    const store = createSettingsStore(defaultSettings('pix2pix'));
    store.getState().setPairData({ images: [{ width: 64, height: 32 }] });
    expect(store.getState().settings.model).toMatchObject({ channelsA: 3, channelsB: 3 });
    // Bug: "Use a built-in task again" kept channelsA 3, and Start then failed on 1-channel data.
    store.getState().setPairData({ task: 'gray-to-colour' });
    expect(store.getState().settings.data).toEqual({ task: 'gray-to-colour' });
    expect(store.getState().settings.model).toEqual(defaultSettings('pix2pix').model);
  });
});
