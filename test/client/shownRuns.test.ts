// Runs shown beside the open one: any number at once, their series loaded into the runs store,
// their colour and visibility kept with the run across a reload.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPlayground, type Playground } from '../../src/client/playground';
import { RunArchive } from '../../src/client/runArchive';
import type { TrainingEvent } from '../../src/protocol/messages';
import { installFakeIndexedDb } from './fakeIndexedDb';
import { batch } from './historyFixtures';

const archives: RunArchive[] = [];

/** A page on the shared fake IndexedDB; `onCreate` sees its playground before the run list is read. */
async function loadPage(onCreate?: (p: Playground) => void): Promise<{ playground: Playground; emit: (e: TrainingEvent) => void }> {
  let emit: (event: TrainingEvent) => void = () => {};
  const archive = new RunArchive();
  archives.push(archive);
  const playground = createPlayground(
    (onEvent) => {
      emit = onEvent;
      return { send: () => {}, terminate: () => {} };
    },
    { archive },
  );
  onCreate?.(playground);
  playground.connect();
  await playground.runs.ready;
  return { playground, emit: (e) => emit(e) };
}

const ready: TrainingEvent = { type: 'ready', version: 1, backend: 'webgpu', reasons: [], adapter: null, outputKeys: [] };

/** Starts a run and records G_GAN = `value` at steps 0..2; returns its id. */
function trainRun(page: Awaited<ReturnType<typeof loadPage>>, value: number): string {
  page.playground.reset();
  page.playground.start();
  page.emit(ready);
  page.emit({ type: 'history', batch: batch(['G_GAN'], [0, 1, 2].map((s) => [0, s, value, 1, value, s] as const)) });
  return page.playground.stores.runs.getState().currentRunId!;
}

const shownIds = (p: Playground) => [...p.stores.runs.getState().shownSeries.keys()].sort();
const gValues = (p: Playground, id: string) => {
  const s = p.stores.runs.getState().shownSeries.get(id)?.get('G_GAN');
  return s ? Array.from(s.value.subarray(0, s.length)) : null;
};

beforeEach(() => installFakeIndexedDb());
afterEach(async () => {
  await Promise.all(archives.splice(0).map((a) => a.close()));
  vi.unstubAllGlobals();
});

describe('shown runs', () => {
  it('shows any number of runs beside the open one, and keeps their colour and visibility across a reload', async () => {
    const first = await loadPage();
    const a = trainRun(first, 1);
    const b = trainRun(first, 2);
    await first.playground.runs.setShown(a, true);
    await first.playground.runs.setColor(a, '#CC79A7');
    const c = trainRun(first, 3);
    // Shown while it trained: drawn from its stored values once another run is open.
    await first.playground.runs.setShown(b, true);
    await vi.waitFor(() => expect(shownIds(first.playground)).toEqual([a, b].sort()));
    expect(gValues(first.playground, a)).toEqual([1, 1, 1]);
    expect(gValues(first.playground, b)).toEqual([2, 2, 2]);
    // The open run is the history store's, never loaded twice, even when marked shown.
    await first.playground.runs.setShown(c, true);
    expect(shownIds(first.playground)).not.toContain(c);
    await first.playground.runs.setShown(c, false);
    await archives[0]!.close();

    // The runs shown are loaded together: the charts redraw once for them, not once per run.
    const updates: string[][] = [];
    const second = await loadPage((p) =>
      p.stores.runs.subscribe((s, prev) => {
        if (s.shownSeries !== prev.shownSeries) updates.push([...s.shownSeries.keys()].sort());
      }),
    );
    const runs = second.playground.stores.runs.getState().runs;
    expect(runs.map((r) => [r.id, r.shown ?? false, r.color ?? null])).toEqual([
      [c, false, null],
      [b, true, null],
      [a, true, '#cc79a7'],
    ]);
    expect(second.playground.stores.runs.getState().currentRunId).toBe(c);
    await vi.waitFor(() => expect(shownIds(second.playground)).toEqual([a, b].sort()));
    expect(updates).toEqual([[a, b].sort()]);
    expect(gValues(second.playground, b)).toEqual([2, 2, 2]);

    // Opening a shown run makes its values the history's; the run it replaces, not shown, goes.
    await second.playground.runs.open(a);
    expect(shownIds(second.playground)).toEqual([b]);
    // Shown again once another run is opened.
    await second.playground.runs.open(c);
    await vi.waitFor(() => expect(shownIds(second.playground)).toEqual([a, b].sort()));
    await second.playground.runs.remove(b);
    expect(shownIds(second.playground)).toEqual([a]);
  });

  it('refuses a colour that is not #rrggbb, naming it', async () => {
    const page = await loadPage();
    const a = trainRun(page, 1);
    // Listed: the refresh after its first write is over (the page's globals go when the test ends).
    await vi.waitFor(() => expect(page.playground.stores.runs.getState().runs.map((r) => r.id)).toEqual([a]));
    await expect(page.playground.runs.setColor(a, 'red; background: url(x)')).rejects.toThrow(`a run's colour must be '#rrggbb', got "red; background: url(x)"`);
    
    await expect(page.playground.runs.setShown('no-such-run', true)).rejects.toThrow('there is no run "no-such-run" in the archive');
  });
});
