import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { heldOutSeed, HELD_OUT_DRAWS } from '../../../src/engine/data';
import { recordMetricsIfDue } from '../../../src/engine/metrics/cadence';
import { GanTrainer } from '../../../src/engine/trainer';
import { builtinSpec } from '../../../src/manager';
import type { RunSettings } from '../../../src/protocol/messages';
import { onePoint, toyNetworks } from '../../helpers/toyGan';

const optimizers = { G: { type: 'adam', learningRate: 0.01 }, D: { type: 'adam', learningRate: 0.01 } } as const;
const settings = { family: 'toy', data: { kind: 'ring' }, seed: 2, metricsEvery: 2 } as unknown as RunSettings;

describe('the metrics cadence', () => {
  it('measures at multiples of metricsEvery only, once a step, and keeps no tensor past the flush', async () => {
    const networks = toyNetworks();
    const trainer = new GanTrainer({ networks, data: onePoint, spec: builtinSpec('toy/log-loss'), optimizers, batchSize: 8 });
    const metricSteps: number[] = [];
    const flush = async () => {
      const { columns } = await trainer.flush();
      columns.step.forEach((s, i) => columns.names[columns.loss[i]!] === 'metric/JS' && metricSteps.push(s));
    };
    trainer.step(); // iteration 1: not due
    recordMetricsIfDue(trainer, settings, networks);
    await flush();
    const before = tf.memory().numTensors;
    trainer.step(); // iteration 2: due
    recordMetricsIfDue(trainer, settings, networks);
    recordMetricsIfDue(trainer, settings, networks, true); // the same step again: skipped
    await flush();
    expect(tf.memory().numTensors).toBe(before);
    recordMetricsIfDue(trainer, { ...settings, metricsEvery: 0 }, networks, true); // the end of a run, whatever the cadence
    trainer.step();
    recordMetricsIfDue(trainer, { ...settings, metricsEvery: 0 }, networks, true);
    await flush();
    expect(metricSteps).toEqual([2, 3]);
    trainer.dispose();
    networks.generator.dispose();
    networks.discriminator.dispose();
  });
});

describe('heldOutSeed', () => {
  it("is the training seed's mulberry32 state run back 2^24 steps (the state steps by 0x6d2b79f5)", () => {
    // Stepping the held-out state forward HELD_OUT_DRAWS times lands on the training seed.
    expect((heldOutSeed(7) + Math.imul(HELD_OUT_DRAWS, 0x6d2b79f5)) >>> 0).toBe(7);
    expect(heldOutSeed(7)).not.toBe(7);
  });
});
