import { describe, expect, it } from 'vitest';
import type { AlarmRecord } from '../../../src/manager/alarms/types';
import { emptySeries, pushToSeries, type Series } from '../../../src/state/series';
import { buildChartModel, MAX_ALARM_MARKERS } from '../../../src/ui/charts/chartModel';
import { ALARM_COLOR } from '../../../src/ui/charts/markers';
import { DEFAULT_CHART_OPTIONS, type LossChartOptions } from '../../../src/ui/charts/options';

/** Logged at steps 0, 10, 20, ... at 100 ms a step. */
function series(name: string, n: number): Series {
  const s = emptySeries(name);
  for (let i = 0; i < n; i++) pushToSeries(s, i * 10, 1, NaN, 1, i * 1000);
  return s;
}

const flat: LossChartOptions = { ...DEFAULT_CHART_OPTIONS, smoothing: 0, ignoreOutliers: false };
const state = (alarms: AlarmRecord[]) => ({
  series: new Map([['dHealth/accuracy', series('dHealth/accuracy', 10)], ['G_GAN', series('G_GAN', 10)], ['metric/JS', series('metric/JS', 3)]]),
  marks: [],
  alarms,
});
const overpowering: AlarmRecord = { kind: 'dOverpowering', step: 35, series: ['dHealth/accuracy', 'G_GAN'], detail: '' };

describe('alarm markers', () => {
  it('marks an alarm on every chart drawing one of its series, at its step or its time', () => {
    const s = state([overpowering, { kind: 'metricWorsening', step: 20, series: ['metric/JS'], detail: '' }]);
    const accuracy = buildChartModel(s, ['dHealth/accuracy'], flat, 100);
    expect(accuracy.markers).toEqual([{ key: 'alarm:0', x: 35, label: '⚠ D overpowering G', color: ALARM_COLOR, kind: 'alarm' }]);
    expect(buildChartModel(s, ['G_GAN'], flat, 100).markers.map((m) => m.label)).toEqual(['⚠ D overpowering G']);
    // By time: the first value at or after step 35 is step 40, logged at 4000 ms.
    expect(buildChartModel(s, ['G_GAN'], { ...flat, xAxis: 'time' }, 100).markers.map((m) => m.x)).toEqual([4000]);
    expect(buildChartModel(s, ['metric/JS'], flat, 100).markers.map((m) => [m.x, m.label])).toEqual([[20, '⚠ Quality getting worse']]);
  });

  it('names a kind this build does not know by its name, and draws none on charts of other series', () => {
    const s = state([{ kind: 'fromTheFuture', step: 10, series: ['G_GAN'], detail: '' }]);
    expect(buildChartModel(s, ['G_GAN'], flat, 100).markers.map((m) => m.label)).toEqual(['⚠ fromTheFuture']);
    expect(buildChartModel(s, ['metric/JS'], flat, 100).markers).toEqual([]);
  });

  it('draws the newest MAX_ALARM_MARKERS and says how many older it left out', () => {
    const alarms = Array.from({ length: MAX_ALARM_MARKERS + 3 }, (_, i) => ({ ...overpowering, step: i }));
    const m = buildChartModel(state(alarms), ['G_GAN'], flat, 100);
    expect(m.markers).toHaveLength(MAX_ALARM_MARKERS);
    expect(m.markers[0]!.x).toBe(3);
    expect(m.notes).toContain(`the ${MAX_ALARM_MARKERS} newest alarms marked; 3 older not`);
  });
});
