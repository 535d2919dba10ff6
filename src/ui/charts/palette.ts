/**
 * matplotlib's tab10 (the colours most training plots use), with its four lightest (orange,
 * pink, olive, cyan) darkened so every line has 3:1 contrast on white and on near-black (#121212),
 * the WCAG 1.4.11 minimum for graphics in both colour schemes.
 */
export const PALETTE = [
  '#1f77b4', '#d95f02', '#2ca02c', '#d62728', '#9467bd',
  '#8c564b', '#c2409b', '#7f7f7f', '#8f8f1a', '#1296a3',
] as const;

/** Colours handed out so far: a loss keeps its colour in every chart for the whole session. */
const assigned = new Map<string, string>();

/** FNV-1a: a cheap, well-spread string hash (only the starting slot depends on it). */
function hash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The colour of a loss, the same in every chart once given. A name starts at the slot its hash
 * picks, so its colour mostly does not depend on which chart asked first, and moves to the next
 * free slot on a collision, so the first 10 names never share a colour; after 10, they repeat.
 */
export function lossColor(name: string): string {
  const known = assigned.get(name);
  if (known) return known;
  const start = hash(name) % PALETTE.length;
  const used = new Set(assigned.values());
  let colour: string = PALETTE[start] as string;
  for (let k = 0; k < PALETTE.length; k++) {
    const c = PALETTE[(start + k) % PALETTE.length] as string;
    if (!used.has(c)) {
      colour = c;
      break;
    }
  }
  assigned.set(name, colour);
  return colour;
}

/** Forgets the assignments (tests; a page reload does the same). */
export function resetLossColors(): void {
  assigned.clear();
}
