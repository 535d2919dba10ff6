import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Playground } from '../client/playground';
import type { RunState } from '../state/runStore';
import type { SettingsState } from '../state/settingsStore';

export const PlaygroundContext = createContext<Playground | null>(null);

export function usePlayground(): Playground {
  const playground = useContext(PlaygroundContext);
  if (!playground) throw new Error('usePlayground: no PlaygroundContext above this component');
  return playground;
}

export function useRun<T>(select: (state: RunState) => T): T {
  return useStore(usePlayground().stores.run, select);
}

export function useSettings<T>(select: (state: SettingsState) => T): T {
  return useStore(usePlayground().stores.settings, select);
}
