import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModels, resolveModelConfig, type ModelConfig } from '../../../src/engine/models';
import { estimateTrainingMemory, networkSizes, type NetworkSize } from '../../../src/engine/models/memory';
import { buildRunSetup } from '../../../src/engine/setup';
import { GanTrainer } from '../../../src/engine/trainer';
import { builtinSpec } from '../../../src/manager';
import type { RunSettings } from '../../../src/protocol/messages';

/** What tfjs says of a built network: its parameter count and every layer's output per sample. */
function measured(model: tf.LayersModel): NetworkSize {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const perSample = (shape: readonly (number | null)[]) => shape.slice(1).reduce<number>((a, d) => a * (d as number), 1);
  return {
    params: model.countParams(),
    activations: layers.reduce((sum, l) => sum + perSample(l.outputShape as (number | null)[]), 0),
    input: perSample(model.inputs[0]!.shape),
  };
}

const configs: ModelConfig[] = [
  { family: 'toy' },
  { family: 'toy', layers: 3, units: 5, noiseDim: 3, output: 'linear', activation: 'leakyRelu' },
  { family: 'toy', gLayers: 1, gUnits: 7, dLayers: 4, dUnits: 3, noiseDim: 5 },
  { family: 'dcgan', width: 2, noiseDim: 4 },
  { family: 'dcgan', width: 3, noiseDim: 5, depth: 2, gNorm: 'none', dNorm: 'batch' },
  { family: 'dcgan', width: 2, noiseDim: 4, depth: 1, dNorm: 'layer' },
  { family: 'pix2pix', width: 2 },
  { family: 'pix2pix', width: 3, size: 64, channelsA: 1, channelsB: 2, dLayers: 4, gNorm: 'none', dNorm: 'layer' },
  { family: 'pix2pix', width: 2, dLayers: 1, dNorm: 'batch' },
];

describe('networkSizes (no tfjs)', () => {
  it.each(configs)('matches the built networks of %j: parameters, activations and input per sample', (config) => {
    const models = buildModels(config);
    const sizes = networkSizes(resolveModelConfig(config));
    expect(sizes.generator).toEqual(measured(models.generator));
    expect(sizes.discriminator).toEqual(measured(models.discriminator));
    models.dispose();
  });
});

/** 100 random 28 x 28 "digits": the DCGAN's memory does not depend on what they show. */
const fakeMnist = { loadMnist: async () => ({ count: 100, rows: 28, cols: 28, labels: new Uint8Array(100).map((_, i) => i % 10), pixels: new Uint8Array(100 * 784).map((_, i) => (i * 37) % 256) }) };

describe('estimateTrainingMemory', () => {
  // The independent reference: tfjs's own peak of allocated bytes over a training step.
  it.each<[string, Partial<RunSettings>]>([
    ['toy, WGAN-GP (a second backward pass)', { family: 'toy', model: { units: 32 }, data: { kind: 'ring' }, spec: builtinSpec('wgan-gp'), batchSize: 256 }],
    ['DCGAN, hinge + R1, layer-norm D', { family: 'dcgan', model: { width: 2, noiseDim: 4, dNorm: 'layer' }, data: {}, spec: builtinSpec('hinge-r1'), batchSize: 8 }],
    ['pix2pix, the extended spec', { family: 'pix2pix', model: { width: 4, channelsA: 1, channelsB: 3 }, data: { task: 'edges-to-shapes' }, spec: builtinSpec('pix2pix/extended'), batchSize: 4 }],
  ])('is not below the peak bytes tfjs allocates for a step: %s', async (_label, overrides) => {
    const settings = { optimizers: { G: { type: 'adam', learningRate: 2e-4 }, D: { type: 'rmsprop', learningRate: 2e-4 } }, dSteps: 1, gSteps: 1, seed: 1, ...overrides } as RunSettings;
    const before = tf.memory().numBytes;
    const setup = await buildRunSetup(settings, fakeMnist);
    const trainer = new GanTrainer({ ...settings, networks: setup.networks, data: setup.data });
    trainer.step(); // the optimizers make their state on the first step
    await trainer.flush();
    const profile = await tf.profile(async () => {
      trainer.step();
      await trainer.flush();
    });
    trainer.dispose();
    setup.models.dispose();
    const measuredPeak = profile.peakBytes - before;
    const estimate = estimateTrainingMemory(setup.models.config, settings.batchSize, settings.optimizers);
    expect(estimate.bytes).toBeGreaterThanOrEqual(measuredPeak);
    // Conservative, not absurd: within a few times the measured peak.
    expect(estimate.bytes).toBeLessThan(4 * measuredPeak);
  });
});
