// The drawn 2-D points as text, for typing them instead of clicking (keyboard, exact values).

import { MAX_DRAWN_POINTS } from '../engine/data/toyConfig';

export type Point = [number, number];

/** A line as an error shows it: a pasted megabyte line must not become a megabyte message. */
const shown = (line: string) => (line.length > 60 ? `${line.slice(0, 57)}...` : line);

/** One "x y" per line, as the text box shows them. */
export function formatPoints(points: readonly Point[]): string {
  return points.map(([x, y]) => `${x} ${y}`).join('\n');
}

/**
 * Points from text: one point per line, x and y separated by spaces or a comma, each in [-1, 1]
 * (the toy plane). Blank lines are skipped. The first bad line is the error, by its number.
 */
export function parsePoints(text: string): { points: Point[] } | { error: string } {
  const points: Point[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const parts = line.split(/[\s,]+/);
    const [x, y] = parts.map(Number);
    if (parts.length !== 2 || !Number.isFinite(x) || !Number.isFinite(y)) {
      return { error: `line ${i + 1}: "${shown(line)}" is not two numbers (x y)` };
    }
    if (Math.abs(x!) > 1 || Math.abs(y!) > 1) return { error: `line ${i + 1}: "${shown(line)}" is outside the plane: x and y go from -1 to 1` };
    if (points.length === MAX_DRAWN_POINTS) return { error: `line ${i + 1}: more than ${MAX_DRAWN_POINTS.toLocaleString('en-US')} points; use at most that many` };
    points.push([x!, y!]);
  }
  if (points.length === 0) return { error: 'no points: write one "x y" per line' };
  return { points };
}
