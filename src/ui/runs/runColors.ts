// Each drawn run's colour, the same in the run list, the legends and every chart (TensorBoard
// colours by run). A run keeps the colour it is given (stored with it), so showing or hiding
// another run never recolours it.
import { PALETTE } from '../charts/palette';

export interface ColoredRun {
  readonly id: string;
  /** Older runs (lower numbers) keep a stored colour another drawn run also has. */
  readonly number: number;
  /** The stored colour; anything not in the palette is treated as none. */
  readonly color?: string | null;
}

const inPalette = (color: string | null | undefined): color is string => typeof color === 'string' && (PALETTE as readonly string[]).includes(color.toLowerCase());

/**
 * The colours of the runs drawn together. Each keeps its stored colour unless an older drawn
 * run has it; the rest get, oldest first, the palette colour fewest drawn runs use (the
 * earliest in palette order on a tie). Up to PALETTE.length (8) runs all differ, every two at
 * least MIN_COLOR_DISTANCE apart; past that colours repeat, evenly, and the legend, the
 * tooltip and the run list name each run.
 */
export function assignRunColors(drawn: readonly ColoredRun[]): Map<string, string> {
  const uses = new Map<string, number>(PALETTE.map((c) => [c, 0]));
  const out = new Map<string, string>();
  const oldestFirst = [...drawn].sort((a, b) => a.number - b.number);
  const rest: ColoredRun[] = [];
  for (const run of oldestFirst) {
    const color = inPalette(run.color) ? run.color.toLowerCase() : null;
    if (color === null || uses.get(color)! > 0) rest.push(run);
    else {
      out.set(run.id, color);
      uses.set(color, 1);
    }
  }
  for (const run of rest) {
    let best: string = PALETTE[0];
    for (const c of PALETTE) if (uses.get(c)! < uses.get(best)!) best = c;
    out.set(run.id, best);
    uses.set(best, uses.get(best)! + 1);
  }
  return out;
}

/** The palette's colours by name, for the run list's colour menu. */
export const COLOR_NAMES: ReadonlyMap<string, string> = new Map([
  [PALETTE[0], 'blue'],
  [PALETTE[1], 'vermillion'],
  [PALETTE[2], 'bluish green'],
  [PALETTE[3], 'reddish purple'],
  [PALETTE[4], 'orange'],
  [PALETTE[5], 'sky blue'],
  [PALETTE[6], 'grey'],
  [PALETTE[7], 'yellow'],
]);
