import * as tf from '@tensorflow/tfjs';
import { isLossModule, NETWORKS, type Network } from '../../manager';
import type { RunSettings } from '../../protocol/messages';
import type { GanNetworks, GanTrainer } from '../trainer';
import { CHECKPOINT_FORMAT, CheckpointError, type Checkpoint, type CheckpointHeader, type WeightEntry } from './format';
import type { CheckpointHistory } from './history';
import { decodeTensors, encodeTensors, modelWeights, type NamedWeight } from './weights';

/** A run to checkpoint or restore into: its trainer and the two models it trains. */
export interface CheckpointTarget {
  readonly trainer: GanTrainer;
  readonly networks: Pick<GanNetworks, 'generator' | 'discriminator'>;
}

const MODEL_OF = { G: 'generator', D: 'discriminator' } as const;

function allModelWeights(networks: CheckpointTarget['networks']): Record<Network, NamedWeight[]> {
  return { G: modelWeights(networks.generator, MODEL_OF.G), D: modelWeights(networks.discriminator, MODEL_OF.D) };
}

/** The trainable weights in the order the trainer hands them to the optimizer, which keys its slots by position. */
function trainableInOrder(model: tf.LayersModel, named: readonly NamedWeight[]): NamedWeight[] {
  const byVariable = new Map(named.map((w) => [w.variable, w]));
  return model.trainableWeights.map((v) => byVariable.get(v)!);
}

/** 'dense_Dense7/kernel/m' (tfjs's variable name + slot) -> 'generator/0:Dense/kernel/m'. */
function stableSlotName(name: string, trainable: readonly NamedWeight[], network: Network): string {
  if (name === 'iter') return name;
  const owner = trainable.find((w) => name.startsWith(`${w.variable.name}/`));
  if (!owner) throw new CheckpointError(`optimizer ${network} holds "${name}", which belongs to no ${MODEL_OF[network]} weight`);
  return `${owner.name}${name.slice(owner.variable.name.length)}`;
}

/** The EMA generator's weights (`ema/generator/...`, named as G's are) and its update count, where the run has one. */
function emaWeights(trainer: GanTrainer): NamedWeight[] {
  return trainer.ema ? modelWeights(trainer.ema.model, EMA_PREFIX) : [];
}
const EMA_PREFIX = 'ema/generator';
const EMA_UPDATES = 'ema/updates';

function moduleStates(trainer: GanTrainer) {
  const out: { loss: string; set: (state: Record<string, tf.Tensor>) => void; state: Record<string, tf.Tensor> }[] = [];
  for (const [loss, { fn }] of Object.entries(trainer.manager.getRegisteredLosses())) {
    if (isLossModule(fn) && fn.getState && fn.setState) out.push({ loss, set: fn.setState.bind(fn), state: fn.getState() });
  }
  return out;
}

/**
 * Saves a run: model and optimizer weights, stateful loss modules, the manager's state and
 * where the run is. Call it between steps. Everything is captured at once as clones (they
 * share the device data: no copy) and read back afterwards, so training may go on during the read.
 */
export async function createCheckpoint(run: CheckpointTarget & { readonly settings: RunSettings; readonly history?: CheckpointHistory }): Promise<Checkpoint> {
  const { trainer, networks } = run;
  const [slotsG, slotsD] = await Promise.all([trainer.optimizer('G').getWeights(), trainer.optimizer('D').getWeights()]);
  const slots = { G: slotsG, D: slotsD };
  // From here to the clones nothing awaits, so every part is taken at the same step.
  const named = allModelWeights(networks);
  const tensors: { name: string; tensor: tf.Tensor }[] = [];
  for (const network of NETWORKS) {
    for (const { name, variable } of named[network]) tensors.push({ name, tensor: variable.read() });
    const trainable = trainableInOrder(network === 'G' ? networks.generator : networks.discriminator, named[network]);
    for (const { name, tensor } of slots[network]) tensors.push({ name: `optimizer/${network}/${stableSlotName(name, trainable, network)}`, tensor });
  }
  for (const { loss, state } of moduleStates(trainer)) {
    for (const [key, tensor] of Object.entries(state)) tensors.push({ name: `loss/${loss}/${key}`, tensor });
  }
  for (const { name, variable } of emaWeights(trainer)) tensors.push({ name, tensor: variable.read() });
  const emaUpdates = trainer.ema ? tf.scalar(trainer.ema.updates, 'int32') : null;
  if (emaUpdates) tensors.push({ name: EMA_UPDATES, tensor: emaUpdates });
  const header = {
    format: CHECKPOINT_FORMAT,
    settings: structuredClone(run.settings),
    ...trainer.progress,
    optimizers: { G: optimizerInfo(trainer.optimizer('G')), D: optimizerInfo(trainer.optimizer('D')) },
    manager: trainer.manager.exportState(),
    ...(run.history ? { history: run.history } : {}),
  };
  const snapshot = tensors.map(({ name, tensor }) => ({ name, tensor: tf.clone(tensor) }));
  // getWeights() made the 'iter' scalars; the other slots are the optimizer's own variables.
  tf.dispose(Object.values(slots).flatMap((list) => list.map((s) => s.tensor).filter((t) => !(t instanceof tf.Variable))));
  emaUpdates?.dispose();
  try {
    const { weightData, ...manifest } = await encodeTensors(snapshot);
    return { header: { ...header, ...manifest }, weightData };
  } finally {
    tf.dispose(snapshot.map((s) => s.tensor));
  }
}

function optimizerInfo(optimizer: tf.Optimizer) {
  return { className: optimizer.getClassName(), learningRate: Number(optimizer.getConfig().learningRate) };
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** Everything a restore will write, worked out (and checked) before anything is written. */
interface RestorePlan {
  readonly models: { readonly entry: WeightEntry; readonly variable: tf.LayerVariable }[];
  readonly optimizers: Record<Network, { readonly entry: WeightEntry; readonly name: string }[]>;
  readonly modules: { readonly set: (state: Record<string, tf.Tensor>) => void; readonly entries: { readonly entry: WeightEntry; readonly key: string }[] }[];
  /** The EMA generator's weights and update count; empty and null without one. */
  readonly ema: { readonly entry: WeightEntry; readonly variable: tf.LayerVariable }[];
  readonly emaUpdates: WeightEntry | null;
}

function plan(target: CheckpointTarget, header: CheckpointHeader): RestorePlan {
  const saved = new Map(header.weights.map((entry) => [entry.name, entry]));
  const used = new Set<string>();
  const take = (name: string, shape: readonly number[]): WeightEntry => {
    const entry = saved.get(name);
    if (!entry) throw new CheckpointError(`the checkpoint has no weight "${name}": was it saved from a different model?`);
    if (!sameShape(entry.shape, shape)) {
      throw new CheckpointError(`weight "${name}" is ${shapeText(entry.shape)} in the checkpoint but ${shapeText(shape)} in this model`);
    }
    used.add(name);
    return entry;
  };
  const named = allModelWeights(target.networks);
  const models = NETWORKS.flatMap((n) => named[n].map(({ name, variable }) => ({ entry: take(name, variable.shape as number[]), variable })));
  const optimizers = { G: optimizerPlan(target, header, 'G', named.G, take), D: optimizerPlan(target, header, 'D', named.D, take) };
  const modules = moduleStates(target.trainer).map(({ loss, set }) => {
    const prefix = `loss/${loss}/`;
    const names = header.weights.filter((e) => e.name.startsWith(prefix)).map((e) => e.name);
    return { set, entries: names.map((name) => ({ entry: take(name, saved.get(name)!.shape), key: name.slice(prefix.length) })) };
  });
  const ema = emaWeights(target.trainer).map(({ name, variable }) => ({ entry: take(name, variable.shape as number[]), variable }));
  const emaUpdates = target.trainer.ema ? take(EMA_UPDATES, []) : null;
  const unused = header.weights.filter((e) => !used.has(e.name)).map((e) => e.name);
  if (unused.length > 0) throw new CheckpointError(`the checkpoint's ${unused.map((n) => `"${n}"`).join(', ')} match nothing in this run`);
  return { models, optimizers, modules, ema, emaUpdates };
}

/** An optimizer's slots in saved order, renamed to this build's variables; tfjs assigns them by position, so the order is checked. */
function optimizerPlan(
  target: CheckpointTarget,
  header: CheckpointHeader,
  network: Network,
  named: readonly NamedWeight[],
  take: (name: string, shape: readonly number[]) => WeightEntry,
) {
  const optimizer = target.trainer.optimizer(network);
  const { className } = header.optimizers[network];
  if (optimizer.getClassName() !== className) {
    throw new CheckpointError(`optimizer ${network}: the checkpoint's is ${className}, this run's ${optimizer.getClassName()}`);
  }
  const prefix = `optimizer/${network}/`;
  const names = header.weights.filter((e) => e.name.startsWith(prefix)).map((e) => e.name.slice(prefix.length));
  if (names[0] !== 'iter') throw new CheckpointError(`optimizer ${network}: the checkpoint lacks its iteration count "${prefix}iter"`);
  const model = network === 'G' ? target.networks.generator : target.networks.discriminator;
  const trainable = trainableInOrder(model, named);
  const slots = names.slice(1).map((name, i) => {
    const owner = trainable[i % trainable.length]!;
    if (!name.startsWith(`${owner.name}/`)) {
      throw new CheckpointError(`optimizer ${network}: slot ${i} is "${prefix}${name}", expected one for "${owner.name}"`);
    }
    return { entry: take(prefix + name, owner.variable.shape as number[]), name: owner.variable.name + name.slice(owner.name.length) };
  });
  return [{ entry: take(`${prefix}iter`, []), name: 'iter' }, ...slots];
}

/**
 * Continues a checkpointed run in `target`: a fresh trainer (never stepped) and fresh models
 * built from the checkpoint's settings (see resumeRun). Every name and shape is checked, and
 * the manager's state too, before anything is written; errors name the weight at fault.
 */
export async function restoreCheckpoint(target: CheckpointTarget, checkpoint: Checkpoint): Promise<void> {
  const { header, weightData } = checkpoint;
  const { trainer } = target;
  const progress = trainer.progress;
  if (progress.iteration !== 0 || progress.dataDraws !== 0) {
    throw new CheckpointError(`restore into a fresh trainer: this one is at iteration ${progress.iteration}`);
  }
  const todo = plan(target, header);
  // Checks all of the state before it changes any of it, so it goes before the weights.
  trainer.manager.importState(header.manager);
  const tensors = decodeTensors(header.weights, weightData);
  const get = (entry: WeightEntry) => tensors.get(entry.name)!;
  try {
    const emaUpdates = todo.emaUpdates ? (await get(todo.emaUpdates).data())[0]! : null;
    if (emaUpdates !== null && !(Number.isInteger(emaUpdates) && emaUpdates >= 0)) throw new CheckpointError(`"${EMA_UPDATES}" is ${emaUpdates}, not a count of updates`);
    for (const { entry, variable } of todo.models) variable.write(get(entry));
    for (const network of NETWORKS) {
      await trainer.optimizer(network).setWeights(todo.optimizers[network].map(({ entry, name }) => ({ name, tensor: get(entry) })));
      trainer.setLearningRate(network, header.optimizers[network].learningRate);
    }
    for (const { set, entries } of todo.modules) set(Object.fromEntries(entries.map(({ entry, key }) => [key, get(entry)])));
    for (const { entry, variable } of todo.ema) variable.write(get(entry));
    if (emaUpdates !== null) trainer.ema?.resumeAt(emaUpdates);
    trainer.resumeAt({ iteration: header.iteration, dataDraws: header.dataDraws });
    // resumeAt moves the manager's clock to the iteration; the saved clock (epoch too) wins.
    trainer.manager.setStep(header.manager.step, header.manager.epoch);
  } finally {
    tf.dispose([...tensors.values()]);
  }
}
