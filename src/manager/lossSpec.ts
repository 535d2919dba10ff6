import { adaptiveWeightOf } from './adaptiveWeight';
import { buildLoss, isLossType, listLossTypes, LossConfigError, type LossModule } from '../losses';
import { emptyRecord, setOwn } from '../losses/ownRecord';
import { LMLoss } from './lmLoss';
import { firstSpecIssue, LossSpecError, moduleConfig, type LossSpec, type LossSpecEntry } from './specValidation';

// The spec's shape and checks live in specValidation.ts, which the page loads without tfjs.
export { firstSpecIssue, LossSpecError, moduleConfig, validateLossSpec } from './specValidation';
export type { LossSpec, LossSpecEntry, LossSpecValidation, SpecIssue, SpecValidationOptions } from './specValidation';

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
 * Validates a JSON spec, every field, and throws its first problem as a LossSpecError:
 * `validateLossSpec`'s checks, then building each module as a final check, so a loss type
 * registered at run time, or a rule the catalog does not know, still fails here. Errors give
 * the field's path, e.g. `losses[2].reduction: G_L1: L1Loss: ...`. With `availableKeys`
 * (what the engine's outputs object holds), data_info keys are checked too.
 */
export function parseLossSpec(json: unknown, availableKeys?: readonly string[]): LossSpec {
  const extraTypes = listLossTypes().filter((type) => !isLossType(type));
  const issue = firstSpecIssue(json, availableKeys, { extraTypes });
  if (issue !== undefined) throw new LossSpecError(issue.path, issue.message);
  const spec = json as LossSpec;
  spec.losses.forEach((entry, i) => buildModule(entry, `losses[${i}]`).dispose());
  return spec;
}

/**
 * The LMLoss record a JSON spec describes, ready for `LossManager.initFromSpec`: a
 * null-prototype record, so a loss named `__proto__` is one of its keys.
 */
export function lossesFromSpec(spec: LossSpec): Record<string, LMLoss> {
  const out = emptyRecord<LMLoss>();
  spec.losses.forEach((entry, i) => {
    setOwn(out, entry.name, new LMLoss({
      name: entry.name,
      fn: buildModule(entry, `losses[${i}]`),
      lossWeight: entry.loss_weight ?? 1,
      schedule: entry.schedule ?? null,
      tags: entry.tags,
      adaptive: adaptiveWeightOf(entry.adaptive_weight),
    }));
  });
  return out;
}
