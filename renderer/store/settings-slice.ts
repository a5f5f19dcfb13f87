/**
 * Settings slice: this station's settings (null until set up), its checklist templates, and its
 * folders. Folders are created by main at set-up (`setupStation`) and changed only through main's
 * folder dialog (`chooseFolder`); `saveSettings` never moves one (main refuses it).
 */
import type { Api, StationFolderView } from '../../shared/ipc/contract';
import type { ChecklistStage, ChecklistTemplate } from '../../shared/checklist';
import type { Settings, StationFolder } from '../../shared/settings';
import type { AppError } from '../../shared/result';
import { call } from '../api';
import { defaultsFrom } from './export-slice';
import type { AppState, SliceSet } from './types';

/** An untouched export wizard takes the station's defaults when settings arrive. */
const prefill = (s: AppState, settings: Settings | null): Partial<AppState> =>
  s.sources.length === 0 && !s.exportDetails.purpose && !s.exportDetails.operator ? { exportDetails: defaultsFrom({ settings }) } : {};


export interface SettingsSlice {
  /** 'loading' until the first settings:get answers. */
  settingsStatus: 'loading' | 'ready' | 'error';
  settings: Settings | null;
  templates: Record<ChecklistStage, ChecklistTemplate> | null;
  settingsError: AppError | null;
  /** The station's folders and whether each exists now (null until loaded). */
  folders: StationFolderView[] | null;
  loadSettings: () => Promise<void>;
  /** Saves and adopts the settings (folders unchanged); returns the error, or null on success. */
  saveSettings: (settings: Settings) => Promise<AppError | null>;
  /** First run: main creates every folder and saves; returns the error, or null on success. */
  setupStation: (settings: Settings) => Promise<AppError | null>;
  loadFolders: () => Promise<AppError | null>;
  /** Main's folder dialog for one folder; the checked choice is saved. Returns the error, or null (also when cancelled). */
  chooseFolder: (which: StationFolder) => Promise<AppError | null>;
}

export function createSettingsSlice(set: SliceSet, api: Api): SettingsSlice {
  const adopt = async (settings: Settings) => {
    const t = await call(() => api.checklistTemplates());
    set((st) => ({ settings, settingsStatus: 'ready', ...(t.ok ? { templates: t.value } : {}), ...prefill(st, settings) }));
  };
  const slice: SettingsSlice = {
    settingsStatus: 'loading',
    settings: null,
    templates: null,
    settingsError: null,
    folders: null,
    async loadSettings() {
      const [s, t] = await Promise.all([call(() => api.settingsGet()), call(() => api.checklistTemplates())]);
      if (!s.ok) return set({ settingsStatus: 'error', settingsError: s.error });
      if (!t.ok) return set({ settingsStatus: 'error', settingsError: t.error });
      set((st) => ({ settingsStatus: 'ready', settings: s.value, templates: t.value, settingsError: null, ...prefill(st, s.value) }));
    },
    async saveSettings(settings) {
      const r = await call(() => api.settingsSave({ settings }));
      if (!r.ok) return r.error;
      await adopt(r.value);
      return null;
    },
    async setupStation(settings) {
      const r = await call(() => api.stationSetup({ settings }));
      if (!r.ok) return r.error;
      await adopt(r.value.settings);
      return null;
    },
    async loadFolders() {
      const r = await call(() => api.settingsFolders());
      if (!r.ok) return r.error;
      set({ folders: r.value });
      return null;
    },
    async chooseFolder(which) {
      const r = await call(() => api.settingsChooseFolder({ which }));
      if (!r.ok) return r.error;
      if (!r.value.canceled) await adopt(r.value.settings);
      return slice.loadFolders();
    },
  };
  return slice;
}
