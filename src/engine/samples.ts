import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import type { SamplesMessage } from '../protocol/messages';
import { planeGrid } from './data';
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

/**
 * Pictures of how training goes, from fixed inputs so consecutive previews are comparable:
 * a grid of generated digits, pix2pix's input / output / target rows, or the toy GAN's real
 * and generated points over the critic's output (GAN Lab's view). Read back in one transfer.
 */
export class SamplePreview {
  private readonly noise: Tensor | null;
  private readonly real: RealBatch;
  private readonly grid: Tensor | null;
  private readonly family: 'toy' | 'dcgan' | 'pix2pix';
  private readonly networks: GanNetworks;

  constructor(family: 'toy' | 'dcgan' | 'pix2pix', networks: GanNetworks, data: RealDataSource) {
    this.family = family;
    this.networks = networks;
    const n = family === 'toy' ? PREVIEW.points : family === 'pix2pix' ? PREVIEW.pairs : PREVIEW.images;
    this.real = tf.tidy(() => data.next(n, PREVIEW_SEED));
    for (const t of this.real.kind === 'pairs' ? [this.real.a, this.real.b] : [this.real.real]) tf.keep(t);
    this.noise = networks.sampleNoise ? tf.keep(networks.sampleNoise(n, PREVIEW_SEED + 1)) : null;
    this.grid = family === 'toy' ? tf.keep(tf.tensor2d(planeGrid(PREVIEW.resolution, PREVIEW.extent), [PREVIEW.resolution ** 2, 2])) : null;
  }

  async read(step: number): Promise<SamplesMessage> {
    const { generator: G, discriminator: D } = this.networks;
    if (this.family === 'toy') {
      const [real, fake, critic] = tf.tidy(() => [
        (this.real as Extract<RealBatch, { kind: 'samples' }>).real.clone(),
        G.apply(this.noise as Tensor) as Tensor,
        tf.sigmoid(D.apply(this.grid as Tensor) as Tensor),
      ]);
      const [r, f, d] = await Promise.all([real!.data(), fake!.data(), critic!.data()]);
      tf.dispose([real!, fake!, critic!]);
      // Copies: the cpu backend's data() can hand out a tensor's own storage, and these
      // buffers are transferred (detached) when posted.
      return {
        step,
        kind: 'points',
        real: Float32Array.from(r),
        fake: Float32Array.from(f),
        discriminator: Float32Array.from(d),
        resolution: PREVIEW.resolution,
        extent: PREVIEW.extent,
      };
    }
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

  dispose(): void {
    tf.dispose([this.noise, this.grid, ...(this.real.kind === 'pairs' ? [this.real.a, this.real.b] : [this.real.real])].filter((t): t is Tensor => t !== null));
  }
}
