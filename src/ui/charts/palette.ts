/**
 * Okabe and Ito's colour-blind-safe palette ("Color Universal Design", 2002; Wong, Nature
 * Methods 8:441, 2011), ordered so the first colours handed out are the most legible on white
 * and on a dark page, with its black replaced by a mid grey (black vanishes in the dark scheme).
 * Every two of them differ by at least MIN_COLOR_DISTANCE (CIEDE2000), the closest pair being
 * sky blue and grey at 21.3 (test/ui/charts/palette.test.ts).
 */
export const PALETTE = [
  '#0072b2', // blue
  '#d55e00', // vermillion
  '#009e73', // bluish green
  '#cc79a7', // reddish purple
  '#e69f00', // orange
  '#56b4e9', // sky blue
  '#999999', // grey (Okabe-Ito's black)
  '#f0e442', // yellow: last, it is faint on white
] as const;

/**
 * Least CIEDE2000 difference between any two colours in one chart. ~1 is just noticeable;
 * 20 keeps thin lines apart at a glance (the old tab10-derived palette's red and dark orange,
 * mistaken for one another in the D chart, were 17.7 apart).
 */
export const MIN_COLOR_DISTANCE = 20;

/** Colours handed out so far: a loss keeps its colour in every chart for the whole session. */
const assigned = new Map<string, string>();

/**
 * The colour of a loss, the same in every chart once given: the palette in order of first
 * request (the page asks chart by chart, G then D, so the toy's G_GAN is blue and D_real and
 * D_fake vermillion and green), wrapping after PALETTE.length names.
 */
export function lossColor(name: string): string {
  const known = assigned.get(name);
  if (known) return known;
  const colour: string = PALETTE[assigned.size % PALETTE.length]!;
  assigned.set(name, colour);
  return colour;
}

/**
 * The colours of one chart's keys (loss names): each its session colour, except where another
 * key of the chart has it too (past PALETTE.length names the colours wrap): then the name given
 * its colour first keeps it and the other takes the first palette colour the chart leaves free.
 * Up to PALETTE.length keys, all distinct.
 */
export function chartColors(keys: readonly string[]): Map<string, string> {
  const order = [...new Set(keys)];
  order.forEach(lossColor);
  const rank = [...assigned.keys()];
  order.sort((a, b) => rank.indexOf(a) - rank.indexOf(b));
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const key of order) {
    const colour = assigned.get(key)!;
    if (used.has(colour)) continue;
    out.set(key, colour);
    used.add(colour);
  }
  for (const key of order) {
    if (out.has(key)) continue;
    const colour = PALETTE.find((c) => !used.has(c)) ?? assigned.get(key)!;
    out.set(key, colour);
    used.add(colour);
  }
  return out;
}

/** Forgets the assignments (tests; a page reload does the same). */
export function resetLossColors(): void {
  assigned.clear();
}
