// MMagic / mmengine logs read as runs: the values at their steps, the G / D tags by MMagic's
// loss names, learning rates as series, and every bad line reported by number and skipped.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importedRunFromText } from '../../src/client/archive/importLog';
import { fromMMagicLog, MMAGIC_LOG_LIMITS, mmagicLossNetwork, mmagicSeriesName } from '../../src/client/archive/mmagicLog';
import { createPlayground } from '../../src/client/playground';
import { RunArchive } from '../../src/client/runArchive';
import type { Series } from '../../src/state/series';
import { chartLossTags } from '../../src/ui/charts/tagCharts';
import { expectPrototypesUntouched } from '../helpers/prototypes';
import { installFakeIndexedDb } from './fakeIndexedDb';

/** A series' (step, value) pairs. */
const points = (s: Series | undefined) => (s ? Array.from({ length: s.length }, (_, i) => [s.step[i], s.value[i]]) : undefined);

/**
 * Three lines as mmengine's LoggerHook writes them through LocalVisBackend.add_scalars (a
 * DCGAN run: MultiOptimWrapper's `<name>.lr`, BaseGAN's losses, the D step's total `loss`),
 * and a validation line, which has `step` but no `iter`.
 */
const SCALARS = [
  '{"generator.lr": 0.0002, "discriminator.lr": 0.0001, "data_time": 0.01, "loss_disc_fake": 0.5, "loss_disc_real": 0.25, "loss": 0.75, "loss_gen": 2.0, "time": 0.2, "iter": 10, "memory": 1024, "step": 10}',
  '{"generator.lr": 0.0002, "discriminator.lr": 0.0001, "data_time": 0.01, "loss_disc_fake": 0.375, "loss_disc_real": 0.125, "loss": 0.5, "loss_gen": 1.5, "time": 0.2, "iter": 20, "memory": 1024, "step": 20}',
  '{"generator.lr": 0.0001, "discriminator.lr": 0.00005, "data_time": 0.01, "loss_disc_fake": 0.25, "loss_disc_real": 0.0625, "loss": 0.3125, "loss_gen": 1.25, "time": 0.2, "iter": 30, "memory": 1024, "step": 30}',
  '{"FID-Full-50k/fid": 42.5, "data_time": 0.5, "time": 1.5, "step": 30}',
].join('\n');

describe('fromMMagicLog: scalars.json', () => {
  it('charts each value at its iter: losses under G or D by name, learning rates and metrics as series, no bookkeeping', () => {
    const { run, problems } = fromMMagicLog(`${SCALARS}\n`, 'scalars.json');
    expect(problems).toEqual([]);
    expect([...run.series.keys()].sort()).toEqual(['D/loss_disc_fake', 'D/loss_disc_real', 'G/loss_gen', 'loss', 'lr/discriminator.lr', 'lr/generator.lr', 'metric/FID-Full-50k.fid']);
    const f = Math.fround;
    expect(points(run.series.get('G/loss_gen'))).toEqual([[10, 2], [20, 1.5], [30, 1.25]]);
    expect(points(run.series.get('D/loss_disc_fake'))).toEqual([[10, 0.5], [20, 0.375], [30, 0.25]]);
    expect(points(run.series.get('loss'))).toEqual([[10, 0.75], [20, 0.5], [30, 0.3125]]);
    expect(points(run.series.get('lr/generator.lr'))).toEqual([[10, f(0.0002)], [20, f(0.0002)], [30, f(0.0001)]]);
    expect(points(run.series.get('lr/discriminator.lr'))).toEqual([[10, f(0.0001)], [20, f(0.0001)], [30, f(0.00005)]]);
    expect(points(run.series.get('metric/FID-Full-50k.fid'))).toEqual([[30, 42.5]]);
    expect(run.header).toEqual({ fileName: 'scalars.json', device: 'mmengine scalars.json', dataroot: '', datasetLength: 0 });
  });

  it("the charts put G/ and D/ losses in G's and D's charts, the rest in 'other'", () => {
    const { run } = fromMMagicLog(SCALARS, 'scalars.json');
    const losses = [...run.series.keys()].filter((n) => !/^(lr|metric)\//.test(n));
    expect(Object.fromEntries(chartLossTags([], losses))).toEqual({ 'D/loss_disc_fake': ['D'], 'D/loss_disc_real': ['D'], 'G/loss_gen': ['G'], loss: ['other'] });
  });

  it('reads log_with_hierarchy keys (train/...) and Python\'s bare NaN and Infinity, keeping them as values', () => {
    const text = '{"train/loss_gen": NaN, "train/loss_disc_fake": Infinity, "train/loss_disc_real": -Infinity, "train/generator.lr": 0.001, "iter": 1, "step": 1}';
    const { run, problems } = fromMMagicLog(text, 'scalars.json');
    expect(problems).toEqual([]);
    expect(points(run.series.get('G/loss_gen'))).toEqual([[1, NaN]]);
    expect(points(run.series.get('D/loss_disc_fake'))).toEqual([[1, Infinity]]);
    expect(points(run.series.get('D/loss_disc_real'))).toEqual([[1, -Infinity]]);
    expect(points(run.series.get('lr/generator.lr'))).toEqual([[1, Math.fround(0.001)]]);
    // A string that merely holds "NaN" is still a string.
    expect(fromMMagicLog('{"iter": 2, "loss_gen": "NaN", "loss_gp": 1}', 'x.json').problems).toEqual(['line 1: "loss_gen" is "NaN", not a number']);
  });
});

describe('fromMMagicLog: the older MMCV *.log.json', () => {
  it('skips the metadata line, reads mode/epoch/iter lines and the lr dict per optimizer', () => {
    const text = [
      '{"env_info": "sys.platform: linux", "config": "model = dict()", "seed": 0, "exp_name": "pix2pix.py"}',
      '{"mode": "train", "epoch": 1, "iter": 100, "lr": {"generators": 0.0002, "discriminators": 0.0002}, "memory": 3000, "data_time": 0.1, "loss_gan_d_fake": 0.5, "loss_gan_d_real": 0.25, "loss_gan_g": 1.0, "loss_pixel": 20.0, "time": 0.3}',
      '{"mode": "train", "epoch": 1, "iter": 200, "lr": {"generators": 0.0002, "discriminators": 0.0002}, "memory": 3000, "data_time": 0.1, "loss_gan_d_fake": 0.375, "loss_gan_d_real": 0.125, "loss_gan_g": 1.5, "loss_pixel": 10.0, "time": 0.3}',
    ].join('\n');
    const { run, problems } = fromMMagicLog(text, '20230101_000000.log.json');
    expect(problems).toEqual([]);
    expect(points(run.series.get('G/loss_pixel'))).toEqual([[100, 20], [200, 10]]);
    expect(points(run.series.get('D/loss_gan_d_real'))).toEqual([[100, 0.25], [200, 0.125]]);
    expect(points(run.series.get('lr/lr.generators'))).toEqual([[100, Math.fround(0.0002)], [200, Math.fround(0.0002)]]);
    expect(run.header.device).toBe('MMCV log.json');
  });

  it('an epoch-based log, whose iter restarts each epoch, counts on from the last epoch\'s last logged iter', () => {
    const line = (epoch: number, iter: number, v: number) => JSON.stringify({ mode: 'train', epoch, iter, lr: 0.1, loss_gen: v });
    const { run, problems } = fromMMagicLog([line(1, 50, 1), line(1, 100, 2), line(2, 50, 3), line(2, 100, 4)].join('\n'), 'a.log.json');
    // Epoch 2's iter 50 is 100 + 50.
    expect(points(run.series.get('G/loss_gen'))).toEqual([[50, 1], [100, 2], [150, 3], [200, 4]]);
    expect(problems).toEqual(["iter restarts in each epoch (an epoch-based MMCV log): steps go on from each epoch's last logged iter"]);
  });
});

describe('MMagic loss names to networks', () => {
  it.each([
    ['loss_disc_fake', 'D'], ['loss_disc_real', 'D'], ['loss_disc_shift', 'D'], ['loss_gan_d_fake', 'D'], ['loss_gan_d_photo_real', 'D'], ['loss_d_real', 'D'], ['loss_gp', 'D'], ['loss_r1_gp', 'D'],
    ['loss_gen', 'G'], ['loss_disc_fake_g', 'G'], ['loss_gan_g', 'G'], ['loss_gan_g_photo', 'G'], ['loss_g', 'G'], ['loss_g_fake', 'G'], ['loss_pix', 'G'], ['loss_pixel', 'G'], ['loss_perceptual', 'G'], ['loss_style', 'G'], ['loss_path_regular', 'G'], ['loss_gan', 'G'], ['loss_l1_hole', 'G'],
    ['loss', null], ['loss_id', null], ['loss_gradient', null], ['loss_generic', 'G'], ['loss_dice', null],
  ] as const)('%s -> %s', (key, network) => {
    expect(mmagicLossNetwork(key)).toBe(network);
  });

  it("an untagged key that would read as a derived series name stays a loss: its '/' is written '.'", () => {
    expect(mmagicSeriesName('metric/loss')).toBe('metric.loss');
    expect(mmagicSeriesName('loss')).toBe('loss');
  });
});

describe('fromMMagicLog: bad and hostile input', () => {
  it("says a bare NaN step is NaN (it showed the reader's internal marker, \"\\u0000NaN\")", () => {
    const { problems } = fromMMagicLog('{"iter": NaN, "loss_gen": 1}\n{"iter": 2, "loss_gen": 2}', 'scalars.json');
    expect(problems).toEqual(['line 1: iter is NaN, not a whole number >= 0']);
  });

  it('reports each bad line by its number and skips it, reading the rest', () => {
    const text = [
      '{"iter": 1, "loss_gen": 1}',
      '{"iter": 2, "loss_gen": ', // cut off
      '',
      '[1, 2]',
      '{"loss_gen": 3}',
      '{"iter": "4", "loss_gen": 4}',
      '{"iter": -5, "loss_gen": 5}',
      '{"iter": 6.5, "loss_gen": 6}',
      '{"iter": 7, "loss_gen": {"a": 1}, "loss_disc_fake": true, "loss_gp": 7}',
      'garbage',
      '{"iter": 9, "loss_gen": 9}',
    ].join('\n');
    const { run, problems, problemCount } = fromMMagicLog(text, 'scalars.json');
    expect(points(run.series.get('G/loss_gen'))).toEqual([[1, 1], [9, 9]]);
    expect(points(run.series.get('D/loss_gp'))).toEqual([[7, 7]]);
    expect(problems).toHaveLength(problemCount);
    expect(problems.map((p) => p.replace(/ \(.*\)$/, ' (...)'))).toEqual([
      'line 2: not JSON (...)',
      'line 4: not a JSON object (...)',
      'line 5: no iter or step',
      'line 6: iter is "4", not a whole number >= 0',
      'line 7: iter is -5, not a whole number >= 0',
      'line 8: iter is 6.5, not a whole number >= 0',
      'line 9: "loss_gen" is {"a":1}, not a number',
      'line 9: "loss_disc_fake" is true, not a number',
      'line 10: not JSON (...)',
    ]);
  });

  it('keys every object has (__proto__, toString) are series like any other; no prototype changes', () => {
    const text = '{"iter": 1, "__proto__": 1, "toString": 2, "loss___proto__": 3, "constructor": {"lr": 4}}\n{"iter": 2, "__proto__": {"polluted": true}}';
    const { run, problems } = fromMMagicLog(text, 'scalars.json');
    expect(points(run.series.get('metric/__proto__'))).toEqual([[1, 1]]);
    expect(points(run.series.get('metric/toString'))).toEqual([[1, 2]]);
    expect(points(run.series.get('loss___proto__'))).toEqual([[1, 3]]);
    expect(problems).toEqual(['line 1: "constructor" is {"lr":4}, not a number', 'line 2: "__proto__" is {"polluted":true}, not a number']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expectPrototypesUntouched();
  });

  it('a file with no value is refused naming the file and the first problems; an empty one too', () => {
    expect(() => fromMMagicLog('{"a": 1}\n{"b": 2}', 'scalars.json')).toThrow('scalars.json: no training values found (expected JSON lines with iter or step and loss_* keys, as MMagic\'s scalars.json and *.log.json): line 1: no iter or step; line 2: no iter or step');
    expect(() => fromMMagicLog('', 'empty.json')).toThrow('empty.json: no training values found');
  });

  it('bounds the series, the kept messages and the values; a deeply nested line is a bad line, not a crash', () => {
    const wide = JSON.stringify(Object.fromEntries([['iter', 1], ...Array.from({ length: MMAGIC_LOG_LIMITS.maxSeries + 5 }, (_, i) => [`k${i}`, i])]));
    const many = fromMMagicLog(wide, 'wide.json');
    expect(many.run.series.size).toBe(MMAGIC_LOG_LIMITS.maxSeries);
    expect(many.problems).toEqual([1000, 1001, 1002, 1003, 1004].map((k) => `line 1: more than 1000 series; "metric/k${k}" and later new keys skipped`));
    const bad = fromMMagicLog(`{"iter": 1, "loss_gen": 1}\n${'x\n'.repeat(5000)}`, 'bad.json');
    expect(bad.problemCount).toBe(5000);
    expect(bad.problems).toHaveLength(MMAGIC_LOG_LIMITS.keptProblems);
    const deep = fromMMagicLog(`${'['.repeat(200_000)}${']'.repeat(200_000)}\n{"iter": 1, "loss_gen": 1}`, 'deep.json');
    expect(deep.problems[0]).toMatch(/^line 1: not a JSON object|^line 1: not JSON/);
    expect(points(deep.run.series.get('G/loss_gen'))).toEqual([[1, 1]]);
  });

  it('stops at the values bound with a message, and reads 100,000 lines in well under 10 s', () => {
    const cut = fromMMagicLog('{"iter": 1, "loss_gen": 1, "loss_gp": 1}\n{"iter": 2, "loss_gen": 2, "loss_gp": 2}\n{"iter": 3, "loss_gen": 3}', 'x.json', { ...MMAGIC_LOG_LIMITS, maxValues: 4 });
    expect(points(cut.run.series.get('G/loss_gen'))).toEqual([[1, 1], [2, 2]]);
    expect(cut.problems).toEqual(['stopped after line 2: more than 4 values']);
    const line = (i: number) => `{"iter": ${i}, "loss_gen": ${i % 7}, "loss_disc_fake": 0.5, "generator.lr": 0.0002}`;
    const text = Array.from({ length: 100_000 }, (_, i) => line(i)).join('\n');
    const started = performance.now();
    const { run, problems } = fromMMagicLog(text, 'big.json');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(run.series.get('G/loss_gen')?.length).toBe(100_000);
    expect(problems).toEqual([]);
  });

  it('a log whose steps go back (a resumed run appended) is sorted by step, and says so', () => {
    const { run, problems } = fromMMagicLog('{"iter": 20, "loss_gen": 2}\n{"iter": 10, "loss_gen": 1}\n{"iter": 30, "loss_gen": 3}', 'scalars.json');
    expect(points(run.series.get('G/loss_gen'))).toEqual([[10, 1], [20, 2], [30, 3]]);
    expect(problems).toEqual(['"G/loss_gen": steps go back (a resumed or concatenated log): sorted by step']);
  });
});

describe('loading a log into the runs panel', () => {
  beforeEach(() => installFakeIndexedDb());
  let archive: RunArchive | null = null;
  afterEach(async () => {
    await archive?.close();
    vi.unstubAllGlobals();
  });

  it('scalars.json becomes a run: opened on the charts, shown beside another, exported back as a loss log; skipped lines are the notice', async () => {
    archive = new RunArchive();
    const playground = createPlayground(() => ({ send: () => {}, terminate: () => {} }), { archive });
    playground.connect();
    await playground.runs.ready;
    const { stores } = playground;
    expect(await playground.runs.importLossLog(SCALARS, 'scalars.json')).toBeNull();
    const first = stores.runs.getState().runs[0]!;
    expect(first).toMatchObject({ name: 'scalars.json', status: 'imported', lastStep: 30 });
    expect(points(stores.history.getState().series.get('D/loss_disc_real'))).toEqual([[10, 0.25], [20, 0.125], [30, 0.0625]]);
    expect(points(stores.history.getState().series.get('lr/generator.lr'))?.map(([s]) => s)).toEqual([10, 20, 30]);

    const notice = await playground.runs.importLossLog(`${SCALARS}\nnot json\n{"loss_gen": 1}`, 'scalars.json');
    expect(notice).toMatch(/^Loaded scalars\.json \(6 lines, 7 series\), but: line 5: not JSON \(.*\); line 6: no iter or step\.$/);
    expect(stores.runs.getState().error).toBe(notice);
    await playground.runs.setShown(first.id, true);
    await vi.waitFor(() => expect(stores.runs.getState().shownSeries.has(first.id)).toBe(true));
    expect(points(stores.runs.getState().shownSeries.get(first.id)?.get('G/loss_gen'))).toEqual([[10, 2], [20, 1.5], [30, 1.25]]);
    const log = JSON.parse((await playground.runs.exportLossLog(first.id)).text);
    expect(log.LOSSMANAGER_LOG.loss_functions['G/loss_gen'].loss).toEqual([2, 1.5, 1.25]);
    expect(log.LOSSMANAGER_LOG.series['lr/generator.lr'].steps).toEqual([10, 20, 30]);
  });

  it('a loss_log.json still loads as before, one line or pretty-printed', () => {
    const log = { LOSSMANAGER_LOG: { experiment: 'e', loss_functions: { G_GAN: { loss: [0.5], weights: [1] } } } };
    for (const text of [JSON.stringify(log), JSON.stringify(log, null, 2)]) {
      const { run, notice } = importedRunFromText(text, 'loss_log.json');
      expect(notice).toBeNull();
      expect(run.name).toBe('e');
      expect(points(run.series.get('G_GAN'))).toEqual([[0, 0.5]]);
    }
  });
});
