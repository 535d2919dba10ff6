// A loss's tags as the editor shows them: the network (G or D) picked by a radio, the other
// tags as comma-separated text. The spec holds one list; these keep exactly one network in it.
import { NETWORKS, type Network } from '../../manager/networks';

function strings(tags: unknown): string[] {
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

function isNetwork(tag: string): tag is Network {
  return (NETWORKS as readonly string[]).includes(tag);
}

/** The network the tags name, or null unless exactly one of G and D is there. */
export function networkOfTags(tags: unknown): Network | null {
  const found = NETWORKS.filter((n) => strings(tags).includes(n));
  return found.length === 1 ? found[0]! : null;
}

/** The tags with `network` as the only network, first; the other tags kept in order. */
export function withNetwork(tags: unknown, network: Network): string[] {
  return [network, ...strings(tags).filter((t) => !isNetwork(t))];
}

/** The tags besides G and D, as the text field shows them. */
export function extraTagsText(tags: unknown): string {
  return strings(tags)
    .filter((t) => !isNetwork(t))
    .join(', ');
}

/**
 * The tags with the text's comma-separated tags as the extra ones; the network tags stay as
 * they were. A G or D typed in the text is kept, so the spec's check can say the loss now
 * names two networks rather than the editor dropping it unseen.
 */
export function withExtraTags(tags: unknown, text: string): string[] {
  const typed = text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  const networks = strings(tags).filter(isNetwork);
  return [...new Set([...networks, ...typed])];
}
