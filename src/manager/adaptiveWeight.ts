// VQGAN's adaptive weight (taming-transformers, `calculate_adaptive_weight`) as a loss option:
// each update, lambda = ||d L_reference / d W_last|| / (||d L_this / d W_last|| + eps), clamped
// to [0, max] and detached, multiplies the loss's own weight. What the option is, its
// defaults, and every way it can be wrong in a spec. No tfjs: the page's editor checks it too.
import { isRecord } from '../losses/isRecord';
import { showValue as show } from '../losses/jsonText';
import { networksIn } from './networks';

/** A loss's adaptive weight, as the spec's `adaptive_weight` gives it (defaults filled in). */
export interface AdaptiveWeight {
  /** The loss whose gradient sets the scale: VQGAN's reconstruction (nll) loss. */
  readonly reference: string;
  /**
   * Where the two gradients are taken: `last` is the network's last weight tensor of rank 2 or
   * more (its last layer's kernel, not the bias): VQGAN's `decoder.conv_out.weight`.
   */
  readonly layer: 'last';
  /** Lambda's upper clamp. @default 1e4 (VQGAN) */
  readonly max: number;
  /** Added to the denominator's norm. @default 1e-4 (VQGAN) */
  readonly eps: number;
}

/** VQGAN's constants: `torch.clamp(d_weight, 0.0, 1e4)` and `+ 1e-4`. */
export const ADAPTIVE_DEFAULTS = { layer: 'last', max: 1e4, eps: 1e-4 } as const;

const KEYS = ['reference', 'layer', 'max', 'eps'] as const;

/** The option with its defaults, from an entry's `adaptive_weight` (already validated); null without one. */
export function adaptiveWeightOf(raw: unknown): AdaptiveWeight | null {
  if (!isRecord(raw)) return null;
  const own = (key: string) => (Object.hasOwn(raw, key) ? raw[key] : undefined);
  return {
    reference: own('reference') as string,
    layer: ADAPTIVE_DEFAULTS.layer,
    max: (own('max') as number | undefined) ?? ADAPTIVE_DEFAULTS.max,
    eps: (own('eps') as number | undefined) ?? ADAPTIVE_DEFAULTS.eps,
  };
}

/** A loss entry as far as these checks need it (the spec's own checks report the rest). */
interface EntryView {
  readonly name: string | undefined;
  readonly network: string | undefined;
  readonly adaptive: boolean;
  readonly interval: unknown;
}

function view(raw: unknown): EntryView {
  if (!isRecord(raw)) return { name: undefined, network: undefined, adaptive: false, interval: undefined };
  const own = (key: string) => (Object.hasOwn(raw, key) ? raw[key] : undefined);
  const name = own('name');
  const tags = own('tags');
  const networks = Array.isArray(tags) && tags.every((t) => typeof t === 'string') ? networksIn(tags as string[]) : [];
  return {
    name: typeof name === 'string' ? name : undefined,
    network: networks.length === 1 ? networks[0] : undefined,
    adaptive: own('adaptive_weight') != null,
    interval: own('interval'),
  };
}

/**
 * Every problem of the spec's adaptive weights, each at its field's path: the option's shape,
 * and a reference that is the loss itself, no loss of the spec, a loss of the other network,
 * itself adaptive (a chain has no defined order), or lazy (`interval` > 1: it has no gradient
 * on most updates).
 */
export function adaptiveWeightIssues(losses: readonly unknown[], add: (path: string, message: string) => void): void {
  const entries = losses.map(view);
  losses.forEach((raw, i) => {
    if (!isRecord(raw) || !Object.hasOwn(raw, 'adaptive_weight') || raw.adaptive_weight == null) return;
    const path = `losses[${i}].adaptive_weight`;
    const option = raw.adaptive_weight;
    if (!isRecord(option)) {
      add(path, `must be an object such as {"reference": "G_L1", "layer": "last", "max": 10000, "eps": 0.0001} (got ${show(option)})`);
      return;
    }
    for (const key of Object.keys(option)) {
      if (!(KEYS as readonly string[]).includes(key)) add(`${path}.${key}`, `unknown key; adaptive_weight takes ${KEYS.join(', ')}`);
    }
    const get = (key: string) => (Object.hasOwn(option, key) ? option[key] : undefined);
    const layer = get('layer');
    if (layer !== undefined && layer !== 'last') add(`${path}.layer`, `must be "last", the network's last layer's kernel (got ${show(layer)})`);
    const max = get('max');
    if (max !== undefined && !(typeof max === 'number' && Number.isFinite(max) && max >= 0)) add(`${path}.max`, `must be a finite number >= 0 (got ${show(max)})`);
    const eps = get('eps');
    if (eps !== undefined && !(typeof eps === 'number' && Number.isFinite(eps) && eps > 0)) add(`${path}.eps`, `must be a finite number > 0 (got ${show(eps)})`);
    const reference = get('reference');
    const self = entries[i]!;
    if (typeof reference !== 'string' || reference.length === 0) {
      add(`${path}.reference`, `must name another loss of the spec (got ${show(reference)})`);
      return;
    }
    if (reference === self.name) {
      add(`${path}.reference`, `${show(reference)} is this loss itself; name the loss whose gradient sets the scale (VQGAN: the reconstruction loss)`);
      return;
    }
    const target = entries.find((e) => e.name === reference);
    if (target === undefined) {
      add(`${path}.reference`, `${show(reference)} is no loss of this spec; losses: ${entries.flatMap((e) => (e.name === undefined ? [] : [e.name])).join(', ')}`);
    } else if (self.network !== undefined && target.network !== undefined && target.network !== self.network) {
      add(`${path}.reference`, `${show(reference)} trains ${target.network}, this loss trains ${self.network}: both gradients are taken at ${self.network}'s last layer`);
    } else if (target.adaptive) {
      add(`${path}.reference`, `${show(reference)} has an adaptive weight itself; the reference must have a plain weight`);
    } else if (typeof target.interval === 'number' && target.interval > 1) {
      add(`${path}.reference`, `${show(reference)} runs every ${target.interval} iterations (interval); the reference must run every update`);
    }
  });
}
