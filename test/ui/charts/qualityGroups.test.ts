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

describe('the quality charts', () => {
  it("draws DCGAN's KID, FID and class entropy each on a chart of its own, with D's health after them", () => {
    const names = ['dHealth/real', 'metric/classEntropy', 'metric/FID', 'metric/KID', 'dHealth/fake', 'dHealth/accuracy'];
    expect(qualityCharts(names)).toEqual([
      { title: 'Quality: KID to held-out digits (lower is better)', names: ['metric/KID'] },
      { title: 'Quality: FID to held-out digits (lower is better)', names: ['metric/FID'] },
      { title: 'Quality: entropy of the predicted digits (bits, 3.32 = all ten alike)', names: ['metric/classEntropy'] },
      { title: "D's mean raw output on real and fake", names: ['dHealth/real', 'dHealth/fake'] },
      { title: "D's accuracy (real above, fake below its threshold)", names: ['dHealth/accuracy'] },
    ]);
  });

  it('groups the toy metrics and gives a metric it does not know a chart titled by its name', () => {
    expect(qualityCharts(['metric/JS', 'metric/KL', 'metric/mine']).map((c) => [c.title, c.names])).toEqual([
      ['Quality: KL and JS to the target (bits)', ['metric/KL', 'metric/JS']],
      ['Quality: mine', ['metric/mine']],
    ]);
  });
});
