// Run settings as this engine checks them: the one schema (src/protocol/runSettings.ts) with the
// engine's own outputs keys and every loss type registered here, custom ones included.
import { listLossTypes } from '../losses';
import type { RunSettings } from '../protocol/messages';
import { validateRunSettings, type RunSettingsValidation } from '../protocol/runSettings';
import { RunSettingsError } from '../protocol/settingsIssues';
import { OUTPUT_KEYS } from './outputs';

export function validateEngineSettings(settings: unknown): RunSettingsValidation {
  return validateRunSettings(settings, { outputKeys: OUTPUT_KEYS, extraTypes: listLossTypes() });
}

/** The settings, or a RunSettingsError whose message lists the first problems with their paths. */
export function checkEngineSettings(settings: unknown, subject?: string): RunSettings {
  const result = validateEngineSettings(settings);
  if (!result.ok) throw new RunSettingsError(result.issues, result.omitted, subject);
  return result.settings;
}
