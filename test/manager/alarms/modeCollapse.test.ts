import { describe, expect, it } from 'vitest';
import { feeder, only, type Point } from './points';

const COVERAGE = 'metric/modeCoverage';
const at = (name: string, values: readonly number[], first = 1): Point[] => values.map((v, i) => [name, (first + i) * 200, v]);

describe('mode collapse', () => {
  it('is raised at the first measurement at most (1 - drop) x the best so far', () => {
    const { feed } = feeder(only('modeCollapse', { modeCollapse: { drop: 0.25, points: 1 } }));
    // Best 1 at step 400; 0.875 is 87.5% of it (over 75%); 0.75 is 75%: raised at step 1000.
    const alarms = feed(at(COVERAGE, [0.5, 1, 1, 0.875, 0.75]));
    expect(alarms.map((a) => [a.kind, a.step, a.series])).toEqual([['modeCollapse', 1000, [COVERAGE]]]);
    expect(alarms[0]!.detail).toBe('modeCoverage fell to 0.75, 75% of its best 1 (step 400); the alarm is at 75%.');
  });

  it('is raised once per episode, cleared above (1 - drop / 2) x best, and raised again', () => {
    const { feed } = feeder(only('modeCollapse', { modeCollapse: { drop: 0.25, points: 1 } }));
    expect(feed(at(COVERAGE, [1, 0.5])).map((a) => a.step)).toEqual([400]);
    // Still collapsed, and 0.875 is not above (1 - 0.125) x 1: the same episode.
    expect(feed(at(COVERAGE, [0.5, 0.25, 0.875], 3))).toEqual([]);
    // 1 clears it; 0.625 is a new collapse.
    expect(feed(at(COVERAGE, [1, 0.625], 6)).map((a) => a.step)).toEqual([1400]);
  });

  it('with points 2, needs two low measurements in a row', () => {
    const { feed } = feeder(only('modeCollapse', { modeCollapse: { drop: 0.25, points: 2 } }));
    expect(feed(at(COVERAGE, [1, 0.5, 1, 0.5]))).toEqual([]);
    expect(feed(at(COVERAGE, [0.5], 5)).map((a) => a.step)).toEqual([1000]);
  });

  it("reads the digits' class entropy the same way, each metric on its own", () => {
    const { feed } = feeder(only('modeCollapse', { modeCollapse: { drop: 0.25, points: 1 } }));
    // ln 10 = 2.303 nats for ten equally likely digits; ln 4 = 1.386 (four digits) is 60% of it.
    const points: Point[] = [...at('metric/classEntropy', [Math.log(10), Math.log(4)]), ...at(COVERAGE, [1, 1])];
    expect(feed(points).map((a) => [a.step, a.series[0]])).toEqual([[400, 'metric/classEntropy']]);
  });

  it('counts no fall before the best covered half the modes: G finding its first mode flickers 1/8, 0, 1/8', () => {
    const { feed } = feeder(only('modeCollapse', { modeCollapse: { points: 1 } }));
    // Measured in a toy log-loss run's first 1,200 steps (the CLI, --metrics-every 200).
    expect(feed(at(COVERAGE, [0.125, 0, 0.125, 0, 0, 0.375]))).toEqual([]);
    // 0.5 reached: 0.25 is half of it, a collapse.
    expect(feed(at(COVERAGE, [0.5, 0.25], 7)).map((a) => a.step)).toEqual([1600]);
    // Class entropy: best 0.9 < 1 never counts; from 1.2, 0.6 does.
    expect(feed(at('metric/classEntropy', [0.9, 0.1, 1.2, 0.6]))).toEqual([expect.objectContaining({ step: 800, series: ['metric/classEntropy'] })]);
  });

  it('by default needs two low measurements in a row, and ignores other metrics', () => {
    const { feed } = feeder(only('modeCollapse'));
    expect(feed([...at(COVERAGE, [1, 0.5, 1]), ...at('metric/offMode', [1, 0])])).toEqual([]);
    expect(feed(at(COVERAGE, [0.5, 0.5], 4)).map((a) => a.step)).toEqual([1000]);
  });
});
