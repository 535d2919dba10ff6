// What a JSON loss spec is, and every way one can be wrong. No tfjs at run time (a test walks
// the imports): the page's spec editor shows these errors at their fields while it edits, and
// parseLossSpec (lossSpec.ts) throws the first of them before it builds any module.
import { isLossType, LOSS_TYPES, lossConfigProblems } from '../losses/catalog';
import { isRecord } from '../losses/isRecord';
import { checkJsonShape, jsonPath } from '../losses/jsonShape';
import { capMessage, showValue as show } from '../losses/jsonText';
import { adaptiveWeightIssues, type AdaptiveWeight } from './adaptiveWeight';
import { networksIn } from './networks';
import { parseSchedule, ScheduleError, type Schedule } from './schedule';
import { weightOverflow } from './weightLimit';

export { MAX_LOSS_WEIGHT, weightOverflow } from './weightLimit';

/**
 * One loss of a declarative spec: MMagic's config keys (`type`, `data_info` and the loss's
 * own options) plus the manager's `loss_weight`, `schedule` and `tags`. JSON only, so it can
 * be posted to a worker, saved, shared in a URL and diffed.
 */
export interface LossSpecEntry {
  /** Unique within the spec, e.g. 'G_L1'. */
  readonly name: string;
  /** A registered loss type, e.g. 'L1Loss'. */
  readonly type: string;
  /** The manager's weight (lambda); the module itself is built with weight 1. @default 1 */
  readonly loss_weight?: number;
  readonly schedule?: Schedule | null;
  /** Must hold exactly one of 'G' and 'D': the network whose objective the loss joins. */
  readonly tags: readonly string[];
  readonly data_info?: Readonly<Record<string, string>>;
  /**
   * VQGAN's adaptive weight: lambda from two gradients at the network's last layer multiplies
   * `loss_weight` each update (adaptiveWeight.ts). `layer`, `max` and `eps` have VQGAN's defaults.
   */
  readonly adaptive_weight?: Partial<AdaptiveWeight> & { readonly reference: string };
  /** The loss type's own options (gan_type, reduction, target_is_real, ...). */
  readonly [option: string]: unknown;
}

export interface LossSpec {
  readonly name?: string;
  readonly description?: string;
  readonly losses: readonly LossSpecEntry[];
}

/** A spec problem, with the JSON path of the field at fault. */
export class LossSpecError extends Error {
  override readonly name = 'LossSpecError';
  readonly path: string;

  constructor(path: string, message: string) {
    super(capMessage(`${path}: ${message}`));
    this.path = path;
  }
}

/** One problem of a spec: the JSON path of the field at fault, e.g. `losses[1].reduction`, and what is wrong. */
export interface SpecIssue {
  readonly path: string;
  readonly message: string;
}

export type LossSpecValidation =
  | { readonly ok: true; readonly spec: LossSpec }
  /** `omitted`: problems past MAX_SPEC_ISSUES, counted in a last error ("and N more problems"). */
  | { readonly ok: false; readonly errors: readonly SpecIssue[]; readonly omitted: number };

export interface SpecValidationOptions {
  /**
   * Loss types registered at run time besides the built-in ones (`registerLoss`): accepted,
   * their options left to the module's own check when it is built.
   */
  readonly extraTypes?: readonly string[];
}

const MANAGER_KEYS = new Set(['name', 'loss_weight', 'schedule', 'tags', 'adaptive_weight']);
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The loss module's config: the entry without the manager's own keys. */
export function moduleConfig(entry: LossSpecEntry): { type: string; [option: string]: unknown } {
  return Object.fromEntries(Object.entries(entry).filter(([key]) => !MANAGER_KEYS.has(key))) as {
    type: string;
  };
}

/** The most problems a validation lists; the rest are counted in a last one ("and N more problems"). */
export const MAX_SPEC_ISSUES = 100;

/** The most losses one spec holds; real specs have a handful, and a paste adds at most as many. */
export const MAX_SPEC_LOSSES = 1000;

/** Every issue found (up to MAX_SPEC_ISSUES), and the one parseLossSpec throws (a loss's option problems in one message, as its module gives them). */
class Issues {
  readonly all: SpecIssue[] = [];
  first: SpecIssue | undefined;
  dropped = 0;

  add(path: string, message: string): void {
    const issue = { path: capMessage(path, 200), message: capMessage(message) };
    this.first ??= issue;
    if (this.all.length < MAX_SPEC_ISSUES) this.all.push(issue);
    else this.dropped++;
  }

  /** The issues, with the count of those left out as one more. */
  listed(): SpecIssue[] {
    return this.dropped === 0 ? this.all : [...this.all, { path: 'losses', message: `and ${this.dropped} more problems` }];
  }

  has(path: string): boolean {
    return this.all.some((issue) => issue.path === path);
  }
}

function checkSchedule(schedule: unknown, path: string, issues: Issues): void {
  try {
    parseSchedule(schedule, `${path}.schedule`);
  } catch (error) {
    if (!(error instanceof ScheduleError)) throw error;
    // The schedule's own message already starts with the field's full path.
    const [, at = `${path}.schedule`, problem = error.message] = /^([^:]+): (.*)$/s.exec(error.message) ?? [];
    issues.add(at, problem);
  }
}

/** The manager's keys of one entry: name, type, loss_weight, tags, schedule, data_info's outputs keys. */
function checkManagerKeys(raw: unknown, path: string, seen: Set<string>, availableKeys: readonly string[] | undefined, issues: Issues): void {
  if (!isRecord(raw)) {
    issues.add(path, 'a loss must be an object');
    return;
  }
  const { name, type, loss_weight, schedule, tags, data_info } = raw;
  if (typeof name !== 'string' || !NAME.test(name)) {
    issues.add(`${path}.name`, `must be a name of letters, digits, _ . - (got ${show(name)})`);
  } else if (seen.has(name)) {
    issues.add(`${path}.name`, `${show(name)} is used by an earlier loss`);
  } else {
    seen.add(name);
  }
  if (typeof type !== 'string' || type.length === 0) issues.add(`${path}.type`, 'must name a loss type');
  if (loss_weight !== undefined && !(typeof loss_weight === 'number' && Number.isFinite(loss_weight) && loss_weight >= 0)) {
    issues.add(`${path}.loss_weight`, `must be a finite number >= 0 (got ${show(loss_weight)})`);
  } else if (loss_weight !== undefined && weightOverflow(loss_weight) !== null) {
    issues.add(`${path}.loss_weight`, weightOverflow(loss_weight)!);
  }
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string' && t.length > 0)) {
    issues.add(`${path}.tags`, 'must be a list of non-empty strings');
  } else if (networksIn(tags as string[]).length !== 1) {
    issues.add(`${path}.tags`, `must hold exactly one of "G" or "D", the network this loss trains (got ${show(tags)})`);
  }
  if (schedule != null) checkSchedule(schedule, path, issues);
  if (data_info !== undefined && availableKeys) {
    if (!isRecord(data_info)) {
      issues.add(`${path}.data_info`, 'must map argument names to outputs keys');
      return;
    }
    for (const [arg, key] of Object.entries(data_info)) {
      if (typeof key === 'string' && !availableKeys.includes(key)) {
        issues.add(jsonPath(`${path}.data_info`, [arg]), `${show(key)} is not an outputs key; available: ${availableKeys.join(', ')}`);
      }
    }
  }
}

/** The loss module's own config, as building it would check it: its type, options and data_info. */
function checkModule(raw: unknown, path: string, extraTypes: readonly string[], issues: Issues): void {
  if (!isRecord(raw) || typeof raw.type !== 'string' || raw.type.length === 0) return;
  const { type } = raw;
  // String() of a JSON object can throw (`{"toString": 1}`): show it instead.
  const name = typeof raw.name === 'string' ? raw.name : show(raw.name);
  if (!isLossType(type)) {
    if (extraTypes.includes(type)) return;
    const registered = [...new Set([...LOSS_TYPES, ...extraTypes])].sort();
    issues.add(path, `${name}: buildLoss: unknown loss type ${show(type)}; registered types: ${registered.join(', ')}`);
    return;
  }
  const { problems, first } = lossConfigProblems(type, moduleConfig(raw as LossSpecEntry));
  const at = (field: string | undefined) => (field ? `${path}.${field}` : path);
  if (first !== undefined) issues.first ??= { path: at(first.field), message: `${name}: ${first.message}` };
  // A data_info that is not an object at all was reported with the manager's keys.
  const reported = issues.has(`${path}.data_info`);
  for (const problem of problems) {
    if (!(reported && problem.field === 'data_info')) issues.add(at(problem.field), `${name}: ${problem.message}`);
  }
}

function collectIssues(json: unknown, availableKeys: readonly string[] | undefined, options: SpecValidationOptions): Issues {
  const issues = new Issues();
  // First, so the checks below (zod's included) never meet a cycle, a BigInt or 10,000 levels.
  const shape = checkJsonShape(json);
  if (shape !== null) {
    issues.add(jsonPath('', shape.keys) || 'spec', shape.message);
    return issues;
  }
  if (!isRecord(json)) {
    issues.add('spec', 'must be an object with a "losses" list');
    return issues;
  }
  const { losses, name, description } = json;
  if (name !== undefined && typeof name !== 'string') issues.add('name', 'must be a string');
  if (description !== undefined && typeof description !== 'string') issues.add('description', 'must be a string');
  if (!Array.isArray(losses) || losses.length === 0) {
    issues.add('losses', 'must be a non-empty list of losses');
    return issues;
  }
  if (losses.length > MAX_SPEC_LOSSES) {
    const count = losses.length.toLocaleString('en-US');
    issues.add('losses', `${count} losses; a spec takes at most ${MAX_SPEC_LOSSES.toLocaleString('en-US')} (each is computed and recorded every step: a thousand already take seconds a step)`);
    return issues;
  }
  // The manager's keys of every loss first, then each module's config, as parseLossSpec has
  // always reported them (it checked them all before building a module).
  const seen = new Set<string>();
  losses.forEach((raw, i) => checkManagerKeys(raw, `losses[${i}]`, seen, availableKeys, issues));
  adaptiveWeightIssues(losses, (path, message) => issues.add(path, message));
  losses.forEach((raw, i) => checkModule(raw, `losses[${i}]`, options.extraTypes ?? [], issues));
  return issues;
}

/**
 * Checks a JSON spec without building anything (no tfjs): the manager's keys, each loss's
 * type and options against the loss catalog, and its data_info against the loss's
 * arguments; with `availableKeys` (the keys of the engine's outputs object), data_info's
 * keys too. Reports every problem at its JSON path, with parseLossSpec's wording, e.g.
 * `{path: 'losses[1].reduction', message: 'G_L1: L1Loss: option "reduction": Invalid option: ...'}`.
 */
export function validateLossSpec(
  json: unknown,
  availableKeys?: readonly string[],
  options: SpecValidationOptions = {},
): LossSpecValidation {
  const issues = collectIssues(json, availableKeys, options);
  return issues.first === undefined ? { ok: true, spec: json as LossSpec } : { ok: false, errors: issues.listed(), omitted: issues.dropped };
}

/**
 * The problem parseLossSpec reports, or undefined for a valid spec: the first one, except
 * that all of one loss's option problems come as one message, as its module's constructor
 * throws them.
 */
export function firstSpecIssue(
  json: unknown,
  availableKeys?: readonly string[],
  options: SpecValidationOptions = {},
): SpecIssue | undefined {
  return collectIssues(json, availableKeys, options).first;
}
