// What GAN Lab draws on its toy plane beyond the points, per loss: where each generator loss
// pushes the generated points, the generator's manifold, and the critic on its own scale.
// Everything is computed here on the device; SamplePreview reads it back in its one transfer.
import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { GANLoss, withLossSeed, type LossModule } from '../losses';
import { isLossModule, type LossManager, type LMLoss } from '../manager';
import type { CriticScale, NoiseManifold } from '../protocol/messages';
import type { Schedule } from '../manager/schedule';
import { NOISE_KINDS, type NoiseKind } from './models';
import { lazyOutputs } from './outputs';

/** Grid points per side of the 2-D noise grid, and along the 1-D noise line. */
export const MANIFOLD = { side: 21, line: 161 } as const;

/** The outputs keys through which a loss sees the generated points. */
const READS_POINTS = ['fake_imgs', 'disc_pred_fake'] as const;
/** Seeds the random draws of losses that make them, so consecutive previews compare. */
const PULL_SEED = 97_531;

/**
 * The box each noise kind fills (noise.ts): GAN Lab's two fill the unit square; N(0, 1) is
 * shown over two deviations. `rest` is where a higher dimension is held in a 2-D slice.
 */
export function noiseBox(kind: NoiseKind): { readonly low: number; readonly high: number; readonly rest: number } {
  return kind === 'normal' ? { low: -2, high: 2, rest: 0 } : { low: 0, high: 1, rest: 0.5 };
}

/**
 * The noise grid the manifold is drawn from: for 1-D noise a line of MANIFOLD.line points,
 * else MANIFOLD.side x MANIFOLD.side points over the first two dimensions (row by row, z2
 * falling from top to bottom as y does on the plane), any further dimension at `rest`.
 */
export function noiseGrid(dim: number, kind: NoiseKind): Omit<NoiseManifold, 'points'> & { readonly z: Float32Array } {
  const { low, high, rest } = noiseBox(kind);
  const rows = dim === 1 ? 1 : MANIFOLD.side;
  const cols = dim === 1 ? MANIFOLD.line : MANIFOLD.side;
  const at = (i: number, n: number) => low + ((high - low) * i) / (n - 1);
  const z = new Float32Array(rows * cols * dim).fill(rest);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = (r * cols + c) * dim;
      z[i] = at(c, cols);
      if (dim > 1) z[i + 1] = at(rows - 1 - r, rows);
    }
  }
  const range = `[${low}, ${high}]`;
  const covers =
    dim === 1 ? `z in ${range}` : dim === 2 ? `z1, z2 in ${range}` : `z1, z2 in ${range}; ${dim === 3 ? 'z3' : `z3..z${dim}`} at ${rest} (a 2-D slice)`;
  return { noiseDim: dim, rows, cols, z, covers };
}

/**
 * The critic's scale, from the discriminator's GAN losses: the sigmoid's probability when all
 * of them are log losses (vanilla, wgan-logistic-ns), else the raw value about the midpoint of
 * the labels the least-squares kinds aim at (0 for wgan and hinge, which have no labels).
 * `halfRange` is filled in once the values are read.
 */
export function criticKind(manager: LossManager): CriticScale {
  const gans = Object.values(manager.getRegisteredLosses(['D']))
    .map((l) => l.fn)
    .filter((fn): fn is GANLoss => fn instanceof GANLoss);
  const logistic = (g: GANLoss) => g.ganType === 'vanilla' || g.ganType === 'wgan-logistic-ns';
  const raw = gans.find((g) => !logistic(g));
  if (raw === undefined) return { kind: 'probability' };
  const labelled = raw.ganType === 'lsgan' || raw.ganType === 'l1' || raw.ganType === 'smgan';
  return { kind: 'raw', ganType: raw.ganType, centre: labelled ? (raw.realLabel + raw.fakeLabel) / 2 : 0, halfRange: 0 };
}

/** The largest distance of a finite value from `centre`; 1 where there is none, so a scale always has a width. */
export function symmetricHalfRange(values: Float32Array, centre: number): number {
  let most = 0;
  for (const v of values) if (Number.isFinite(v)) most = Math.max(most, Math.abs(v - centre));
  return most > 0 ? most : 1;
}

/** A generator loss as the selector lists it, before its arrows are computed. */
export interface PullSource {
  readonly name: string;
  readonly weight: number;
  readonly schedule: Schedule | null;
  readonly interval: number;
  /** Null where the loss can have arrows; else why it has none. */
  readonly reason: string | null;
}

/** Why a loss has no per-point gradient, or null where it reads the generated points. */
function noPullReason(loss: LMLoss): string | null {
  if (!isLossModule(loss.fn) || loss.fn.dataInfo === null) return 'no per-point gradient: not a data_info loss';
  const keys = Object.values(loss.fn.dataInfo);
  if (keys.includes('gen')) return 'no per-point gradient: it differentiates through G itself (reads gen)';
  if (!READS_POINTS.some((k) => keys.includes(k))) return 'no per-point gradient: it does not read the generated points';
  return null;
}

/** The generator's losses in the spec's order, with the weight each applies at this step and epoch. */
export function pullSources(manager: LossManager, step: number, epoch: number): PullSource[] {
  return Object.values(manager.getRegisteredLosses(['G'])).map((loss) => ({
    name: loss.name,
    weight: loss.weightAt(step, epoch),
    schedule: loss.schedule,
    interval: isLossModule(loss.fn) ? ((loss.fn as LossModule & { interval?: number }).interval ?? 1) : 1,
    reason: noPullReason(loss),
  }));
}

/** What `pointPulls` hands back: tensors the caller's tidy owns, and each source's failure, if any. */
export interface PullTensors {
  /** By source name: [n, 2] arrows, for the sources that have them. */
  readonly perLoss: Map<string, Tensor>;
  /** The objective's arrows (of the losses with arrows), from its own pass; null where none has any. */
  readonly total: Tensor | null;
  /** A loss whose pass threw: its message instead of arrows (the preview goes on). */
  readonly failed: Map<string, string>;
}

/**
 * Minus the gradient of each generator loss's weighted term, and of their sum, with respect to
 * each generated point, times the number of points: for a loss that is a mean over points,
 * each point's own pull. The losses see the trainer's outputs (outputs.ts) built on `fake`
 * and `real`, with the critic in inference mode, and compute with `record: false`, so the
 * history and the loss maps never see the preview. Call inside a tidy.
 */
export function pointPulls(
  manager: LossManager,
  critic: (x: Tensor) => Tensor,
  sources: readonly PullSource[],
  points: { readonly fake: Tensor; readonly real: Tensor },
  time: { readonly step: number; readonly epoch: number },
): PullTensors {
  const n = points.fake.shape[0] as number;
  const term = (names: readonly string[]) => (x: Tensor) => {
    // A fresh outputs object per pass: each caches what it computes on `x`.
    const outputs = lazyOutputs({
      // 0: a lazy regularizer (interval > 1) runs, as on the steps it is due.
      iteration: () => 0,
      batch_size: () => n,
      disc: () => critic,
      real_imgs: () => points.real,
      fake_imgs: () => x,
      disc_pred_real: () => critic(points.real),
      disc_pred_fake: () => critic(x),
    });
    const terms = names.flatMap((name) => {
      const loss = manager.computeLoss(name, outputs, { record: false, step: time.step, epoch: time.epoch });
      return loss === null ? [] : [loss.rank === 0 ? loss : tf.mean(loss)];
    });
    return terms.length === 0 ? tf.scalar(0) : terms.length === 1 ? (terms[0] as Tensor) : tf.addN(terms);
  };
  const pull = (names: readonly string[]) => withLossSeed(PULL_SEED, () => tf.mul(tf.grad(term(names))(points.fake), -n));
  const perLoss = new Map<string, Tensor>();
  const failed = new Map<string, string>();
  for (const { name, reason } of sources) {
    if (reason !== null) continue;
    try {
      perLoss.set(name, pull([name]));
    } catch (error) {
      failed.set(name, error instanceof Error ? error.message : String(error));
    }
  }
  return { perLoss, total: perLoss.size === 0 ? null : pull([...perLoss.keys()]), failed };
}

/** The noise kind a run's model settings name (validated before a run starts), or the default. */
export function noiseKindOf(model: Readonly<Record<string, unknown>>): NoiseKind {
  const kind = model.noise;
  return typeof kind === 'string' && (NOISE_KINDS as readonly string[]).includes(kind) ? (kind as NoiseKind) : 'uniform';
}
