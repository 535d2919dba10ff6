// The toy's quality measures (GAN Lab's grid density, mode coverage) on a backend, with the
// backend's synchronous reads counted: on webgl tfjs's Bincount reads its inputs back with
// readSync, which src/engine/metrics/binCounts.ts avoids (test/e2e/webglKernels.test.ts).
import * as tf from '@tensorflow/tfjs';
import { gridDensity } from '../../../src/engine/metrics/gridDivergence';
import { modeCoverage } from '../../../src/engine/metrics/modeCoverage';

export interface ToyMetricsCheck {
  readonly backend: string;
  readonly density: number[];
  readonly coverage: number[];
  /** Calls of the backend's readSync while the measures were computed (before any await). */
  readonly syncReads: number;
}

export async function compareToyMetrics(backend: string): Promise<ToyMetricsCheck> {
  await tf.setBackend(backend);
  const gpu = tf.backend() as unknown as { readSync: (dataId: unknown) => unknown };
  const readSync = gpu.readSync;
  let syncReads = 0;
  gpu.readSync = function (dataId) {
    syncReads++;
    return readSync.call(this, dataId);
  };
  try {
    // 2,048 points on a lattice (exact in float32), some outside the plane; 8 modes on a ring of radius 0.8.
    const points = tf.tensor2d(Array.from({ length: 2048 }, (_, i) => [((i % 64) - 32) / 25, (Math.floor(i / 64) - 16) / 14]), [2048, 2]);
    const centres = Array.from({ length: 8 }, (_, k) => [0.8 * Math.cos((k * Math.PI) / 4), 0.8 * Math.sin((k * Math.PI) / 4)] as const);
    const density = gridDensity(points);
    const coverage = modeCoverage(points, centres, { radius: 0.1 });
    const counted = syncReads;
    const out = { backend: tf.getBackend(), density: Array.from(await density.data()), coverage: Array.from(await coverage.data()), syncReads: counted };
    tf.dispose([points, density, coverage]);
    return out;
  } finally {
    gpu.readSync = readSync;
  }
}
