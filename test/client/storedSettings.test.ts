import { describe, expect, it } from 'vitest';
import { storedSettings } from '../../src/client/archive/storedSettings';
import { defaultSettings } from '../../src/protocol/presets';

describe('storedSettings', () => {
  it('passes valid settings through with no notice', () => {
    const settings = { ...defaultSettings('dcgan'), seed: 99 };
    expect(storedSettings(settings, 'a')).toEqual({ settings, notice: null });
  });

  it("repairs a field at fault from the run's own family's defaults, keeping the rest", () => {
    const stored = { ...defaultSettings('dcgan'), seed: 99, batchSize: 0 };
    const { settings, notice } = storedSettings(stored, 'gan 3');
    expect(settings).toEqual({ ...defaultSettings('dcgan'), seed: 99, batchSize: defaultSettings('dcgan').batchSize });
    expect(notice).toMatch(/^run "gan 3": its stored settings could not run \(batchSize: .*\); batchSize was set to the dcgan defaults$/);
  });

  it('shows the defaults whole for settings that are not an object, and drops a stray __proto__ field', () => {
    expect(storedSettings(null, 'x')).toMatchObject({ settings: defaultSettings('toy'), notice: expect.stringContaining('the toy defaults are shown instead') });
    const stored = JSON.parse(`{"__proto__": {"polluted": 1}, ${JSON.stringify(defaultSettings('toy')).slice(1)}`);
    const { settings } = storedSettings(stored, 'x');
    expect(Object.hasOwn(settings, '__proto__')).toBe(false);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });
});
