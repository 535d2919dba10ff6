import type { Tensor } from '@tensorflow/tfjs-core';
import type { LossOutputs, LossWithMap } from '../losses';
import { isLossModule, LMLoss, type LossFunction } from './lmLoss';
import { recordedCall, unrecordedCall } from './lossCall';
import { MemoryLossLogSink, type LossLogSink } from './lossLog/sinks';
import { LossRecorder } from './lossRecorder';
import { parseSchedule, type Schedule } from './schedule';
import { lossesFromSpec, parseLossSpec, type LossSpec } from './lossSpec';
import { byName, emit, lossTensors, lossValues, lossWeights, pairs, registeredLosses } from './lossQueries';
import { LossManagerError } from './lossManagerError';
import { checkedState, checkedWeighting, type LossManagerState, type WeightChange } from './managerState';
import { checkedSpecLosses } from './specLosses';
import type { CallTime, FlushResult, LossManagerOptions, RegisterOptions } from './managerTypes';

/**
 * NectarGAN's LossManager for tfjs, made for live training: every call records on the
 * device and `flush()` reads the values back in one batch, weights and schedules change
 * between steps, and each loss keeps its per-element loss map.
 */
export class LossManager {
  readonly enableLogging: boolean;
  readonly historyBufferSize: number;
  readonly logSink: LossLogSink;
  private readonly now: () => number;
  private lossFns = new Map<string, LMLoss>();
  private readonly recorder: LossRecorder;
  private readonly changes: WeightChange[] = [];
  private step = 0;
  private epoch = 0;

  constructor(options: LossManagerOptions = {}) {
    this.enableLogging = options.enableLogging ?? true;
    this.historyBufferSize = options.historyBufferSize ?? 50_000;
    if (!Number.isInteger(this.historyBufferSize) || this.historyBufferSize < 1) {
      throw new LossManagerError(`historyBufferSize must be a positive integer, got ${this.historyBufferSize}`);
    }
    this.logSink = options.logSink ?? new MemoryLossLogSink();
    this.now = options.now ?? (() => performance.now());
    const { enableLogging, capacity, logSink, now } = this;
    this.recorder = new LossRecorder({ enableLogging, capacity, logSink, logMeta: options.logMeta, now, losses: () => this.lossFns });
  }

  // ---- registration -------------------------------------------------------------------

  registerLossFn(name: string, fn: LossFunction, options: RegisterOptions = {}): LMLoss {
    if (typeof name !== 'string' || name.length === 0) throw new LossManagerError('registerLossFn: a loss needs a non-empty name');
    if (this.lossFns.has(name)) throw new LossManagerError(`registerLossFn: loss function name already in use: ${name}`);
    const loss = new LMLoss({ name, fn, ...checkedWeighting(name, options) }, this.capacity);
    this.lossFns.set(name, loss);
    return loss;
  }

  /**
   * Replaces the registered losses with those a spec function returns (NectarGAN's
   * `init_from_spec`). Every value must be an LMLoss whose name is its key.
   */
  initFromSpec<A extends unknown[]>(spec: (...args: A) => Record<string, LMLoss>, ...args: A): void {
    let result: unknown;
    try {
      result = spec(...args);
    } catch (error) {
      throw new LossManagerError(`initFromSpec: the spec function failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const next = checkedSpecLosses(result, this.capacity);
    this.disposeMaps();
    this.recorder.pending.dispose();
    const kept = new Set([...next.values()].map((l) => l.fn));
    for (const old of this.lossFns.values()) if (isLossModule(old.fn) && !kept.has(old.fn)) old.fn.dispose();
    this.lossFns = next;
  }

  /**
   * Replaces the registered losses with those of a declarative JSON spec, validated first
   * (errors give the field's path). `availableKeys` checks data_info against the outputs.
   */
  initFromJsonSpec(spec: unknown, availableKeys?: readonly string[]): LossSpec {
    const parsed = parseLossSpec(spec, availableKeys);
    this.initFromSpec(lossesFromSpec, parsed);
    return parsed;
  }

  private get capacity(): number {
    return this.enableLogging ? this.historyBufferSize : 1;
  }

  private get(name: string): LMLoss {
    const loss = this.lossFns.get(name);
    if (loss === undefined) {
      throw new LossManagerError(`unknown loss "${name}"; registered losses: ${[...this.lossFns.keys()].join(', ') || '(none)'}`);
    }
    return loss;
  }

  // ---- computing ----------------------------------------------------------------------

  /** Sets the clock schedules read and the history records when a call gives no time. */
  setStep(step: number, epoch = this.epoch): void {
    this.step = step;
    this.epoch = epoch;
  }

  /**
   * Runs loss `name` on two inputs and returns the weighted loss (on the gradient tape, for
   * training). Records the unweighted mean, the weight applied and the loss map, without
   * reading anything back from the device.
   */
  computeLossXY(name: string, x: Tensor, y: Tensor | boolean, time: CallTime = {}): Tensor {
    const loss = this.get(name);
    const fn = loss.fn;
    if (!isLossModule(fn) && typeof y === 'boolean') {
      throw new LossManagerError(`${name}: an (x, y) loss function needs a tensor y`);
    }
    const out = this.run(loss, time, () =>
      isLossModule(fn) ? fn.forwardXYWithMap(x, y) : { loss: fn(x, y as Tensor), map: null },
    );
    return out as Tensor;
  }

  /**
   * Runs a data_info loss module on an outputs object (MMagic's way). Returns null, and
   * records nothing, on an iteration the module skips (`interval`).
   */
  computeLoss(name: string, outputs: LossOutputs, time: CallTime = {}): Tensor | null {
    const loss = this.get(name);
    if (!isLossModule(loss.fn)) {
      throw new LossManagerError(`${name}: computeLoss needs a loss module with data_info; use computeLossXY for an (x, y) function`);
    }
    const module = loss.fn;
    return this.run(loss, time, () => module.forwardOutputsWithMap(outputs));
  }

  private run(loss: LMLoss, time: CallTime, compute: () => LossWithMap | null): Tensor | null {
    const step = time.step ?? this.step;
    const weight = loss.weightAt(step, time.epoch ?? this.epoch);
    const { factor } = time;
    if (time.record === false) return unrecordedCall(compute, weight, factor, time.unweighted);
    if (time.unweighted) throw new LossManagerError(`${loss.name}: an unweighted call records nothing; pass record: false`);
    // The mean and the map outlive the caller's tidy until flush() and the next call free them.
    const result = recordedCall(compute, weight, factor);
    if (result === null) return null;
    loss.lastLossMap?.dispose();
    loss.lastLossMap = result.map;
    this.recorder.pending.addLoss(loss, step, weight, result.raw, factor);
    return result.weighted;
  }

  /**
   * Records derived series (gradient norms, shares, cosines; names as in seriesNames.ts), one
   * value each in the 1-D `values`, read back with the losses at the next flush. The manager
   * keeps `values` (the caller's tidy does not free it).
   */
  recordSeries(names: readonly string[], values: Tensor, time: CallTime = {}): void {
    if (values.rank !== 1 || values.shape[0] !== names.length) {
      throw new LossManagerError(`recordSeries: ${names.length} names need a 1-D tensor of ${names.length} values, got shape [${values.shape.join(', ')}]`);
    }
    this.recorder.pending.addSeries(names, values, time.step ?? this.step);
  }

  /**
   * Reads every value recorded since the last flush back from the device in one batch, and
   * appends them to the histories (dumping a full history to the log first). Call it at the
   * rate you want numbers, not every step.
   */
  flush(): Promise<FlushResult> {
    return this.recorder.flush();
  }

  // ---- live changes -------------------------------------------------------------------

  /** Sets a loss's weight from the next call on, replacing any schedule (a slider moved). */
  setWeight(name: string, value: number): void {
    const loss = this.get(name);
    const { lossWeight } = checkedWeighting(name, { lossWeight: value });
    loss.lossWeight = lossWeight;
    loss.schedule = null;
    this.changes.push({ name, step: this.step, weight: loss.lossWeight, schedule: null });
  }

  /** Sets (or, with null, removes) a loss's weight schedule from the next call on. */
  setSchedule(name: string, schedule: Schedule | null): void {
    const loss = this.get(name);
    loss.schedule = schedule === null ? null : parseSchedule(schedule, `${name}.schedule`);
    this.changes.push({ name, step: this.step, weight: null, schedule: loss.schedule });
  }

  /** Every weight or schedule change, with the step it took effect at. */
  get weightChanges(): readonly WeightChange[] {
    return this.changes;
  }

  // ---- checkpoints --------------------------------------------------------------------

  /** A copy of the state a checkpoint saves (src/engine/checkpoint). */
  exportState(): LossManagerState {
    const losses = byName<LossManagerState['losses'][string]>();
    for (const [name, l] of this.lossFns) losses[name] = { lossWeight: l.lossWeight, schedule: l.schedule };
    return structuredClone({ step: this.step, epoch: this.epoch, losses, weightChanges: this.changes });
  }

  /**
   * Restores `exportState()` onto a manager built from the same spec. The losses must match
   * by name, so a saved weight is never silently dropped; all is checked before anything changes.
   */
  importState(state: LossManagerState): void {
    const { weighting, changes } = checkedState(state, this.lossFns, checkedWeighting);
    for (const [name, { lossWeight, schedule }] of weighting) {
      const loss = this.get(name);
      loss.lossWeight = lossWeight;
      loss.schedule = schedule;
    }
    this.changes.splice(0, this.changes.length, ...changes);
    this.setStep(state.step, state.epoch);
  }

  // ---- queries (lossQueries.ts) -------------------------------------------------------

  /**
   * The registered losses with any of the query's tags (all with no query). With `strip`,
   * the copies come without their (possibly long) histories, as in NectarGAN.
   */
  getRegisteredLosses(query?: readonly string[] | null, strip = true): Record<string, LMLoss> {
    return registeredLosses(this.lossFns, query, strip);
  }

  /** The last recorded (weighted) mean of each loss, rounded; losses with no value yet are left out. Flush first. */
  getLossValues(query?: readonly string[] | null, precision = 2): Record<string, number> {
    return lossValues(this.lossFns, query, precision);
  }

  /** Each loss's last loss map (owned by the manager: clone one to keep it). */
  getLossTensors(query?: readonly string[] | null): Record<string, Tensor | null> {
    return lossTensors(this.lossFns, query);
  }

  /** The weight each loss's next call will apply, rounded (before any adaptive factor, which each update computes). */
  getLossWeights(query?: readonly string[] | null, precision = 2): Record<string, number> {
    return lossWeights(this.lossFns, this.step, this.epoch, query, precision);
  }

  /** NectarGAN's "Loss weights: G_GAN: 1.0 G_L1: 100.0"; printed, or returned with capture. */
  printWeights({ precision = 2, capture = false }: { precision?: number; capture?: boolean } = {}): string | undefined {
    return emit(`Loss weights:${pairs(this.getLossWeights(null, precision))}`, capture);
  }

  /** NectarGAN's "(epoch: 1, iters: 20) Loss: G_GAN: 0.69 ..."; printed, or returned with capture. */
  printLosses(
    epoch: number,
    iter: number,
    { precision = 2, capture = false }: { precision?: number; capture?: boolean } = {},
  ): string | undefined {
    return emit(`(epoch: ${epoch}, iters: ${iter}) Loss:${pairs(this.getLossValues(null, precision))}`, capture);
  }

  // ---- loss log -----------------------------------------------------------------------

  /**
   * Flushes, appends every history to the log sink and clears the buffers. With
   * `silent: false` it prints (or, with capture, returns) how long that took.
   */
  async updateLossLog({ silent = true, capture = false }: { silent?: boolean; capture?: boolean } = {}): Promise<string | undefined> {
    if (!this.enableLogging) return undefined;
    const start = this.now();
    await this.flush();
    await this.recorder.dump([...this.lossFns.values()]);
    if (silent) return undefined;
    const seconds = (this.now() - start) / 1000;
    return emit(`LossManager: Logs updated. Time taken: ${seconds.toFixed(3)} seconds`, capture);
  }

  // ---- lifetime -----------------------------------------------------------------------

  private disposeMaps(): void {
    for (const loss of this.lossFns.values()) {
      loss.lastLossMap?.dispose();
      loss.lastLossMap = null;
    }
  }

  /** Frees the loss maps, unread values and modules' kept tensors. */
  dispose(): void {
    this.disposeMaps();
    this.recorder.pending.dispose();
    for (const loss of this.lossFns.values()) if (isLossModule(loss.fn)) loss.fn.dispose();
  }
}
