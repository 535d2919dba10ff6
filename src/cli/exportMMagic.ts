// `npm run train -- ... --export-mmagic DIR`: the run (or every variant of a sweep) written as
// MMagic 1.x training configs with launch scripts and a README, instead of training.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { exportFiles } from '../mmagic/launchFiles';
import { MMagicExportError, mmagicConfig, type MMagicConfig } from '../mmagic/runConfig';
import type { RunSettings } from '../protocol/messages';
import type { CliOptions } from './args';
import { CliError, EXIT } from './errors';
import type { OutputStream } from './progress';
import { resolveRunSettings } from './settings';
import { loadSweep } from './sweep/loadSweep';

function configOf(settings: RunSettings, name: string, steps: number): MMagicConfig {
  try {
    return mmagicConfig(settings, { name, steps });
  } catch (error) {
    if (error instanceof MMagicExportError) throw new CliError(EXIT.usage, error.message);
    throw error;
  }
}

async function writeExport(dir: string, configs: readonly MMagicConfig[], source: string, stdout: OutputStream): Promise<number> {
  const root = resolve(dir);
  for (const file of exportFiles(configs, source)) {
    const path = join(root, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.text);
    if (file.executable) await chmod(path, 0o755);
  }
  const notes = new Set(configs.flatMap((c) => c.notes)).size;
  stdout.write(`wrote ${configs.length} MMagic config(s) to ${join(root, 'configs')}, train.sh, slurm_array.sh and README.md (${notes} differences from the playground noted)\n`);
  return EXIT.ok;
}

/** The run the flags describe, as one config named --name, else the spec's name. */
export async function exportRunToMMagic(options: CliOptions, dir: string, stdout: OutputStream): Promise<number> {
  const { settings, specLabel } = await resolveRunSettings(options);
  const name = options.name ?? settings.spec.name ?? basename(specLabel, '.json');
  return writeExport(dir, [configOf(settings, name, options.steps)], `npm run train -- --spec ${specLabel} --steps ${options.steps} --export-mmagic ${dir}`, stdout);
}

/** Every variant of a sweep file, one config each, named as its training folder would be. */
export async function exportSweepToMMagic(file: string, dir: string, stdout: OutputStream): Promise<number> {
  const sweep = await loadSweep(file);
  const configs = sweep.variants.map((v) => configOf(v.settings, v.name, sweep.file.steps));
  return writeExport(dir, configs, `npm run train -- --sweep ${file} --export-mmagic ${dir}`, stdout);
}
