import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { withLossSeed, type LossModule, type LossOutputs } from '../losses';
import { isLossModule, LossManager, type FlushResult, type LossSpec, type Network } from '../manager';
import { EmaGenerator } from './emaGenerator';
import { buildOptimizer, disposeOptimizer, setLearningRate } from './optimizers';
import { updateForwards, type UpdateForwards } from './updateForwards';
import { mlpLayers } from './models/plainForward';
import { withoutWebglPacking } from './webgl/unpacked';
import { adaptiveFactors, diagnosedGradients } from './updatePasses';
import type { AdaptiveWeight } from '../manager/adaptiveWeight';
import { lazyOutputs, OUTPUT_KEYS } from './outputs';
import { recordDHealth, type CriticOutputs } from './dHealth';
import { epochLength, lossesByNetwork, stepSeed, TrainerError, type GanNetworks, type RealDataSource, type TrainerOptions, type TrainerProgress, type UpdateInputs } from './trainerTypes';

export { DEFAULT_STEPS_PER_EPOCH, epochLength, TrainerError, type GanNetworks, type RealBatch, type RealDataSource, type TrainerOptions, type TrainerProgress } from './trainerTypes';

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
  private readonly gradLayers: boolean;
  /** The moving average of G's weights, where the run has one (options.ema). */
  readonly ema: EmaGenerator | null;
  private readonly networks: GanNetworks;
  private readonly data: RealDataSource;
  private readonly optimizers: Record<Network, tf.Optimizer>;
  /** The networks' training-mode forward passes in each network's update (fused for MLPs: see updateForwards). */
  private readonly forward: Record<Network, UpdateForwards>;
  private lossNames: Record<Network, string[]>;
  private readonly intervals = new Map<string, number>();
  private readonly adaptive = new Map<string, AdaptiveWeight>();
  private iterationCount = 0;
  private dataDraws = 0;
  private phaseTotals = { G: { ms: 0, count: 0 }, D: { ms: 0, count: 0 } };
  private readonly unpacked: boolean;

  constructor(options: TrainerOptions) {
    this.networks = options.networks;
    this.data = options.data;
    this.batchSize = options.batchSize ?? 16;
    this.dSteps = options.dSteps ?? 1;
    this.gSteps = options.gSteps ?? 1;
    this.seed = options.seed ?? 0;
    this.stepsPerEpoch = epochLength({ ...options, batchSize: this.batchSize, dSteps: this.dSteps, dataSize: options.data.size });
    this.gradEvery = options.gradEvery ?? 0;
    this.gradLayers = options.gradLayers === true;
    const atLeastOne = new Set(['batchSize', 'stepsPerEpoch']);
    for (const [name, value] of Object.entries({ batchSize: this.batchSize, dSteps: this.dSteps, gSteps: this.gSteps, stepsPerEpoch: this.stepsPerEpoch, gradEvery: this.gradEvery })) {
      if (!Number.isInteger(value) || value < (atLeastOne.has(name) ? 1 : 0)) {
        throw new TrainerError(`${name} must be a whole number${atLeastOne.has(name) ? ' >= 1' : ' >= 0'}, got ${value}`);
      }
    }
    this.manager = options.manager ?? new LossManager();
    this.lossNames = lossesByNetwork(options.spec);
    this.manager.initFromJsonSpec(options.spec, OUTPUT_KEYS);
    this.readLossOptions();
    this.optimizers = { G: buildOptimizer(options.optimizers.G, 'optimizers.G'), D: buildOptimizer(options.optimizers.D, 'optimizers.D') };
    this.forward = updateForwards(options.networks);
    // Two plain MLPs run as our webgl kernels, which read unpacked textures (webgl/unpacked.ts).
    this.unpacked = mlpLayers(options.networks.generator) !== null && mlpLayers(options.networks.discriminator) !== null;
    this.ema = options.ema ? new EmaGenerator(options.networks.generator, options.ema) : null;
  }

  /**
   * Replaces the objective between steps (the spec editor's "apply"): validated in full
   * before anything changes, so a bad spec leaves the run as it was.
   */
  setSpec(spec: LossSpec): void {
    const names = lossesByNetwork(spec);
    this.manager.initFromJsonSpec(spec, OUTPUT_KEYS);
    this.lossNames = names;
    this.readLossOptions();
  }

  /** Completed iterations (one iteration = dSteps D updates + gSteps G updates). */
  get iteration(): number {
    return this.iterationCount;
  }

  /** One iteration: the discriminator's updates, then the generator's. */
  step(): void {
    for (let k = 0; k < this.dSteps; k++) this.update('D', k);
    for (let k = 0; k < this.gSteps; k++) this.update('G', k);
    if (this.gSteps > 0) this.ema?.afterGeneratorUpdates(this.iterationCount + 1);
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
    if (network === 'G') this.ema?.afterGeneratorUpdates(this.iterationCount + 1);
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
    return this.lossNames[network].filter((name) => {
      const interval = this.intervals.get(name) ?? 1;
      return interval <= 1 || this.iterationCount % interval === 0;
    });
  }

  /** Each loss's `interval` and adaptive weight, read once per spec (not per update). */
  private readLossOptions(): void {
    this.intervals.clear();
    this.adaptive.clear();
    for (const [name, loss] of Object.entries(this.manager.getRegisteredLosses())) {
      const fn = loss.fn;
      if (isLossModule(fn)) this.intervals.set(name, (fn as LossModule & { interval?: number }).interval ?? 1);
      if (loss.adaptive) this.adaptive.set(name, loss.adaptive);
    }
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
    const run = this.unpacked ? withoutWebglPacking : <T>(f: () => T) => f();
    run(() => tf.tidy(() => {
      // Outputs made inside one loss's tidy are reused by the next loss: kept until the update ends.
      const kept: Tensor[] = [];
      const seen: CriticOutputs = {};
      // Drawn once: every pass of the update runs on the same batch and noise.
      const inputs = this.drawInputs(seed);
      let grads: tf.NamedTensorMap = {};
      try {
        const pass = {
          manager: this.manager,
          network,
          names,
          vars,
          lossSeed,
          step: this.iterationCount,
          models: [this.networks.generator, this.networks.discriminator],
          outputs: () => this.outputs(network, inputs, kept, seen),
          factors: new Map<string, Tensor>(),
          perLayer: this.gradLayers,
        };
        if (this.adaptive.size > 0) pass.factors = adaptiveFactors(pass, this.adaptive);
        if (diagnose) grads = diagnosedGradients(pass);
        else {
          const result = withLossSeed(lossSeed, () => tf.variableGrads(() => this.objective(names, pass.outputs(), pass.factors), vars));
          result.value.dispose();
          grads = result.grads;
        }
        this.optimizers[network].applyGradients(grads);
        if (network === 'D') recordDHealth(this.manager, seen, this.iterationCount);
      } finally {
        tf.dispose([...Object.values(grads), ...kept]);
      }
    }));
    this.phaseTotals[network].ms += performance.now() - started;
    this.phaseTotals[network].count++;
  }

  /** The network's objective: its losses' weighted terms (times their adaptive factors), summed. */
  private objective(names: readonly string[], outputs: LossOutputs, factors: ReadonlyMap<string, Tensor>): tf.Scalar {
    const terms: Tensor[] = [];
    for (const name of names) {
      const loss = this.manager.computeLoss(name, outputs, { factor: factors.get(name) });
      if (loss !== null) terms.push(loss.rank === 0 ? loss : tf.mean(loss));
    }
    return (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
  }

  /** The real batch (and noise) of one update, drawn once. */
  private drawInputs(seed: number): UpdateInputs {
    const batch = this.data.next(this.batchSize, seed);
    this.dataDraws++;
    if (batch.kind === 'pairs') return { batch, noise: null };
    if (!this.networks.sampleNoise) throw new TrainerError('an unconditional GAN needs networks.sampleNoise');
    return { batch, noise: this.networks.sampleNoise(this.batchSize, seed + 1) };
  }

  /** MMagic's outputs for one update, each entry computed when a loss first asks for it; `seen` gets the critic's first outputs. */
  private outputs(network: Network, { batch, noise }: UpdateInputs, kept: Tensor[], seen: CriticOutputs): LossOutputs {
    const keep = (t: Tensor): Tensor => (kept.push(tf.keep(t)), t);
    const see = (side: keyof CriticOutputs, t: Tensor): Tensor => ((seen[side] ??= t), t);
    const { G, D } = this.forward[network];
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
        disc_pred_real: () => see('real', keep(disc(batch.b))),
        disc_pred_fake: () => see('fake', keep(disc(fakeB()))),
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
      disc_pred_real: () => see('real', keep(disc(batch.real))),
      disc_pred_fake: () => see('fake', keep(disc(fakeImgs()))),
    });
  }

  dispose(): void {
    this.ema?.dispose();
    this.manager.dispose();
    disposeOptimizer(this.optimizers.G);
    disposeOptimizer(this.optimizers.D);
  }
}
