import { describe, expect, it } from 'vitest';
import { feeder, only, type Point } from './points';

const ACC = 'dHealth/accuracy';
/** Window 4: D's accuracy averaged over 4 updates, G's loss over the last 4 values against the 4 before. */
const settings = only('dOverpowering', { dOverpowering: { window: 4, accuracy: 0.98, clearAccuracy: 0.9, gLossRise: 0.1 } });

/** One iteration: D's accuracy, then G's adversarial loss. */
const step = (s: number, accuracy: number, g: number): Point[] => [
  [ACC, s, accuracy],
  ['G_GAN', s, g],
];
const steps = (from: number, to: number, accuracy: (s: number) => number, g: (s: number) => number) =>
  Array.from({ length: to - from + 1 }, (_, i) => step(from + i, accuracy(from + i), g(from + i))).flat();

describe('D overpowering G', () => {
  it('is raised at the first step where both hold: mean accuracy >= 0.98 and G loss up > 10%', () => {
    const { feed } = feeder(settings);
    // Steps 1-8: D always right, G's loss flat at 1: the two windows (steps 1-4, 5-8) are equal.
    expect(feed(steps(1, 8, () => 1, () => 1))).toEqual([]);
    // Step 9: G's loss 2. Its last 4 (steps 6-9) average (1 + 1 + 1 + 2) / 4 = 1.25, the 4 before
    // (2-5) 1: up 25%, over 10%.
    const [alarm, ...more] = feed(step(9, 1, 2));
    expect(more).toEqual([]);
    expect(alarm).toMatchObject({ kind: 'dOverpowering', step: 9, series: [ACC, 'G_GAN'] });
    expect(alarm!.detail).toContain('up 25% from 1 over the 4 before');
  });

  it('is raised once per episode, cleared when mean accuracy falls below clearAccuracy, then raised again', () => {
    const { feed } = feeder(settings);
    feed(steps(1, 8, () => 1, () => 1));
    expect(feed(step(9, 1, 2)).map((a) => a.step)).toEqual([9]);
    // G's loss keeps rising while D stays at 1: the same episode, no new alarm.
    expect(feed(steps(10, 20, () => 1, (s) => s))).toEqual([]);
    // One update at 0.5: mean (1 + 1 + 1 + 0.5) / 4 = 0.875 < 0.9: cleared. Mean back to 0.98+
    // only once the 0.5 leaves the window, at step 25 (steps 22-25 all 1).
    expect(feed(steps(21, 24, (s) => (s === 21 ? 0.5 : 1), (s) => s))).toEqual([]);
    expect(feed(step(25, 1, 25)).map((a) => a.step)).toEqual([25]);
  });

  it('stays quiet while mean accuracy is below the line, however G loss rises', () => {
    const { feed } = feeder(settings);
    // Mean 0.97 < 0.98.
    expect(feed(steps(1, 30, () => 0.97, (s) => s * s))).toEqual([]);
  });

  it("reads G's adversarial loss unweighted: not G_L1, and not the weighted value", () => {
    const { feed } = feeder(settings);
    const points: Point[] = [];
    // G_GAN's weight raised from 1 to 10 at step 9 (a slider): its weighted value x10, its own value flat.
    for (let s = 1; s <= 30; s++) points.push([ACC, s, 1], ['G_GAN', s, 1, s < 9 ? 1 : 10], ['G_L1', s, s * 10]);
    expect(feed(points)).toEqual([]);
  });

  it("takes all of G's losses where G has no GAN loss, and follows a new spec", () => {
    const { feed } = feeder(settings, { losses: [{ name: 'G_MSE', type: 'MSELoss', tags: ['G'] }] });
    const points = (from: number, name: string): Point[] => Array.from({ length: 9 }, (_, i): Point[] => [[ACC, from + i, 1], [name, from + i, i < 8 ? 1 : 2]]).flat();
    expect(feed(points(1, 'G_MSE')).map((a) => a.step)).toEqual([9]);
    const other = feeder(settings);
    other.detector.setSpec({ losses: [{ name: 'G_new', type: 'GANLoss', tags: ['G'] }] });
    expect(other.feed(points(1, 'G_GAN'))).toEqual([]);
    expect(other.feed(points(100, 'G_new')).map((a) => a.step)).toEqual([108]);
  });

  it('never fires when disabled', () => {
    const { feed } = feeder({ dOverpowering: { enabled: false, window: 4 } });
    expect(feed([...steps(1, 8, () => 1, () => 1), ...step(9, 1, 2)])).toEqual([]);
  });
});
