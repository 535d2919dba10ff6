// The extra passes an update can make over its batch besides the plain one: each loss's own
// gradient (gradient diagnostics) and VQGAN's adaptive weights. Every pass sees the update's
// batch, noise and loss seed, so it differentiates exactly what the plain pass computes.
import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { withLossSeed, type LossOutputs } from '../losses';
import type { AdaptiveWeight } from '../manager/adaptiveWeight';
import type { LossManager, Network } from '../manager';
import { gradientSeries, gradientSeriesNames, sumGradients, withZeroGradients, type LossGradient } from './gradientDiagnostics';
import { TrainerError } from './trainerTypes';

/** One update of one network, as its passes need it. */
export interface UpdatePass {
  readonly manager: LossManager;
  readonly network: Network;
  /** The update's active losses, in spec order. */
  readonly names: readonly string[];
  /** The network's trainable variables. */
  readonly vars: readonly tf.Variable[];
  readonly lossSeed: number;
  readonly step: number;
  /** Both networks: their batch norm statistics move on every training-mode forward pass. */
  readonly models: readonly tf.LayersModel[];
  /** A fresh outputs object over the update's inputs: a forward pass on the current tape. */
  outputs(): LossOutputs;
  /** Each adaptive loss's factor for this update (adaptiveFactors). */
  readonly factors: ReadonlyMap<string, Tensor>;
  /** Gradient diagnostics per weight tensor too (the per-layer toggle). */
  readonly perLayer?: boolean;
}

/** Differentiates a loss term computed from fresh outputs w.r.t. `vars`; a loss that skips this iteration gives zeros. */
function lossGradient(pass: UpdatePass, vars: readonly tf.Variable[], term: (outputs: LossOutputs) => Tensor | null): tf.NamedTensorMap {
  const { value, grads } = withLossSeed(pass.lossSeed, () =>
    tf.variableGrads(() => {
      const loss = term(pass.outputs());
      // A zero made from a variable keeps tf.variableGrads connected to the network.
      if (loss === null) return tf.mul(tf.sum(vars[0]!), 0) as tf.Scalar;
      return (loss.rank === 0 ? loss : tf.mean(loss)) as tf.Scalar;
    }, [...vars]),
  );
  value.dispose();
  return withZeroGradients(grads, vars);
}

/** Runs `passes`, then puts batch norm's moving statistics back as they were (the plain pass moves them once). */
function keepingMovingStats<T>(models: readonly tf.LayersModel[], passes: () => T): T {
  const saved = models.flatMap((m) => m.nonTrainableWeights.map((w) => ({ variable: w.read() as tf.Variable, value: tf.keep(tf.clone(w.read())) })));
  try {
    return passes();
  } finally {
    saved.forEach(({ variable, value }) => variable.assign(value));
    tf.dispose(saved.map((s) => s.value));
  }
}

/**
 * The layer an adaptive weight's gradients are taken at: the last variable of rank 2 or more
 * (the last layer's kernel, as VQGAN's `decoder.conv_out.weight`), else the last variable.
 */
export function lastLayerKernel(vars: readonly tf.Variable[]): tf.Variable {
  const kernels = vars.filter((v) => v.rank >= 2);
  const last = kernels.at(-1) ?? vars.at(-1);
  if (last === undefined) throw new TrainerError('an adaptive weight needs a network with trainable weights');
  return last;
}

/**
 * VQGAN's `calculate_adaptive_weight` for each adaptive loss of the update: lambda =
 * ||grad_last(reference's weighted term)|| / (||grad_last(this loss, unweighted)|| + eps),
 * clamped to [0, max]. Plain tensors, made off the update's gradient tape: no gradient flows
 * through them (VQGAN's `.detach()`). Call inside the update's tidy.
 */
export function adaptiveFactors(pass: UpdatePass, adaptive: ReadonlyMap<string, AdaptiveWeight>): Map<string, Tensor> {
  const factors = new Map<string, Tensor>();
  const wanted = pass.names.filter((n) => adaptive.has(n));
  if (wanted.length === 0) return factors;
  const last = lastLayerKernel(pass.vars);
  keepingMovingStats(pass.models, () => {
    for (const name of wanted) {
      const { reference, max, eps } = adaptive.get(name)!;
      const norm = (grads: tf.NamedTensorMap) => tf.norm(grads[last.name]!);
      const ref = norm(lossGradient(pass, [last], (o) => pass.manager.computeLoss(reference, o, { record: false })));
      const own = norm(lossGradient(pass, [last], (o) => pass.manager.computeLoss(name, o, { record: false, unweighted: true })));
      factors.set(name, tf.clipByValue(tf.div(ref, tf.add(own, eps)), 0, max));
    }
  });
  return factors;
}

/**
 * The update's gradient as the sum of its losses' gradients, each from its own pass over the
 * same batch and noise, with their diagnostics recorded. The first pass computes (and
 * records) every loss, as a plain update does, and differentiates the first; pass k
 * recomputes losses 1..k unrecorded (so penalties draw the same random numbers) and
 * differentiates loss k. Batch norm's moving statistics are kept as the first pass left
 * them, which is how a plain update leaves them.
 */
export function diagnosedGradients(pass: UpdatePass): tf.NamedTensorMap {
  const { names, vars, manager } = pass;
  const order = vars.map((v) => v.name);
  const perLoss: LossGradient[] = [];
  try {
    const first = lossGradient(pass, vars, (outputs) => termOf(pass, names[0]!, names, outputs, true));
    perLoss.push({ name: names[0]!, grads: first });
    keepingMovingStats(pass.models, () => {
      for (const [k, name] of names.entries()) {
        if (k === 0) continue;
        perLoss.push({ name, grads: lossGradient(pass, vars, (outputs) => termOf(pass, name, names.slice(0, k + 1), outputs, false)) });
      }
    });
    const layers = pass.perLayer ? order : [];
    manager.recordSeries(gradientSeriesNames(pass.network, names, layers), gradientSeries(perLoss, order, pass.perLayer), { step: pass.step });
    return sumGradients(perLoss, order);
  } finally {
    tf.dispose(perLoss.flatMap((l) => Object.values(l.grads)));
  }
}

/** Computes `losses` in order on `outputs` (recorded or not) and returns `name`'s term. */
function termOf(pass: UpdatePass, name: string, losses: readonly string[], outputs: LossOutputs, record: boolean): Tensor | null {
  let mine: Tensor | null = null;
  for (const other of losses) {
    const loss = pass.manager.computeLoss(other, outputs, { record, factor: pass.factors.get(other) });
    if (other === name) mine = loss;
  }
  return mine;
}
