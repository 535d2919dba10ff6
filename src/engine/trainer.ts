import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { withLossSeed, type LossModule, type LossOutputs } from '../losses';
import { gradientSeries, gradientSeriesNames, sumGradients, withZeroGradients, type LossGradient } from './gradientDiagnostics';
import { isLossModule, LossManager, networkOf, type FlushResult, type LossSpec, type Network } from '../manager';
import { buildOptimizer, setLearningRate, type OptimizerConfig } from './optimizers';
import { trainingForward, type Forward } from './models/plainForward';
import { lazyOutputs, OUTPUT_KEYS } from './outputs';

/** A batch of real data: samples for unconditional GANs, A/B pairs for pix2pix. */
export type RealBatch = { readonly kind: 'samples'; readonly real: Tensor } | { readonly kind: 'pairs'; readonly a: Tensor; readonly b: Tensor };

/** Where real batches come from; `next` is called inside a gradient scope, which frees them. */
export interface RealDataSource {
  next(batchSize: number, seed: number): RealBatch;
  /** Examples in one pass over the data (a dataset); absent where data is drawn without end. */
  readonly size?: number;
}

/** Iterations per epoch where the data has no size (2-D targets, procedural pairs). */
export const DEFAULT_STEPS_PER_EPOCH = 1000;

/**
 * Iterations in one epoch: `stepsPerEpoch` when given; else one pass over a sized dataset, each
 * iteration drawing dSteps real batches (MNIST's 10,000 digits at batch 32: 313); else
 * DEFAULT_STEPS_PER_EPOCH. Epoch-unit weight schedules follow it.
 */
export function epochLength(options: { stepsPerEpoch?: number; batchSize: number; dSteps: number; dataSize?: number }): number {
  if (options.stepsPerEpoch !== undefined) return options.stepsPerEpoch;
  if (options.dataSize === undefined) return DEFAULT_STEPS_PER_EPOCH;
  return Math.max(1, Math.ceil(options.dataSize / (options.batchSize * Math.max(1, options.dSteps))));
}

export interface GanNetworks {
  readonly generator: tf.LayersModel;
  readonly discriminator: tf.LayersModel;
  /** The generator's input for unconditional GANs; absent for pix2pix (its input is real A). */
  sampleNoise?(n: number, seed: number): Tensor;
}

export interface TrainerOptions {
  readonly networks: GanNetworks;
  readonly data: RealDataSource;
  readonly spec: LossSpec;
  readonly optimizers: { readonly G: OptimizerConfig; readonly D: OptimizerConfig };
  /** @default 16 */
  readonly batchSize?: number;
  /** Discriminator updates per iteration (GAN Lab's k). @default 1 */
  readonly dSteps?: number;
  /** @default 1 */
  readonly gSteps?: number;
  /** Makes a run reproducible on a backend. @default 0 */
  readonly seed?: number;
  /** A manager to record into (for a custom log sink); one is made otherwise. */
  readonly manager?: LossManager;
  /** Iterations per epoch, for epoch-unit schedules. @default see epochLength */
  readonly stepsPerEpoch?: number;
  /**
   * Every this many iterations, each update also records its losses' gradient diagnostics
   * (gradientDiagnostics.ts). 0: never, and no extra work at all. @default 0
   */
  readonly gradEvery?: number;
}

/** How far a run has come, for checkpoints. */
export interface TrainerProgress {
  /** Completed iterations; each step's noise seed derives from it. */
  readonly iteration: number;
  /** Real batches drawn so far: the data sources are seeded streams, replayed on restore. */
  readonly dataDraws: number;
}

export class TrainerError extends Error {
  override readonly name = 'TrainerError';
}

/** One update's real data and generator noise (null for pix2pix, whose input is real A). */
interface UpdateInputs {
  readonly batch: RealBatch;
  readonly noise: Tensor | null;
}

/** Seeds for one step's random draws: distinct per iteration, phase and repeat. */
function stepSeed(base: number, iteration: number, phase: number, repeat: number): number {
  return (base * 7919 + iteration * 104_729 + phase * 1_299_709 + repeat * 15_485_863) % 2_147_483_647;
}

/**
 * One GAN's training: every loss of the spec runs through the LossManager on MMagic's
 * outputs object and joins the generator's or the discriminator's objective by its G/D tag.
 * Nothing is read back from the device here: call `flush()` at the rate numbers are wanted.
 */
export class GanTrainer {
  readonly manager: LossManager;
  readonly batchSize: number;
  readonly dSteps: number;
  readonly gSteps: number;
  readonly seed: number;
  /** Iterations per epoch (epochLength). */
  readonly stepsPerEpoch: number;
  /** Every this many iterations the updates record gradient diagnostics; 0: never. */
  readonly gradEvery: number;
  private readonly networks: GanNetworks;
  private readonly data: RealDataSource;
  private readonly optimizers: Record<Network, tf.Optimizer>;
  /** Each network's training-mode forward pass (plain ops for MLPs: see plainForward). */
  private readonly forward: Record<Network, Forward>;
  private lossNames: Record<Network, string[]>;
  private iterationCount = 0;
  private dataDraws = 0;
  private phaseTotals = { G: { ms: 0, count: 0 }, D: { ms: 0, count: 0 } };

  constructor(options: TrainerOptions) {
    this.networks = options.networks;
    this.data = options.data;
    this.batchSize = options.batchSize ?? 16;
    this.dSteps = options.dSteps ?? 1;
    this.gSteps = options.gSteps ?? 1;
    this.seed = options.seed ?? 0;
    this.stepsPerEpoch = epochLength({ ...options, batchSize: this.batchSize, dSteps: this.dSteps, dataSize: options.data.size });
    this.gradEvery = options.gradEvery ?? 0;
    const atLeastOne = new Set(['batchSize', 'stepsPerEpoch']);
    for (const [name, value] of Object.entries({ batchSize: this.batchSize, dSteps: this.dSteps, gSteps: this.gSteps, stepsPerEpoch: this.stepsPerEpoch, gradEvery: this.gradEvery })) {
      if (!Number.isInteger(value) || value < (atLeastOne.has(name) ? 1 : 0)) {
        throw new TrainerError(`${name} must be a whole number${atLeastOne.has(name) ? ' >= 1' : ' >= 0'}, got ${value}`);
      }
    }
    this.manager = options.manager ?? new LossManager();
    this.lossNames = GanTrainer.checkSpec(options.spec);
    this.manager.initFromJsonSpec(options.spec, OUTPUT_KEYS);
    this.optimizers = { G: buildOptimizer(options.optimizers.G, 'optimizers.G'), D: buildOptimizer(options.optimizers.D, 'optimizers.D') };
    this.forward = { G: trainingForward(options.networks.generator), D: trainingForward(options.networks.discriminator) };
  }

  /** The losses of each network, after checking what the engine needs of a spec. */
  private static checkSpec(spec: LossSpec): Record<Network, string[]> {
    const names: Record<Network, string[]> = { G: [], D: [] };
    (spec.losses ?? []).forEach((entry, i) => {
      if (entry.data_info === undefined) {
        throw new TrainerError(
          `losses[${i}] (${entry.name}): the engine picks a loss's arguments from its outputs, so it needs data_info (e.g. {"pred": "fake_imgs", "target": "real_imgs"})`,
        );
      }
      names[networkOf(entry)].push(entry.name);
    });
    for (const network of ['G', 'D'] as const) {
      if (names[network].length === 0 && (spec.losses ?? []).length > 0) {
        throw new TrainerError(`the spec has no loss tagged "${network}": that network would never train`);
      }
    }
    return names;
  }

  /**
   * Replaces the objective between steps (the spec editor's "apply"): validated in full
   * before anything changes, so a bad spec leaves the run as it was.
   */
  setSpec(spec: LossSpec): void {
    const names = GanTrainer.checkSpec(spec);
    this.manager.initFromJsonSpec(spec, OUTPUT_KEYS);
    this.lossNames = names;
  }

  /** Completed iterations (one iteration = dSteps D updates + gSteps G updates). */
  get iteration(): number {
    return this.iterationCount;
  }

  /** One iteration: the discriminator's updates, then the generator's. */
  step(): void {
    for (let k = 0; k < this.dSteps; k++) this.update('D', k);
    for (let k = 0; k < this.gSteps; k++) this.update('G', k);
    this.advance();
  }

  /** The epoch the next iteration is in: whole epochs completed (0 in the first). */
  get epoch(): number {
    return Math.floor(this.iterationCount / this.stepsPerEpoch);
  }

  /** Moves the manager's clock to the next iteration, so a weight set now is logged at the step it first applies to. */
  private advance(): void {
    this.iterationCount++;
    this.manager.setStep(this.iterationCount, this.epoch);
  }

  /** One update of one network, outside the usual D-then-G order (the page's "step D" / "step G"). */
  stepNetwork(network: Network): void {
    this.update(network, 0);
    this.advance();
  }

  /** Reads back every recorded value in one batch; NaN/Inf values are listed with their loss and step. */
  flush(): Promise<FlushResult> {
    return this.manager.flush();
  }

  get progress(): TrainerProgress {
    return { iteration: this.iterationCount, dataDraws: this.dataDraws };
  }

  /** A network's optimizer, for checkpoints: `getWeights()` holds Adam's moments and step count. */
  optimizer(network: Network): tf.Optimizer {
    return this.optimizers[network];
  }

  /**
   * Continues a checkpointed run on this fresh trainer: sets the iteration and draws (and
   * drops) as many real batches as the run had, since a seeded stream can only be replayed.
   * (A source that draws from its seed argument alone keeps no stream; the seed here is moot.)
   */
  resumeAt(progress: TrainerProgress): void {
    if (this.iterationCount !== 0 || this.dataDraws !== 0) throw new TrainerError('resumeAt: this trainer has trained already; resume on a fresh one');
    for (const [name, value] of Object.entries(progress)) {
      if (!Number.isInteger(value) || value < 0) throw new TrainerError(`resumeAt: ${name} must be a whole number >= 0, got ${value}`);
    }
    for (let i = 0; i < progress.dataDraws; i++) tf.tidy(() => void this.data.next(this.batchSize, 0));
    this.dataDraws = progress.dataDraws;
    this.iterationCount = progress.iteration;
    this.manager.setStep(this.iterationCount, this.epoch);
  }

  setLearningRate(network: Network, learningRate: number): void {
    setLearningRate(this.optimizers[network], learningRate);
  }

  private activeLosses(network: Network): string[] {
    const registered = this.manager.getRegisteredLosses();
    return this.lossNames[network].filter((name) => {
      const fn = registered[name]?.fn;
      const interval = fn && isLossModule(fn) ? ((fn as LossModule & { interval?: number }).interval ?? 1) : 1;
      return interval <= 1 || this.iterationCount % interval === 0;
    });
  }

  /**
   * Mean milliseconds per D and per G update since the last call, then resets. On a GPU this
   * is the time to enqueue the work (the loop never waits for the device), not its run time.
   */
  takePhaseTimes(): Record<Network, number> {
    const mean = ({ ms, count }: { ms: number; count: number }) => (count === 0 ? 0 : ms / count);
    const out = { G: mean(this.phaseTotals.G), D: mean(this.phaseTotals.D) };
    this.phaseTotals = { G: { ms: 0, count: 0 }, D: { ms: 0, count: 0 } };
    return out;
  }

  private update(network: Network, repeat: number): void {
    const names = this.activeLosses(network);
    if (names.length === 0) return;
    const started = performance.now();
    const model = network === 'G' ? this.networks.generator : this.networks.discriminator;
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const seed = stepSeed(this.seed, this.iterationCount, network === 'D' ? 0 : 1, repeat);
    // The penalties' random draws (WGAN-GP, path length) are seeded per update too.
    const lossSeed = stepSeed(this.seed, this.iterationCount, network === 'D' ? 2 : 3, repeat);
    const diagnose = this.gradEvery > 0 && this.iterationCount % this.gradEvery === 0;
    this.manager.setStep(this.iterationCount);
    tf.tidy(() => {
      // Outputs made inside one loss's tidy are reused by the next loss: kept until the update ends.
      const kept: Tensor[] = [];
      // Drawn once: a diagnosed update runs each loss on the same batch and noise.
      const inputs = this.drawInputs(seed);
      let grads: tf.NamedTensorMap = {};
      try {
        if (diagnose) grads = this.diagnosedGradients(network, names, inputs, vars, lossSeed, kept);
        else {
          const result = withLossSeed(lossSeed, () => tf.variableGrads(() => this.objective(names, this.outputs(inputs, kept)), vars));
          result.value.dispose();
          grads = result.grads;
        }
        this.optimizers[network].applyGradients(grads);
      } finally {
        tf.dispose([...Object.values(grads), ...kept]);
      }
    });
    this.phaseTotals[network].ms += performance.now() - started;
    this.phaseTotals[network].count++;
  }

  /** The network's objective: its losses' weighted terms, summed. */
  private objective(names: readonly string[], outputs: LossOutputs): tf.Scalar {
    const terms: Tensor[] = [];
    for (const name of names) {
      const loss = this.manager.computeLoss(name, outputs);
      if (loss !== null) terms.push(loss.rank === 0 ? loss : tf.mean(loss));
    }
    return (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
  }

  /**
   * The update's gradient as the sum of its losses' gradients, each from its own pass over the
   * same batch and noise, with their diagnostics recorded. The first pass computes (and
   * records) every loss, as a plain update does, and differentiates the first; pass k
   * recomputes losses 1..k unrecorded (so penalties draw the same random numbers) and
   * differentiates loss k. Batch norm's moving statistics are kept as the first pass left
   * them, which is how a plain update leaves them.
   */
  private diagnosedGradients(network: Network, names: readonly string[], inputs: UpdateInputs, vars: tf.Variable[], lossSeed: number, kept: Tensor[]): tf.NamedTensorMap {
    const order = vars.map((v) => v.name);
    const perLoss: LossGradient[] = [];
    const movingStats: { variable: tf.Variable; value: Tensor }[] = [];
    try {
      for (const [k, name] of names.entries()) {
        const { value, grads } = withLossSeed(lossSeed, () =>
          tf.variableGrads(() => {
            const outputs = this.outputs(inputs, kept);
            let mine: Tensor | null = null;
            for (const other of k === 0 ? names : names.slice(0, k + 1)) {
              const loss = this.manager.computeLoss(other, outputs, { record: k === 0 });
              if (other === name) mine = loss;
            }
            // A loss that skips this iteration (an R1 `interval`) pulls with a zero gradient;
            // a zero made from a variable keeps tf.variableGrads connected to the network.
            if (mine === null) return tf.mul(tf.sum(vars[0]!), 0) as tf.Scalar;
            return (mine.rank === 0 ? mine : tf.mean(mine)) as tf.Scalar;
          }, vars),
        );
        value.dispose();
        perLoss.push({ name, grads: withZeroGradients(grads, vars) });
        if (k === 0 && names.length > 1) {
          for (const m of [this.networks.generator, this.networks.discriminator]) {
            for (const w of m.nonTrainableWeights) movingStats.push({ variable: w.read() as tf.Variable, value: tf.keep(tf.clone(w.read())) });
          }
        }
      }
      movingStats.forEach(({ variable, value }) => variable.assign(value));
      this.manager.recordSeries(gradientSeriesNames(network, names), gradientSeries(perLoss, order), { step: this.iterationCount });
      return sumGradients(perLoss, order);
    } finally {
      tf.dispose([...movingStats.map((m) => m.value), ...perLoss.flatMap((l) => Object.values(l.grads))]);
    }
  }

  /** The real batch (and noise) of one update, drawn once. */
  private drawInputs(seed: number): UpdateInputs {
    const batch = this.data.next(this.batchSize, seed);
    this.dataDraws++;
    if (batch.kind === 'pairs') return { batch, noise: null };
    if (!this.networks.sampleNoise) throw new TrainerError('an unconditional GAN needs networks.sampleNoise');
    return { batch, noise: this.networks.sampleNoise(this.batchSize, seed + 1) };
  }

  /** MMagic's outputs for one update, each entry computed when a loss first asks for it. */
  private outputs({ batch, noise }: UpdateInputs, kept: Tensor[]): LossOutputs {
    const keep = (t: Tensor): Tensor => (kept.push(tf.keep(t)), t);
    const { G, D } = this.forward;
    const n = this.batchSize;
    // Batch norm needs training mode inside the losses too; `inputs` lets the path length
    // regularizer read the latent shape off the generator.
    const gen = () => ({ apply: G, inputs: this.networks.generator.inputs });
    if (batch.kind === 'pairs') {
      // pix2pix: the critic sees the input A beside a real or generated B (Isola et al.).
      const disc = (b: Tensor) => D(tf.concat([batch.a, b], -1));
      let fake: Tensor | undefined;
      const fakeB = () => (fake ??= keep(G(batch.a)));
      return lazyOutputs({
        iteration: () => this.iterationCount,
        batch_size: () => n,
        gen,
        disc: () => disc,
        real_a: () => batch.a,
        real_b: () => batch.b,
        fake_b: fakeB,
        real_imgs: () => batch.b,
        fake_imgs: fakeB,
        disc_pred_real: () => keep(disc(batch.b)),
        disc_pred_fake: () => keep(disc(fakeB())),
      });
    }
    let fake: Tensor | undefined;
    const fakeImgs = () => (fake ??= keep(G(noise!)));
    const disc = D;
    return lazyOutputs({
      iteration: () => this.iterationCount,
      batch_size: () => n,
      gen,
      disc: () => disc,
      real_imgs: () => batch.real,
      fake_imgs: fakeImgs,
      disc_pred_real: () => keep(disc(batch.real)),
      disc_pred_fake: () => keep(disc(fakeImgs())),
    });
  }

  dispose(): void {
    this.manager.dispose();
    this.optimizers.G.dispose();
    this.optimizers.D.dispose();
  }
}
