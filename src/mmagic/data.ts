// The data side of an exported config: MMagic 1.x reads image files (BasicImageDataset for
// unconditional GANs, PairedImageDataset for A|B pairs), so each family gets the pipeline of
// MMagic's own configs (configs/dcgan/*mnist*.py, configs/pix2pix/*edges2shoes*.py) over a
// folder the README says how to fill. Pure: no tfjs.
import type { ResolvedPix2pixConfig } from '../engine/models/pix2pixConfig';
import { PyCode, pyTuple } from '../manager/pyWriter';
import { DCGAN_MMAGIC_SIZE, pairChannels } from './networks';

export interface MMagicData {
  /** The dataset's folder, relative to where training runs. */
  readonly dataRoot: string;
  readonly pipeline: readonly Record<string, unknown>[];
  readonly dataloader: Record<string, unknown>;
  /** The model's data_preprocessor: [0, 255] to [-1, 1], as the playground's tanh outputs. */
  readonly preprocessor: Record<string, unknown>;
  readonly notes: readonly string[];
}

/** The dataset's pipeline by the name the config assigns it first, as MMagic's configs do. */
const PIPELINE = new PyCode('train_pipeline');

function dataloader(batchSize: number, dataset: Record<string, unknown>): Record<string, unknown> {
  return {
    batch_size: batchSize,
    num_workers: 4,
    persistent_workers: true,
    sampler: { type: 'InfiniteSampler', shuffle: true },
    dataset,
  };
}

/** MNIST digits as grayscale image files, resized to the DCGAN nets' 32 x 32. */
export function digitsData(data: Readonly<Record<string, unknown>>, batchSize: number): MMagicData {
  const dataRoot = 'data/mnist/train';
  const pipeline = [
    { type: 'LoadImageFromFile', key: 'gt', color_type: 'grayscale', channel_order: 'rgb' },
    { type: 'Resize', keys: 'gt', scale: pyTuple([DCGAN_MMAGIC_SIZE, DCGAN_MMAGIC_SIZE]) },
    { type: 'PackInputs' },
  ];
  const notes = [
    `The playground trains on 10,000 MNIST digits (28 x 28); MMagic reads image files: put the digits as PNGs in ${dataRoot}/ (any names; MMagic's own MNIST config reads data/mnist_64/train).`,
  ];
  const digits = data.digits;
  if (Array.isArray(digits)) notes.push(`The run trains on the digits ${digits.join(', ')} only: put only those in ${dataRoot}/.`);
  return {
    dataRoot,
    pipeline,
    dataloader: dataloader(batchSize, { type: 'BasicImageDataset', data_root: dataRoot, data_prefix: { gt: '' }, pipeline: PIPELINE }),
    preprocessor: { type: 'DataPreprocessor', mean: [127.5], std: [127.5] },
    notes,
  };
}

/** A|B pairs side by side in one file each (pix2pix's layout), A the input and B the target. */
export function pairData(data: Readonly<Record<string, unknown>>, model: ResolvedPix2pixConfig, batchSize: number): MMagicData {
  const own = Object.hasOwn(data, 'images');
  const task = typeof data.task === 'string' ? data.task.replace(/[^\w.-]+/g, '-') : 'pairs';
  const dataRoot = own ? 'data/pix2pix/my-pairs' : `data/pix2pix/${task}`;
  const channels = pairChannels(model);
  const keys = ['img_A', 'img_B'];
  const pipeline = [
    { type: 'LoadPairedImageFromFile', key: 'pair', domain_a: 'A', domain_b: 'B', color_type: channels.colorType, channel_order: 'rgb' },
    { type: 'Resize', keys, scale: pyTuple([model.size, model.size]), interpolation: 'bicubic' },
    { type: 'PackInputs', keys, data_keys: keys },
  ];
  const notes = [
    own
      ? `The run trained on your own A|B images; MMagic reads them from ${dataRoot}/train/ (each file A and B side by side, as the page loads them).`
      : `The playground draws its ${String(data.task)} pairs procedurally (src/engine/data/pairs.ts); MMagic reads A|B files (A left, B right) from ${dataRoot}/train/: save pairs there, e.g. pix2pix's own datasets.`,
    "No random crop or flip (the playground's pairs have none); MMagic's facades config resizes to 286 and crops 256.",
  ];
  return {
    dataRoot,
    pipeline,
    dataloader: dataloader(batchSize, { type: 'PairedImageDataset', data_root: dataRoot, pipeline: PIPELINE }),
    preprocessor: { type: 'DataPreprocessor', data_keys: keys },
    notes,
  };
}
