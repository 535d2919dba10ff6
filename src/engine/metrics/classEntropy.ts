// How many digits a generator draws: the entropy, in bits, of the histogram of the classes the
// digit classifier predicts (its argmax) for the generated digits. log2(10) = 3.32 when every
// class is predicted equally often, 0 when all are one class. The histogram of hard predictions,
// not the mean of the softmax (Inception Score's marginal): on images that are no digit the
// softmax rows spread out and their mean reads as variety (Gaussian noise blobs: 2.6 bits for the
// mean softmax, 1.8 for the histogram; uniform noise: 0.32 and 0.05; the held-out digits: 3.32).

/** Entropy in bits of the predicted classes (integers 0..classes-1). */
export function classEntropy(predicted: ArrayLike<number>, classes: number): number {
  if (predicted.length === 0) throw new RangeError('classEntropy: no predictions');
  const counts = new Float64Array(classes);
  for (let i = 0; i < predicted.length; i++) {
    const c = predicted[i]!;
    if (!(Number.isInteger(c) && c >= 0 && c < classes)) throw new RangeError(`classEntropy: class ${c} at ${i} is not in 0..${classes - 1}`);
    counts[c]!++;
  }
  let h = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const p = count / predicted.length;
    h -= p * Math.log2(p);
  }
  return h;
}
