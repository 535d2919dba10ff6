// A CLI sweep's output folder (picked whole in the page) loaded as runs: each variant's
// loss_log.json through the runs list's own import, named after its variant folder, and
// DIR/summary.json as the sweep table.
import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built
import { validateRunSettings } from '../../protocol/runSettings';
import type { SweepRow, SweepStore, SweepVariantStatus } from '../../state/sweepStore';
import type { Playground } from '../playground';

/** A picked file: its path below the picked folder's parent (`DIR/<variant>/loss_log.json`), and its text. */
export interface FolderFile {
  readonly path: string;
  text(): Promise<string>;
}

const MAX_VARIANTS = 1000;

const numbers = z.record(z.string(), z.number().nullable());
const summarySchema = z.object({
  axes: z.array(z.string()).max(100),
  sweep: z.object({ steps: z.number() }).loose(),
  variants: z
    .array(
      z
        .object({
          name: z.string(),
          values: numbers,
          seed: z.number(),
          status: z.enum(['done', 'failed', 'interrupted', 'not run']),
          step: z.number().optional(),
          final: numbers,
        })
        .loose(),
    )
    .max(MAX_VARIANTS),
});

const STATUS: Record<z.output<typeof summarySchema>['variants'][number]['status'], SweepVariantStatus> = {
  done: 'done',
  failed: 'failed',
  interrupted: 'stopped',
  'not run': 'not run',
};

/** JSON's null (a NaN written by JSON.stringify) reads back as NaN. */
const toMap = (record: Record<string, number | null>) => new Map(Object.entries(record).map(([k, v]) => [k, v ?? NaN]));

function summaryRows(text: string): { axes: string[]; steps: number; rows: SweepRow[] } {
  const parsed = summarySchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  const { axes, sweep, variants } = parsed.data;
  const rows = variants.map((v) => ({ name: v.name, values: toMap(v.values), seed: v.seed, status: STATUS[v.status], step: v.step ?? 0, final: toMap(v.final), message: null }));
  return { axes, steps: sweep.steps, rows };
}

/**
 * Imports every `DIR/<variant>/loss_log.json` as a run named `<variant>`, and shows
 * `DIR/summary.json` in the sweep table. A file that cannot be read or imported is listed in
 * `problems` by its path; the others still load.
 */
export async function loadSweepFolder(files: readonly FolderFile[], playground: Playground, store: SweepStore): Promise<{ imported: number; problems: string[] }> {
  const problems: string[] = [];
  const depth = (f: FolderFile) => f.path.split('/').length;
  const logs = files.filter((f) => depth(f) === 3 && f.path.endsWith('/loss_log.json')).sort((a, b) => a.path.localeCompare(b.path));
  if (logs.length > MAX_VARIANTS) return { imported: 0, problems: [`${logs.length} loss logs: at most ${MAX_VARIANTS} load at once`] };
  const summary = files.find((f) => depth(f) === 2 && f.path.endsWith('/summary.json'));
  if (logs.length === 0 && !summary) return { imported: 0, problems: ['no <variant>/loss_log.json or summary.json in that folder: pick the folder a sweep wrote (its --out)'] };
  let imported = 0;
  const seeds = new Set<number>();
  for (const file of logs) {
    const variant = file.path.split('/')[1]!;
    try {
      const before = new Set(playground.stores.runs.getState().runs.map((r) => r.id));
      await playground.runs.importLossLog(await file.text(), `${variant}/loss_log.json`);
      const added = playground.stores.runs.getState().runs.find((r) => !before.has(r.id));
      if (added) {
        await playground.runs.rename(added.id, variant);
        const settingsFile = files.find((f) => f.path === file.path.replace(/loss_log\.json$/, 'settings.json'));
        const seed = settingsFile ? await keepSettings(settingsFile, added.id, playground, problems) : null;
        if (seed !== null) seeds.add(seed);
        // Drawn together on the charts, each in its colour.
        await playground.runs.setShown(added.id, true);
      }
      imported++;
    } catch (error) {
      problems.push(`${file.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (seeds.size > 1) playground.stores.runs.getState().setGroupBySeed(true);
  if (summary) {
    try {
      const { axes, steps, rows } = summaryRows(await summary.text());
      if (!['running', 'stopping'].includes(store.getState().status)) {
        store.getState().begin(axes, steps, rows);
        store.getState().setStatus('done');
      }
    } catch (error) {
      problems.push(`${summary.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { imported, problems };
}

/**
 * Keeps the variant's settings.json (the run settings the CLI trained it with) with its run, so
 * variants that differ only in the seed group; the seed, or null when the file does not check.
 */
async function keepSettings(file: FolderFile, id: string, playground: Playground, problems: string[]): Promise<number | null> {
  try {
    const checked = validateRunSettings(JSON.parse(await file.text()));
    if (!checked.ok) throw new Error(checked.message);
    await playground.archive?.setSettings(id, checked.settings);
    return checked.settings.seed;
  } catch (error) {
    problems.push(`${file.path}: ${error instanceof Error ? error.message : String(error)} (the run is kept without its settings)`);
    return null;
  }
}
