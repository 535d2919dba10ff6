import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeLink } from '../../src/client/shareLink';
import { followUrl, setupUrl, URL_FOLLOW_DELAY_MS } from '../../src/client/urlFollow';
import { createSettingsStore } from '../../src/state/settingsStore';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A fake address bar: what was written, and how many times. */
function addressBar(start = 'https://example.test/play?x=1') {
  const bar = { href: start, writes: [] as string[] };
  return { bar, options: { read: () => bar.href, write: (href: string) => { bar.writes.push(href); bar.href = href; } } };
}

describe('the URL follows the setup', () => {
  it('writes once, after the changes stop for the delay, the last setup in the share-link encoding', () => {
    const settings = createSettingsStore();
    const { bar, options } = addressBar();
    followUrl(settings, options);
    // A typed seed, one keystroke every 100 ms: no write while typing.
    for (const seed of [1, 12, 123, 1234]) {
      settings.getState().update({ seed });
      vi.advanceTimersByTime(100);
    }
    expect(bar.writes).toEqual([]);
    vi.advanceTimersByTime(URL_FOLLOW_DELAY_MS - 100 - 1);
    expect(bar.writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(bar.writes).toHaveLength(1);
    const link = decodeLink(new URL(bar.href));
    expect(link.problems).toEqual([]);
    expect(link.settings).toEqual(settings.getState().settings);
    expect(link.settings?.seed).toBe(1234);
    // The page's own query stays.
    expect(new URL(bar.href).searchParams.get('x')).toBe('1');
  });

  it('keeps a forced backend in ?backend= and removes it when cleared', () => {
    const settings = createSettingsStore();
    expect(new URL(setupUrl('https://example.test/', { ...settings.getState().settings, backend: 'wasm' })).searchParams.get('backend')).toBe('wasm');
    expect(new URL(setupUrl('https://example.test/?backend=wasm', settings.getState().settings)).searchParams.has('backend')).toBe(false);
  });

  it('writes nothing when the URL already says it, and at once on flush', () => {
    const settings = createSettingsStore();
    const { bar, options } = addressBar();
    const follower = followUrl(settings, options);
    settings.getState().update({ seed: 5 });
    follower.flush();
    expect(bar.writes).toHaveLength(1);
    settings.getState().replace({ ...settings.getState().settings });
    vi.advanceTimersByTime(URL_FOLLOW_DELAY_MS);
    expect(bar.writes).toHaveLength(1);
    follower.stop();
    settings.getState().update({ seed: 6 });
    vi.advanceTimersByTime(URL_FOLLOW_DELAY_MS);
    expect(bar.writes).toHaveLength(1);
  });
});
