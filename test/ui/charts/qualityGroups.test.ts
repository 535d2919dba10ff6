import { describe, expect, it } from 'vitest';
import { qualityCharts } from '../../../src/ui/charts/qualityGroups';

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
