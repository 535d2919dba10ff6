// The float32 limit on a loss weight: spec validation, schedules and the LossManager share it.
// No dependencies, so the schedules (which the page draws) can check their weights with it.

/**
 * The largest loss weight: the largest float32. Weights multiply losses on the device in
 * float32, where anything larger is Infinity (and its gradients NaN).
 */
export const MAX_LOSS_WEIGHT = 3.4028234663852886e38;

/** Why a (finite, non-negative) weight cannot be used on the device, or null when it can. */
export function weightOverflow(weight: number): string | null {
  return weight > MAX_LOSS_WEIGHT ? `${weight} is more than float32 can hold (${MAX_LOSS_WEIGHT.toPrecision(3)}): it would be Infinity on the device` : null;
}
