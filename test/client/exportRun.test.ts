import { describe, expect, it } from 'vitest';
import { fromLossLog, shortFloat32, toCsv, toLossLog } from '../../src/client/archive/exportRun';
import { importedRunFromText } from '../../src/client/archive/importLog';
import { LOSS_LOG_FORMAT, LossLogError, parseLossLogText } from '../../src/manager/lossLog/format';
import { defaultSettings } from '../../src/protocol/presets';
import { createHistoryStore } from '../../src/state/historyStore';
import { batch, seriesBytes } from './historyFixtures';
import { HOSTILE_NAMES } from '../helpers/hostileNames';
import { expectPrototypesUntouched } from '../helpers/prototypes';

const settings = defaultSettings('toy');

function seriesOf(...batches: ReturnType<typeof batch>[]) {
  const store = createHistoryStore();
  batches.forEach((b) => store.getState().append(b));
  return store.getState().series;
}

// What NectarGAN writes (lossLog.test.ts has the same): no steps, raw or time.
const nectarGanText = `{"LOSSMANAGER_LOG": {"device": "cuda", "dataroot": "/data/facades",
  "dataset_length": 400, "experiment": "exp1", "loss_functions": {
  "G_GAN": {"loss": [0.6931, 0.7012, 0.6854], "weights": [1.0, 1.0, 1.0]},
  "G_L1": {"loss": [42.5, 38.25, 35.0], "weights": [100.0, 100.0, 100.0]}}}}`;

describe('shortFloat32', () => {
  it('writes the shortest decimal that reads back as the same float32', () => {
    const f = (x: number) => Math.fround(x);
    expect([f(0.7), f(0.1), f(1 / 3), 0.5, 0, -2, NaN].map(shortFloat32)).toEqual([0.7, 0.1, 0.33333334, 0.5, 0, -2, NaN]);
    expect(Math.fround(shortFloat32(f(1 / 3)))).toBe(f(1 / 3));
  });
});

describe('toLossLog', () => {
  const series = seriesOf(
    batch(['G_GAN', 'D_real'], [
      [0, 0, 0.7, 1, 0.7, 5],
      [1, 0, 0.1, 0.5, 0.2, 5],
    ]),
    batch(['G_GAN'], [[0, 3, 0.35, 0.5, NaN, 12.5]]),
  );
  const text = toLossLog({ name: 'Run 3', spec: settings.spec, backend: 'webgpu' }, series);

  it('is NectarGAN format: loss is the weighted value, with weights, plus our steps, raw and time', () => {
    const log = parseLossLogText(text, 'export');
    expect(log.LOSSMANAGER_LOG).toMatchObject({ experiment: 'Run 3', spec: settings.spec, device: 'webgpu', backend: 'webgpu', format: LOSS_LOG_FORMAT });
    expect(log.LOSSMANAGER_LOG.loss_functions).toEqual({
      G_GAN: { loss: [0.7, 0.35], weights: [1, 0.5], steps: [0, 3], raw: [0.7, NaN], time: [5, 12.5] },
      D_real: { loss: [0.1], weights: [0.5], steps: [0], raw: [0.2], time: [5] },
    });
  });

  it('reads back as the same series, bit for bit', () => {
    expect(seriesBytes(fromLossLog(text, 'run3_loss_log.json').series)).toEqual(seriesBytes(series));
  });

  it('leaves out raw and time when nothing recorded them (a NectarGAN log written back)', () => {
    const imported = fromLossLog(nectarGanText, 'loss_log.json');
    const log = JSON.parse(toLossLog({ name: imported.name, imported: imported.header }, imported.series));
    expect(log.LOSSMANAGER_LOG).toMatchObject({ device: 'cuda', dataroot: '/data/facades', dataset_length: 400, experiment: 'exp1' });
    expect(log.LOSSMANAGER_LOG.loss_functions.G_GAN).toEqual({ loss: [0.6931, 0.7012, 0.6854], weights: [1, 1, 1], steps: [0, 1, 2] });
  });
});

describe('toCsv', () => {
  it('writes one row per value, float32 columns short, a name with a comma quoted', () => {
    const series = seriesOf(
      batch(['G_GAN', 'D, "real"'], [
        [0, 0, 0.7, 1, 0.7, 5],
        [1, 0, 1.5, 2, 0.75, 5],
        [0, 1, 0.25, 1, NaN, 10.5],
      ]),
    );
    expect(toCsv(series)).toBe(
      ['loss,step,value,weight,raw,time_ms', 'G_GAN,0,0.7,1,0.7,5', 'G_GAN,1,0.25,1,NaN,10.5', '"D, ""real""",0,1.5,2,0.75,5', ''].join('\n'),
    );
  });

  it('is the header alone for no values', () => {
    expect(toCsv(new Map())).toBe('loss,step,value,weight,raw,time_ms\n');
  });
});

describe('fromLossLog', () => {
  it('reads a NectarGAN loss_log.json: steps 0..n-1, raw and time NaN, named by its experiment', () => {
    const run = fromLossLog(nectarGanText, 'loss_log.json');
    expect(run.name).toBe('exp1');
    expect(run.header).toEqual({ fileName: 'loss_log.json', device: 'cuda', dataroot: '/data/facades', datasetLength: 400 });
    const g = run.series.get('G_GAN')!;
    expect(Array.from(g.step.subarray(0, g.length))).toEqual([0, 1, 2]);
    expect(Array.from(g.value.subarray(0, g.length))).toEqual([0.6931, 0.7012, 0.6854].map(Math.fround));
    expect(Array.from(run.series.get('G_L1')!.weight.subarray(0, 3))).toEqual([100, 100, 100]);
    expect(Array.from(g.raw.subarray(0, 3))).toEqual([NaN, NaN, NaN]);
  });

  it('takes the file name when the log names no experiment', () => {
    expect(fromLossLog('{"LOSSMANAGER_LOG": {"loss_functions": {}}}', 'facades_run.json').name).toBe('facades_run');
  });

  it('names the file and the JSON path of what is wrong', () => {
    const bad = nectarGanText.replace('"weights": [1.0, 1.0, 1.0]', '"weights": [1.0, "x", 1.0]');
    expect(() => fromLossLog(bad, 'my_log.json')).toThrow(LossLogError);
    expect(() => fromLossLog(bad, 'my_log.json')).toThrow('my_log.json is not a valid loss log: LOSSMANAGER_LOG.loss_functions.G_GAN.weights[1]: expected a number, got "x"');
    expect(() => fromLossLog('{"LOSSMANAGER_LOG": {}}', 'empty.json')).toThrow('empty.json is not a valid loss log: LOSSMANAGER_LOG.loss_functions: missing');
    expect(() => fromLossLog('{"LOSS', 'cut.json')).toThrow(/^cut\.json is not valid JSON: /);
  });
});

describe('importedRunFromText: a loss_log.json whose steps go back', () => {
  it('sorts each such series by step (stable) and says which', () => {
    // Bug: a concatenated or hand-joined log was kept out of order, while the charts' zoom,
    // readout and a resume's cut search the steps as sorted (MMagic logs were sorted already).
    const log = { LOSSMANAGER_LOG: { experiment: 'joined', loss_functions: {
      // Each column distinct, so a sort that moved one column and not another shows.
      G_GAN: { loss: [5, 3, 1, 2], weights: [1, 0.5, 0.25, 2], steps: [5, 3, 1, 3], raw: [50, 30, 10, 20], time: [500, 300, 100, 200] },
      toString: { loss: [1, 2], weights: [1, 1], steps: [0, 1] },
    } } };
    const { run, notice } = importedRunFromText(JSON.stringify(log), 'joined.json');
    const g = run.series.get('G_GAN')!;
    expect(Array.from(g.step.subarray(0, g.length))).toEqual([1, 3, 3, 5]);
    // The two values at step 3 keep the file's order.
    expect(Array.from(g.value.subarray(0, g.length))).toEqual([1, 3, 2, 5]);
    // Every column follows its value: the file's rows stay whole.
    expect(Array.from(g.weight.subarray(0, g.length))).toEqual([0.25, 0.5, 2, 1]);
    expect(Array.from(g.raw.subarray(0, g.length))).toEqual([10, 30, 20, 50]);
    expect(Array.from(g.time.subarray(0, g.length))).toEqual([100, 300, 200, 500]);
    expect(notice).toBe('Loaded joined.json, but the steps of "G_GAN" go back (a resumed or concatenated log): sorted by step.');
    expect(importedRunFromText(nectarGanText, 'loss_log.json').notice).toBeNull();
  });
});

describe('loss names every object already has', () => {
  it('export to loss_log.json and CSV and import back, each under its own name', () => {
    const names = [...HOSTILE_NAMES];
    const store = createHistoryStore();
    store.getState().append(batch(names, names.map((_, i) => [i, 0, i + 1, 1, i + 1, 5] as const)));
    const { series } = store.getState();
    const text = toLossLog({ name: 'run' }, series);
    expect(Object.keys(JSON.parse(text).LOSSMANAGER_LOG.loss_functions)).toEqual(names);
    const back = fromLossLog(text, 'loss_log.json');
    expect([...back.series.keys()]).toEqual(names);
    names.forEach((name, i) => expect(back.series.get(name)!.value[0]).toBe(i + 1));
    expect(toCsv(series).split('\n').slice(1, -1).map((row) => row.split(',')[0])).toEqual(names);
    expectPrototypesUntouched();
  });
});

describe('derived series (gradient diagnostics) in the files', () => {
  it('go to LOSSMANAGER_LOG.series, apart from the losses NectarGAN reads, and come back on import', () => {
    const store = createHistoryStore();
    store.getState().append(batch(['G_GAN', 'grad/G/G_GAN', 'gradShare/G/G_GAN'], [
      [0, 0, 0.7, 1, 0.7, 5],
      [1, 0, 2.5, NaN, 2.5, 5],
      [2, 0, 1, NaN, 1, 5],
      [0, 1, 0.6, 1, 0.6, 9],
    ]));
    const text = toLossLog({ name: 'run' }, store.getState().series);
    const json = JSON.parse(text).LOSSMANAGER_LOG;
    expect(Object.keys(json.loss_functions)).toEqual(['G_GAN']);
    expect(json.series).toEqual({ 'grad/G/G_GAN': { values: [2.5], steps: [0], time: [5] }, 'gradShare/G/G_GAN': { values: [1], steps: [0], time: [5] } });
    const back = fromLossLog(text, 'loss_log.json');
    expect([...back.series.keys()]).toEqual(['G_GAN', 'grad/G/G_GAN', 'gradShare/G/G_GAN']);
    expect(back.series.get('grad/G/G_GAN')!.value[0]).toBe(2.5);
    // The CSV has every series, derived ones with no weight.
    expect(toCsv(store.getState().series)).toContain('grad/G/G_GAN,0,2.5,NaN,2.5,5');
  });
});
