/**
 * The shape of the whole store and the set/get functions slices receive.
 */
import type { SettingsSlice } from './settings-slice';
import type { JobsSlice } from './jobs-slice';
import type { ExportSlice } from './export-slice';
import type { ImportSlice } from './import-slice';
import type { KeysSlice } from './keys-slice';
import type { MediaSlice } from './media-slice';

/** Top-level screens of the app. */
export type Screen = 'export' | 'import' | 'keys' | 'records' | 'settings';

export interface NavSlice {
  screen: Screen;
  setScreen: (screen: Screen) => void;
}

export type AppState = SettingsSlice & JobsSlice & ExportSlice & ImportSlice & KeysSlice & MediaSlice & NavSlice;
export type SliceSet = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
export type SliceGet = () => AppState;
