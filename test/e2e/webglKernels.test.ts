// Our webgl kernels (src/engine/webgl: dense layers forward and backward, BCE's mean and its
// gradient, SGD's step) against the cpu backend's plain ops in Chromium's webgl (SwiftShader
// without a GPU): MLPs of widths 1..64, batches 1, 7, 150 and 257 (sizes no texture divides
// evenly), every activation, with and without biases; the output, the loss, every gradient,
// and the weights after three SGD and three Adam steps (bench/browser/webglProbe/compareKernels.ts).
import { describe, expect, it } from 'vitest';
import { useWebglProbePage } from './webglProbePage';
import type { KernelDifference } from '../../bench/browser/webglProbe/compareKernels';

const probe = useWebglProbePage();

describe('our webgl kernels', () => {
  it('give the cpu backend\u2019s outputs, loss, gradients and SGD/Adam steps within float rounding (relative 1e-5 of each tensor\u2019s largest value)', async () => {
    const page = probe.page;
    await page.goto(probe.url);
    await page.waitForFunction(() => 'compareKernels' in globalThis);
    const results = await page.evaluate(() => (globalThis as unknown as { compareKernels: (b: string) => Promise<KernelDifference[]> }).compareKernels('webgl'));
    expect(results).toHaveLength(5);
    for (const r of results) {
      expect(r.backend, r.label).toBe('webgl');
      // Every layer's forward and backward and the loss ran as ours, not as tfjs's fallback.
      expect(r.ownKernels, r.label).toBeGreaterThanOrEqual(4);
      expect(r.worst, `${r.label}: ${r.where}`).toBeLessThan(1e-5);
    }
  });
});
