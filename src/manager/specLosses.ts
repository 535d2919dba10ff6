// What `LossManager.initFromSpec` accepts from a spec function: a record of LMLoss objects,
// each under its own name with a weighting the manager would accept at registration.
import { LMLoss } from './lmLoss';
import { LossManagerError } from './lossManagerError';
import { checkedWeighting } from './managerState';

/** The spec's losses by name, each with a fresh history of `capacity`; throws a LossManagerError naming the bad entry. */
export function checkedSpecLosses(result: unknown, capacity: number): Map<string, LMLoss> {
  if (result === null || typeof result !== 'object') {
    throw new LossManagerError('initFromSpec: a spec must return a record of LMLoss objects');
  }
  const losses = new Map<string, LMLoss>();
  for (const [key, value] of Object.entries(result)) {
    if (!(value instanceof LMLoss)) throw new LossManagerError(`initFromSpec: spec entry "${key}" is not an LMLoss`);
    if (value.name !== key) throw new LossManagerError(`initFromSpec: spec entry "${key}" holds an LMLoss named "${value.name}"`);
    checkedWeighting(key, { lossWeight: value.lossWeight, schedule: value.schedule });
    value.history = new LMLoss({ name: key, fn: value.fn }, capacity).history;
    losses.set(key, value);
  }
  return losses;
}
