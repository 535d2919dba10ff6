// A kept run's setup as an MMagic 1.x training config to download (src/mmagic builds it).
import { fileStem } from '../../client/archive/runFiles';
import { mmagicConfig, TOY_REFUSAL } from '../../mmagic/runConfig';
import type { RunMeta } from '../../state/runsStore';
import type { DownloadFile } from './download';

/** Iterations a config trains for when the run recorded none yet; edit max_iters for more. */
export const DEFAULT_EXPORT_STEPS = 10_000;

/** Why a run cannot become an MMagic config, or null when it can. */
export function mmagicRefusal(run: Pick<RunMeta, 'settings'>): string | null {
  if (run.settings === null) return 'an imported log has no settings to export';
  return run.settings.family === 'toy' ? TOY_REFUSAL : null;
}

/** The run's settings as `<run name>.py`, trained for as many iterations as the run recorded. */
export function mmagicRunFile(run: RunMeta): DownloadFile {
  const refusal = mmagicRefusal(run);
  if (refusal !== null || run.settings === null) throw new Error(refusal ?? '');
  const steps = run.lastStep !== null && run.lastStep > 0 ? run.lastStep : DEFAULT_EXPORT_STEPS;
  const config = mmagicConfig(run.settings, { name: fileStem(run), steps });
  return { fileName: config.fileName, mimeType: 'text/x-python', text: config.text };
}
