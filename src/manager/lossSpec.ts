import { buildLoss, LossConfigError, type LossModule } from '../losses';
import { LMLoss } from './lmLoss';
import { parseSchedule, ScheduleError, type Schedule } from './schedule';
import { networksIn } from './networks';

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
    super(`${path}: ${message}`);
    this.path = path;
  }
}

const MANAGER_KEYS = new Set(['name', 'loss_weight', 'schedule', 'tags']);
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The loss module's config: the entry without the manager's own keys. */
export function moduleConfig(entry: LossSpecEntry): { type: string; [option: string]: unknown } {
  return Object.fromEntries(Object.entries(entry).filter(([key]) => !MANAGER_KEYS.has(key))) as {
    type: string;
  };
}

function checkEntry(raw: unknown, path: string, seen: Set<string>, availableKeys?: readonly string[]): LossSpecEntry {
  if (!isRecord(raw)) throw new LossSpecError(path, 'a loss must be an object');
  const { name, type, loss_weight, schedule, tags, data_info } = raw;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new LossSpecError(`${path}.name`, `must be a name of letters, digits, _ . - (got ${JSON.stringify(name)})`);
  }
  if (seen.has(name)) throw new LossSpecError(`${path}.name`, `"${name}" is used by an earlier loss`);
  seen.add(name);
  if (typeof type !== 'string' || type.length === 0) throw new LossSpecError(`${path}.type`, 'must name a loss type');
  if (loss_weight !== undefined && !(typeof loss_weight === 'number' && Number.isFinite(loss_weight) && loss_weight >= 0)) {
    throw new LossSpecError(`${path}.loss_weight`, `must be a finite number >= 0 (got ${JSON.stringify(loss_weight)})`);
  }
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string' && t.length > 0)) {
    throw new LossSpecError(`${path}.tags`, 'must be a list of non-empty strings');
  }
  const networks = networksIn(tags as string[]);
  if (networks.length !== 1) {
    throw new LossSpecError(`${path}.tags`, `must hold exactly one of "G" or "D", the network this loss trains (got ${JSON.stringify(tags)})`);
  }
  if (schedule != null) {
    try {
      parseSchedule(schedule, `${path}.schedule`);
    } catch (error) {
      if (!(error instanceof ScheduleError)) throw error;
      // The schedule's own message already starts with the field's full path.
      const [, at = `${path}.schedule`, problem = error.message] = /^([^:]+): (.*)$/s.exec(error.message) ?? [];
      throw new LossSpecError(at, problem);
    }
  }
  if (data_info !== undefined && availableKeys) {
    if (!isRecord(data_info)) throw new LossSpecError(`${path}.data_info`, 'must map argument names to outputs keys');
    for (const [arg, key] of Object.entries(data_info)) {
      if (typeof key === 'string' && !availableKeys.includes(key)) {
        throw new LossSpecError(`${path}.data_info.${arg}`, `"${key}" is not an outputs key; available: ${availableKeys.join(', ')}`);
      }
    }
  }
  return raw as LossSpecEntry;
}

/** Builds the loss module of an entry, turning a config error into one that gives its path. */
function buildModule(entry: LossSpecEntry, path: string): LossModule {
  try {
    return buildLoss(moduleConfig(entry));
  } catch (error) {
    if (!(error instanceof LossConfigError)) throw error;
    const at = error.field ? `${path}.${error.field}` : path;
    throw new LossSpecError(at, `${entry.name}: ${error.message}`);
  }
}

/**
 * Validates a JSON spec, every field: the manager's keys here, the loss options by building
 * each module. Errors give the field's path, e.g. `losses[2].reduction: G_L1: L1Loss: ...`.
 * With `availableKeys` (what the engine's outputs object holds), data_info keys are checked too.
 */
export function parseLossSpec(json: unknown, availableKeys?: readonly string[]): LossSpec {
  if (!isRecord(json)) throw new LossSpecError('spec', 'must be an object with a "losses" list');
  const { losses, name, description } = json;
  if (name !== undefined && typeof name !== 'string') throw new LossSpecError('name', 'must be a string');
  if (description !== undefined && typeof description !== 'string') throw new LossSpecError('description', 'must be a string');
  if (!Array.isArray(losses) || losses.length === 0) throw new LossSpecError('losses', 'must be a non-empty list of losses');
  const seen = new Set<string>();
  const entries = losses.map((raw, i) => checkEntry(raw, `losses[${i}]`, seen, availableKeys));
  entries.forEach((entry, i) => buildModule(entry, `losses[${i}]`).dispose());
  return json as unknown as LossSpec;
}

/** The LMLoss record a JSON spec describes, ready for `LossManager.initFromSpec`. */
export function lossesFromSpec(spec: LossSpec): Record<string, LMLoss> {
  const out: Record<string, LMLoss> = {};
  spec.losses.forEach((entry, i) => {
    out[entry.name] = new LMLoss({
      name: entry.name,
      fn: buildModule(entry, `losses[${i}]`),
      lossWeight: entry.loss_weight ?? 1,
      schedule: entry.schedule ?? null,
      tags: entry.tags,
    });
  });
  return out;
}
