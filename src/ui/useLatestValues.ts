import { useEffect, useState } from 'react';
import type { HistoryStore } from '../state/historyStore';

/** How often the latest values are read for numbers shown beside controls: twice a second is live enough. */
export const LATEST_READ_MS = 500;

/**
 * The latest value of each series whose name `pick` accepts (mapped to a key by it), read from
 * the history store at most every LATEST_READ_MS: the store changes ten times a second while
 * training, and a number beside a slider need not re-render that often.
 */
export function useLatestValues(store: HistoryStore, pick: (name: string) => string | null): ReadonlyMap<string, number> {
  const [values, setValues] = useState<ReadonlyMap<string, number>>(() => new Map());
  useEffect(() => {
    let seen = -1;
    const read = () => {
      const { version, series } = store.getState();
      if (version === seen) return;
      seen = version;
      const next = new Map<string, number>();
      for (const [name, s] of series) {
        const key = pick(name);
        if (key !== null && s.length > 0) next.set(key, s.value[s.length - 1] as number);
      }
      setValues((old) => (sameValues(old, next) ? old : next));
    };
    read();
    const timer = setInterval(read, LATEST_READ_MS);
    return () => clearInterval(timer);
  }, [store, pick]);
  return values;
}

function sameValues(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (!Object.is(b.get(k), v)) return false;
  return true;
}
