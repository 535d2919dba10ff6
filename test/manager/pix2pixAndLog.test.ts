import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LossManager, parseLossLogText, pix2pixObjective } from '../../src/manager';
import { FileLossLogSink } from '../../src/manager/node';

describe("NectarGAN's pix2pix objective as a spec function", () => {
  it('registers basic and extended with their lambdas and tags', () => {
    const lm = new LossManager();
    lm.initFromSpec(pix2pixObjective, 'basic');
    expect(lm.printWeights({ capture: true })).toBe('Loss weights: G_GAN: 1.0 G_L1: 100.0 D_real: 1.0 D_fake: 1.0');
    lm.initFromSpec(pix2pixObjective, 'extended', { lambdaSobel: 10 });
    expect(lm.getLossWeights(['G'])).toEqual({ G_GAN: 1, G_L1: 100, G_L2: 0, G_SOBEL: 10, G_LAP: 0 });
    expect(() => lm.initFromSpec(pix2pixObjective, 'extended+vgg')).toThrow(/'\+vgg' needs a feature network we cannot ship/);
    expect(() => lm.initFromSpec(pix2pixObjective, 'huge' as never)).toThrow(/unknown subspec "huge"/);
  });

  it("'+vgg' adds G_VGG, a PerceptualLoss on the user's feature network", async () => {
    // A stand-in "VGG": one 1x1 conv that copies its input, so its features are the image.
    const input = tf.input({ shape: [2, 2, 3] });
    const copy = tf.layers.conv2d({ name: 'block1', filters: 3, kernelSize: 1, useBias: false, weights: [tf.eye(3).reshape([1, 1, 3, 3])] });
    const model = tf.model({ inputs: input, outputs: copy.apply(input) as tf.SymbolicTensor });
    const lm = new LossManager();
    lm.initFromSpec(pix2pixObjective, 'basic+vgg', { vgg: { model, layerWeights: { block1: 1 } } });
    expect(lm.getLossWeights(['G'])).toEqual({ G_GAN: 1, G_L1: 100, G_VGG: 10 });
    tf.dispose(lm.computeLossXY('G_VGG', tf.fill([1, 2, 2, 3], 0.5), tf.zeros([1, 2, 2, 3])));
    await lm.flush();
    // Features equal the images, so the perceptual L1 is the pixel L1, 0.5, times lambda 10.
    expect(lm.getLossValues(['G'])).toEqual({ G_VGG: 5 });
    lm.dispose();
    model.dispose();
  });

  it("computes NectarGAN's terms through computeLossXY", async () => {
    const lm = new LossManager();
    lm.initFromSpec(pix2pixObjective, 'basic');
    const logits = tf.zeros([1, 2, 2, 1]);
    const fake = tf.fill([1, 2, 2, 3], 0.5);
    const real = tf.zeros([1, 2, 2, 3]);
    tf.dispose([
      lm.computeLossXY('G_GAN', logits, true),
      lm.computeLossXY('G_L1', fake, real),
      lm.computeLossXY('D_real', logits, true),
      lm.computeLossXY('D_fake', logits, false),
    ]);
    await lm.flush();
    // BCE(0, y) = ln 2 for either label; L1 of 0.5 everywhere, times 100.
    expect(lm.getLossValues(null, 4)).toEqual({ G_GAN: 0.6931, G_L1: 50, D_real: 0.6931, D_fake: 0.6931 });
    expect(lm.getLossTensors().G_L1!.shape).toEqual([2, 2, 3]);
  });
});

describe('loss log round trip through a file', () => {
  it('writes loss_log.json that reads back equal to the histories, with our header', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lm-log-'));
    try {
      const path = join(dir, 'loss_log.json');
      const lm = new LossManager({ logSink: new FileLossLogSink(path), logMeta: { experiment: 'roundtrip', backend: 'cpu' } });
      lm.registerLossFn('G_L1', (x, y) => tf.abs(tf.sub(x, y)), { lossWeight: 2 });
      const recorded: number[] = [];
      for (let step = 0; step < 5; step++) {
        lm.setStep(step);
        const x = tf.scalar(step * 0.25);
        tf.dispose(lm.computeLossXY('G_L1', x, tf.scalar(0)));
        x.dispose();
        recorded.push(step * 0.25);
      }
      await lm.updateLossLog();
      const log = parseLossLogText(await readFile(path, 'utf8'), path);
      const entry = log.LOSSMANAGER_LOG.loss_functions.G_L1!;
      expect(entry.raw).toEqual(recorded);
      expect(entry.loss).toEqual(recorded.map((v) => 2 * v));
      expect(entry.weights).toEqual([2, 2, 2, 2, 2]);
      expect(entry.steps).toEqual([0, 1, 2, 3, 4]);
      expect(log.LOSSMANAGER_LOG.experiment).toBe('roundtrip');
      expect(log.LOSSMANAGER_LOG.format).toBe('gan-loss-playground/1');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
