import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPlayground, type Playground } from '../../src/client/playground';
import { RunArchive } from '../../src/client/runArchive';
import { parseLossLogText } from '../../src/manager/lossLog/format';
import type { RunSettings, SamplesMessage, TrainingCommand, TrainingEvent } from '../../src/protocol/messages';
import { validateRunSettings } from '../../src/protocol/runSettings';
import { installFakeIndexedDb } from './fakeIndexedDb';
import { batch, seriesBytes } from './historyFixtures';

interface Page {
  readonly playground: Playground;
  readonly archive: RunArchive;
  readonly sent: TrainingCommand[];
  emit(event: TrainingEvent): void;
}

const pages: Page[] = [];

/** A page: a playground on a fake client and its own archive on the (shared) fake IndexedDB. */
async function loadPage(): Promise<Page> {
  const sent: TrainingCommand[] = [];
  let emit: (event: TrainingEvent) => void = () => {};
  const archive = new RunArchive();
  const playground = createPlayground(
    (onEvent) => {
      emit = onEvent;
      return { send: (c) => sent.push(c), terminate: () => {} };
    },
    { archive },
  );
  playground.connect();
  await playground.runs.ready;
  const page = { playground, archive, sent, emit: (e: TrainingEvent) => emit(e) };
  pages.push(page);
  return page;
}

/** The page goes away: what it recorded is stored (as on pagehide), its database closed. */
async function unload(page: Page): Promise<void> {
  await page.archive.close();
}

const ready: TrainingEvent = { type: 'ready', version: 1, backend: 'webgpu', reasons: [], adapter: null, outputKeys: [] };
const history = (steps: readonly number[], value = (s: number) => 0.7 - s / 100): TrainingEvent => ({
  type: 'history',
  batch: batch(
    ['G_GAN', 'D_real'],
    steps.flatMap((s) => [[0, s, value(s), 1, value(s), s * 10] as const, [1, s, value(s) / 3, 0.5, (2 * value(s)) / 3, s * 10] as const]),
  ),
});
const samples: SamplesMessage = { step: 3, kind: 'points', real: Float32Array.of(1, 2), fake: Float32Array.of(3, 4), discriminator: Float32Array.of(0.5), resolution: 1, extent: 2 };

/** Trains a run of steps 0..4 with a weight change, samples, a checkpoint at step 2, then pauses. */
function train(page: Page): void {
  page.playground.start();
  page.emit(ready);
  page.emit(history([0, 1]));
  page.emit({ type: 'weightChanged', name: 'G_GAN', step: 2, weight: 0.5, schedule: null });
  page.emit({ type: 'checkpointSaved', step: 2 });
  page.emit(history([2, 3, 4]));
  page.emit({ type: 'samples', samples });
  page.emit({ type: 'paused', step: 5 });
}

beforeEach(() => installFakeIndexedDb());
afterEach(async () => {
  await Promise.all(pages.splice(0).map((p) => p.archive.close()));
  vi.unstubAllGlobals();
});

describe('the playground keeps every run', () => {
  it('records a run and reopens it after a reload: same curves bit for bit, marks, samples, settings', async () => {
    const first = await loadPage();
    first.playground.stores.settings.getState().update({ seed: 1234 });
    train(first);
    const runId = first.playground.stores.runs.getState().currentRunId;
    expect(runId).not.toBeNull();
    const shown = first.playground.stores.history.getState();
    await unload(first);

    const second = await loadPage();
    const { stores } = second.playground;
    expect(stores.runs.getState()).toMatchObject({ currentRunId: runId, live: false });
    expect(stores.runs.getState().runs).toHaveLength(1);
    // Paused in a page that is gone: nothing can go on from there but its checkpoint.
    expect(stores.runs.getState().runs[0]).toMatchObject({ number: 1, status: 'interrupted', lastStep: 4, backend: 'webgpu', checkpoint: { step: 2 } });
    expect(seriesBytes(stores.history.getState().series)).toEqual(seriesBytes(shown.series));
    expect(stores.history.getState().marks).toEqual([{ name: 'G_GAN', step: 2, weight: 0.5 }]);
    expect(stores.maps.getState().samples).toEqual(samples);
    expect(stores.settings.getState().settings.seed).toBe(1234);
    // Nothing trains after a reload: the controls must not offer Resume to a worker with no run.
    expect(stores.run.getState().status).toBe('stopped');
    expect(second.sent).toEqual([]);
  });

  it('resumes from the checkpoint after a reload: the values after the checkpoint are redone', async () => {
    const first = await loadPage();
    train(first);
    await unload(first);

    const second = await loadPage();
    const runId = second.playground.stores.runs.getState().currentRunId!;
    await second.playground.runs.resumeFromCheckpoint(runId);
    expect(second.sent).toEqual([{ type: 'restoreCheckpoint' }]);
    second.emit(ready);
    second.emit(history([2, 3], () => 0.125));
    const g = second.playground.stores.history.getState().series.get('G_GAN')!;
    expect(Array.from(g.step.subarray(0, g.length))).toEqual([0, 1, 2, 3]);
    expect(Array.from(g.value.subarray(0, g.length))).toEqual([0.7, 0.69, 0.125, 0.125].map(Math.fround));
    // The weight change at step 2 was after the checkpoint: gone with the values.
    expect(second.playground.stores.history.getState().marks).toEqual([]);
    expect(second.playground.stores.run.getState().status).toBe('running');
    const shown = seriesBytes(second.playground.stores.history.getState().series);
    await unload(second);

    const third = await loadPage();
    expect(seriesBytes(third.playground.stores.history.getState().series)).toEqual(shown);
    // Training when its page went away: interrupted, not "running".
    expect(third.playground.stores.runs.getState().runs[0]).toMatchObject({ status: 'interrupted', lastStep: 3 });
  });

  it('keeps a run whose restore failed as it was', async () => {
    const page = await loadPage();
    train(page);
    page.playground.restoreCheckpoint();
    page.emit({ type: 'failed', message: 'there is no checkpoint to restore: save one first' });
    await page.archive.flush();
    expect(await page.archive.list()).toMatchObject([{ status: 'paused', lastStep: 4 }]);
    expect(page.playground.stores.runs.getState().live).toBe(true);
    // The failure was the restore's: the next change is the run's again.
    page.playground.reset();
    await page.archive.flush();
    expect(await page.archive.list()).toMatchObject([{ status: 'stopped' }]);
  });

  it('restores a training run in place: what the run sent while stopping stays until the resumed values begin', async () => {
    const page = await loadPage();
    train(page);
    page.playground.resume();
    page.emit(history([5]));
    page.playground.restoreCheckpoint('wasm');
    expect(page.sent.at(-1)).toEqual({ type: 'restoreCheckpoint', backend: 'wasm' });
    page.emit(history([6])); // the last flush of the run being stopped
    page.emit({ type: 'paused', step: 7 });
    page.emit({ ...ready, backend: 'wasm' });
    page.emit(history([2, 3], () => 0.125));
    await page.archive.flush();
    const [run] = await page.archive.list();
    expect(run).toMatchObject({ status: 'running', backend: 'wasm', lastStep: 3 });
    const loaded = await page.archive.load(run!.id);
    const g = loaded!.series.get('G_GAN')!;
    expect(Array.from(g.step.subarray(0, g.length))).toEqual([0, 1, 2, 3]);
    expect(seriesBytes(loaded!.series)).toEqual(seriesBytes(page.playground.stores.history.getState().series));
  });

  it("goes on in a new run when the worker's checkpoint is another run's", async () => {
    const page = await loadPage();
    train(page); // run 1 saves the checkpoint
    page.playground.reset();
    page.playground.start(); // run 2 saves none
    page.emit(ready);
    page.emit(history([0]));
    page.emit({ type: 'stopped', step: 1, reason: 'deviceLost', message: 'The GPU device was lost' });
    // Checkpoints come a minute apart: by then the run list knows run 1's name and checkpoint.
    await page.archive.flush();
    await vi.waitFor(() => expect(page.playground.stores.runs.getState().runs).toHaveLength(2));
    page.playground.restoreCheckpoint('cpu');
    page.emit({ ...ready, backend: 'cpu' });
    page.emit(history([2, 3]));
    await page.archive.flush();
    expect((await page.archive.list()).map((r) => [r.number, r.name, r.status, r.lastStep])).toEqual([
      [3, 'Run 1 (resumed)', 'running', 3],
      [2, 'Run 2', 'stopped', 0],
      [1, 'Run 1', 'stopped', 4],
    ]);
    const g = page.playground.stores.history.getState().series.get('G_GAN')!;
    expect(Array.from(g.step.subarray(0, g.length))).toEqual([2, 3]);
  });

  it('lists runs newest first; shows, renames, exports and deletes them', async () => {
    const page = await loadPage();
    const { playground } = page;
    train(page);
    const firstId = playground.stores.runs.getState().currentRunId!;
    playground.reset();
    playground.start();
    page.emit(ready);
    page.emit(history([0, 1, 2], () => 0.25));
    const secondId = playground.stores.runs.getState().currentRunId!;
    await page.archive.flush();
    await expect(playground.runs.open(firstId)).rejects.toThrow(/a run is training/);

    await playground.runs.setShown(firstId, true);
    await vi.waitFor(() => expect(playground.stores.runs.getState().shownSeries.has(firstId)).toBe(true));
    const shown = playground.stores.runs.getState().shownSeries.get(firstId)!;
    expect(Array.from(shown.get('G_GAN')!.step.subarray(0, shown.get('G_GAN')!.length))).toEqual([0, 1, 2, 3, 4]);
    await playground.runs.setShown(firstId, false);
    expect(playground.stores.runs.getState().shownSeries.size).toBe(0);

    await playground.runs.rename(firstId, '  baseline  ');
    expect(playground.stores.runs.getState().runs.map((r) => [r.number, r.name, r.status])).toEqual([
      [2, 'Run 2', 'running'],
      [1, 'baseline', 'stopped'],
    ]);

    const log = await playground.runs.exportLossLog(firstId);
    expect(log.fileName).toBe('baseline_loss_log.json');
    expect(parseLossLogText(log.text).LOSSMANAGER_LOG).toMatchObject({ experiment: 'baseline', loss_functions: { G_GAN: { steps: [0, 1, 2, 3, 4] } } });
    const csv = await playground.runs.exportCsv(secondId);
    expect(csv.fileName).toBe('Run_2_losses.csv');
    expect(csv.text.split('\n')).toHaveLength(1 + 6 + 1);

    await expect(playground.runs.remove(secondId)).rejects.toThrow(/training/);
    await playground.runs.remove(firstId);
    expect(playground.stores.runs.getState().runs.map((r) => r.number)).toEqual([2]);
  });

  it('imports a loss_log.json as a read-only run, and names the file when it is bad', async () => {
    const page = await loadPage();
    const text = '{"LOSSMANAGER_LOG": {"experiment": "exp1", "loss_functions": {"G_GAN": {"loss": [0.5, 0.25], "weights": [1, 1]}}}}';
    await page.playground.runs.importLossLog(text, 'loss_log.json');
    const { stores } = page.playground;
    expect(stores.runs.getState().runs).toMatchObject([{ name: 'exp1', status: 'imported' }]);
    expect(stores.runs.getState()).toMatchObject({ currentRunId: stores.runs.getState().runs[0]!.id, live: false });
    expect(stores.history.getState().series.get('G_GAN')?.length).toBe(2);
    expect(stores.run.getState().status).toBe('idle');
    await expect(page.playground.runs.importLossLog('{"LOSSMANAGER_LOG": {"loss_functions": {"G": {"loss": [1], "weights": []}}}}', 'bad.json')).rejects.toThrow(
      'bad.json is not a valid loss log: LOSSMANAGER_LOG.loss_functions.G.weights: has 0 values but loss has 1',
    );
  });

  it('keeps the alarms with the run: shown, stored, cut with the values on a resume, exported and imported', async () => {
    const alarm = (step: number) => ({ kind: 'modeCollapse' as const, step, series: ['metric/modeCoverage'], detail: `fell at ${step}` });
    const first = await loadPage();
    train(first);
    first.emit({ type: 'alarms', alarms: [alarm(1), alarm(3)] });
    expect(first.playground.stores.history.getState().alarms).toEqual([alarm(1), alarm(3)]);
    const runId = first.playground.stores.runs.getState().currentRunId!;
    await unload(first);

    const second = await loadPage();
    expect(second.playground.stores.history.getState().alarms).toEqual([alarm(1), alarm(3)]);
    // Resumed from the checkpoint at step 2: the alarm at step 3 goes with the values after it.
    await second.playground.runs.resumeFromCheckpoint(runId);
    second.emit(ready);
    second.emit(history([2, 3]));
    expect(second.playground.stores.history.getState().alarms).toEqual([alarm(1)]);
    second.emit({ type: 'alarms', alarms: [alarm(4)] });
    const log = parseLossLogText((await second.playground.runs.exportLossLog(runId)).text);
    expect(log.LOSSMANAGER_LOG.alarms).toEqual([alarm(1), alarm(4)]);
    await unload(second);

    const third = await loadPage();
    expect(third.playground.stores.history.getState().alarms).toEqual([alarm(1), alarm(4)]);
    await third.playground.runs.importLossLog(JSON.stringify(log), 'loss_log.json');
    expect(third.playground.stores.runs.getState().runs[0]).toMatchObject({ status: 'imported' });
    expect(third.playground.stores.history.getState().alarms).toEqual([alarm(1), alarm(4)]);
  });

  it('keeps the weight marks the resumed checkpoint holds and cuts the later ones: on the charts, in the archive, after a reload, in the exported loss log', async () => {
    // Bug: the marks were cut where the resumed values begin. The worker sends again the values
    // since the checkpoint before (steps 2..4 here), but not the weight changes among them:
    // the change at step 3, in the checkpoint's state, was lost; so was one made right after
    // the restore, before the first values came.
    const weighted = (steps: readonly number[], weight: (s: number) => number, value = 0.25): TrainingEvent => ({ type: 'history', batch: batch(['G_GAN'], steps.map((s) => [0, s, value * weight(s), weight(s), value, s * 10] as const)) });
    const before = (s: number) => (s < 3 ? 1 : s < 6 ? 0.5 : 4);
    const page = await loadPage();
    page.playground.start();
    page.emit(ready);
    page.emit(weighted([0, 1], before));
    page.emit({ type: 'checkpointSaved', step: 2 });
    page.emit({ type: 'weightChanged', name: 'G_GAN', step: 3, weight: 0.5, schedule: null });
    page.emit(weighted([2, 3, 4], before));
    page.emit({ type: 'checkpointSaved', step: 5 });
    page.emit({ type: 'weightChanged', name: 'G_GAN', step: 6, weight: 4, schedule: null });
    page.emit(weighted([5, 6], before));
    page.emit({ type: 'paused', step: 7 });
    const runId = page.playground.stores.runs.getState().currentRunId!;

    page.playground.restoreCheckpoint();
    page.emit(ready);
    page.emit({ type: 'weightChanged', name: 'G_GAN', step: 5, weight: 2, schedule: null });
    page.emit(weighted([2, 3, 4], before, 0.125));
    page.emit(weighted([5], () => 2, 0.125));
    const marks = [
      { name: 'G_GAN', step: 3, weight: 0.5 },
      { name: 'G_GAN', step: 5, weight: 2 },
    ];
    expect(page.playground.stores.history.getState().marks).toEqual(marks);
    await page.archive.flush();
    expect((await page.archive.list())[0]).toMatchObject({ id: runId, marks, lastStep: 5 });
    const log = parseLossLogText((await page.playground.runs.exportLossLog(runId)).text);
    const g = log.LOSSMANAGER_LOG.loss_functions.G_GAN!;
    expect([g.steps, g.weights]).toEqual([
      [0, 1, 2, 3, 4, 5],
      [1, 1, 1, 0.5, 0.5, 2],
    ]);
    await unload(page);

    const reloaded = await loadPage();
    expect(reloaded.playground.stores.history.getState().marks).toEqual(marks);
  });

  it('repairs a stored run\'s settings that cannot run as it opens them into the panels, and names the fields', async () => {
    const page = await loadPage();
    const { playground } = page;
    playground.stores.settings.getState().update({ seed: 1234 });
    train(page);
    const id = playground.stores.runs.getState().currentRunId!;
    playground.reset();
    // As a run kept by an older version (no dSteps) and damaged (a batch of -3) would read back.
    const { dSteps: _dropped, ...older } = playground.stores.settings.getState().settings;
    await page.archive.setSettings(id, { ...older, batchSize: -3 } as unknown as RunSettings);
    playground.stores.settings.getState().update({ seed: 7 });

    await playground.runs.open(id);
    // The fields at fault take the toy defaults (batch 128, one D step); the others stay the run's.
    expect(playground.stores.settings.getState().settings).toMatchObject({ family: 'toy', seed: 1234, batchSize: 128, dSteps: 1 });
    expect(validateRunSettings(playground.stores.settings.getState().settings).ok).toBe(true);
    const notice = playground.stores.runs.getState().error;
    expect(notice).toMatch(/^run "Run 1": its stored settings could not run \(.*batchSize.*\); batchSize, dSteps were set to the toy defaults$/);
    expect(notice).toContain('dSteps');
  });

  it('keeps nothing where there is no IndexedDB, and says so', async () => {
    vi.unstubAllGlobals();
    const playground = createPlayground(() => ({ send: () => {}, terminate: () => {} }));
    await playground.runs.ready;
    expect(playground.stores.runs.getState()).toMatchObject({ available: false, runs: [] });
    playground.start();
    expect(playground.stores.runs.getState().currentRunId).toBeNull();
    await expect(playground.runs.open('x')).rejects.toThrow(/no IndexedDB/);
  });
});
