// fusedMlp's webgl form against its plain form, on Chromium's webgl (SwiftShader without a
// GPU): the toy G and D at GAN Lab's size (batch 150, 2 hidden layers of 8 ReLU), outputs and
// every gradient, through the probe page of bench/browser/webglProbe (built here).
import { describe, expect, it } from 'vitest';
import { useWebglProbePage } from './webglProbePage';
import type { FusedDifference } from '../../bench/browser/webglProbe/compareFused';

const probe = useWebglProbePage();

describe('fusedMlp on webgl', () => {
  it('gives the plain kernels\u2019 outputs and gradients within float rounding (relative 1e-5 of each tensor\u2019s largest value)', async () => {
    await probe.page.goto(probe.url);
    const results = await probe.call<FusedDifference[]>('compareFused', 'webgl');
    expect(results.map((r) => [r.backend, r.network])).toEqual([
      ['webgl', 'G'],
      ['webgl', 'D'],
    ]);
    for (const r of results) expect(r.worst, `${r.network}: ${r.where}`).toBeLessThan(1e-5);
  });
});
