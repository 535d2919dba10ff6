import { useEffect, useMemo, useState } from 'react';
import type { HistoryStore } from '../state/historyStore';

/** How often the latest values are read for numbers shown beside controls: twice a second is live enough. */
export const LATEST_READ_MS = 500;

/** A series' last entry: its value (for a loss, weighted), and for a loss its raw value and the weight applied. */
export interface LatestEntry {
  readonly value: number;
  readonly raw: number;
  readonly weight: number;
  readonly step: number;
}

/**
 * The latest entry of each series whose name `pick` accepts (mapped to a key by it), read from
 * the history store at most every LATEST_READ_MS: the store changes ten times a second while
 * training, and a number beside a slider need not re-render that often.
 */
export function useLatestEntries(store: HistoryStore, pick: (name: string) => string | null): ReadonlyMap<string, LatestEntry> {
  const [entries, setEntries] = useState<ReadonlyMap<string, LatestEntry>>(() => new Map());
  useEffect(() => {
    let seen = -1;
    const read = () => {
      const { version, series } = store.getState();
      if (version === seen) return;
      seen = version;
      const next = new Map<string, LatestEntry>();
      for (const [name, s] of series) {
        const key = pick(name);
        const i = s.length - 1;
        if (key !== null && i >= 0) next.set(key, { value: s.value[i]!, raw: s.raw[i]!, weight: s.weight[i]!, step: s.step[i]! });
      }
      setEntries((old) => (sameEntries(old, next) ? old : next));
    };
    read();
    const timer = setInterval(read, LATEST_READ_MS);
    return () => clearInterval(timer);
  }, [store, pick]);
  return entries;
}

/** The latest value of each picked series (see useLatestEntries). */
export function useLatestValues(store: HistoryStore, pick: (name: string) => string | null): ReadonlyMap<string, number> {
  const entries = useLatestEntries(store, pick);
  return useMemo(() => new Map([...entries].map(([k, e]) => [k, e.value])), [entries]);
}

function sameEntries(a: ReadonlyMap<string, LatestEntry>, b: ReadonlyMap<string, LatestEntry>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || !Object.is(w.value, v.value) || !Object.is(w.raw, v.raw) || !Object.is(w.weight, v.weight) || w.step !== v.step) return false;
  }
  return true;
}
