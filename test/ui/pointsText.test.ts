import { describe, expect, it } from 'vitest';
import { formatPoints, parsePoints } from '../../src/ui/pointsText';

describe('typed 2-D points', () => {
  it('reads one "x y" (or "x, y") per line, skipping blank lines, and writes them back', () => {
    expect(parsePoints('0.5 0.5\n\n-0.25, 1\r\n  -1   0  ')).toEqual({ points: [[0.5, 0.5], [-0.25, 1], [-1, 0]] });
    expect(formatPoints([[0.5, 0.5], [-0.25, 1]])).toBe('0.5 0.5\n-0.25 1');
    const again = parsePoints(formatPoints([[0.123, -0.9]]));
    expect(again).toEqual({ points: [[0.123, -0.9]] });
  });

  it('names the first bad line and why', () => {
    expect(parsePoints('0 0\n0.5\n')).toEqual({ error: 'line 2: "0.5" is not two numbers (x y)' });
    expect(parsePoints('0 0\n1 2 3')).toEqual({ error: 'line 2: "1 2 3" is not two numbers (x y)' });
    expect(parsePoints('x y')).toEqual({ error: 'line 1: "x y" is not two numbers (x y)' });
    expect(parsePoints('0 0\n0 0\n1.5 0')).toEqual({ error: 'line 3: "1.5 0" is outside the plane: x and y go from -1 to 1' });
    expect(parsePoints(' \n')).toEqual({ error: 'no points: write one "x y" per line' });
  });
});
