// The spec being edited, and every edit the form makes to it, as pure functions. The draft is
// whatever JSON the user has made (the JSON view may make anything); the form edits it only
// when it is an object with a list of losses, and never drops a key it does not know.
import { isLossType, LOSS_CATALOG } from '../../losses/catalog';
import { isRecord } from '../../losses/isRecord';
import type { LossSpecEntry } from '../../manager/specValidation';
import type { Network } from '../../manager/networks';

/** A loss of the draft: any JSON object (invalid fields included, for validation to report). */
export type DraftLoss = Readonly<Record<string, unknown>>;

/** A draft the form can show: an object with a `losses` list. */
export interface FormSpec {
  readonly losses: readonly unknown[];
  readonly [key: string]: unknown;
}

/** The keys the manager reads; the rest of a loss is its module's config. */
export const MANAGER_KEYS = ['name', 'type', 'loss_weight', 'schedule', 'tags', 'data_info', 'adaptive_weight'] as const;

/** The draft as the form edits it, or null when the JSON view left it in another shape. */
export function asFormSpec(draft: unknown): FormSpec | null {
  return isRecord(draft) && Array.isArray(draft.losses) ? (draft as FormSpec) : null;
}

/** Specs are JSON, so equal JSON text is equal specs (key order aside, which edits keep). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** `base`, or `base_2`, `base_3`, ... : the first not in `taken`. */
export function uniqueName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) {
    const name = `${base}_${n}`;
    if (!taken.includes(name)) return name;
  }
}

/** The names the draft's losses use. */
export function lossNames(spec: FormSpec): string[] {
  return spec.losses.flatMap((loss) => (isRecord(loss) && typeof loss.name === 'string' ? [loss.name] : []));
}

/**
 * A loss to start from: L1 on G with nothing mapped yet, so its data_info fields show what
 * it still needs.
 */
export function newLoss(taken: readonly string[], network: Network = 'G'): LossSpecEntry {
  return { name: uniqueName(`${network}_L1`, taken), type: 'L1Loss', loss_weight: 1, tags: [network], data_info: {} };
}

export function addLoss(spec: FormSpec, loss: unknown = newLoss(lossNames(spec))): FormSpec {
  return { ...spec, losses: [...spec.losses, loss] };
}

export function removeLoss(spec: FormSpec, index: number): FormSpec {
  return { ...spec, losses: spec.losses.filter((_, i) => i !== index) };
}

/** Moves a loss up (-1) or down (+1); a move past either end changes nothing. */
export function moveLoss(spec: FormSpec, index: number, delta: -1 | 1): FormSpec {
  const to = index + delta;
  if (index < 0 || index >= spec.losses.length || to < 0 || to >= spec.losses.length) return spec;
  const losses = [...spec.losses];
  [losses[index], losses[to]] = [losses[to], losses[index]];
  return { ...spec, losses };
}

export function updateLoss(spec: FormSpec, index: number, edit: (loss: DraftLoss) => DraftLoss): FormSpec {
  return { ...spec, losses: spec.losses.map((loss, i) => (i === index && isRecord(loss) ? edit(loss) : loss)) };
}

/** Sets a key of an object, keeping its place; `undefined` removes it (an option left to its default). */
export function setKey(object: DraftLoss, key: string, value: unknown): DraftLoss {
  if (value === undefined) {
    const { [key]: _removed, ...rest } = object;
    return rest;
  }
  return { ...object, [key]: value };
}

/** Sets (or, with '', unmaps) one argument of data_info. */
export function setDataInfoArg(loss: DraftLoss, arg: string, outputsKey: string): DraftLoss {
  const current = isRecord(loss.data_info) ? loss.data_info : {};
  return setKey(loss, 'data_info', setKey(current, arg, outputsKey === '' ? undefined : outputsKey));
}

/**
 * The loss with another type: the manager's keys stay, and of its options and data_info only
 * what the new type also takes, so switching L1 -> MSE keeps the mapping and switching to a
 * GAN loss drops `reduction`. The new type's required options are left for the form to ask.
 */
export function setLossType(loss: DraftLoss, type: string): DraftLoss {
  if (!isLossType(type)) return { ...loss, type };
  const entry = LOSS_CATALOG[type];
  const options = new Set(entry.options.map((o) => o.name));
  const args = new Set(entry.args.map((a) => a.name));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(loss)) {
    if (key === 'data_info') {
      out.data_info = isRecord(value) ? Object.fromEntries(Object.entries(value).filter(([arg]) => args.has(arg))) : value;
    } else if ((MANAGER_KEYS as readonly string[]).includes(key) || options.has(key)) {
      out[key] = value;
    }
  }
  out.type = type;
  return out;
}
