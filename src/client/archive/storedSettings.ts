// A stored run's settings as the panels get them when the run is opened: a run kept by an older
// version (a field missing or renamed) or damaged in storage is repaired as Start would repair
// it, so no panel shows a value that cannot run, and the page says which fields changed.
import type { RunSettings } from '../../protocol/messages';
import { repairInOwnFamily } from '../../protocol/repairSettings';

export interface StoredSettings {
  readonly settings: RunSettings;
  /** Which fields were repaired and why; null when the stored settings were valid. */
  readonly notice: string | null;
}

/** Fields at fault take the run's family's defaults (a link's repair does the same). */
export function storedSettings(stored: unknown, runName: string): StoredSettings {
  const { family, repaired } = repairInOwnFamily(stored);
  if (repaired.ok) return { settings: repaired.settings, notice: null };
  const instead = repaired.replaced === null ? `the ${family} defaults are shown instead` : `${repaired.replaced.join(', ')} ${repaired.replaced.length === 1 ? 'was' : 'were'} set to the ${family} defaults`;
  return { settings: repaired.settings, notice: `run "${runName}": its stored settings could not run (${repaired.problem}); ${instead}` };
}
