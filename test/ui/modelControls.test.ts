import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createPlayground } from '../../src/client/playground';
import type { RunSettings } from '../../src/protocol/messages';
import { defaultSettings } from '../../src/protocol/presets';
import { ModelControls } from '../../src/ui/ModelControls';
import { OptimizerControls } from '../../src/ui/OptimizerControls';
import { PlaygroundContext } from '../../src/ui/usePlayground';

/** The component as HTML for these settings. */
function render(component: () => React.ReactNode, settings: RunSettings): string {
  const playground = createPlayground(() => ({ send: () => {}, terminate: () => {} }), { archive: null });
  const store = playground.stores.settings;
  store.getState().replace(settings);
  // Server rendering reads zustand's initial state (useSyncExternalStore's server snapshot).
  store.getInitialState = store.getState;
  return renderToStaticMarkup(createElement(PlaygroundContext.Provider, { value: playground }, createElement(component)));
}

/** Each number box's label and value, in order. */
const boxes = (html: string) => [...html.matchAll(/<input [^>]*aria-label="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]]);
/** Each list's label (by its id) and chosen value. */
const lists = (html: string) =>
  [...html.matchAll(/<label for="([^"]+)">([^<]+)<\/label><select id="\1"[^>]*>(.*?)<\/select>/g)].map((m) => [m[2], /<option value="([^"]+)" selected=""/.exec(m[3]!)?.[1]]);

describe('the model controls', () => {
  it("show the toy's G and D apart, falling back to the shared layers and units, and GAN Lab's noise choices", () => {
    const html = render(ModelControls, { ...defaultSettings('toy'), model: { layers: 3, units: 8, gUnits: 32, noise: 'gaussian' } });
    expect(boxes(html)).toEqual([
      ['G hidden layers', '3'],
      ['G units per layer', '32'],
      ['D hidden layers', '3'],
      ['D units per layer', '8'],
      ['Noise dimensions', '2'],
    ]);
    expect(lists(html)).toEqual([
      ['Noise distribution', 'gaussian'],
      ['Activation', 'relu'],
      ['G output', 'tanh'],
    ]);
    expect(html).toContain('Gaussian (normal)');
  });

  it("show DCGAN's and pix2pix's options with the engine's defaults", () => {
    expect(boxes(render(ModelControls, defaultSettings('dcgan')))).toEqual([
      ['Width', '16'],
      ['Extra convs per stage', '0'],
      ['Noise dimensions', '64'],
    ]);
    const pix2pix = render(ModelControls, defaultSettings('pix2pix'));
    expect(boxes(pix2pix)).toEqual([
      ['Width', '16'],
      ['D layers (PatchGAN)', '3'],
    ]);
    expect(lists(pix2pix)).toEqual([
      ['Image size', '32'],
      ['G normalization', 'batch'],
      ['D normalization', 'none'],
    ]);
  });
});

describe('the optimizer controls', () => {
  it("show each network's kind with that kind's settings only, defaults where the config has none", () => {
    const settings: RunSettings = {
      ...defaultSettings('toy'),
      optimizers: { G: { type: 'rmsprop', learningRate: 0.002, momentum: 0.3 }, D: { type: 'sgd', learningRate: 0.1 } },
    };
    const html = render(OptimizerControls, settings);
    expect(lists(html)).toEqual([
      ['G optimizer', 'rmsprop'],
      ['D optimizer', 'sgd'],
    ]);
    expect(boxes(html)).toEqual([
      ['G learning rate', '0.002'],
      ['G decay', '0.9'],
      ['G momentum', '0.3'],
      ['G epsilon', '1e-7'],
      ['D learning rate', '0.1'],
      ['D momentum', '0'],
    ]);
  });
});
