import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  CHART_SETTINGS_KEY,
  CHART_SETTINGS_LIMITS,
  DEFAULT_CHART_SETTINGS,
  loadChartSettings,
  parseChartSettings,
  saveChartSettings,
  serializeChartSettings,
  type ChartSettings,
} from '../../../src/ui/charts/chartSettings';
import { DEFAULT_CHART_OPTIONS } from '../../../src/ui/charts/options';
import { HOSTILE_NAMES } from '../../helpers/hostileNames';
import { expectPrototypesUntouched } from '../../helpers/prototypes';

/** An in-memory localStorage. */
function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

const custom: ChartSettings = {
  options: { ...DEFAULT_CHART_OPTIONS, smoothing: 0.6, logY: true, ignoreOutliers: false, xAxis: 'time', show: 'raw', showWeight: true, tooltipSort: 'descending' },
  added: ['G_L1', ...HOSTILE_NAMES],
  ranges: new Map([
    ['tag:G', { x: { axis: 'step', range: [100, 200] }, y: [0.5, 2] }],
    ['loss:__proto__', { y: [1, 3] }],
  ]),
};

describe('chart settings kept in localStorage', () => {
  it('round-trips everything, hostile loss names included', () => {
    const storage = memoryStorage();
    saveChartSettings(storage, custom);
    expect(storage.map.has(CHART_SETTINGS_KEY)).toBe(true);
    expect(loadChartSettings(storage)).toEqual(custom);
    expectPrototypesUntouched();
  });

  it('gives the defaults, silently, when nothing is stored', () => {
    const warn = vi.fn();
    expect(loadChartSettings(memoryStorage(), warn)).toEqual(DEFAULT_CHART_SETTINGS);
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ['not JSON', '{"options": {'],
    ['JSON but not an object', '[1, 2, 3]'],
    ['null', 'null'],
    ['too long', `{"added": ["${'x'.repeat(CHART_SETTINGS_LIMITS.chars)}"]}`],
  ])('falls back to the defaults with a warning for %s', (_, text) => {
    const warn = vi.fn();
    expect(loadChartSettings(memoryStorage({ [CHART_SETTINGS_KEY]: text }), warn)).toEqual(DEFAULT_CHART_SETTINGS);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]![0]).toContain(CHART_SETTINGS_KEY);
  });

  it('keeps each good field and gives each bad one its default, naming it', () => {
    const text = JSON.stringify({
      options: { smoothing: 5, logY: 'yes', ignoreOutliers: false, xAxis: 'wall', show: 'raw', tooltipSort: 'nearest', showWeight: null },
      added: ['G_L1', 7, '', 'G_L1', 'x'.repeat(CHART_SETTINGS_LIMITS.name + 1)],
      ranges: [['tag:G', { y: [2, 1] }], ['tag:D', { y: [0, 1] }], 'junk', ['tag:E', { x: { axis: 'step', range: [0, Infinity] } }]],
    });
    const { settings, problems } = parseChartSettings(text);
    expect(settings.options).toEqual({ ...DEFAULT_CHART_OPTIONS, ignoreOutliers: false, show: 'raw', tooltipSort: 'nearest' });
    expect(settings.added).toEqual(['G_L1']);
    expect([...settings.ranges]).toEqual([['tag:D', { y: [0, 1] }]]);
    expect(problems.join('\n')).toMatch(/options\.smoothing: 5/);
    expect(problems.join('\n')).toMatch(/options\.logY/);
    expect(problems.join('\n')).toMatch(/options\.xAxis/);
    expect(problems.join('\n')).toMatch(/options\.showWeight/);
    expect(problems.join('\n')).toMatch(/added: 3 entries/);
    expect(problems.filter((p) => p.startsWith('ranges:'))).toHaveLength(3);
  });

  it('reads no inherited or prototype-setting keys', () => {
    const text = '{"__proto__": {"options": {"logY": true}}, "options": {"__proto__": {"logY": true}, "constructor": 1}}';
    const { settings } = parseChartSettings(text);
    expect(settings.options).toEqual(DEFAULT_CHART_OPTIONS);
    expect(Object.getPrototypeOf(settings.options)).toBe(Object.prototype);
    expectPrototypesUntouched();
  });

  it('bounds what it keeps: at most the limit of added charts and of ranges', () => {
    const many = Array.from({ length: 500 }, (_, i) => `loss${i}`);
    const text = JSON.stringify({ added: many, ranges: many.map((n) => [n, { y: [0, 1] }]) });
    const { settings, problems } = parseChartSettings(text);
    expect(settings.added).toHaveLength(CHART_SETTINGS_LIMITS.added);
    expect(settings.ranges.size).toBe(CHART_SETTINGS_LIMITS.ranges);
    expect(problems).toHaveLength(2);
  });

  it('never throws, for any JSON value or any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.string()), (text) => {
        const { settings } = parseChartSettings(text);
        expect(typeof settings.options.smoothing).toBe('number');
        // What is read is stored and read back the same.
        expect(parseChartSettings(serializeChartSettings(settings)).settings).toEqual(settings);
      }),
    );
    expectPrototypesUntouched();
  });

  it('survives a storage that throws on read and on write', () => {
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('quota'); } };
    expect(loadChartSettings(broken, () => {})).toEqual(DEFAULT_CHART_SETTINGS);
    expect(() => saveChartSettings(broken, custom)).not.toThrow();
  });
});
