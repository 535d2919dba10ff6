import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import type { LossManager } from '../manager';
import type { SamplePoints, SamplesMessage } from '../protocol/messages';
import { planeGrid } from './data';
import type { NoiseKind } from './models';
import { criticKind, noiseGrid, pointPulls, pullSources, symmetricHalfRange } from './toyPlane';
import type { GanNetworks, RealBatch, RealDataSource } from './trainer';

/** Tiles per preview, and the toy picture's resolution. */
export const PREVIEW = { images: 16, pairs: 4, points: 512, resolution: 48, extent: 1.2 } as const;
const PREVIEW_SEED = 424_242;

/** Lays out [n, h, w, c] images in [-1, 1] as one RGBA grid of `cols` tiles per row. */
function tileRgba(images: Tensor, cols: number): Tensor {
  return tf.tidy(() => {
    const [n, h, w, c] = images.shape as [number, number, number, number];
    const rows = Math.ceil(n / cols);
    const padded = rows * cols > n ? tf.concat([images, tf.fill([rows * cols - n, h, w, c], -1)]) : images;
    const grid = tf.reshape(tf.transpose(tf.reshape(padded, [rows, cols, h, w, c]), [0, 2, 1, 3, 4]), [rows * h, cols * w, c]);
    const rgb = c === 1 ? tf.tile(grid, [1, 1, 3]) : grid;
    const bytes = tf.clipByValue(tf.round(tf.mul(tf.add(rgb, 1), 127.5)), 0, 255);
    return tf.concat([bytes, tf.fill([rows * h, cols * w, 1], 255)], -1);
  });
}

/** What the toy picture adds to the points (toyPlane.ts); without it the plane has points and the critic only. */
export interface ToyPlaneOptions {
  /** The trainer's manager: the generator's losses for the arrows, the critic's GAN type for its scale. */
  readonly manager: LossManager;
  /** The generator's noise distribution, for the manifold's grid. @default 'uniform' */
  readonly noise?: NoiseKind;
}

/**
 * Pictures of how training goes, from fixed inputs so consecutive previews are comparable:
 * a grid of generated digits, pix2pix's input / output / target rows, or the toy GAN's real
 * and generated points over the critic's output (GAN Lab's view), with the generator's
 * manifold and each generator loss's pull on the points. Read back in one transfer.
 */
export class SamplePreview {
  private readonly noise: Tensor | null;
  private readonly real: RealBatch;
  private readonly grid: Tensor | null;
  private readonly family: 'toy' | 'dcgan' | 'pix2pix';
  private readonly networks: GanNetworks;
  /** The generator drawn: the networks' own, or another of its architecture (the EMA generator). */
  private generator: tf.LayersModel;
  private readonly plane: ToyPlaneOptions | null;
  private readonly noiseGrid: (ReturnType<typeof noiseGrid> & { readonly tensor: Tensor }) | null;

  constructor(family: 'toy' | 'dcgan' | 'pix2pix', networks: GanNetworks, data: RealDataSource, plane?: ToyPlaneOptions) {
    this.family = family;
    this.networks = networks;
    this.generator = networks.generator;
    this.plane = family === 'toy' ? (plane ?? null) : null;
    const n = family === 'toy' ? PREVIEW.points : family === 'pix2pix' ? PREVIEW.pairs : PREVIEW.images;
    this.real = tf.tidy(() => data.next(n, PREVIEW_SEED));
    for (const t of this.real.kind === 'pairs' ? [this.real.a, this.real.b] : [this.real.real]) tf.keep(t);
    this.noise = networks.sampleNoise ? tf.keep(networks.sampleNoise(n, PREVIEW_SEED + 1)) : null;
    this.grid = family === 'toy' ? tf.keep(tf.tensor2d(planeGrid(PREVIEW.resolution, PREVIEW.extent), [PREVIEW.resolution ** 2, 2])) : null;
    const noiseDim = this.noise?.shape[1];
    if (family === 'toy' && noiseDim !== undefined) {
      const grid = noiseGrid(noiseDim, plane?.noise ?? 'uniform');
      this.noiseGrid = { ...grid, tensor: tf.keep(tf.tensor2d(grid.z, [grid.rows * grid.cols, noiseDim])) };
    } else this.noiseGrid = null;
  }

  /** Draws `generator` from the next read on (the EMA generator's model), or with null the networks' own again. */
  useGenerator(generator: tf.LayersModel | null): void {
    this.generator = generator ?? this.networks.generator;
  }

  async read(step: number, epoch = 0): Promise<SamplesMessage> {
    if (this.family === 'toy') return this.readPlane(step, epoch);
    const G = this.generator;
    const { image, rows } = tf.tidy(() => {
      if (this.real.kind === 'pairs') {
        const { a, b } = this.real;
        const fakeB = G.apply(a) as Tensor;
        const aRgb = a.shape[3] === 1 && b.shape[3] === 3 ? tf.tile(a, [1, 1, 1, 3]) : a;
        return { image: tileRgba(tf.concat([aRgb, fakeB, b]), PREVIEW.pairs), rows: ['input A', 'generated B', 'real B'] };
      }
      return { image: tileRgba(G.apply(this.noise as Tensor) as Tensor, 4), rows: ['generated'] };
    });
    const [height, width] = image.shape as [number, number, number];
    const data = await image.data();
    image.dispose();
    return { step, kind: 'images', width, height, rgba: Uint8ClampedArray.from(data), rows };
  }

  /**
   * The toy plane: the points, the critic on the grid, G on the noise grid and each
   * generator loss's arrows, packed into one tensor so one read brings them all back.
   */
  private async readPlane(step: number, epoch: number): Promise<{ readonly step: number } & SamplePoints> {
    const { discriminator: D } = this.networks;
    const G = this.generator;
    const critic = (x: Tensor) => D.apply(x) as Tensor;
    const scale = this.plane ? criticKind(this.plane.manager) : ({ kind: 'probability' } as const);
    const sources = this.plane ? pullSources(this.plane.manager, step, epoch) : [];
    let failed = new Map<string, string>();
    let withArrows: string[] = [];
    let hasTotal = false;
    const packed = tf.tidy(() => {
      const real = (this.real as Extract<RealBatch, { kind: 'samples' }>).real;
      const fake = G.apply(this.noise as Tensor) as Tensor;
      const grid = critic(this.grid as Tensor);
      const parts = [real, fake, scale.kind === 'raw' ? grid : tf.sigmoid(grid)];
      if (this.noiseGrid) parts.push(G.apply(this.noiseGrid.tensor) as Tensor);
      if (this.plane) {
        const pulls = pointPulls(this.plane.manager, critic, sources, { fake, real }, { step, epoch });
        failed = pulls.failed;
        withArrows = [...pulls.perLoss.keys()];
        parts.push(...pulls.perLoss.values());
        if (pulls.total) parts.push(pulls.total);
        hasTotal = pulls.total !== null;
      }
      return tf.concat(parts.map((t) => tf.reshape(t, [-1])));
    });
    const values = await packed.data();
    packed.dispose();
    // Copies: the cpu backend's data() can hand out a tensor's own storage, and these
    // buffers are transferred (detached) when posted.
    let at = 0;
    const take = (count: number) => Float32Array.from(values.subarray(at, (at += count)));
    const n = 2 * PREVIEW.points;
    const realPoints = take(n);
    const fakePoints = take(n);
    const discriminator = take(PREVIEW.resolution ** 2);
    const g = this.noiseGrid;
    const manifold = g ? { noiseDim: g.noiseDim, rows: g.rows, cols: g.cols, covers: g.covers, points: take(2 * g.rows * g.cols) } : null;
    const arrows = new Map(withArrows.map((name) => [name, take(n)]));
    const totalPull = hasTotal ? take(n) : null;
    return {
      step,
      kind: 'points',
      real: realPoints,
      fake: fakePoints,
      discriminator,
      resolution: PREVIEW.resolution,
      extent: PREVIEW.extent,
      critic: scale.kind === 'raw' ? { ...scale, halfRange: symmetricHalfRange(discriminator, scale.centre) } : scale,
      totalPull,
      pulls: sources.map(({ name, weight, schedule, interval, reason }) => ({
        name,
        weight,
        schedule,
        interval,
        arrows: arrows.get(name) ?? null,
        reason: reason ?? (failed.has(name) ? `no arrows: ${failed.get(name)}` : null),
      })),
      manifold,
    };
  }

  dispose(): void {
    tf.dispose([this.noise, this.grid, this.noiseGrid?.tensor ?? null, ...(this.real.kind === 'pairs' ? [this.real.a, this.real.b] : [this.real.real])].filter((t): t is Tensor => t !== null));
  }
}
