// The current setup in a link: the run settings (spec included) as base64url JSON in the
// URL's hash, `?backend=` to force a backend and `?speed=` for the page's speed cap (steps a
// second; how to watch the run, not part of the run's settings). Opening the link reproduces
// the setup.
import { BACKEND_NAMES, type BackendName, type RunSettings } from '../protocol/messages';
import { defaultSettings, PIX2PIX_TASKS, withPairData } from '../protocol/presets';
import { repairInOwnFamily } from '../protocol/repairSettings';

const PREFIX = '#setup=';

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The hash part of a link to these settings. */
export function encodeSetup(settings: RunSettings): string {
  const { backend: _forced, ...rest } = settings;
  // The user's own images stay on their machine: a link cannot carry them.
  const shared = rest.data && 'images' in rest.data ? withPairData(rest, { task: PIX2PIX_TASKS[0] }) : rest;
  return PREFIX + toBase64Url(JSON.stringify(shared));
}

/** The fastest cap a link may set, in steps a second: past it a cap changes nothing anyone sees. */
export const MAX_SPEED = 1000;

/**
 * A link to `settings` from the page at `current`: its hash holds the settings, ?backend= the
 * forced backend if any, ?speed= the speed cap if any (null: flat out).
 */
export function shareUrl(current: URL, settings: RunSettings, speed: number | null): URL {
  const url = new URL(current.href);
  url.hash = encodeSetup(settings);
  if (settings.backend) url.searchParams.set('backend', settings.backend);
  else url.searchParams.delete('backend');
  if (speed !== null) url.searchParams.set('speed', String(speed));
  else url.searchParams.delete('speed');
  return url;
}

/** `?speed=`'s cap, or the problem with it. */
function readSpeed(param: string): number | string {
  const value = param.trim() === '' ? Number.NaN : Number(param);
  if (value > 0 && value <= MAX_SPEED) return value;
  return `?speed=${param.slice(0, 40)} is not a speed; use a number of steps a second above 0 and at most ${MAX_SPEED} (or leave it out: flat out)`;
}

export interface DecodedLink {
  /** The link's settings (repaired where they could not run), or null when it has none. */
  readonly settings: RunSettings | null;
  /** A backend forced with `?backend=`, or null. */
  readonly backend: BackendName | null;
  /** The speed cap from `?speed=` in steps a second, or null (none, or not a speed: said in problems). */
  readonly speed: number | null;
  /** What could not be used, with the fields' paths, and what was used instead; empty when all was well. */
  readonly problems: readonly string[];
}

/**
 * Reads a link: the settings from the hash and the backend from `?backend=`. Never throws: a
 * link is read again on every reload, so a bad one must not break the page each time. A
 * damaged hash or settings that cannot run fall back to defaults, each problem said.
 */
export function decodeLink(url: URL): DecodedLink {
  const problems: string[] = [];
  const param = url.searchParams.get('backend');
  const known = param !== null && (BACKEND_NAMES as readonly string[]).includes(param);
  if (param !== null && !known) problems.push(`?backend=${param.slice(0, 40)} is not a backend; use one of ${BACKEND_NAMES.join(', ')}`);
  const backend = known ? (param as BackendName) : null;
  const speedParam = url.searchParams.get('speed');
  const read = speedParam === null ? null : readSpeed(speedParam);
  if (typeof read === 'string') problems.push(read);
  const speed = typeof read === 'number' ? read : null;
  if (!url.hash.startsWith(PREFIX)) return { settings: null, backend, speed, problems };
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(url.hash.slice(PREFIX.length)));
  } catch {
    problems.push("the link's setup is damaged (not base64url JSON); was it cut short when copied?");
    return { settings: null, backend, speed, problems };
  }
  const { family, repaired } = repairInOwnFamily(parsed);
  if (!repaired.ok) {
    const instead = repaired.replaced === null ? `the ${family} defaults are used instead` : `the defaults are used for ${repaired.replaced.join(', ')}`;
    problems.push(`the link's setup has problems (${repaired.problem}); ${instead}`);
  }
  // A link made before an optional setting existed (gradEvery, metricsEvery) gets the page's default for it.
  const defaults = defaultSettings(family);
  return { settings: { gradEvery: defaults.gradEvery, metricsEvery: defaults.metricsEvery, ...repaired.settings, ...(backend ? { backend } : {}) }, backend, speed, problems };
}
