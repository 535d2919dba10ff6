import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { createPlayground } from '../../../src/client/playground';
import { defaultSettings } from '../../../src/protocol/presets';
import type { RunMeta, RunsState } from '../../../src/state/runsStore';
import { PALETTE } from '../../../src/ui/charts/palette';
import { mmagicRunFile } from '../../../src/ui/runs/mmagicFile';
import { describeRun, RunsPanel, statusText } from '../../../src/ui/runs/RunsPanel';
import { RUNS_VIEW_KEY } from '../../../src/ui/runs/runsView';
import { PlaygroundContext } from '../../../src/ui/usePlayground';

function run(number: number, patch: Partial<RunMeta> = {}): RunMeta {
  const settings = defaultSettings('toy');
  return {
    id: `run-${number}`,
    number,
    name: `Run ${number}`,
    createdAt: Date.UTC(2025, 0, number),
    updatedAt: Date.UTC(2025, 0, number),
    settings,
    family: 'toy',
    specName: settings.spec.name ?? null,
    spec: settings.spec,
    backend: 'webgpu',
    lastStep: 99,
    status: 'stopped',
    marks: [],
    checkpoint: null,
    imported: null,
    chunks: 1,
    ...patch,
  };
}

/** The panel as HTML, on a playground without IndexedDB whose runs store the test fills. */
function render(state: Partial<RunsState>): string {
  const playground = createPlayground(() => ({ send: () => {}, terminate: () => {} }), { archive: null });
  const store = playground.stores.runs;
  store.setState({ available: true, ...state });
  // Server rendering reads zustand's initial state (useSyncExternalStore's server snapshot).
  store.getInitialState = store.getState;
  return renderToStaticMarkup(createElement(PlaygroundContext.Provider, { value: playground }, createElement(RunsPanel)));
}

/** The colour swatch of a run's row, or null where it has none. */
function swatchOf(html: string, id: string): string | null {
  const row = html.match(new RegExp(`<li[^>]*data-run="${id}"[^>]*>.*?</li>`))?.[0] ?? '';
  return row.match(/data-color="([^"]+)"/)?.[1] ?? null;
}

/** The attributes of the element whose aria-label is `label`. */
function control(html: string, label: string): string {
  const match = html.match(new RegExp(`<[^>]*aria-label="${label.replace(/[()]/g, '\\$&')}"[^>]*>`));
  if (!match) throw new Error(`no control named "${label}" in ${html}`);
  return match[0];
}

describe('RunsPanel', () => {
  const runs = [run(3, { status: 'imported', imported: { fileName: 'loss_log.json', device: 'cuda', dataroot: '', datasetLength: 0 }, family: null, specName: null }), run(2, { checkpoint: { step: 40, savedAt: 5 } }), run(1)];

  it('names every control after its run', () => {
    const html = render({ runs, currentRunId: 'run-2' });
    for (const n of [1, 2, 3]) {
      for (const label of [`Open run ${n}`, `Rename run ${n}`, `Delete run ${n}`, `Download loss log of run ${n}`, `Download CSV of run ${n}`]) {
        expect(control(html, label)).toMatch(/^<button/);
      }
      expect(control(html, `Show run ${n} on the charts`)).toMatch(/^<input type="checkbox"/);
      expect(control(html, `Colour of run ${n}`)).toMatch(/^<select/);
    }
    expect(html).toContain('<label for=');
    expect(html).toContain('>Load loss_log.json or MMagic log (scalars.json, *.log.json)</label>');
  });

  it('marks the current run and the shown ones, each in its colour, and offers the checkpoint of its owner only', () => {
    // Run 1 shown with a stored colour, run 3 hidden; run 2 open, with no colour yet.
    const listed = [runs[0]!, runs[1]!, { ...runs[2]!, shown: true, color: PALETTE[3] }];
    const html = render({ runs: listed, currentRunId: 'run-2' });
    expect(control(html, 'Run 2: Run 2')).toContain('aria-current="true"');
    expect(control(html, 'Open run 2')).toContain('disabled');
    expect(control(html, 'Open run 1')).not.toContain('disabled');
    // The open run is always drawn: checked, and not to be unchecked.
    expect(control(html, 'Show run 2 on the charts')).toMatch(/checked.*disabled|disabled.*checked/);
    expect(control(html, 'Show run 1 on the charts')).toContain('checked');
    expect(control(html, 'Show run 3 on the charts')).not.toContain('checked');
    // Run 1 keeps its stored colour; run 2 takes the first the drawn runs leave free.
    expect(swatchOf(html, 'run-1')).toBe(PALETTE[3]);
    expect(swatchOf(html, 'run-2')).toBe(PALETTE[0]);
    expect(swatchOf(html, 'run-3')).toBeNull();
    expect(control(html, 'Resume run 2 from checkpoint (step 40)')).not.toContain('disabled');
    expect(html).not.toContain('Resume run 1');
    expect(html).toContain('Resume from checkpoint goes on from step 40');
  });

  it('lists the members of each seed group under it when grouping by seed', () => {
    const settings = defaultSettings('toy');
    const seeded = (n: number, seed: number, patch: Partial<RunMeta> = {}) => run(n, { settings: { ...settings, seed }, ...patch });
    const listed = [seeded(4, 7, { settings: { ...settings, seed: 7, batchSize: settings.batchSize + 1 } }), seeded(3, 3), seeded(2, 2), seeded(1, 1)];
    const flat = render({ runs: listed, currentRunId: 'run-1' });
    expect(flat).not.toContain('Seed group');
    const html = render({ runs: listed, currentRunId: 'run-1', groupBySeed: true });
    const group = html.match(/<li[^>]*aria-label="Seed group of run 1, run 2, run 3"[^>]*>.*?<\/ul><\/li>/)?.[0] ?? '';
    expect(group).toContain('Seed group: 3 runs, seeds 1, 2 and 3');
    expect([...group.matchAll(/aria-label="Run (\d): /g)].map((m) => m[1])).toEqual(['1', '2', '3']);
    // Run 4's batch differs: in no group.
    expect(group).not.toContain('Run 4: ');
    expect(html).toContain('aria-label="Run 4: Run 4"');
  });

  it('opens with the filter the last page left in localStorage, applied', () => {
    const stored = new Map([[RUNS_VIEW_KEY, JSON.stringify({ groupBySeed: false, filter: 'Run [12]$' })]]);
    vi.stubGlobal('localStorage', { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) });
    try {
      const html = render({ runs: [run(3), run(2), run(1)], currentRunId: 'run-1' });
      expect(html).toMatch(/<input[^>]*type="search"[^>]*value="Run \[12\]\$"/);
      expect([...html.matchAll(/<li[^>]*data-run="([^"]+)"/g)].map((m) => m[1])).toEqual(['run-2', 'run-1']);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('says when runs are not kept, and shows errors as alerts', () => {
    const html = render({ available: false, error: 'bad.json is not a valid loss log: LOSSMANAGER_LOG: missing' });
    expect(html).toContain('no IndexedDB');
    expect(html).toContain('<p role="alert" class="error">bad.json is not a valid loss log: LOSSMANAGER_LOG: missing</p>');
  });
});

describe('MMagic config of a run', () => {
  it('is offered for a run with settings, disabled with the reason for the toy GAN and absent for an imported log', () => {
    const pix = defaultSettings('pix2pix');
    const runs = [run(3, { status: 'imported', settings: null }), run(2, { settings: pix, family: 'pix2pix' }), run(1)];
    const html = render({ runs });
    expect(control(html, 'Download MMagic config of run 2')).not.toContain('disabled');
    expect(control(html, 'Download MMagic config of run 1')).toContain('disabled');
    expect(control(html, 'Download MMagic config of run 1')).toContain('no model for GAN Lab&#x27;s 2-D toy GAN');
    expect(html).not.toContain('Download MMagic config of run 3');
  });

  it('downloads <run name>.py training as many iterations as the run recorded (10,000 before any)', () => {
    const pix = defaultSettings('pix2pix');
    const file = mmagicRunFile(run(2, { name: 'edges / try 2', settings: pix, family: 'pix2pix', lastStep: 1234 }));
    expect(file).toMatchObject({ fileName: 'edges_try_2.py', mimeType: 'text/x-python' });
    expect(file.text).toContain("type='Pix2Pix'");
    expect(file.text).toContain('max_iters=1234');
    expect(mmagicRunFile(run(2, { settings: pix, family: 'pix2pix', lastStep: null })).text).toContain('max_iters=10000');
    expect(() => mmagicRunFile(run(1))).toThrow(/no model for GAN Lab's 2-D toy GAN/);
  });
});

describe('run descriptions', () => {
  it('tells a run training here, in another tab, or interrupted by its page closing', () => {
    expect(statusText(run(1, { status: 'running' }), true)).toBe('training');
    // The archive marks a closed page's runs interrupted when the next page loads: one still
    // 'running' and not here is another tab's.
    expect(statusText(run(1, { status: 'running' }), false)).toBe('training in another tab');
    expect(statusText(run(1, { status: 'interrupted' }), false)).toBe('interrupted');
    expect(statusText(run(1, { status: 'imported', imported: { fileName: 'a.json', device: '', dataroot: '', datasetLength: 0 } }), false)).toBe('imported from a.json');
  });

  it('shows family and spec as far as they are known', () => {
    expect(describeRun({ family: 'toy', specName: 'toy-gan' })).toBe('toy · toy-gan');
    expect(describeRun({ family: null, specName: null })).toBe('unknown spec');
  });

  it('says when another tab blocks the runs database, and when a newer tab took it over', () => {
    expect(render({ access: 'open' })).not.toMatch(/runs-(blocked|superseded)/);
    expect(render({ access: 'blocked' })).toMatch(/data-testid="runs-blocked">Another playground tab holds the runs database open with an older version, so this tab waits for it: close the other playground tabs/);
    expect(render({ access: 'superseded' })).toMatch(/role="alert"[^>]*data-testid="runs-superseded">Another tab runs a newer version of the playground: reload this tab to keep saving runs\. What this tab recorded is kept in its journal/);
  });
});
