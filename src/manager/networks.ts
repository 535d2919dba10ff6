import { showValue } from '../losses/jsonText';

/** The two objectives a loss can join, by NectarGAN's tags. No tfjs: the page uses it too. */
export const NETWORKS = ['G', 'D'] as const;
export type Network = (typeof NETWORKS)[number];

/** The networks named in a tag list (a valid loss has exactly one). */
export function networksIn(tags: readonly string[]): Network[] {
  return NETWORKS.filter((n) => tags.includes(n));
}

/** The network a loss trains; throws unless its tags hold exactly one of 'G' and 'D'. */
export function networkOf(entry: { readonly name?: string; readonly tags: readonly string[] }): Network {
  const found = networksIn(entry.tags);
  if (found.length !== 1) {
    throw new Error(
      `loss ${showValue(entry.name ?? '?')} must be tagged with exactly one of "G" or "D", the network it trains (got ${showValue(entry.tags)})`,
    );
  }
  return found[0] as Network;
}
