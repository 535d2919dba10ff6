import { describe, expect, it } from 'vitest';
import { parseRangeFields, rangeFields, typedX, withTypedY } from '../../../src/ui/charts/axisRanges';
import { EMPTY_MODEL } from '../../../src/ui/charts/chartModel';

const empty = { xFrom: '', xTo: '', yFrom: '', yTo: '' };

describe('typed axis ranges', () => {
  it('reads empty fields as auto, and both ends as a range', () => {
    expect(parseRangeFields(empty, 'step', false)).toEqual({ ranges: {}, problems: [] });
    expect(parseRangeFields({ xFrom: ' 100 ', xTo: '2e3', yFrom: '-1', yTo: '0.5' }, 'step', false)).toEqual({
      ranges: { x: { axis: 'step', range: [100, 2000] }, y: [-1, 0.5] },
      problems: [],
    });
  });

  it('takes the time axis in seconds and keeps it in milliseconds', () => {
    const { ranges } = parseRangeFields({ ...empty, xFrom: '1.5', xTo: '3' }, 'time', false);
    expect(ranges.x).toEqual({ axis: 'time', range: [1500, 3000] });
    expect(rangeFields(ranges, 'time')).toEqual({ ...empty, xFrom: '1.5', xTo: '3' });
    // Typed on the time axis: not applied on the step axis.
    expect(typedX(ranges, 'step')).toBeUndefined();
    expect(typedX(ranges, 'time')).toEqual([1500, 3000]);
  });

  it.each([
    [{ ...empty, xFrom: '1' }, /x \(steps\): type both ends/],
    [{ ...empty, yFrom: 'abc', yTo: '2' }, /y: "abc" is not a finite number/],
    [{ ...empty, yFrom: '1', yTo: 'Infinity' }, /y: "Infinity" is not a finite number/],
    [{ ...empty, xFrom: '5', xTo: '5' }, /x \(steps\): the start \(5\) must be below the end \(5\)/],
    [{ ...empty, yFrom: '1'.repeat(41), yTo: '2' }, /at most 40 characters/],
  ])('refuses %o, naming the axis', (fields, message) => {
    const read = parseRangeFields(fields, 'step', false);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatch(message);
  });

  it('refuses seconds past the largest number of milliseconds (1e306 s is Infinity ms)', () => {
    const read = parseRangeFields({ ...empty, xFrom: '1', xTo: '1e306' }, 'time', false);
    expect(read.problems).toEqual(['x (seconds): 1e+306 is past the largest time this axis can draw']);
    expect(read.ranges).toEqual({});
  });

  it('a typed y range of float noise still gets a few ticks, at once', () => {
    const model = withTypedY({ ...EMPTY_MODEL, yDomain: [0, 1] }, [1, 1 + 2 ** -52], false);
    expect(model.yDomain).toEqual([1, 1 + 2 ** -52]);
    expect(model.yTicks.length).toBeLessThan(12);
  });

  it('needs y above 0 on a log axis', () => {
    expect(parseRangeFields({ ...empty, yFrom: '0', yTo: '1' }, 'step', true).problems[0]).toMatch(/log scale needs a start above 0/);
    expect(parseRangeFields({ ...empty, yFrom: '0.01', yTo: '1' }, 'step', true).problems).toEqual([]);
  });

  it('fixes the y axis to the typed range, with ticks inside it', () => {
    const model = { ...EMPTY_MODEL, yDomain: [0, 10] as const, yTicks: [0, 5, 10] };
    const fixed = withTypedY(model, [0.5, 2.5], false);
    expect(fixed.yDomain).toEqual([0.5, 2.5]);
    expect(fixed.yTicks).toEqual([0.5, 1, 1.5, 2, 2.5]);
    expect(withTypedY(model, undefined, false)).toBe(model);
    // A range reaching 0 cannot be drawn on a log axis: the auto range stays.
    expect(withTypedY(model, [0, 1], true)).toBe(model);
  });
});
