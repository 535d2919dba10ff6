import { isRecord } from '../losses/isRecord';
import type { RunSettings } from '../protocol/messages';
import {
  createImagePairSource,
  DEFAULT_HELD_OUT_SHARE,
  splitHeldOut,
  type ImagePair,
  createMnistSource,
  createPairTaskSource,
  splitPairImage,
  type PairSource,
  type RgbaImage,
  createToySource,
  sampleTensor,
  samplePairTensors,
  type MnistData,
} from './data';
import { buildModels, resolveModelConfig, type GanModels } from './models';
import type { GanNetworks, RealDataSource } from './trainer';

export class SetupError extends Error {
  override readonly name = 'SetupError';
}

/** What differs between hosts: how the MNIST bytes are found (a same-origin URL, or a file). */
export interface DataHost {
  loadMnist(): Promise<MnistData>;
  /** The digit classifier's weights (digitClassifierFile.ts), for DCGAN's KID and FID; without it, no DCGAN metrics. */
  loadDigitClassifier?(): Promise<readonly Float32Array[]>;
}

export interface RunSetup {
  readonly models: GanModels;
  readonly networks: GanNetworks;
  readonly data: RealDataSource;
}

/**
 * Builds a run's networks and real data from its JSON settings. The model config gets the
 * run's family and seed; the data config is the family's: a toy target, digits, or a
 * pix2pix task (whose size must match the model's).
 */
export async function buildRunSetup(settings: RunSettings, host: DataHost): Promise<RunSetup> {
  // Resolved here so a bad field is named as the settings have it: `model.width`, not `dcgan.width`.
  const modelConfig = resolveModelConfig({ ...settings.model, family: settings.family, seed: settings.model.seed ?? settings.seed }, 'model');
  const models = buildModels(modelConfig);
  try {
    const { data, mnist } = await buildData(settings, models, host);
    const networks: GanNetworks = {
      generator: models.generator,
      discriminator: models.discriminator,
      ...(models.sampleNoise ? { sampleNoise: (n: number, seed: number) => models.sampleNoise!(n, seed) } : {}),
      ...(mnist && host.loadDigitClassifier ? { digitMetrics: { mnist, classifierWeights: await host.loadDigitClassifier() } } : {}),
    };
    return { models, networks, data };
  } catch (error) {
    models.dispose();
    throw error;
  }
}

async function buildData(settings: RunSettings, models: GanModels, host: DataHost): Promise<{ data: RealDataSource; mnist?: MnistData }> {
  const data: Record<string, unknown> = isRecord(settings.data) ? { ...settings.data } : {};
  switch (settings.family) {
    case 'toy': {
      const source = createToySource(data, settings.seed);
      return { data: { next: (n) => ({ kind: 'samples', real: sampleTensor(source, n) }) } };
    }
    case 'dcgan': {
      const mnist = await host.loadMnist();
      const source = createMnistSource(mnist, settings.seed, data as { digits?: number[] });
      return { data: { next: (n) => ({ kind: 'samples', real: sampleTensor(source, n) }), size: source.size }, mnist };
    }
    case 'pix2pix': {
      const size = models.modelKeys.generatorInputShape[0];
      if (data.size !== undefined && data.size !== size) {
        throw new SetupError(`data.size: the task's size (${String(data.size)}) must match the model's (${size})`);
      }
      const source = data.images !== undefined ? userPairs(data, size as number, settings.seed) : createPairTaskSource({ ...data, size }, settings.seed);
      const [channelsA] = models.modelKeys.generatorInputShape.slice(-1);
      const what = data.images !== undefined ? 'your A|B images give' : `the task "${String(data.task)}" gives`;
      if (source.shapeA[2] !== channelsA) {
        throw new SetupError(`model.channelsA: ${what} A with ${source.shapeA[2]} channel(s), the model expects ${channelsA}`);
      }
      return { data: { next: (n) => ({ kind: 'pairs', ...samplePairTensors(source, n) }), ...(source.size !== undefined ? { size: source.size } : {}) } };
    }
  }
}

/**
 * The user's own pix2pix pairs: `data.images` holds decoded A|B images (RGBA, as from
 * ImageData) with their file names, posted by the page; each is split and resized here.
 * `data.heldOutShare` of them (default 10%) is kept out of training for the quality measure.
 */
export function userImagePairs(data: Readonly<Record<string, unknown>>, size: number): { train: ImagePair[]; heldOut: ImagePair[] } {
  const { images } = data;
  if (!Array.isArray(images) || images.length === 0) throw new SetupError('data.images: load at least one A|B image');
  const pairs = images.map((image, i) => {
    const { name, ...rgba } = (isRecord(image) ? image : {}) as { name?: unknown } & Partial<RgbaImage>;
    if (!(rgba.data instanceof Uint8Array || rgba.data instanceof Uint8ClampedArray)) {
      throw new SetupError(`data.images[${i}]: expected {name, width, height, data: RGBA bytes}`);
    }
    return splitPairImage(rgba as RgbaImage, size, typeof name === 'string' ? name : `image ${i + 1}`);
  });
  const share = typeof data.heldOutShare === 'number' ? data.heldOutShare : DEFAULT_HELD_OUT_SHARE;
  return splitHeldOut(pairs, share);
}

function userPairs(data: Readonly<Record<string, unknown>>, size: number, seed: number): PairSource {
  return createImagePairSource(userImagePairs(data, size).train, size, seed);
}
