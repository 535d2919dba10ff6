import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../src/protocol/presets';
import type { RunMeta } from '../../../src/state/runsStore';
import { emptySeries } from '../../../src/state/series';
import { minPairDistance } from '../../../src/ui/charts/colorDistance';
import { MIN_COLOR_DISTANCE, PALETTE } from '../../../src/ui/charts/palette';
import { drawnRuns, drawnRunsSelector } from '../../../src/ui/runs/drawnRuns';
import { assignRunColors } from '../../../src/ui/runs/runColors';
import { MAX_FILTER_LENGTH, runFilter } from '../../../src/ui/runs/runFilter';

const runs = (n: number, color: (i: number) => string | null = () => null) => Array.from({ length: n }, (_, i) => ({ id: `r${i + 1}`, number: i + 1, color: color(i + 1) }));

describe('run colours', () => {
  it(`gives up to ${PALETTE.length} runs distinct colours, every two at least ${MIN_COLOR_DISTANCE} apart (CIEDE2000)`, () => {
    for (let n = 1; n <= PALETTE.length; n++) {
      const colors = [...assignRunColors(runs(n)).values()];
      expect(new Set(colors).size).toBe(n);
      expect(minPairDistance(colors)).toBeGreaterThanOrEqual(MIN_COLOR_DISTANCE);
    }
    expect([...assignRunColors(runs(3)).values()]).toEqual(PALETTE.slice(0, 3));
  });

  it('keeps a stored colour whatever else is drawn, so showing or hiding a run recolours no other', () => {
    const drawn = runs(4, (i) => (i === 3 ? PALETTE[0] : null));
    const colors = assignRunColors(drawn);
    expect(colors.get('r3')).toBe(PALETTE[0]);
    expect([colors.get('r1'), colors.get('r2'), colors.get('r4')]).toEqual([PALETTE[1], PALETTE[2], PALETTE[3]]);
    // Stored as given, the same colours come back, with any subset drawn.
    const stored = [...drawn].map((r) => ({ ...r, color: colors.get(r.id)! }));
    for (const subset of [stored, stored.slice(1), [stored[0]!, stored[3]!], stored.slice().reverse()]) {
      for (const [id, color] of assignRunColors(subset)) expect(color).toBe(colors.get(id));
    }
  });

  it('gives a newer run whose stored colour an older drawn run has the next free one; ignores colours not in the palette', () => {
    const colors = assignRunColors([
      { id: 'new', number: 9, color: PALETTE[2] },
      { id: 'old', number: 2, color: PALETTE[2] },
      { id: 'odd', number: 5, color: 'url(x)' },
      { id: 'upper', number: 6, color: PALETTE[4].toUpperCase() },
    ]);
    expect([...colors]).toEqual([
      ['old', PALETTE[2]],
      ['upper', PALETTE[4]],
      ['odd', PALETTE[0]],
      ['new', PALETTE[1]],
    ]);
  });

  it('past the palette, repeats colours evenly: the least used first, in palette order', () => {
    const colors = [...assignRunColors(runs(PALETTE.length + 3)).values()];
    expect(colors.slice(0, PALETTE.length)).toEqual([...PALETTE]);
    expect(colors.slice(PALETTE.length)).toEqual(PALETTE.slice(0, 3));
  });
});

describe('the run filter', () => {
  const named = ['lr 1e-3 seed 1', 'lr 1e-4 seed 2', 'baseline', 'a (b'].map((name, i) => ({ name, number: i + 1 }));
  const matching = (text: string) => named.filter(runFilter(text).matches).map((r) => r.name);

  it('shows every run for no text, and matches a case-insensitive regular expression on the name or #number', () => {
    expect(matching('')).toHaveLength(4);
    expect(matching('  ')).toHaveLength(4);
    expect(matching('^LR 1e-[34]')).toEqual(['lr 1e-3 seed 1', 'lr 1e-4 seed 2']);
    expect(matching('seed [2-9]$')).toEqual(['lr 1e-4 seed 2']);
    expect(matching('#3$')).toEqual(['baseline']);
    expect(runFilter('base').problem).toBeNull();
  });

  it('reads text that is not a regular expression as plain text, saying why', () => {
    const filter = runFilter('a (b');
    expect(filter.problem).toMatch(/^Not a valid regular expression \(.*\): matching the text as typed\.$/);
    expect(matching('a (b')).toEqual(['a (b']);
    expect(matching('[')).toEqual([]);
    expect(runFilter('*').problem).not.toBeNull();
  });

  it(`reads at most ${MAX_FILTER_LENGTH} characters`, () => {
    expect(matching('x'.repeat(MAX_FILTER_LENGTH) + '|baseline')).toEqual([]);
  });
});

describe('the runs the charts draw', () => {
  const toy = defaultSettings('toy');
  const meta = (number: number, patch: Partial<RunMeta> = {}): RunMeta => ({
    id: `run-${number}`, number, name: `Run ${number}`, createdAt: number, updatedAt: number, settings: { ...toy, seed: number }, family: 'toy', specName: null, spec: toy.spec,
    backend: null, lastStep: 2, status: 'stopped', marks: [], checkpoint: null, imported: null, chunks: 1, ...patch,
  });
  const loaded = new Map([['G_GAN', emptySeries('G_GAN')]]);

  it('draws the open run and the shown, loaded ones, each in its colour; none without runs', () => {
    const list = [meta(4, { shown: true }), meta(3), meta(2, { shown: true, color: PALETTE[5] }), meta(1)];
    const d = drawnRuns({ runs: list, currentRunId: 'run-1', shownSeries: new Map([['run-2', loaded]]), groupBySeed: false });
    // Run 4 is shown but still loading: coloured, not yet drawn.
    expect(Object.fromEntries(d.colors)).toEqual({ 'run-1': PALETTE[0], 'run-2': PALETTE[5], 'run-4': PALETTE[1] });
    expect(d.comparison?.runs.map((r) => [r.id, r.label, r.series === null])).toEqual([['run-1', '#1 Run 1', true], ['run-2', '#2 Run 2', false]]);
    expect(d.comparison?.groups).toEqual([]);
    expect(drawnRuns({ runs: list, currentRunId: null, shownSeries: new Map(), groupBySeed: false }).comparison).toBeNull();
  });

  it('draws a run started a moment ago, before the list has it, in the colour it then keeps', () => {
    const list = [meta(2, { shown: true })];
    const before = drawnRuns({ runs: list, currentRunId: 'run-3', shownSeries: new Map([['run-2', loaded]]), groupBySeed: false });
    expect(before.comparison?.runs.map((r) => [r.id, r.label, r.color, r.series === null])).toEqual([
      ['run-2', '#2 Run 2', PALETTE[0], false],
      ['run-3', 'this run', PALETTE[1], true],
    ]);
    const after = drawnRuns({ runs: [meta(3), ...list], currentRunId: 'run-3', shownSeries: new Map([['run-2', loaded]]), groupBySeed: false });
    expect(after.colors.get('run-3')).toBe(PALETTE[1]);
  });

  it('with "Group by seed", draws drawn runs of one setup as one group in its first member\'s colour', () => {
    const list = [meta(3, { shown: true }), meta(2, { shown: true }), meta(1), meta(5, { shown: true, settings: { ...toy, seed: 5, batchSize: 7 } })];
    const shown = new Map([['run-2', loaded], ['run-3', loaded], ['run-5', loaded]]);
    const d = drawnRuns({ runs: list, currentRunId: 'run-1', shownSeries: shown, groupBySeed: true });
    expect(d.comparison?.groups.map((g) => [g.id, g.label, g.color, g.members.map((m) => m.id)])).toEqual([
      ['group:run-1', 'Run 1 (seeds 1, 2 and 3)', PALETTE[0], ['run-1', 'run-2', 'run-3']],
    ]);
    expect(d.comparison?.runs.map((r) => r.id)).toEqual(['run-5']);
  });

  it('keeps its result while a refreshed run list draws the same runs, so the charts\' panel is not re-rendered for it', () => {
    const select = drawnRunsSelector();
    const shown = new Map([['run-2', loaded]]);
    const list = [meta(2, { shown: true }), meta(1)];
    const first = select({ runs: list, currentRunId: 'run-1', shownSeries: shown, groupBySeed: false });
    // The list as re-read every second while training: new objects, later steps, same runs.
    const refreshed = [meta(2, { shown: true, lastStep: 900, updatedAt: 9 }), meta(1, { lastStep: 1200, updatedAt: 9 })];
    expect(select({ runs: refreshed, currentRunId: 'run-1', shownSeries: shown, groupBySeed: false })).toBe(first);
    // A rename, another run shown, newly loaded series: a new value, with what changed.
    const renamed = select({ runs: [meta(2, { shown: true, name: 'wide' }), meta(1)], currentRunId: 'run-1', shownSeries: shown, groupBySeed: false });
    expect(renamed).not.toBe(first);
    expect(renamed.comparison?.runs.map((r) => r.label)).toEqual(['#1 Run 1', '#2 wide']);
    const reloaded = select({ runs: [meta(2, { shown: true, name: 'wide' }), meta(1)], currentRunId: 'run-1', shownSeries: new Map(shown), groupBySeed: false });
    expect(reloaded).not.toBe(renamed);
  });
});
