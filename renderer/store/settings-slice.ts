/**
 * Settings slice: this station's settings (null until set up) and its checklist templates.
 */
import type { Api } from '../../shared/ipc/contract';
import type { ChecklistStage, ChecklistTemplate } from '../../shared/checklist';
import type { Settings } from '../../shared/settings';
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
  loadSettings: () => Promise<void>;
  /** Saves and adopts the settings; returns the error, or null on success. */
  saveSettings: (settings: Settings) => Promise<AppError | null>;
}

export function createSettingsSlice(set: SliceSet, api: Api): SettingsSlice {
  return {
    settingsStatus: 'loading',
    settings: null,
    templates: null,
    settingsError: null,
    async loadSettings() {
      const [s, t] = await Promise.all([call(() => api.settingsGet()), call(() => api.checklistTemplates())]);
      if (!s.ok) return set({ settingsStatus: 'error', settingsError: s.error });
      if (!t.ok) return set({ settingsStatus: 'error', settingsError: t.error });
      set((st) => ({ settingsStatus: 'ready', settings: s.value, templates: t.value, settingsError: null, ...prefill(st, s.value) }));
    },
    async saveSettings(settings) {
      const r = await call(() => api.settingsSave({ settings }));
      if (!r.ok) return r.error;
      const t = await call(() => api.checklistTemplates());
      set((st) => ({ settings: r.value, settingsStatus: 'ready', ...(t.ok ? { templates: t.value } : {}), ...prefill(st, r.value) }));
      return null;
    },
  };
}
