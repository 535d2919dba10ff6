import { describe, expect, it } from 'vitest';
import { qualityCharts } from '../../../src/ui/charts/qualityGroups';

const GROUPS = [
  { title: 'KL and JS', metrics: ['KL', 'JS'] },
  { title: 'PSNR', metrics: ['PSNR'] },
  { title: 'SSIM and L1', metrics: ['SSIM', 'L1'] },
];

describe('qualityCharts', () => {
  it("draws the EMA generator's series in the chart of the same metric, after G's", () => {
    const charts = qualityCharts(['G_GAN', 'metric/JS@ema', 'metric/KL', 'metric/JS', 'metric/KL@ema', 'dHealth/real', 'metric/FID@ema', 'metric/FID'], GROUPS);
    expect(charts).toEqual([
      { title: 'KL and JS', names: ['metric/KL', 'metric/KL@ema', 'metric/JS', 'metric/JS@ema'] },
      { title: 'Quality: FID', names: ['metric/FID', 'metric/FID@ema'] },
      { title: "D's mean raw output on real and fake", names: ['dHealth/real'] },
    ]);
  });

  it('without an EMA generator, one series a metric', () => {
    expect(qualityCharts(['metric/PSNR', 'metric/SSIM', 'metric/L1'], GROUPS).map((c) => c.names)).toEqual([['metric/PSNR'], ['metric/SSIM', 'metric/L1']]);
  });
});
