import { describe, expect, it } from 'vitest';
import { ALARM_DEFAULTS, resolveAlarmSettings } from '../../../src/manager/alarms/settings';
import { defaultSettings } from '../../../src/protocol/presets';
import { fieldIssues, validateRunSettings } from '../../../src/protocol/runSettings';

const toy = defaultSettings('toy');

function problems(alarms: unknown): string[] {
  const result = validateRunSettings({ ...toy, alarms });
  if (result.ok) throw new Error('expected the settings to be refused');
  return result.issues.map((issue) => `${issue.path}: ${issue.message}`);
}

describe('the alarms run setting', () => {
  it('is optional, and every field of it', () => {
    expect(validateRunSettings(toy).ok).toBe(true);
    expect(validateRunSettings({ ...toy, alarms: {} }).ok).toBe(true);
    expect(validateRunSettings({ ...toy, alarms: { metricWorsening: { enabled: false }, vanishingGradient: { absolute: 1e30 } } }).ok).toBe(true);
  });

  it('fills what it leaves out from the defaults', () => {
    const s = resolveAlarmSettings({ dOverpowering: { window: 10 }, modeCollapse: { enabled: false } });
    expect(s.dOverpowering).toEqual({ ...ALARM_DEFAULTS.dOverpowering, window: 10 });
    expect(s.modeCollapse).toEqual({ ...ALARM_DEFAULTS.modeCollapse, enabled: false });
    expect(s.vanishingGradient).toEqual(ALARM_DEFAULTS.vanishingGradient);
    expect(resolveAlarmSettings(undefined)).toEqual(ALARM_DEFAULTS);
  });

  it('names each bad field at its path, with the value that came', () => {
    expect(problems({ dOverpowering: { accuracy: 2 } })).toEqual(['alarms.dOverpowering.accuracy: must be a number > 0 and <= 1 (a mean accuracy), got 2']);
    expect(problems({ dOverpowering: { window: 1.5 } })).toEqual(['alarms.dOverpowering.window: must be a whole number from 2 to 100,000, got 1.5']);
    expect(problems({ metricWorsening: { points: 2, tolerance: -1 } })).toEqual([
      'alarms.metricWorsening.points: must be a whole number from 3 to 100,000, got 2',
      "alarms.metricWorsening.tolerance: must be a finite number >= 0 (a share of the metric's value), got -1",
    ]);
    expect(problems({ vanishingGradient: { enabled: 'yes' } })).toEqual(['alarms.vanishingGradient.enabled: must be true or false, got "yes"']);
    expect(problems({ modeCollapse: { drop: 0 } })).toEqual(['alarms.modeCollapse.drop: must be a number > 0 and <= 1 (a share of the best value), got 0']);
    expect(problems({ lossExploding: { factor: 0.5, absolute: Infinity, window: 0 } })).toEqual([
      'alarms.lossExploding.factor: must be a finite number >= 1 (a multiple of the early size), got 0.5',
      "alarms.lossExploding.absolute: must be a finite number >= 0 (a loss's size), got Infinity",
      'alarms.lossExploding.window: must be a whole number from 1 to 100,000, got 0',
    ]);
  });

  it('names unknown fields and refuses a value that is not an object', () => {
    expect(problems({ dOverpowering: { acuracy: 0.9 } })).toEqual([
      'alarms.dOverpowering.acuracy: unknown field; expected one of enabled, accuracy, clearAccuracy, window, gLossRise',
    ]);
    expect(problems({ modeColapse: {} })).toEqual(['alarms.modeColapse: unknown field; expected one of dOverpowering, modeCollapse, vanishingGradient, metricWorsening, lossExploding']);
    expect(problems(5)[0]).toMatch(/^alarms: must be an object of alarm settings .*, got 5$/);
    expect(problems({ ['__proto__']: { a: 1 } })[0]).toMatch(/^alarms\.__proto__: unknown field/);
  });

  it('refuses a clear line at or above the raise line (the alarm would never clear)', () => {
    expect(problems({ dOverpowering: { accuracy: 0.9, clearAccuracy: 0.95 } })).toEqual([
      'alarms.dOverpowering.clearAccuracy: must be below accuracy (0.9), or the alarm never clears, got 0.95',
    ]);
    expect(problems({ dOverpowering: { accuracy: 0.85 } })[0]).toMatch(/^alarms\.dOverpowering\.clearAccuracy: must be below accuracy \(0\.85\)/);
  });

  it('is checked on its own by fieldIssues, as the page checks a field', () => {
    expect(fieldIssues('alarms', { metricWorsening: { points: 0 } })).toEqual([
      { path: 'alarms.metricWorsening.points', message: 'must be a whole number from 3 to 100,000, got 0' },
    ]);
  });
});
