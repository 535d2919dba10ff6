import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadMnistFile } from '../../src/engine/data/mnistFile';
import { buildRunSetup } from '../../src/engine/setup';
import { GanTrainer } from '../../src/engine/trainer';
import { builtinSpec } from '../../src/manager';
import type { RunSettings } from '../../src/protocol/messages';
import { defaultSettings, FAMILIES } from '../../src/protocol/presets';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mnistPath = join(mkdtempSync(join(tmpdir(), 'mnist-')), 'mnist.u8');
execFileSync(process.execPath, ['scripts/build-mnist.mjs', '--out', mnistPath]);
const host = { loadMnist: () => loadMnistFile(mnistPath) };

function settings(overrides: Partial<RunSettings>): RunSettings {
  return {
    family: 'toy',
    model: {},
    data: {},
    spec: builtinSpec('toy/log-loss'),
    optimizers: { G: { type: 'adam', learningRate: 2e-4 }, D: { type: 'adam', learningRate: 2e-4 } },
    batchSize: 4,
    dSteps: 1,
    gSteps: 1,
    seed: 5,
    ...overrides,
  };
}

async function trainTwice(s: RunSettings): Promise<string[]> {
  const setup = await buildRunSetup(s, host);
  const trainer = new GanTrainer({ ...s, networks: setup.networks, data: setup.data });
  trainer.step();
  await trainer.flush();
  const before = tf.memory().numTensors;
  trainer.step();
  await trainer.flush();
  expect(tf.memory().numTensors).toBe(before);
  const values = trainer.manager.getLossValues(null, 6);
  expect(Object.values(values).every(Number.isFinite)).toBe(true);
  trainer.dispose();
  setup.models.dispose();
  return Object.keys(values);
}

describe('buildRunSetup: every family trains from JSON settings', () => {
  it('toy on a ring of Gaussians', async () => {
    expect(await trainTwice(settings({ data: { kind: 'ring' } }))).toEqual(['G_GAN', 'D_real', 'D_fake']);
  });

  it('DCGAN on the MNIST digits, with WGAN-GP', async () => {
    const keys = await trainTwice(settings({ family: 'dcgan', model: { width: 4, noiseDim: 8 }, spec: builtinSpec('wgan-gp') }));
    expect(keys).toEqual(['G_GAN', 'D_real', 'D_fake', 'D_gp']);
  }, 60_000);

  it('pix2pix on edges-to-shapes at 32 px, basic spec', async () => {
    const s = settings({
      family: 'pix2pix',
      model: { size: 32, width: 4, channelsA: 1, channelsB: 3 },
      data: { task: 'edges-to-shapes' },
      spec: builtinSpec('pix2pix/basic'),
      batchSize: 2,
    });
    expect(await trainTwice(s)).toEqual(['G_GAN', 'G_L1', 'D_real', 'D_fake']);
  }, 60_000);

  it("pix2pix on the user's own A|B images", async () => {
    // Two 64 x 32 images: A (left) black, B (right) white; trained at 32 px.
    const image = (name: string) => {
      const data = new Uint8ClampedArray(64 * 32 * 4);
      for (let y = 0; y < 32; y++) for (let x = 0; x < 64; x++) data.set(x < 32 ? [0, 0, 0, 255] : [255, 255, 255, 255], 4 * (y * 64 + x));
      return { name, width: 64, height: 32, data };
    };
    const s = settings({
      family: 'pix2pix',
      model: { size: 32, width: 4, channelsA: 3, channelsB: 3 },
      data: { images: [image('a.png'), image('b.png')] },
      spec: builtinSpec('pix2pix/basic'),
      batchSize: 2,
    });
    expect(await trainTwice(s)).toEqual(['G_GAN', 'G_L1', 'D_real', 'D_fake']);
    const odd = { name: 'odd.png', width: 63, height: 32, data: new Uint8ClampedArray(63 * 32 * 4) };
    await expect(buildRunSetup({ ...s, data: { images: [odd] } }, host)).rejects.toThrow(/odd\.png/);
  }, 60_000);

  it("builds every family from the page's default settings; datasets with a size give epochs their length", async () => {
    // MNIST's 10,000 digits are a dataset; 2-D targets and procedural pairs never run out.
    const sizes: Record<string, number | undefined> = { toy: undefined, dcgan: 10_000, pix2pix: undefined };
    for (const family of FAMILIES) {
      const setup = await buildRunSetup(defaultSettings(family), host);
      expect(setup.models.config.family).toBe(family);
      expect(setup.data.size).toBe(sizes[family]);
      setup.models.dispose();
    }
  });

  it("the user's A|B images are a dataset of their number of pairs", async () => {
    const black = { name: 'a.png', width: 64, height: 32, data: new Uint8ClampedArray(64 * 32 * 4).fill(255) };
    const setup = await buildRunSetup(
      settings({ family: 'pix2pix', model: { size: 32, width: 4, channelsA: 3, channelsB: 3 }, data: { images: [black, black, black] }, spec: builtinSpec('pix2pix/basic') }),
      host,
    );
    expect(setup.data.size).toBe(3);
    setup.models.dispose();
    // Ten images: one is held out for the quality measure (10%) and never trains.
    const ten = settings({ family: 'pix2pix', model: { size: 32, width: 4, channelsA: 3, channelsB: 3 }, data: { images: Array(10).fill(black) }, spec: builtinSpec('pix2pix/basic') });
    const held = await buildRunSetup(ten, host);
    expect(held.data.size).toBe(9);
    held.models.dispose();
    const none = await buildRunSetup({ ...ten, data: { ...ten.data, heldOutShare: 0 } }, host);
    expect(none.data.size).toBe(10);
    none.models.dispose();
  });

  it('says which field is wrong', async () => {
    // Named as the run settings have it (model.width), not by the family (dcgan.width).
    await expect(buildRunSetup(settings({ model: { width: 0 }, family: 'dcgan' }), host)).rejects.toThrow(/^model\.width: expected an integer from 1 to 256, got 0$/);
    await expect(buildRunSetup(settings({ data: { kind: 'donut' } }), host)).rejects.toThrow(/kind/);
    const wrongChannels = settings({ family: 'pix2pix', model: { size: 32, width: 4, channelsA: 3, channelsB: 3 }, data: { task: 'edges-to-shapes' } });
    await expect(buildRunSetup(wrongChannels, host)).rejects.toThrow(/model\.channelsA: the task "edges-to-shapes" gives A with 1 channel\(s\), the model expects 3/);
  });
});
