// A loss's arguments and the rules its `data_info` must follow. No tfjs: the page's spec
// editor checks a data_info with these same rules (src/manager/specValidation.ts).
import { showValue } from './jsonText';
import type { DataInfo } from './types';

/** What a loss argument must be when it is picked from the outputs object. */
export type ArgKind = 'tensor' | 'network' | 'number' | 'boolean';

export interface ArgSpec {
  readonly name: string;
  readonly kind: ArgKind;
  readonly optional?: boolean;
}

/**
 * Everything wrong with how a loss takes its arguments, in the order its constructor
 * reports them: every `data_info` key must be an argument of the loss, every required
 * argument must be mapped unless the config supplies it (`suppliedByConfig`), and
 * `interval > 1` needs a data_info (the iteration is read from the outputs). `label` names
 * the loss, e.g. `L1Loss (loss_l1)`.
 */
export function bindingProblems(
  label: string,
  dataInfo: DataInfo | null,
  interval: number,
  args: readonly ArgSpec[],
  suppliedByConfig: readonly string[] = [],
): string[] {
  if (dataInfo === null) {
    return interval > 1
      ? [`${label}: interval ${interval} needs data_info, since the iteration is read from the outputs object`]
      : [];
  }
  const names = args.map((a) => a.name);
  const unknown = Object.keys(dataInfo)
    .filter((arg) => !names.includes(arg))
    .map((arg) => `${label}: data_info maps ${showValue(arg)}, which is not an argument of this loss (its arguments: ${names.join(', ')})`);
  const unmapped = args
    .filter((spec) => !spec.optional && !Object.hasOwn(dataInfo, spec.name) && !suppliedByConfig.includes(spec.name))
    .map((spec) => `${label}: data_info must map the argument "${spec.name}" to a key of the outputs`);
  return [...unknown, ...unmapped];
}
