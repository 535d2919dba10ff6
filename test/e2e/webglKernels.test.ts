// Our webgl kernels (src/engine/webgl: dense layers forward and backward, BCE's mean and its
// gradient, SGD's step) against the cpu backend's plain ops in Chromium's webgl (SwiftShader
// without a GPU): MLPs of widths 1..64, batches 1, 7, 150 and 257 (sizes no texture divides
// evenly), every activation, with and without biases; the output, the loss, every gradient,
// and the weights after three SGD and three Adam steps (bench/browser/webglProbe/compareKernels.ts).
import { describe, expect, it } from 'vitest';
import { useWebglProbePage } from './webglProbePage';
import type { KernelDifference } from '../../bench/browser/webglProbe/compareKernels';
import type { ReadBackCheck } from '../../bench/browser/webglProbe/compareReadBack';
import type { ToyMetricsCheck } from '../../bench/browser/webglProbe/compareToyMetrics';
import type { ConvDifference } from '../../bench/browser/webglProbe/compareConvModels';

const probe = useWebglProbePage();

describe('our webgl kernels', () => {
  it('give the cpu backend\u2019s outputs, loss, gradients and SGD/Adam steps within float rounding (relative 1e-5 of each tensor\u2019s largest value)', async () => {
    await probe.page.goto(probe.url);
    const results = await probe.call<KernelDifference[]>('compareKernels', 'webgl');
    expect(results).toHaveLength(5);
    for (const r of results) {
      expect(r.backend, r.label).toBe('webgl');
      // Every layer's forward and backward and the loss ran as ours, not as tfjs's fallback.
      expect(r.ownKernels, r.label).toBeGreaterThanOrEqual(4);
      expect(r.worst, `${r.label}: ${r.where}`).toBeLessThan(1e-5);
    }
  });

  it('give the cpu backend\u2019s D-health series (means of real and fake, accuracy with ties at the threshold) in one shader', async () => {
    await probe.page.goto(probe.url);
    const results = await probe.call<KernelDifference[]>('compareCriticHealth', 'webgl');
    expect(results).toHaveLength(3);
    for (const r of results) {
      expect(r.backend, r.label).toBe('webgl');
      expect(r.ownKernels, r.label).toBe(1);
      expect(r.worst, `${r.label}: ${r.where}`).toBeLessThan(1e-5);
    }
  });

  it('read back batches of any count in one transfer with the cpu backend\u2019s values, compiling no program for a new count', async () => {
    await probe.page.goto(probe.url);
    const cpu = await probe.call<ReadBackCheck>('compareReadBack', 'cpu');
    const webgl = await probe.call<ReadBackCheck>('compareReadBack', 'webgl');
    expect(webgl.backend).toBe('webgl');
    // Batch i's values are (100 i + 0, 1, 2, ...) / 3 in float32, in recorded order.
    expect(cpu.values[0]!.slice(0, 4)).toEqual([0, 1, 2, 3].map((v) => Math.fround(v / 3)));
    expect(cpu.values[2]).toEqual([200, 201, 202, 203].map((v) => Math.fround(v / 3)));
    expect(webgl.values).toEqual(cpu.values);
    // A concat's program is compiled for every new list of input shapes (SwiftShader: a flush compiled 1-2).
    expect(webgl.compiledAfterWarmUp).toBe(0);
  });

  it('measure the toy\u2019s grid density and mode coverage as the cpu backend does, with no synchronous read (tfjs\u2019s webgl Bincount reads back)', async () => {
    await probe.page.goto(probe.url);
    const cpu = await probe.call<ToyMetricsCheck>('compareToyMetrics', 'cpu');
    const webgl = await probe.call<ToyMetricsCheck>('compareToyMetrics', 'webgl');
    expect(webgl.backend).toBe('webgl');
    // Shares are counts / 2048: exact in float32 on both.
    expect(cpu.density.reduce((a, b) => a + b, 0)).toBe(1);
    expect(webgl.density).toEqual(cpu.density);
    expect(webgl.coverage).toEqual(cpu.coverage);
    expect(cpu.coverage[1]).toBeGreaterThan(0);
    expect(webgl.syncReads).toBe(0);
  });

  it('run DCGAN\u2019s and pix2pix\u2019s networks (convs, transposed convs, batch norm) as the cpu backend does (relative 1e-4)', async () => {
    await probe.page.goto(probe.url);
    const results = await probe.call<ConvDifference[]>('compareConvModels', 'webgl');
    expect(results.map((r) => r.network)).toEqual(['dcgan generator', 'dcgan discriminator', 'pix2pix generator', 'pix2pix discriminator']);
    for (const r of results) {
      expect(r.backend, r.network).toBe('webgl');
      expect(r.tensors, r.network).toBeGreaterThan(4);
      expect(r.worst, `${r.network}: ${r.where}`).toBeLessThan(1e-4);
    }
  });
});
