/** Each charted loss's tags, by loss name (a Map: a loss may be named `toString` or `__proto__`). */
export type LossTags = ReadonlyMap<string, readonly string[]>;

/** One chart of the grid: a tag's losses, in the order the spec lists them. */
export interface TagChart {
  readonly tag: string;
  readonly names: readonly string[];
}

/** The generator's and discriminator's charts come first, as in the spec editor. */
const FIRST = ['G', 'D'];

/**
 * One chart per tag present: G, then D, then the other tags alphabetically. A loss with
 * several tags is drawn in each of their charts; a tag with no loss gets no chart.
 */
export function tagCharts(lossTags: LossTags): TagChart[] {
  const byTag = new Map<string, string[]>();
  for (const [name, tags] of lossTags) {
    for (const tag of new Set(tags)) {
      let names = byTag.get(tag);
      if (!names) byTag.set(tag, (names = []));
      names.push(name);
    }
  }
  const rank = (tag: string) => {
    const i = FIRST.indexOf(tag);
    return i === -1 ? FIRST.length : i;
  };
  return [...byTag.keys()]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((tag) => ({ tag, names: byTag.get(tag) ?? [] }));
}

/** The tag of a loss that is in the history but not in the spec, from its name: "G_L1" -> G. */
export const UNSPECIFIED_TAG = 'other';

/**
 * Each charted loss's tags: the spec's losses with their tags, and every other loss in the
 * history (a run opened or a loss_log.json loaded with losses the spec does not have) under
 * the network its name starts with (NectarGAN's "G_"/"D_" names, "G/"...), else under
 * UNSPECIFIED_TAG, so that nothing recorded goes undrawn.
 */
export function chartLossTags(
  specLosses: readonly { readonly name: string; readonly tags: readonly string[] }[],
  historyNames: readonly string[],
): LossTags {
  const tags = new Map<string, readonly string[]>(specLosses.map((l) => [l.name, l.tags]));
  for (const name of historyNames) {
    if (tags.has(name)) continue;
    const network = /^([GD])[_/]/.exec(name)?.[1];
    tags.set(name, [network ?? UNSPECIFIED_TAG]);
  }
  return tags;
}
