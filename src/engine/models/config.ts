// A model config from JSON, any family; no tfjs, so the page can check one before a run.
import { resolveDcganConfig, type DcganConfig, type ResolvedDcganConfig } from './dcganConfig';
import { resolvePix2pixConfig, type Pix2pixConfig, type ResolvedPix2pixConfig } from './pix2pixConfig';
import { resolveToyConfig, type ResolvedToyConfig, type ToyConfig } from './toyConfig';
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
 * @param label what the field names start with, e.g. "model" for a run's settings @default the family
 */
export function resolveModelConfig(config: unknown, label?: string): ResolvedModelConfig {
  const family = (config as { family?: unknown } | null)?.family;
  switch (family) {
    case 'toy':
      return resolveToyConfig(config, label);
    case 'dcgan':
      return resolveDcganConfig(config, label);
    case 'pix2pix':
      return resolvePix2pixConfig(config, label);
    default:
      return fail('family', `one of ${MODEL_FAMILIES.map((f) => `"${f}"`).join(', ')}`, family);
  }
}
