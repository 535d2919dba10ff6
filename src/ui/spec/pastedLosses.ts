// MMagic loss configs pasted as Python, turned into spec entries: each loss dict found gets a
// name and the tag of the network it trains. The spec is then validated as any other edit.
import { isLossType, LOSS_ALIASES } from '../../losses/catalog';
import type { LossSpecEntry } from '../../manager/specValidation';
import type { Network } from '../../manager/networks';
import { capMessage } from '../../losses/jsonText';
import { parsePythonStatements, PythonDictError, type PyValue } from './pythonDict';
import { networkOfTags } from './tags';

type PyDict = { [key: string]: PyValue };

/** Losses that only ever train the discriminator. */
const D_TYPES = new Set(['R1GradientPenalty', 'GradientPenaltyLoss', 'DiscShiftLoss']);
const GAN_TYPES = new Set(['GANLoss']);

function isDict(value: PyValue): value is PyDict {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The loss a type builds: a "Comps" alias counts as the loss it names. */
function baseType(type: string): string {
  return isLossType(type) ? (LOSS_ALIASES[type] ?? type) : type;
}

/**
 * The network a pasted loss trains: the one its own tags name, if exactly one; else D when it
 * clearly is a discriminator loss (a GANLoss with is_disc=True, a gradient penalty, R1, the
 * drift penalty), G otherwise.
 */
export function networkOfPasted(config: PyDict): Network {
  const tagged = networkOfTags(config.tags);
  if (tagged !== null) return tagged;
  const type = typeof config.type === 'string' ? baseType(config.type) : '';
  if (D_TYPES.has(type)) return 'D';
  if (GAN_TYPES.has(type) && config.is_disc === true) return 'D';
  return 'G';
}

/** Whether a dict holds a loss dict somewhere inside it. */
function holdsLoss(value: PyValue): boolean {
  if (Array.isArray(value)) return value.some(holdsLoss);
  if (!isDict(value)) return false;
  return Object.values(value).some((child) => isLossDict(child) || holdsLoss(child));
}

function isLossDict(value: PyValue): value is PyDict {
  return isDict(value) && typeof value.type === 'string' && isLossType(value.type);
}

/** A dict whose type is no registered loss but reads like one (a typo, a loss we lack): kept so validation says why. */
function looksLikeLoss(value: PyDict): boolean {
  return typeof value.type === 'string' && (/loss|penalty|regulari[sz]er/i.test(value.type) || Object.hasOwn(value, 'loss_weight'));
}

interface Found {
  readonly name: string | null;
  readonly config: PyDict;
}

/**
 * The loss dicts in a pasted value: a dict with a registered loss type; inside a config
 * (`model = dict(..., gen_auxiliary_loss=[dict(...)])`) each one, named by its key when it
 * is the only loss under it; a top-level dict whose unknown type reads like a loss's too, so
 * validation can say what is wrong with it.
 */
function collect(value: PyValue, name: string | null, topLevel: boolean, seen: Set<PyValue>, out: Found[]): void {
  if (seen.has(value)) return;
  if (Array.isArray(value)) {
    const named = value.length === 1 ? name : null;
    value.forEach((item) => collect(item, named, topLevel, seen, out));
    return;
  }
  if (!isDict(value)) return;
  seen.add(value);
  if (isLossDict(value) || (topLevel && looksLikeLoss(value) && !holdsLoss(value))) {
    out.push({ name, config: value });
    return;
  }
  for (const [key, child] of Object.entries<PyValue>(value)) collect(child, key, false, seen, out);
}

/** What pasting gave: the new spec entries, or why nothing could be added. */
export type PasteResult =
  | { readonly ok: true; readonly losses: LossSpecEntry[] }
  | { readonly ok: false; readonly error: string; readonly line?: number; readonly column?: number };

/** The most losses one paste adds: a config has a handful. */
export const MAX_PASTED_LOSSES = 1000;

/** `base`, or `base_2`, `base_3`, ... the first not taken; `taken` gets it. */
function uniqueIn(base: string, taken: Set<string>, next: Map<string, number>): string {
  let name = base;
  for (let n = next.get(base) ?? 2; taken.has(name); n++) {
    name = `${base}_${n}`;
    next.set(base, n + 1);
  }
  taken.add(name);
  return name;
}

/**
 * Reads MMagic loss configs from Python text: a single `dict(...)` or `{...}`, a list of
 * them, `name=dict(...)` assignments (the name becomes the loss's name), or a config holding
 * loss dicts (other dicts, like a generator's or a train_cfg, are skipped). Each loss is named (its assignment or key, else `G_<type>` / `D_<type>`, made
 * unique against `takenNames` with a `_2`, `_3` suffix) and tagged G or D (networkOfPasted).
 */
export function lossesFromPython(text: string, takenNames: readonly string[] = []): PasteResult {
  try {
    return readLosses(text, takenNames);
  } catch (error) {
    if (error instanceof PythonDictError) return { ok: false, error: error.message, line: error.line, column: error.column };
    // Not expected (the parser bounds what it makes), but the panel must get a message, never a throw.
    return { ok: false, error: capMessage(`could not read the paste: ${error instanceof Error ? error.message : String(error)}`) };
  }
}

function readLosses(text: string, takenNames: readonly string[]): PasteResult {
  const statements = parsePythonStatements(text);
  const found: Found[] = [];
  const seen = new Set<PyValue>();
  for (const statement of statements) collect(statement.value, statement.name, true, seen, found);
  if (found.length === 0) {
    return { ok: false, error: 'no loss dict found: paste dict(type=..., ...), a list of them, or name=dict(...) lines' };
  }
  if (found.length > MAX_PASTED_LOSSES) {
    return { ok: false, error: `${found.length} loss dicts found; a paste adds at most ${MAX_PASTED_LOSSES}` };
  }
  const taken = new Set(takenNames);
  const next = new Map<string, number>();
  const losses = found.map(({ name: hint, config }): LossSpecEntry => {
    const network = networkOfPasted(config);
    const own = typeof config.name === 'string' ? config.name : null;
    const type = typeof config.type === 'string' ? config.type : 'loss';
    const name = uniqueIn(hint ?? own ?? `${network}_${type}`, taken, next);
    const extraTags = Array.isArray(config.tags) ? config.tags.filter((t): t is string => typeof t === 'string' && t !== 'G' && t !== 'D') : [];
    return { ...structuredClone(config), type, name, tags: [network, ...extraTags] } as LossSpecEntry;
  });
  return { ok: true, losses };
}
