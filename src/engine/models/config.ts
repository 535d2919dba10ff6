import { resolveDcganConfig, type DcganConfig, type ResolvedDcganConfig } from './dcgan';
import { resolvePix2pixConfig, type Pix2pixConfig, type ResolvedPix2pixConfig } from './pix2pix';
import { resolveToyConfig, type ResolvedToyConfig, type ToyConfig } from './toy';
import { fail } from './validate';

export const MODEL_FAMILIES = ['toy', 'dcgan', 'pix2pix'] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

/** A model config as JSON: the family, and any fields to change from its defaults. */
export type ModelConfig = ToyConfig | DcganConfig | Pix2pixConfig;
/** A model config with every field filled in and checked. */
export type ResolvedModelConfig = ResolvedToyConfig | ResolvedDcganConfig | ResolvedPix2pixConfig;

/**
 * Fills in the defaults and checks every field; throws a ModelConfigError naming the field,
 * what was expected and what came. Takes `unknown` because configs arrive as parsed JSON.
 */
export function resolveModelConfig(config: unknown): ResolvedModelConfig {
  const family = (config as { family?: unknown } | null)?.family;
  switch (family) {
    case 'toy':
      return resolveToyConfig(config);
    case 'dcgan':
      return resolveDcganConfig(config);
    case 'pix2pix':
      return resolvePix2pixConfig(config);
    default:
      return fail('family', `one of ${MODEL_FAMILIES.map((f) => `"${f}"`).join(', ')}`, family);
  }
}
