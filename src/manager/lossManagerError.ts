/** A LossManager call that cannot be done as asked: an unknown loss, a bad weight, a state that does not fit. */
export class LossManagerError extends Error {
  override readonly name = 'LossManagerError';
}
