import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { recordMetricsIfDue } from '../../../src/engine/metrics/cadence';
import { GanTrainer } from '../../../src/engine/trainer';
import { builtinSpec } from '../../../src/manager';
import type { EmaSettings, RunSettings } from '../../../src/protocol/messages';
import { onePoint, toyNetworks } from '../../helpers/toyGan';

const optimizers = { G: { type: 'adam', learningRate: 0.05 }, D: { type: 'adam', learningRate: 0.05 } } as const;
const settings = { family: 'toy', data: { kind: 'ring' }, seed: 2, metricsEvery: 3 } as unknown as RunSettings;

const disposers: (() => void)[] = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

/** A toy run with an EMA generator, trained 3 iterations and measured at the third; its metric values by series name. */
async function measured(ema: EmaSettings): Promise<Map<string, number>> {
  const networks = toyNetworks();
  const trainer = new GanTrainer({ networks, data: onePoint, spec: builtinSpec('toy/log-loss'), optimizers, batchSize: 8, ema });
  disposers.push(() => (trainer.dispose(), networks.generator.dispose(), networks.discriminator.dispose()));
  for (let i = 0; i < 3; i++) trainer.step();
  await trainer.flush();
  const before = tf.memory().numTensors;
  recordMetricsIfDue(trainer, { ...settings, ema }, networks);
  const { columns } = await trainer.flush();
  expect(tf.memory().numTensors).toBe(before);
  const out = new Map<string, number>();
  columns.step.forEach((_, i) => out.set(columns.names[columns.loss[i]!]!, columns.value[i]!));
  return out;
}

describe('quality metrics with an EMA generator', () => {
  it("measure both generators on the same set: G's as metric/..., the EMA's as metric/...@ema", async () => {
    const values = await measured({ momentum: 0.5 });
    const metrics = [...values.keys()].filter((n) => n.startsWith('metric/')).sort();
    expect(metrics).toEqual(['metric/JS', 'metric/JS@ema', 'metric/KL', 'metric/KL@ema', 'metric/modeCoverage', 'metric/modeCoverage@ema', 'metric/offMode', 'metric/offMode@ema']);
    // Averaged weights are another generator: its divergence differs from G's.
    expect(values.get('metric/JS@ema')).not.toBe(values.get('metric/JS'));
  });

  it('give exactly G\'s values while the EMA is a copy of G (before startIteration)', async () => {
    const values = await measured({ momentum: 0.5, startIteration: 100 });
    for (const metric of ['KL', 'JS', 'modeCoverage', 'offMode']) expect(values.get(`metric/${metric}@ema`)).toBe(values.get(`metric/${metric}`));
  });
});
