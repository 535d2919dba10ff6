import type { z } from 'zod';
import type { ArgSpec } from '../argSpec';
import { optionInfos, type OptionInfo } from './optionInfo';

/**
 * A loss type as data: what it is, its options (the zod schema its module validates its
 * config with, and a form's view of it) and the arguments `data_info` can map. No tfjs, so
 * the page can render and check a spec without loading the losses themselves.
 */
export interface LossCatalogEntry {
  /** The registry type, e.g. 'L1Loss'. */
  readonly type: string;
  /** The type its module reports and its errors name: `type`, or the loss an alias builds. */
  readonly moduleType: string;
  /**
   * The loss whose MMagic "Comps" name this is: DiscShiftLossComps builds a DiscShiftLoss;
   * GANLossComps is its own class, GANLoss without smgan and l1.
   */
  readonly aliasOf?: string;
  /** One line for a picker. */
  readonly description: string;
  /** The default `loss_name`: the key the loss gets in a losses record. */
  readonly lossName: string;
  /** The config's schema, as the module's constructor validates it. */
  readonly schema: z.ZodObject;
  readonly options: readonly OptionInfo[];
  /** The loss's arguments, in the order its `forward` takes them: what `data_info` maps. */
  readonly args: readonly ArgSpec[];
  /** Every built-in loss picks its arguments from the outputs object through `data_info`. */
  readonly supportsDataInfo: true;
  /** Also needs an object a JSON config cannot carry (PerceptualLoss's feature network). */
  readonly needsUserModel?: true;
  /** Arguments the config stands in for when data_info leaves them out, given the parsed options. */
  readonly suppliedByConfig?: (options: Readonly<Record<string, unknown>>) => readonly string[];
}

export interface LossDefinition {
  readonly type: string;
  readonly description: string;
  readonly schema: z.ZodObject;
  readonly args: readonly ArgSpec[];
  readonly needsUserModel?: true;
  readonly suppliedByConfig?: (options: Readonly<Record<string, unknown>>) => readonly string[];
}

/** A catalog entry from a loss's schema and arguments; its options and default loss_name are read off the schema. */
export function defineLoss(definition: LossDefinition): LossCatalogEntry {
  const options = optionInfos(definition.schema);
  const lossName = options.find((option) => option.name === 'loss_name')?.default;
  if (typeof lossName !== 'string') throw new Error(`defineLoss: ${definition.type} has no loss_name option with a default`);
  return { ...definition, moduleType: definition.type, lossName, options, supportsDataInfo: true };
}

/** MMagic's "Comps" name for a loss: the same module under another registry type. */
export function aliasOf(entry: LossCatalogEntry, type: string): LossCatalogEntry {
  return { ...entry, type, aliasOf: entry.type, description: `Alias of ${entry.type}: ${entry.description}` };
}

/** Why a loss that needs a user's model cannot be built from JSON alone. */
export function userModelMessage(type: string): string {
  return `${type}: needs a feature network (a tfjs LayersModel) that a JSON config cannot carry; build it with new ${type}(config, model)`;
}
