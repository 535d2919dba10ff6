// pix2pix's config and its check, without tfjs (the page checks run settings too).
import { D_NORMS, G_NORMS, type DiscriminatorNorm, type GeneratorNorm } from './options';
import { intIn, oneOf, plainObject, seedField } from './validate';

export const PIX2PIX_SIZES = [32, 64] as const;

/** pix2pix: a U-Net from A to B and a PatchGAN that judges (A, B) pairs. */
export interface Pix2pixConfig {
  family: 'pix2pix';
  /** Image side S. @default 32 */
  size?: (typeof PIX2PIX_SIZES)[number];
  /** Channels of the input image A (1 grayscale, 3 RGB). @default 3 */
  channelsA?: number;
  /** Channels of the target image B. @default 3 */
  channelsB?: number;
  /** Base width: the first encoder layer's filters; deeper layers double, up to 8x. @default 32 */
  width?: number;
  /** @default 'batch' */
  gNorm?: GeneratorNorm;
  /** See D_NORMS in options.ts for why batch norm in D is not the default. @default 'none' */
  dNorm?: DiscriminatorNorm;
  /** Stride-2 convs in the PatchGAN: its logits grid is S / 2^dLayers on a side. @default 3 */
  dLayers?: number;
  /** Seeds every initializer. @default 0 */
  seed?: number;
}
export type ResolvedPix2pixConfig = Required<Pix2pixConfig>;

const KEYS = ['family', 'size', 'channelsA', 'channelsB', 'width', 'gNorm', 'dNorm', 'dLayers', 'seed'] as const;

/** Fills in the defaults and checks every field; errors name `<label>.<field>`. */
export function resolvePix2pixConfig(input: unknown, label = 'pix2pix'): ResolvedPix2pixConfig {
  const c = plainObject(label, input, KEYS);
  const size = oneOf(`${label}.size`, c.size, PIX2PIX_SIZES, 32);
  return {
    family: 'pix2pix',
    size,
    channelsA: intIn(`${label}.channelsA`, c.channelsA, 1, 4, 3),
    channelsB: intIn(`${label}.channelsB`, c.channelsB, 1, 4, 3),
    width: intIn(`${label}.width`, c.width, 1, 256, 32),
    gNorm: oneOf(`${label}.gNorm`, c.gNorm, G_NORMS, 'batch'),
    dNorm: oneOf(`${label}.dNorm`, c.dNorm, D_NORMS, 'none'),
    // At most log2(S) - 1 so the logits stay a grid (2 x 2 or more), not one number.
    dLayers: intIn(`${label}.dLayers`, c.dLayers, 1, Math.log2(size) - 1, 3),
    seed: seedField(`${label}.seed`, c.seed),
  };
}

/** Encoder stages: down to a 1 x 1 bottleneck, as pix2pix's U-Net reaches (5 at 32 px, 6 at 64). */
export function unetDepth(size: number): number {
  return Math.log2(size);
}
