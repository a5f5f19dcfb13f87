/**
 * What the handlers need from the outside, injected so the table runs without Electron: the
 * settings store, dialogs, the job runner, a clock and the app's folders.
 */
import type { Settings } from '../../../shared/settings';
import { SluiceError } from '../../engine/errors';
import type { JobRunner } from '../../jobs/job-runner';
import type { KdfCost } from '../../engine/keys';
import type { Dialogs } from '../dialogs';
import type { SettingsStore } from '../settings-store';
import type { StagingRegistry } from '../staging-registry';

export interface HandlerDeps {
  settings: SettingsStore;
  dialogs: Dialogs;
  jobs: JobRunner;
  /** The station clock. */
  clock: () => Date;
  /** The app's user-data folder (settings, sequence state). */
  userDataDir: string;
  /** Folder of the shipped checklist templates (resources/checklists). */
  checklistsDir: string;
  /** Key-derivation cost for new keys: 'standard' in the app; tests may pass 'test'. */
  kdfCost?: KdfCost;
}

/** Deps plus the state the handlers share. */
export interface HandlerEnv extends HandlerDeps {
  staging: StagingRegistry;
  /** The saved settings; throws 'no-settings' before set-up has run. */
  requireSettings(): Promise<Settings>;
}

/** Builds the shared environment. */
export function handlerEnv(deps: HandlerDeps, staging: StagingRegistry): HandlerEnv {
  return {
    ...deps,
    staging,
    async requireSettings() {
      const s = await deps.settings.load();
      if (!s) throw new SluiceError('no-settings', 'This station is not set up yet. Run the set-up first.');
      return s;
    },
  };
}
