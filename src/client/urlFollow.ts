// The address bar follows the setup (TF Playground's habit): every change to the run settings
// rewrites the URL's #setup= (the share link's encoding) with history.replaceState, debounced,
// so a reload or a copied address reproduces the setup, and the history gets no entry per
// keystroke. src/main.tsx reads the same link at load.
import type { RunSettings } from '../protocol/messages';
import type { SettingsStore } from '../state/settingsStore';
import { encodeSetup } from './shareLink';

/** Quiet time after the last change before the URL is rewritten. */
export const URL_FOLLOW_DELAY_MS = 500;

/** The link to `settings` from the page at `href`: the hash replaced, `?backend=` set to the forced backend or removed. */
export function setupUrl(href: string, settings: RunSettings): string {
  const url = new URL(href);
  url.hash = encodeSetup(settings);
  if (settings.backend) url.searchParams.set('backend', settings.backend);
  else url.searchParams.delete('backend');
  return url.href;
}

export interface UrlFollowOptions {
  /** @default URL_FOLLOW_DELAY_MS */
  readonly delayMs?: number;
  /** The page's address now. @default location.href */
  readonly read?: () => string;
  /** Replaces the address without a history entry. @default history.replaceState */
  readonly write?: (href: string) => void;
}

export interface UrlFollower {
  /** Writes a change still waiting for its quiet time now (the page is going away). */
  flush(): void;
  stop(): void;
}

export function followUrl(settings: SettingsStore, options: UrlFollowOptions = {}): UrlFollower {
  const { delayMs = URL_FOLLOW_DELAY_MS, read = () => window.location.href, write = (href: string) => window.history.replaceState(window.history.state, '', href) } = options;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const update = () => {
    timer = null;
    const href = read();
    const next = setupUrl(href, settings.getState().settings);
    if (next !== href) write(next);
  };
  const unsubscribe = settings.subscribe((state, previous) => {
    if (state.settings === previous.settings) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(update, delayMs);
  });
  return {
    flush() {
      if (timer === null) return;
      clearTimeout(timer);
      update();
    },
    stop() {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
