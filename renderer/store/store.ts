/**
 * The app's store: one zustand store made of slices (settings, jobs, export wizard, import wizard,
 * keys, navigation), created around an `Api` so tests hand in a fake `window.sluice`.
 */
import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Api } from '../../shared/ipc/contract';
import { createSettingsSlice } from './settings-slice';
import { createJobsSlice } from './jobs-slice';
import { createExportSlice } from './export-slice';
import { createImportSlice } from './import-slice';
import { createKeysSlice } from './keys-slice';
import { createMediaSlice } from './media-slice';
import type { AppState } from './types';

export type AppStore = StoreApi<AppState> & { api: Api };

/** A fresh store talking to `api`. */
export function createAppStore(api: Api): AppStore {
  const store = createStore<AppState>()((set, get) => ({
    ...createSettingsSlice(set, api),
    ...createJobsSlice(set, get, api),
    ...createExportSlice(set, get, api),
    ...createImportSlice(set, get, api),
    ...createKeysSlice(set, get, api),
    ...createMediaSlice(set, get, api),
    screen: 'export',
    setScreen: (screen) => set({ screen }),
  }));
  return Object.assign(store, { api });
}

export const StoreContext = createContext<AppStore | null>(null);

/** The store of the nearest provider. */
export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp used outside <StoreContext.Provider>');
  return store;
}

/**
 * Selects from the app state and re-renders when the selection changes. Compared shallowly, so a
 * selector may derive a fresh array or object (e.g. the blockers of a step) without looping.
 */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStore(), useShallow(selector));
}
