// DCGAN's config and its check, without tfjs (the page checks run settings too).
import { D_NORMS, G_NORMS, type DiscriminatorNorm, type GeneratorNorm } from './options';
import { intIn, oneOf, plainObject, seedField } from './validate';

/** The digits' shape: MNIST-like 28 x 28 x 1 in [-1, 1]. */
export const DCGAN_IMAGE_SHAPE = [28, 28, 1] as const;

/** DCGAN for 28 x 28 x 1 digits: two stride-2 stages in each network, 7 <-> 14 <-> 28. */
export interface DcganConfig {
  family: 'dcgan';
  /** Latent size; the noise is N(0, 1). @default 64 */
  noiseDim?: number;
  /** Base width w: D has w then 2w filters, G 4w then 2w. @default 32 */
  width?: number;
  /** Extra 3x3 stride-1 convs per stage in each network. @default 0 */
  depth?: number;
  /** @default 'batch' */
  gNorm?: GeneratorNorm;
  /** See D_NORMS (options.ts) for why batch norm is offered but not the default. @default 'none' */
  dNorm?: DiscriminatorNorm;
  /** Seeds every initializer. @default 0 */
  seed?: number;
}
export type ResolvedDcganConfig = Required<DcganConfig>;

const KEYS = ['family', 'noiseDim', 'width', 'depth', 'gNorm', 'dNorm', 'seed'] as const;

/** Fills in the defaults and checks every field; errors name `<label>.<field>`. */
export function resolveDcganConfig(input: unknown, label = 'dcgan'): ResolvedDcganConfig {
  const c = plainObject(label, input, KEYS);
  return {
    family: 'dcgan',
    noiseDim: intIn(`${label}.noiseDim`, c.noiseDim, 1, 1024, 64),
    width: intIn(`${label}.width`, c.width, 1, 256, 32),
    depth: intIn(`${label}.depth`, c.depth, 0, 4, 0),
    gNorm: oneOf(`${label}.gNorm`, c.gNorm, G_NORMS, 'batch'),
    dNorm: oneOf(`${label}.dNorm`, c.dNorm, D_NORMS, 'none'),
    seed: seedField(`${label}.seed`, c.seed),
  };
}
