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
import type { Printer } from '../../engine/print/printer';
import { PrintSources } from '../print-sources';
import type { StatFn } from '../station-folders';
import { MediaSets } from '../media-sets';
import type { MediaAccess } from './media';

/** Opens a kept document with the system viewer; resolves '' on success or an error message (Electron's shell.openPath). */
export type DocumentOpener = (path: string) => Promise<string>;

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
  /** Prints documents (Electron's print window in the app, headless Chromium in tests); print:document refuses without one. */
  printer?: Printer;
  /** Opens a kept PDF with the system viewer (shell.openPath in the app); records:open refuses without one. */
  openDocument?: DocumentOpener;
  /** stat() for the station-folder checks; tests inject one to put folders on "different volumes". */
  statFolder?: StatFn;
  /** What main found and cleaned up before the handlers ran (electron/app/outbox.ts), for station:notices. */
  startupNotices?: string[];
  /** Finds and ejects removable media (default: the platform's, removable disks only); the E2E bridge lists loop devices too. */
  media?: MediaAccess;
}

/** Deps plus the state the handlers share. */
export interface HandlerEnv extends HandlerDeps {
  staging: StagingRegistry;
  /** Committed and rejected imports this session, for their receipts and rejection reports. */
  printSources: PrintSources;
  /** The media sets this session is writing (packed on the station's disk for media). */
  mediaSets: MediaSets;
  /** The saved settings; throws 'no-settings' before set-up has run. */
  requireSettings(): Promise<Settings>;
}

/** Builds the shared environment. */
export function handlerEnv(deps: HandlerDeps, staging: StagingRegistry): HandlerEnv {
  return {
    ...deps,
    staging,
    printSources: new PrintSources(),
    mediaSets: new MediaSets(),
    async requireSettings() {
      const s = await deps.settings.load();
      if (!s) throw new SluiceError('no-settings', 'This station is not set up yet. Run the set-up first.');
      return s;
    },
  };
}
