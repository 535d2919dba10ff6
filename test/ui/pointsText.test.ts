import { describe, expect, it } from 'vitest';
import { MAX_DRAWN_POINTS, parseToyConfig } from '../../src/engine/data/toyConfig';
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

  it('stops at MAX_DRAWN_POINTS points, and quotes a long bad line short', () => {
    // Bug: a pasted file of any size became the target (kept in the settings, the link and
    // every run's record), and a bad megabyte line came back as a megabyte message.
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `${(i % 100) / 100} 0`).join('\n');
    expect(parsePoints(lines(MAX_DRAWN_POINTS))).toMatchObject({ points: { length: MAX_DRAWN_POINTS } });
    expect(parsePoints(lines(20_000))).toEqual({ error: 'line 10001: more than 10,000 points; use at most that many' });
    expect(parsePoints(`0 0\n${'9'.repeat(1_000_000)} 0`)).toEqual({ error: `line 2: "${'9'.repeat(57)}..." is not two numbers (x y)` });
    const tooMany = { kind: 'drawn', points: Array.from({ length: MAX_DRAWN_POINTS + 1 }, () => [0, 0]) };
    expect(() => parseToyConfig(tooMany)).toThrow('data.points: at most 10,000 points');
  });
});
