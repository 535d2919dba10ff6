// Constructed history for the alarm tests: points as [series, step, value] rows, in order.
import { AlarmDetector } from '../../../src/manager/alarms/detector';
import type { AlarmSettings } from '../../../src/manager/alarms/settings';
import type { Alarm } from '../../../src/manager/alarms/types';
import { emptyHistoryColumns, type HistoryColumns } from '../../../src/manager/historyColumns';
import type { LossSpec } from '../../../src/manager/specValidation';

/** A value of a series at a step; for a loss, the unweighted value and its weight (@default 2). */
export type Point = readonly [name: string, step: number, value: number, weight?: number];

/** Columns holding the points in order: `raw` is the point's value, `value` weight x it, as a LossManager records them. */
export function columns(points: readonly Point[]): HistoryColumns {
  const names = [...new Set(points.map((p) => p[0]))];
  const c = emptyHistoryColumns(names, points.length);
  points.forEach(([name, step, value, weight = 2], i) => {
    c.loss[i] = names.indexOf(name);
    c.step[i] = step;
    c.raw[i] = value;
    c.value[i] = weight * value;
    c.weight[i] = weight;
  });
  return c;
}

export const TOY_SPEC: Pick<LossSpec, 'losses'> = {
  losses: [
    { name: 'G_GAN', type: 'GANLoss', tags: ['G'] },
    { name: 'G_L1', type: 'L1Loss', tags: ['G'] },
    { name: 'D_real', type: 'GANLoss', tags: ['D'] },
  ],
};

/** A detector with these settings for a run of `spec`. */
export function feeder(settings: AlarmSettings, spec = TOY_SPEC) {
  const detector = new AlarmDetector(settings, spec);
  return {
    detector,
    /** Feeds the points as one read-back; the alarms raised. */
    feed: (points: readonly Point[]): Alarm[] => detector.observe(columns(points)),
  };
}

/** Every alarm but those named, off. */
export function only(kind: keyof AlarmSettings, settings: AlarmSettings = {}): AlarmSettings {
  const off = { enabled: false };
  return { dOverpowering: off, modeCollapse: off, vanishingGradient: off, metricWorsening: off, lossExploding: off, ...settings, [kind]: { ...settings[kind], enabled: true } };
}

/** Steps first..last, one point each from `value(step)`. */
export function series(name: string, first: number, last: number, value: (step: number) => number): Point[] {
  const out: Point[] = [];
  for (let s = first; s <= last; s++) out.push([name, s, value(s)]);
  return out;
}
