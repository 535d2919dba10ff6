import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DiscShiftLoss, GANLoss, L1Loss, MSELoss, R1GradientPenalty } from '../../src/losses';
import { describeNonFinite, LMLoss, LossManager, MemoryLossLogSink } from '../../src/manager';
import { MAX_LOSS_WEIGHT } from '../../src/manager/specValidation';
import { tinyConvDiscriminator } from '../helpers/nets';
import { HOSTILE_NAMES } from '../helpers/hostileNames';
import { expectPrototypesUntouched } from '../helpers/prototypes';

afterEach(() => vi.restoreAllMocks());

const x = () => tf.tensor4d([1, 3, 3, 5], [2, 1, 2, 1]);
const zeros = () => tf.zeros([2, 1, 2, 1]);

function manager(options: ConstructorParameters<typeof LossManager>[0] = {}) {
  let clock = 0;
  return new LossManager({ now: () => (clock += 10), ...options });
}

describe('registration', () => {
  it('refuses a duplicate name, and names the registered losses on a lookup miss', () => {
    const lm = manager();
    lm.registerLossFn('G_L1', new L1Loss(), { lossWeight: 100, tags: ['G'] });
    expect(() => lm.registerLossFn('G_L1', new L1Loss())).toThrow(/loss function name already in use: G_L1/);
    expect(() => lm.computeLossXY('G_L2', x(), zeros())).toThrow(/unknown loss "G_L2"; registered losses: G_L1/);
    expect(() => lm.registerLossFn('bad', new L1Loss(), { lossWeight: -1 })).toThrow(/bad: lossWeight must be a finite number >= 0, got -1/);
    expect(() => lm.registerLossFn('sched', new L1Loss(), { schedule: { schedule: 'linear' } as never })).toThrow(/sched\.schedule/);
  });

  it('gives every loss its own schedule and tag list', () => {
    const lm = manager();
    const tags = ['G'];
    const schedule = { schedule: 'constant', unit: 'step', value: 2 } as const;
    const a = lm.registerLossFn('a', new L1Loss(), { tags, schedule });
    const b = lm.registerLossFn('b', new L1Loss(), { tags, schedule });
    a.tags.push('extra');
    expect(b.tags).toEqual(['G']);
    expect(a.schedule).not.toBe(b.schedule);
  });
});

describe('computeLossXY and flush', () => {
  it('returns the weighted loss and records mean, weight, raw value and step after one flush', async () => {
    const lm = manager();
    lm.registerLossFn('G_L1', new L1Loss(), { lossWeight: 100 });
    lm.setStep(7);
    const weighted = lm.computeLossXY('G_L1', x(), zeros());
    expect((await weighted.data())[0]).toBeCloseTo(100 * ((1 + 3 + 3 + 5) / 4), 4);
    expect(lm.getRegisteredLosses(null, false).G_L1!.history.length).toBe(0); // nothing read back yet
    const result = await lm.flush();
    expect(result.recorded).toBe(1);
    expect(result.nonFinite).toEqual([]);
    // The same values as columns, for posting to the page.
    expect(result.columns.names).toEqual(['G_L1']);
    expect(Array.from(result.columns.step)).toEqual([7]);
    expect(Array.from(result.columns.value)).toEqual([100 * 3]);
    const h = lm.getRegisteredLosses(null, false).G_L1!.history;
    expect(Array.from(h.steps)).toEqual([7]);
    expect(Array.from(h.raw)).toEqual([(1 + 3 + 3 + 5) / 4]);
    expect(Array.from(h.weights)).toEqual([100]);
    expect(Array.from(h.losses)).toEqual([100 * 3]);
  });

  it('reads nothing back per call, and everything in one read per flush', async () => {
    const lm = manager();
    lm.registerLossFn('a', new L1Loss());
    lm.registerLossFn('b', new MSELoss());
    const sync = vi.spyOn(tf.Tensor.prototype, 'dataSync');
    const arraySync = vi.spyOn(tf.Tensor.prototype, 'arraySync');
    const read = vi.spyOn(tf.Tensor.prototype, 'data');
    const [p, t] = [x(), zeros()];
    for (let i = 0; i < 5; i++) tf.dispose([lm.computeLossXY('a', p, t), lm.computeLossXY('b', p, t)]);
    expect(read).not.toHaveBeenCalled();
    await lm.flush();
    expect(read).toHaveBeenCalledTimes(1);
    expect(sync).not.toHaveBeenCalled();
    expect(arraySync).not.toHaveBeenCalled();
  });

  it('keeps the per-element loss map, batch-averaged', async () => {
    const lm = manager();
    lm.registerLossFn('G_L1', new L1Loss(), { lossWeight: 100 });
    tf.dispose(lm.computeLossXY('G_L1', x(), zeros()));
    const map = lm.getLossTensors().G_L1!;
    expect(map.shape).toEqual([1, 2, 1]);
    // |x| averaged over the two samples: [(1 + 3) / 2, (3 + 5) / 2]; the map is before the manager's weight.
    expect(Array.from(await map.data())).toEqual([2, 4]);
  });

  it('takes a plain (x, y) function too, mapping an unreduced result', async () => {
    const lm = manager();
    lm.registerLossFn('abs', (a, b) => tf.abs(tf.sub(a, b)), { lossWeight: 2 });
    const weighted = lm.computeLossXY('abs', x(), zeros());
    expect(weighted.shape).toEqual([2, 1, 2, 1]);
    await lm.flush();
    expect(lm.getLossValues()).toEqual({ abs: 2 * 3 });
    expect(Array.from(await lm.getLossTensors().abs!.data())).toEqual([2, 4]);
  });

  it('reports NaN and infinite values with the loss and step', async () => {
    const lm = manager();
    lm.registerLossFn('G_log', (a) => tf.log(a));
    lm.setStep(3);
    tf.dispose(lm.computeLossXY('G_log', tf.tensor1d([-1]), tf.zeros([1])));
    const { nonFinite } = await lm.flush();
    expect(nonFinite).toEqual([{ name: 'G_log', step: 3, value: NaN }]);
  });

  it('reports a finite loss whose weight makes it overflow float32, and refuses weights past float32', async () => {
    // Bug: weight 1e38 times a loss of 10 is Infinity on the device (float32 tops out at
    // 3.4e38); the raw value was finite, so nothing was reported until NaN reached another loss.
    const lm = manager();
    lm.registerLossFn('D_real', (a) => tf.mean(a), { lossWeight: 1e38 });
    lm.setStep(7);
    const weighted = lm.computeLossXY('D_real', tf.tensor1d([10]), tf.zeros([1]));
    expect(Array.from(await weighted.data())).toEqual([Infinity]);
    weighted.dispose();
    const { nonFinite } = await lm.flush();
    expect(nonFinite).toEqual([{ name: 'D_real', step: 7, value: Infinity, weighted: true }]);
    expect(describeNonFinite(nonFinite[0]!)).toBe('loss "D_real" times its weight became Infinity (float32 overflows past 3.40e+38)');
    expect(describeNonFinite({ name: 'G_log', step: 3, value: NaN })).toBe('loss "G_log" became NaN');
    expect(() => lm.setWeight('D_real', 1e39)).toThrow('D_real: lossWeight 1e+39 is more than float32 can hold (3.40e+38): it would be Infinity on the device');
    expect(() => lm.setWeight('D_real', MAX_LOSS_WEIGHT)).not.toThrow();
  });
});

describe('weights and schedules', () => {
  it('a weight set between steps applies from the next call, and the history shows where', async () => {
    const lm = manager();
    lm.registerLossFn('G_L1', new L1Loss(), { lossWeight: 100 });
    const [p, t] = [x(), zeros()];
    for (let step = 0; step < 6; step++) {
      lm.setStep(step);
      if (step === 3) lm.setWeight('G_L1', 10);
      tf.dispose(lm.computeLossXY('G_L1', p, t));
    }
    await lm.flush();
    const h = lm.getRegisteredLosses(null, false).G_L1!.history;
    expect(Array.from(h.weights)).toEqual([100, 100, 100, 10, 10, 10]);
    expect(lm.weightChanges).toEqual([{ name: 'G_L1', step: 3, weight: 10, schedule: null }]);
    expect(() => lm.setWeight('G_L1', Number.NaN)).toThrow(/G_L1: lossWeight must be a finite number/);
  });

  it('a schedule sets the weight by step or by epoch', async () => {
    const lm = manager();
    lm.registerLossFn('a', new L1Loss(), {
      schedule: { schedule: 'linear', unit: 'step', startEpoch: 0, endEpoch: 4, initialValue: 0, targetValue: 8 },
    });
    lm.registerLossFn('b', new L1Loss(), {
      schedule: { schedule: 'linear', unit: 'epoch', startEpoch: 0, endEpoch: 2, initialValue: 1, targetValue: 3 },
    });
    const [p, t] = [x(), zeros()];
    for (let step = 0; step < 6; step++) {
      lm.setStep(step, Math.floor(step / 2));
      tf.dispose([lm.computeLossXY('a', p, t), lm.computeLossXY('b', p, t)]);
    }
    await lm.flush();
    const losses = lm.getRegisteredLosses(null, false);
    // a: 0 + (step / 4) * 8, held at 8; b: 1 + (epoch / 2) * 2 for epochs 0, 0, 1, 1, 2, 2.
    expect(Array.from(losses.a!.history.weights)).toEqual([0, 2, 4, 6, 8, 8]);
    expect(Array.from(losses.b!.history.weights)).toEqual([1, 1, 2, 2, 3, 3]);
    lm.setSchedule('a', { schedule: 'constant', unit: 'step', value: 0.5 });
    expect(lm.getLossWeights()).toEqual({ a: 0.5, b: 3 });
  });
});

describe('queries and printing', () => {
  async function pix2pixLike() {
    const lm = manager();
    lm.registerLossFn('G_GAN', new GANLoss({ gan_type: 'vanilla' }), { tags: ['G'] });
    lm.registerLossFn('G_L1', new L1Loss(), { lossWeight: 100, tags: ['G'] });
    lm.registerLossFn('D_real', new GANLoss({ gan_type: 'vanilla' }), { tags: ['D'] });
    const logits = tf.zeros([1, 2, 2, 1]);
    tf.dispose([
      lm.computeLossXY('G_GAN', logits, true),
      lm.computeLossXY('G_L1', tf.fill([1, 2, 2, 1], 0.125), tf.zeros([1, 2, 2, 1])),
      lm.computeLossXY('D_real', logits, true),
    ]);
    await lm.flush();
    return lm;
  }

  it('filters by tag, any tag matching', async () => {
    const lm = await pix2pixLike();
    expect(Object.keys(lm.getRegisteredLosses(['G']))).toEqual(['G_GAN', 'G_L1']);
    expect(Object.keys(lm.getRegisteredLosses(['D', 'G']))).toEqual(['G_GAN', 'G_L1', 'D_real']);
    expect(lm.getRegisteredLosses(['G']).G_L1!.history.length).toBe(0); // stripped by default
    expect(lm.getRegisteredLosses(['G'], false).G_L1!.history.length).toBe(1);
    // BCE(0, 1) = ln 2 = 0.693...; L1 of 0.125 times 100 = 12.5.
    expect(lm.getLossValues(['G'])).toEqual({ G_GAN: 0.69, G_L1: 12.5 });
    expect(lm.getLossValues(['G'], 4)).toEqual({ G_GAN: 0.6931, G_L1: 12.5 });
    expect(lm.getLossWeights(['D'])).toEqual({ D_real: 1 });
    expect(Object.keys(lm.getLossTensors(['D']))).toEqual(['D_real']);
  });

  it("prints weights and losses in NectarGAN's format", async () => {
    const lm = await pix2pixLike();
    expect(lm.printWeights({ capture: true })).toBe('Loss weights: G_GAN: 1.0 G_L1: 100.0 D_real: 1.0');
    expect(lm.printLosses(1, 20, { capture: true })).toBe('(epoch: 1, iters: 20) Loss: G_GAN: 0.69 G_L1: 12.5 D_real: 0.69');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(lm.printWeights()).toBeUndefined();
    expect(log).toHaveBeenCalledWith('Loss weights: G_GAN: 1.0 G_L1: 100.0 D_real: 1.0');
  });
});

describe('loss log', () => {
  it("updateLossLog appends every history in NectarGAN's format and clears the buffers", async () => {
    const sink = new MemoryLossLogSink();
    const lm = manager({ logSink: sink });
    lm.registerLossFn('G_L1', new L1Loss(), { lossWeight: 2 });
    const [p, t] = [x(), zeros()];
    for (let step = 0; step < 3; step++) {
      lm.setStep(step);
      tf.dispose(lm.computeLossXY('G_L1', p, t));
    }
    expect(await lm.updateLossLog()).toBeUndefined();
    const log = await sink.read();
    const entry = log.LOSSMANAGER_LOG.loss_functions.G_L1!;
    expect(entry.loss).toEqual([6, 6, 6]);
    expect(entry.weights).toEqual([2, 2, 2]);
    expect(entry.steps).toEqual([0, 1, 2]);
    expect(lm.getRegisteredLosses(null, false).G_L1!.history.length).toBe(0);
    expect(await lm.updateLossLog({ silent: false, capture: true })).toMatch(/^LossManager: Logs updated\. Time taken: \d+\.\d{3} seconds$/);
  });

  it('dumps a full history automatically before recording more', async () => {
    const sink = new MemoryLossLogSink();
    const lm = manager({ logSink: sink, historyBufferSize: 3 });
    lm.registerLossFn('a', new L1Loss());
    const [p, t] = [x(), zeros()];
    for (let step = 0; step < 7; step++) {
      lm.setStep(step);
      tf.dispose(lm.computeLossXY('a', p, t));
    }
    await lm.flush();
    // 7 values with room for 3: two dumps of 3, one value left in the buffer.
    expect((await sink.read()).LOSSMANAGER_LOG.loss_functions.a!.steps).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(lm.getRegisteredLosses(null, false).a!.history.steps)).toEqual([6]);
  });

  it('without logging keeps only the last value, as NectarGAN does', async () => {
    const lm = manager({ enableLogging: false });
    lm.registerLossFn('a', new L1Loss());
    const [p, t] = [x(), zeros()];
    for (let step = 0; step < 4; step++) {
      lm.setStep(step);
      tf.dispose(lm.computeLossXY('a', p, t));
    }
    await lm.flush();
    expect(Array.from(lm.getRegisteredLosses(null, false).a!.history.steps)).toEqual([3]);
    expect(await lm.updateLossLog()).toBeUndefined();
  });
});

describe('initFromSpec', () => {
  it('registers what the spec function returns', () => {
    const lm = manager();
    const spec = (lambda: number) => ({
      G_L1: new LMLoss({ name: 'G_L1', fn: new L1Loss(), lossWeight: lambda, tags: ['G'] }),
      D_fake: new LMLoss({ name: 'D_fake', fn: new GANLoss({ gan_type: 'lsgan' }), tags: ['D'] }),
    });
    lm.initFromSpec(spec, 100);
    expect(lm.getLossWeights()).toEqual({ G_L1: 100, D_fake: 1 });
  });

  it('names a bad entry', () => {
    const lm = manager();
    expect(() => lm.initFromSpec(() => ({ G_L1: new L1Loss() as never }))).toThrow(/spec entry "G_L1" is not an LMLoss/);
    expect(() => lm.initFromSpec(() => ({ G_L1: new LMLoss({ name: 'L1', fn: new L1Loss() }) }))).toThrow(
      /spec entry "G_L1" holds an LMLoss named "L1"/,
    );
    expect(() => lm.initFromSpec(() => ({ w: new LMLoss({ name: 'w', fn: new L1Loss(), lossWeight: -2 }) }))).toThrow(/w: lossWeight must be/);
    expect(() => lm.initFromSpec(() => { throw new Error('no config'); })).toThrow(/the spec function failed: no config/);
  });
});

describe('data_info losses and a training loop', () => {
  it('computeLoss binds from the outputs object and records nothing on skipped iterations', async () => {
    const lm = manager();
    lm.registerLossFn('D_shift', new DiscShiftLoss({ data_info: { pred: 'disc_pred_real' } }), { lossWeight: 0.5 });
    lm.registerLossFn('D_r1', new R1GradientPenalty({ interval: 2, data_info: { discriminator: 'disc', real_data: 'real' } }));
    const outputs = { iteration: 1, disc_pred_real: tf.tensor1d([1, 3]), disc: (v: tf.Tensor) => tf.sum(v, 1), real: tf.ones([1, 2]) };
    const shift = lm.computeLoss('D_shift', outputs)!;
    expect((await shift.data())[0]).toBeCloseTo(0.5 * ((1 + 9) / 2));
    expect(lm.computeLoss('D_r1', outputs)).toBeNull();
    await lm.flush();
    expect(lm.getLossValues()).toEqual({ D_shift: 2.5 });
    expect(() => lm.computeLoss('missing', outputs)).toThrow(/unknown loss "missing"/);
  });

  it('trains a discriminator with flat tensor counts', async () => {
    const d = tinyConvDiscriminator(6);
    const lm = manager();
    lm.registerLossFn('D_real', new GANLoss({ gan_type: 'hinge' }), { tags: ['D'] });
    lm.registerLossFn('D_fake', new GANLoss({ gan_type: 'hinge' }), { tags: ['D'] });
    lm.registerLossFn('D_r1', new R1GradientPenalty({ data_info: { discriminator: 'disc', real_data: 'real' } }), { lossWeight: 5, tags: ['D'] });
    const real = tf.randomNormal([4, 4, 4, 1], 0, 1, 'float32', 1);
    const fake = tf.randomNormal([4, 4, 4, 1], 2, 1, 'float32', 2);
    const opt = tf.train.adam(0.01);
    const step = (i: number) => {
      lm.setStep(i);
      opt.minimize(() => {
        const outputs = { iteration: i, disc: d, real };
        const dReal = lm.computeLossXY('D_real', d.apply(real) as tf.Tensor, true);
        const dFake = lm.computeLossXY('D_fake', d.apply(fake) as tf.Tensor, false);
        return tf.addN([dReal, dFake, lm.computeLoss('D_r1', outputs)!]) as tf.Scalar;
      });
    };
    step(0);
    await lm.flush();
    const before = tf.memory().numTensors;
    for (let i = 1; i <= 20; i++) {
      step(i);
      if (i % 5 === 0) await lm.flush();
    }
    expect(tf.memory().numTensors).toBe(before);
    const h = lm.getRegisteredLosses(null, false);
    expect(h.D_real!.history.length).toBe(21);
    // The critic learns to tell them apart: its hinge loss falls.
    expect(h.D_fake!.history.losses[20]!).toBeLessThan(h.D_fake!.history.losses[0]!);
    lm.dispose();
    expect(tf.memory().numTensors).toBe(before - 3);
    opt.dispose();
    d.dispose();
  });
});

describe('loss names every object already has', () => {
  it('records, reports, dumps and checkpoints each under its own name', async () => {
    const lm = manager();
    HOSTILE_NAMES.forEach((name, i) => lm.registerLossFn(name, new L1Loss(), { lossWeight: i + 1, tags: ['G'] }));
    lm.setStep(3);
    HOSTILE_NAMES.forEach((name) => lm.computeLossXY(name, x(), zeros()));
    await lm.flush();
    const mean = (1 + 3 + 3 + 5) / 4;
    const expected = Object.fromEntries(HOSTILE_NAMES.map((name, i) => [name, (i + 1) * mean]));
    // Null-prototype records: `toString` is the loss's value, not Object.prototype's function.
    expect({ ...lm.getLossValues() }).toEqual(expected);
    expect(Object.keys(lm.getLossWeights())).toEqual([...HOSTILE_NAMES]);
    expect(Object.keys(lm.getRegisteredLosses())).toEqual([...HOSTILE_NAMES]);
    expect(lm.printLosses(0, 3, { capture: true })).toBe(`(epoch: 0, iters: 3) Loss: toString: 3.0 constructor: 6.0 valueOf: 9.0 hasOwnProperty: 12.0 __proto__: 15.0`);
    const appended: Record<string, unknown>[] = [];
    const sink = { append: async (chunks: Record<string, unknown>) => void appended.push(chunks), read: async () => ({}) as never, clear: async () => undefined };
    const logged = manager({ logSink: sink as never });
    HOSTILE_NAMES.forEach((name) => logged.registerLossFn(name, new L1Loss()));
    HOSTILE_NAMES.forEach((name) => logged.computeLossXY(name, x(), zeros()));
    await logged.updateLossLog();
    expect(Object.keys(appended[0]!)).toEqual([...HOSTILE_NAMES]);
    // A checkpoint's copy goes through JSON and comes back onto a manager of the same losses.
    const state = JSON.parse(JSON.stringify(lm.exportState()));
    expect(Object.keys(state.losses)).toEqual([...HOSTILE_NAMES]);
    const restored = manager();
    HOSTILE_NAMES.forEach((name) => restored.registerLossFn(name, new L1Loss()));
    restored.importState(state);
    expect(Object.keys(restored.getLossWeights())).toEqual([...HOSTILE_NAMES]);
    expect(restored.getLossWeights().__proto__).toBe(5);
    lm.dispose();
    logged.dispose();
    restored.dispose();
    expectPrototypesUntouched();
  });
});
