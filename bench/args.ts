// The bench's command line: `npm run bench [-- --quick] [-- --only a,b] [-- --cases a,b] [-- --dawn flag ...]`.
import { ALL_CASE_IDS, type CaseId } from './cases';

export const SECTIONS = [
  'chart',
  'node',
  'torch',
  'overhead',
  'grad-overhead',
  'ema-overhead',
  'metrics-cost',
  'memory',
  'node-webgpu',
  'torch-cuda',
  'browser',
  'warmup',
  'smoothness',
  'page-memory',
  'many-runs',
  'sweep-jobs',
  'sweep-workers',
] as const;
export type Section = (typeof SECTIONS)[number];

export const USAGE = `usage: npm run bench [-- --quick] [-- --only ${SECTIONS.join(',')}] [-- --cases ${ALL_CASE_IDS.join(',')}] [-- --dawn FLAG ...]
  --quick   a short version (about a minute): fewer cases, shorter windows; writes bench/results/quick.*
  --only    only these sections; writes bench/results/partial.*
  --cases   only these cases in the throughput sections (node, browser, torch, node-webgpu,
            torch-cuda): e.g. --only node,torch --cases pix2pix32 skips the cpu backend's conv
            cases, minutes a step; writes bench/results/partial.*
  --dawn    a Dawn option for the node-webgpu section, as webgpu's create() takes it (repeatable):
            backend=vulkan, adapter=NAME (a wrong name lists the adapters), backend=null (no GPU:
            runs the path, measures nothing real)`;

export interface BenchArgs {
  readonly quick: boolean;
  /** null: every section. */
  readonly only: ReadonlySet<Section> | null;
  /** null: every case. */
  readonly cases: ReadonlySet<CaseId> | null;
  /** Options for Dawn's create(), in the order given. */
  readonly dawnFlags: readonly string[];
  readonly help: boolean;
}

/** A value given as `--name value` or `--name=value`; the index of the last argument read. */
function valueOf(argv: readonly string[], i: number, name: string): { value: string; next: number } {
  const arg = argv[i] as string;
  if (arg.startsWith(`${name}=`)) return { value: arg.slice(name.length + 1), next: i };
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value\n${USAGE}`);
  return { value, next: i + 1 };
}

/** A comma-separated list of `known` names (at least one), or an error naming the unknown ones. */
function namesOf<T extends string>(value: string, known: readonly T[], flag: string, what: string): T[] {
  const names = value.split(',').filter((s) => s !== '');
  const unknown = names.filter((n) => !(known as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) throw new Error(`${flag}: unknown ${what} ${unknown.join(', ') || '(none)'}\n${USAGE}`);
  return names as T[];
}

/** Throws with the usage on anything it does not know; never exits (run.ts does). */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let quick = false;
  let help = false;
  let only: Set<Section> | null = null;
  let cases: Set<CaseId> | null = null;
  const dawnFlags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--quick') quick = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const { value, next } = valueOf(argv, i, '--only');
      i = next;
      only = new Set([...(only ?? []), ...namesOf(value, SECTIONS, '--only', 'section(s)')]);
    } else if (arg === '--cases' || arg.startsWith('--cases=')) {
      const { value, next } = valueOf(argv, i, '--cases');
      i = next;
      cases = new Set([...(cases ?? []), ...namesOf(value, ALL_CASE_IDS, '--cases', 'case(s)')]);
    } else if (arg === '--dawn' || arg.startsWith('--dawn=')) {
      const { value, next } = valueOf(argv, i, '--dawn');
      i = next;
      // Dawn takes "key=value" strings; anything else it ignores without a word.
      if (!/^[a-z][a-z-]*=./.test(value)) throw new Error(`--dawn: "${value}" is not a Dawn option of the form key=value (e.g. backend=vulkan)\n${USAGE}`);
      dawnFlags.push(value);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return { quick, only, cases, dawnFlags, help };
}
