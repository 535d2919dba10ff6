import { describe, expect, it } from 'vitest';
import { dHealthName, emaSeriesName, isDerivedSeries, lrName, metricName, parseSeriesName, seriesLabel } from '../../src/manager/seriesNames';

describe('series names: metrics and D health', () => {
  it('dHealth/real, /fake, /accuracy parse as the D health kind, with chart labels', () => {
    expect(dHealthName('accuracy')).toBe('dHealth/accuracy');
    expect(isDerivedSeries('dHealth/real')).toBe(true);
    expect(parseSeriesName('dHealth/fake')).toEqual({ kind: 'dHealth', stat: 'fake' });
    expect(seriesLabel('dHealth/accuracy').label).toBe('D accuracy');
    expect(seriesLabel('dHealth/real').label).toBe('D(real)');
  });

  it('an unknown D health stat, or a deeper path, is "other", never a loss', () => {
    expect(parseSeriesName('dHealth/toString')).toEqual({ kind: 'other', name: 'dHealth/toString' });
    expect(parseSeriesName('dHealth/real/x')).toEqual({ kind: 'other', name: 'dHealth/real/x' });
  });

  it('metric/JS parses as a metric', () => {
    expect(parseSeriesName(metricName('JS'))).toEqual({ kind: 'metric', metric: 'JS' });
  });

  it('lr/<key> is a learning rate (derived: never a loss), labelled by its key; a "/" in the key is written "."', () => {
    expect(lrName('generator.lr')).toBe('lr/generator.lr');
    expect(lrName('train/discriminator.lr')).toBe('lr/train.discriminator.lr');
    expect(isDerivedSeries('lr/generator.lr')).toBe(true);
    expect(parseSeriesName('lr/generator.lr')).toEqual({ kind: 'lr', optimizer: 'generator.lr' });
    expect(seriesLabel('lr/generator.lr').label).toBe('generator.lr');
    expect(parseSeriesName('lr/a/b')).toEqual({ kind: 'other', name: 'lr/a/b' });
  });

  it("metric/JS@ema is the EMA generator's JS: the same metric, marked, and labelled so", () => {
    expect(emaSeriesName(metricName('JS'))).toBe('metric/JS@ema');
    expect(parseSeriesName('metric/JS@ema')).toEqual({ kind: 'metric', metric: 'JS', ema: true });
    expect(seriesLabel('metric/JS@ema').label).toBe('JS (EMA G)');
    // Only the suffix marks it: a bare "@ema" is a metric of that name.
    expect(parseSeriesName('metric/@ema')).toEqual({ kind: 'metric', metric: '@ema' });
  });
});
