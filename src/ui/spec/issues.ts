// What is wrong with the draft, and where the form shows it: each problem at the input of its
// JSON path (`losses[1].schedule.endEpoch`), the rest on its loss's card or above the form.
import { isLossType, LOSS_CATALOG } from '../../losses/catalog';
import { isRecord } from '../../losses/isRecord';
import { networksIn } from '../../manager/networks';
import { validateLossSpec, type SpecIssue } from '../../manager/specValidation';
import { OUTPUT_KEYS } from '../../protocol/presets';
import { asFormSpec, MANAGER_KEYS } from './draft';
import { SCHEDULE_FIELDS, scheduleKindOf } from './scheduleForm';

/**
 * The engine's own demands on a spec, beyond the manager's (GanTrainer.checkSpec): each loss
 * maps its arguments through data_info, and each network has a loss to train it.
 */
function engineIssues(draft: unknown): SpecIssue[] {
  const spec = asFormSpec(draft);
  if (spec === null) return [];
  const issues: SpecIssue[] = [];
  spec.losses.forEach((loss, i) => {
    // A null data_info is already reported (with outputs keys, it must be a mapping).
    if (isRecord(loss) && loss.data_info === undefined) {
      issues.push({ path: `losses[${i}].data_info`, message: "the engine picks a loss's arguments from its outputs, so it needs data_info: map the arguments" });
    }
  });
  const networks = spec.losses.flatMap((loss) => (isRecord(loss) && Array.isArray(loss.tags) ? networksIn(loss.tags as string[]) : []));
  if (spec.losses.length > 0) {
    for (const network of ['G', 'D'] as const) {
      if (!networks.includes(network)) issues.push({ path: 'losses', message: `no loss is tagged "${network}": that network would never train` });
    }
  }
  return issues;
}

/**
 * Every problem that would stop the draft from training: validateLossSpec's, checked against
 * the engine's outputs keys, then the engine's own.
 */
export function validateDraft(draft: unknown, outputKeys: readonly string[]): SpecIssue[] {
  const result = validateLossSpec(draft, outputKeys);
  return [...(result.ok ? [] : result.errors), ...engineIssues(draft)];
}

/** A path inside one loss: its index, and the form field (see `formFields`) the path falls under. */
export function lossFieldOf(path: string): { index: number; field: string } | null {
  const match = /^losses\[(\d+)\](.*)$/.exec(path);
  if (!match) return null;
  const index = Number(match[1]);
  const segments = [...match[2]!.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)].map((m) => m[1] ?? m[2]!);
  const [first, second] = segments;
  if (first === undefined) return { index, field: '' };
  if (first === 'schedule') return { index, field: second === undefined || second === 'schedule' ? 'schedule' : `schedule.${second}` };
  if (first === 'data_info') return { index, field: second === undefined ? 'data_info' : `data_info.${second}` };
  if (first === 'adaptive_weight') return { index, field: second === undefined || second === 'layer' || !['reference', 'max', 'eps'].includes(second) ? 'adaptive_weight' : `adaptive_weight.${second}` };
  return { index, field: first };
}

/** A message at a loss as a whole that is really about one of its fields. */
function refineLossLevel(message: string): string {
  const arg = /data_info (?:must map the argument|maps) "([^"]+)"/.exec(message);
  if (arg) return `data_info.${arg[1]}`;
  if (/needs data_info/.test(message)) return 'data_info';
  if (/unknown loss type/.test(message)) return 'type';
  return '';
}

/** The options the form shows for a loss type, in the catalog's order: all but the manager's keys. */
export function formOptions(type: unknown) {
  if (typeof type !== 'string' || !isLossType(type)) return [];
  return LOSS_CATALOG[type].options.filter((o) => !(MANAGER_KEYS as readonly string[]).includes(o.name));
}

/** The arguments data_info maps for the loss: the type's, then any other the draft maps. */
export function dataInfoArgs(loss: Readonly<Record<string, unknown>>): { name: string; optional: boolean; known: boolean }[] {
  const args =
    typeof loss.type === 'string' && isLossType(loss.type)
      ? LOSS_CATALOG[loss.type].args.map((a) => ({ name: a.name, optional: a.optional === true, known: true }))
      : [];
  const mapped = isRecord(loss.data_info) ? Object.keys(loss.data_info) : [];
  const extra = mapped.filter((name) => !args.some((a) => a.name === name)).map((name) => ({ name, optional: true, known: false }));
  return [...args, ...extra];
}

/** Keys of a loss that are neither the manager's nor an option of its type: the form lists them to remove. */
export function otherKeys(loss: Readonly<Record<string, unknown>>): string[] {
  const options = new Set(formOptions(loss.type).map((o) => o.name));
  return Object.keys(loss).filter((key) => !(MANAGER_KEYS as readonly string[]).includes(key) && !options.has(key));
}

/** Every field the form renders for a loss, by the keys `lossFieldOf` gives. */
export function formFields(loss: unknown): Set<string> {
  const fields = new Set(['name', 'type', 'tags', 'loss_weight', 'schedule', 'adaptive_weight', 'adaptive_weight.reference', 'adaptive_weight.max', 'adaptive_weight.eps']);
  if (!isRecord(loss)) return fields;
  const kind = scheduleKindOf(loss.schedule);
  if (kind !== 'none' && kind !== 'unknown') for (const f of ['unit', ...SCHEDULE_FIELDS[kind].map((s) => s.key)]) fields.add(`schedule.${f}`);
  for (const option of formOptions(loss.type)) fields.add(option.name);
  fields.add('data_info');
  for (const arg of dataInfoArgs(loss)) fields.add(`data_info.${arg.name}`);
  for (const key of otherKeys(loss)) fields.add(key);
  return fields;
}

export interface LossIssues {
  /** Problems of the loss as a whole, or at a field the form does not show. */
  readonly card: SpecIssue[];
  readonly fields: ReadonlyMap<string, SpecIssue[]>;
}

export interface PlacedIssues {
  /** Problems of the spec itself (its name, description, the losses list) or of a shape the form cannot show. */
  readonly spec: SpecIssue[];
  readonly losses: LossIssues[];
}

/**
 * Where the form shows an issue: a loss's index and the field (`''` for the card itself), or
 * null for the spec as a whole. `losses[2].reduction` -> loss 2's reduction; `losses[1]` and a
 * field the form does not show -> loss 1's card.
 */
export function issueTarget(issue: SpecIssue, draft: unknown): { index: number; field: string } | null {
  const at = lossFieldOf(issue.path);
  const loss = asFormSpec(draft)?.losses[at?.index ?? -1];
  if (at === null || loss === undefined) return null;
  const field = at.field === '' ? refineLossLevel(issue.message) : at.field;
  return { index: at.index, field: field !== '' && formFields(loss).has(field) ? field : '' };
}

/** Each issue at the field that shows it (see issueTarget). */
export function placeIssues(issues: readonly SpecIssue[], draft: unknown): PlacedIssues {
  const losses = (asFormSpec(draft)?.losses ?? []).map(() => ({ card: [] as SpecIssue[], fields: new Map<string, SpecIssue[]>() }));
  const top: SpecIssue[] = [];
  for (const issue of issues) {
    const at = issueTarget(issue, draft);
    const target = at === null ? undefined : losses[at.index];
    if (at === null || target === undefined) {
      top.push(issue);
    } else if (at.field === '') {
      target.card.push(issue);
    } else {
      target.fields.set(at.field, [...(target.fields.get(at.field) ?? []), issue]);
    }
  }
  return { spec: top, losses };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The reason alone, for showing at a field of the loss's card: without the loss's name, its
 * type and the option, which the card and the field already say. `G_L1: L1Loss: option
 * "reduction": Invalid option: ...` -> `Invalid option: ...`.
 */
export function reasonAtField(issue: SpecIssue, lossName: unknown): string {
  if (typeof lossName !== 'string' || lossName === '') return issue.message;
  const prefix = new RegExp(`^${escapeRegExp(lossName)}: [A-Za-z0-9_]+(?: \\([^)]*\\))?: (?:option "[^"]*": )?`);
  return issue.message.replace(prefix, '');
}

/** The id of the element showing a loss's field (`''`: the card's heading), so a problem can focus it. */
export function fieldElementId(cardId: string, field: string): string {
  return field === '' ? `${cardId}-card` : `${cardId}-${field}`;
}

/** The outputs keys data_info may name: the worker's, or the engine's known list before it reports them. */
export function editorOutputKeys(fromWorker: readonly string[]): readonly string[] {
  return fromWorker.length > 0 ? fromWorker : OUTPUT_KEYS;
}
