import { describe, expect, it, vi } from 'vitest';
import { MAX_FILTER_LENGTH } from '../../../src/ui/runs/runFilter';
import { DEFAULT_RUNS_VIEW, loadRunsView, parseRunsView, RUNS_VIEW_KEY, RUNS_VIEW_MAX_CHARS, saveRunsView } from '../../../src/ui/runs/runsView';
import { expectPrototypesUntouched } from '../../helpers/prototypes';

/** An in-memory localStorage. */
function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

describe('the run list view kept in localStorage', () => {
  it('round-trips grouping and the filter, a regular expression as typed', () => {
    const storage = memoryStorage();
    const view = { groupBySeed: true, filter: '^lr 1e-[34] "quoted" \\d' };
    saveRunsView(storage, view);
    expect(storage.map.has(RUNS_VIEW_KEY)).toBe(true);
    expect(loadRunsView(storage)).toEqual(view);
  });

  it('gives the defaults, silently, where nothing was stored', () => {
    const warn = vi.fn();
    expect(loadRunsView(memoryStorage(), warn)).toEqual(DEFAULT_RUNS_VIEW);
    expect(DEFAULT_RUNS_VIEW).toEqual({ groupBySeed: false, filter: '' });
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ['not JSON', '{groupBySeed: true', 'not JSON'],
    ['an array', '[true, "x"]', 'not an object'],
    ['null', 'null', 'not an object'],
    ['too long', `{"filter": "${'a'.repeat(RUNS_VIEW_MAX_CHARS)}"}`, `more than ${RUNS_VIEW_MAX_CHARS}: not read`],
  ])('falls back to the defaults for text that is %s, with one warning', (_, text, problem) => {
    const warn = vi.fn();
    expect(loadRunsView(memoryStorage({ [RUNS_VIEW_KEY]: text }), warn)).toEqual(DEFAULT_RUNS_VIEW);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain(problem);
  });

  it('keeps each good field and names each bad one', () => {
    expect(parseRunsView('{"groupBySeed": "yes", "filter": "seed 3"}')).toEqual({ view: { groupBySeed: false, filter: 'seed 3' }, problems: ['groupBySeed: not true or false'] });
    expect(parseRunsView('{"groupBySeed": true, "filter": 42}')).toEqual({ view: { groupBySeed: true, filter: '' }, problems: ['filter: not text'] });
    const long = 'b'.repeat(MAX_FILTER_LENGTH + 5);
    expect(parseRunsView(JSON.stringify({ filter: long }))).toEqual({ view: { groupBySeed: false, filter: long.slice(0, MAX_FILTER_LENGTH) }, problems: [`filter: ${MAX_FILTER_LENGTH + 5} characters, the first ${MAX_FILTER_LENGTH} kept`] });
  });

  it('reads only its own fields: a __proto__ key sets nothing', () => {
    expect(parseRunsView('{"__proto__": {"groupBySeed": true, "filter": "x"}}')).toEqual({ view: DEFAULT_RUNS_VIEW, problems: [] });
    expectPrototypesUntouched();
  });

  it('never throws where storage refuses (a sandboxed frame, a full quota)', () => {
    const broken = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(loadRunsView(broken, () => {})).toEqual(DEFAULT_RUNS_VIEW);
    expect(() => saveRunsView(broken, { groupBySeed: true, filter: 'x' })).not.toThrow();
    expect(loadRunsView(null)).toEqual(DEFAULT_RUNS_VIEW);
  });
});
