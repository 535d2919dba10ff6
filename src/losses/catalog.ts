// Every built-in loss type as data: its options (schema, defaults, a form's view of them),
// its arguments and a description. No tfjs: the page renders and checks specs from this, and
// the loss classes take their schemas and arguments from here, so there is one source for both.
import { bindingProblems } from './argSpec';
import { checkConfig, type ConfigProblem } from './config';
import { EDGE_LOSSES } from './catalog/edge';
import { keepOwnRecordKeys } from './ownRecord';
import { userModelMessage, type LossCatalogEntry } from './catalog/entry';
import { GAN_LOSSES } from './catalog/gan';
import { IMAGE_LOSSES } from './catalog/image';
import { PERCEPTUAL_LOSSES } from './catalog/perceptual';
import { PIXEL_LOSSES } from './catalog/pixel';
import { REGULARIZER_LOSSES } from './catalog/regularizer';
import type { DataInfo } from './types';

export type { ArgKind, ArgSpec } from './argSpec';
export type { ConfigProblem } from './config';
export type { LossCatalogEntry } from './catalog/entry';
export { OPTION_KINDS } from './catalog/optionInfo';
export type { OptionInfo, OptionKind, OptionValue } from './catalog/optionInfo';
export { GAN_COMPS_TYPES, GAN_TYPES } from './catalog/gan';
export type { GanType } from './catalog/gan';
export { NORM_MODES } from './catalog/regularizer';
export type { NormMode } from './catalog/regularizer';
export { PERCEPTUAL_CRITERIA } from './catalog/perceptual';
export type { PerceptualCriterion } from './catalog/perceptual';

const catalog = {
  ...PIXEL_LOSSES,
  ...IMAGE_LOSSES,
  ...EDGE_LOSSES,
  ...GAN_LOSSES,
  ...REGULARIZER_LOSSES,
  ...PERCEPTUAL_LOSSES,
};

/** A built-in loss type, e.g. 'L1Loss'. */
export type LossType = keyof typeof catalog;

/** The built-in loss types by registry type, the "Comps" aliases included. */
export const LOSS_CATALOG: Readonly<Record<LossType, LossCatalogEntry>> = catalog;

/** The built-in loss types, sorted (as the registry lists them). */
export const LOSS_TYPES: readonly LossType[] = (Object.keys(catalog) as LossType[]).sort();

/** MMagic's "Comps" names, each with the loss it names (GANLossComps: GANLoss with fewer gan_types). */
export const LOSS_ALIASES = Object.fromEntries(
  Object.values(LOSS_CATALOG).flatMap((entry) => (entry.aliasOf === undefined ? [] : [[entry.type, entry.aliasOf]])),
) as Readonly<Partial<Record<LossType, LossType>>>;

export function isLossType(type: string): type is LossType {
  return Object.hasOwn(LOSS_CATALOG, type);
}

/** What building a loss would reject: every problem, and the one its constructor throws. */
export interface LossConfigProblems {
  readonly problems: readonly ConfigProblem[];
  /** The error `buildLoss` throws (its message and field), or undefined when the config is valid. */
  readonly first: ConfigProblem | undefined;
}

/**
 * The options that parse on their own, each with its default filled in, when the config as a
 * whole does not: enough to check data_info while the form shows another option's error.
 */
function parsedOptions(entry: LossCatalogEntry, config: unknown): Record<string, unknown> {
  const given = (config ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given)) return {};
  const parsed: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(entry.schema.shape)) {
    const result = option.safeParse(Object.hasOwn(given, key) ? given[key] : undefined);
    if (result.success) parsed[key] = result.data;
  }
  // A data_info's `__proto__` key stays, to be reported as an argument the loss lacks.
  keepOwnRecordKeys(entry.schema, given, parsed);
  return parsed;
}

/**
 * Checks a JSON loss config as building it would, without tfjs: the options against the
 * type's schema (each problem at its field), a model a JSON config cannot carry, and the
 * data_info against the type's arguments. Messages are the modules' own, e.g.
 * `L1Loss: option "reduction": Invalid option: ...`.
 */
export function lossConfigProblems(type: LossType, config: unknown): LossConfigProblems {
  const entry = LOSS_CATALOG[type];
  const label = entry.moduleType;
  const checked = checkConfig(label, entry.schema, config);
  const problems: ConfigProblem[] = checked.ok ? [] : [...checked.problems];
  let first = checked.ok ? undefined : checked.summary;
  const add = (problem: ConfigProblem) => {
    problems.push(problem);
    first ??= problem;
  };
  if (entry.needsUserModel) add({ field: 'model', message: userModelMessage(label) });
  const options = checked.ok ? (checked.data as Record<string, unknown>) : parsedOptions(entry, config);
  const { data_info, interval, loss_name } = options as { data_info?: DataInfo | null; interval?: number; loss_name?: string };
  if (data_info !== undefined && interval !== undefined) {
    const name = loss_name ?? entry.lossName;
    const supplied = entry.suppliedByConfig?.(options) ?? [];
    for (const message of bindingProblems(`${label} (${name})`, data_info, interval, entry.args, supplied)) {
      add({ field: undefined, message });
    }
  }
  return { problems, first };
}
