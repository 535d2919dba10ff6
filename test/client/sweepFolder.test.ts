import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPlayground } from '../../src/client/playground';
import { RunArchive } from '../../src/client/runArchive';
import { loadSweepFolder, type FolderFile } from '../../src/client/sweep/sweepFolder';
import { emptyLossLog } from '../../src/manager/lossLog/format';
import { createSweepStore } from '../../src/state/sweepStore';
import { installFakeIndexedDb } from './fakeIndexedDb';

let archive: RunArchive | null = null;
beforeEach(() => installFakeIndexedDb());
afterEach(async () => {
  await archive?.close();
  vi.unstubAllGlobals();
});

const logText = (weight: number) => {
  const log = emptyLossLog({ experiment: 'toy' });
  log.LOSSMANAGER_LOG.loss_functions.G_GAN = { loss: [3 * weight, 2 * weight], weights: [weight, weight], steps: [0, 1] };
  return JSON.stringify(log);
};
const file = (path: string, text: string): FolderFile => ({ path, text: async () => text });

const summary = {
  sweep: { base: 'toy/least-squares', axes: { 'losses.G_GAN.loss_weight': [1, 10] }, steps: 2 },
  axes: ['losses.G_GAN.loss_weight'],
  variants: [
    { name: 'G_GAN.loss_weight=1_seed=1', values: { 'losses.G_GAN.loss_weight': 1 }, seed: 1, status: 'done', step: 1, final: { G_GAN: 2 } },
    { name: 'G_GAN.loss_weight=10_seed=1', values: { 'losses.G_GAN.loss_weight': 10 }, seed: 1, status: 'interrupted', step: 1, final: { G_GAN: null } },
  ],
};

describe("loading a CLI sweep's folder into the page", () => {
  it('imports each variant folder\'s loss log as a run named after it, and shows summary.json as the table', async () => {
    archive = new RunArchive();
    const playground = createPlayground(() => ({ send: () => {}, terminate: () => {} }), { archive });
    await playground.runs.ready;
    const store = createSweepStore();
    const result = await loadSweepFolder(
      [
        file('out/G_GAN.loss_weight=1_seed=1/loss_log.json', logText(1)),
        file('out/G_GAN.loss_weight=10_seed=1/loss_log.json', logText(10)),
        file('out/G_GAN.loss_weight=10_seed=1/train.log', 'not json'),
        file('out/broken/loss_log.json', '{"LOSSMANAGER_LOG": 5'),
        file('out/summary.json', JSON.stringify(summary)),
      ],
      playground,
      store,
    );
    expect(result.imported).toBe(2);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^out\/broken\/loss_log\.json: /);
    await archive.flush();
    const runs = await archive.list();
    expect(runs.map((r) => r.name).sort()).toEqual(['G_GAN.loss_weight=10_seed=1', 'G_GAN.loss_weight=1_seed=1']);
    const loaded = await archive.load(runs.find((r) => r.name === 'G_GAN.loss_weight=10_seed=1')!.id);
    expect(Array.from(loaded!.series.get('G_GAN')!.value.subarray(0, 2))).toEqual([30, 20]);
    const { rows, axes, status } = store.getState();
    expect(status).toBe('done');
    expect(axes).toEqual(['losses.G_GAN.loss_weight']);
    expect(rows.map((r) => [r.name, r.status, r.values.get('losses.G_GAN.loss_weight'), r.final.get('G_GAN')])).toEqual([
      ['G_GAN.loss_weight=1_seed=1', 'done', 1, 2],
      ['G_GAN.loss_weight=10_seed=1', 'stopped', 10, NaN],
    ]);
  });

  it("keeps each variant's settings.json with its run and shows them all; two seeds turn on 'Group by seed'", async () => {
    archive = new RunArchive();
    const playground = createPlayground(() => ({ send: () => {}, terminate: () => {} }), { archive });
    await playground.runs.ready;
    const base = playground.stores.settings.getState().settings;
    const files = [1, 2].flatMap((seed) => [
      file(`out/G_GAN.loss_weight=1_seed=${seed}/loss_log.json`, logText(seed)),
      file(`out/G_GAN.loss_weight=1_seed=${seed}/settings.json`, JSON.stringify({ ...base, seed })),
    ]);
    files.push(file('out/bad/loss_log.json', logText(5)), file('out/bad/settings.json', JSON.stringify({ ...base, batchSize: -1 })));
    const result = await loadSweepFolder(files, playground, createSweepStore());
    expect(result.imported).toBe(3);
    // A settings file that does not check is named; its run is kept without settings.
    expect(result.problems).toEqual([expect.stringMatching(/^out\/bad\/settings\.json: .*batchSize.*\(the run is kept without its settings\)$/)]);
    const runs = await archive.list();
    expect(runs.map((r) => [r.name, r.settings?.seed ?? null, r.shown]).sort()).toEqual([
      ['G_GAN.loss_weight=1_seed=1', 1, true],
      ['G_GAN.loss_weight=1_seed=2', 2, true],
      ['bad', null, true],
    ]);
    expect(playground.stores.runs.getState().groupBySeed).toBe(true);
  });

  it('says what to pick when the folder holds no sweep', async () => {
    const playground = createPlayground(() => ({ send: () => {}, terminate: () => {} }), { archive: null });
    const result = await loadSweepFolder([file('pics/a.png', '')], playground, createSweepStore());
    expect(result).toEqual({ imported: 0, problems: [expect.stringMatching(/^no <variant>\/loss_log\.json or summary\.json/)] });
  });
});
