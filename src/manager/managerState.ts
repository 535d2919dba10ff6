// What a checkpoint keeps of a LossManager, and the checks a saved state passes before any of
// it is applied: the same losses by name, whole-number clocks, valid weights and schedules.
import { LossManagerError } from './lossManagerError';
import type { RegisterOptions } from './managerTypes';
import { parseSchedule, type Schedule } from './schedule';
import { weightOverflow } from './weightLimit';

export interface WeightChange {
  readonly name: string;
  readonly step: number;
  readonly weight: number | null;
  readonly schedule: Schedule | null;
}

/**
 * What a checkpoint keeps of a manager: its clock, each loss's weight and schedule (a slider's
 * value included) and the change list. JSON only; histories stay in the loss log.
 */
export interface LossManagerState {
  readonly step: number;
  readonly epoch: number;
  readonly losses: Readonly<Record<string, { readonly lossWeight: number; readonly schedule: Schedule | null }>>;
  readonly weightChanges: readonly WeightChange[];
}

/** A loss's weighting as the manager checked it. */
export interface Weighting {
  readonly lossWeight: number;
  readonly schedule: Schedule | null;
}

/** A loss's weighting and tags as given, checked: a finite weight >= 0 and in bounds, a valid schedule; errors name the loss. */
export function checkedWeighting(name: string, options: RegisterOptions): Weighting & { tags: readonly string[] } {
  const lossWeight = options.lossWeight ?? 1;
  if (!Number.isFinite(lossWeight) || lossWeight < 0) {
    throw new LossManagerError(`${name}: lossWeight must be a finite number >= 0, got ${lossWeight}`);
  }
  const overflow = weightOverflow(lossWeight);
  if (overflow !== null) throw new LossManagerError(`${name}: lossWeight ${overflow}`);
  const schedule = options.schedule == null ? null : parseSchedule(options.schedule, `${name}.schedule`);
  return { lossWeight, schedule, tags: options.tags ?? [] };
}

/**
 * The weights and change list of `state`, checked against the manager's losses (`names`) with
 * its weight check; throws a LossManagerError naming what differs.
 */
export function checkedState(
  state: LossManagerState,
  names: ReadonlyMap<string, unknown>,
  checkWeighting: (name: string, saved: { lossWeight?: number; schedule?: Schedule | null }) => Weighting,
): { weighting: [string, Weighting][]; changes: WeightChange[] } {
  const saved = Object.keys(state.losses);
  const missing = saved.filter((name) => !names.has(name));
  const unsaved = [...names.keys()].filter((name) => !saved.includes(name));
  if (missing.length > 0 || unsaved.length > 0) {
    throw new LossManagerError(
      `importState: the saved losses differ from this manager's (saved only: ${missing.join(', ') || 'none'}; here only: ${unsaved.join(', ') || 'none'})`,
    );
  }
  for (const [name, value] of [['step', state.step], ['epoch', state.epoch]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new LossManagerError(`importState: ${name} must be a whole number >= 0, got ${value}`);
  }
  const weighting = saved.map((name) => [name, checkWeighting(name, state.losses[name]!)] as [string, Weighting]);
  const changes = state.weightChanges.map((c, i) => {
    if (!names.has(c.name)) throw new LossManagerError(`importState: weightChanges[${i}] names unknown loss "${c.name}"`);
    return { ...c, schedule: c.schedule == null ? null : parseSchedule(c.schedule, `weightChanges[${i}].schedule`) };
  });
  return { weighting, changes };
}
