// The current setup in a link: the run settings (spec included) as base64url JSON in the
// URL's hash, and `?backend=` to force a backend. Opening the link reproduces the setup.
import type { BackendName, RunSettings } from '../protocol/messages';
import { FAMILIES, PIX2PIX_TASKS, withPairData } from '../protocol/presets';

const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
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

export class ShareLinkError extends Error {
  override readonly name = 'ShareLinkError';
}

/**
 * Reads a link: the settings from the hash (null when it has none) and the backend from
 * `?backend=`. A damaged hash is an error that says so, rather than a silent default.
 */
export function decodeLink(url: URL): { settings: RunSettings | null; backend: BackendName | null } {
  const param = url.searchParams.get('backend');
  if (param !== null && !(BACKENDS as readonly string[]).includes(param)) {
    throw new ShareLinkError(`?backend=${param} is not a backend; use one of ${BACKENDS.join(', ')}`);
  }
  const backend = param as BackendName | null;
  if (!url.hash.startsWith(PREFIX)) return { settings: null, backend };
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(url.hash.slice(PREFIX.length)));
  } catch {
    throw new ShareLinkError('the link\'s setup is damaged (not base64url JSON); was it cut short when copied?');
  }
  const s = parsed as Partial<RunSettings> | null;
  if (!s || typeof s !== 'object' || !(FAMILIES as readonly string[]).includes(String(s.family)) || !s.spec || !Array.isArray(s.spec.losses)) {
    throw new ShareLinkError("the link's setup is not a run's settings (family, spec, ...)");
  }
  return { settings: { ...(s as RunSettings), ...(backend ? { backend } : {}) }, backend };
}
