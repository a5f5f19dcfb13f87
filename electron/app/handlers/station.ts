/**
 * settings:*, station:setup, checklist:* — the station's own configuration. Folders are created only
 * by the first-run set-up and changed only through main's folder dialog (settings:chooseFolder); a
 * settings:save never moves a folder, so the renderer cannot point the ledger or the trust store
 * somewhere else.
 */
import { ok, err } from '../../../shared/result';
import { displaySafe } from '../../../shared/format/display-text';
import { FOLDER_TITLES, STATION_FOLDERS, folderPath, type Settings } from '../../../shared/settings';
import { loadDefaultTemplates, effectiveTemplates } from '../checklists';
import { createStationFolders, describeFolders, withChosenFolder } from '../station-folders';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';

type StationChannels = 'settings:get' | 'settings:save' | 'station:setup' | 'settings:folders' | 'settings:chooseFolder' | 'checklist:templates' | 'station:notices';

/** The folders whose paths differ between two settings. */
function changedFolders(a: Settings, b: Settings): string[] {
  const moved = STATION_FOLDERS.filter((w) => folderPath(a, w) !== folderPath(b, w)).map((w) => FOLDER_TITLES[w]);
  if (a.paths.ledgerFile !== b.paths.ledgerFile && !moved.includes(FOLDER_TITLES.ledgerDir)) moved.push('ledger file');
  return moved;
}

/** The station handlers. */
export function stationHandlers(env: HandlerEnv): Pick<HandlerTable, StationChannels> {
  const statFn = env.statFolder;
  return {
    'settings:get': async () => ok(await env.settings.load()),
    'station:notices': async () => ok((env.startupNotices ?? []).map((line) => displaySafe(line, { max: 1000 }))),
    'settings:save': async ({ settings }) => {
      const saved = await env.settings.load();
      if (!saved) return err({ code: 'no-settings', message: 'This station is not set up yet. Run the set-up first (it creates the station\u2019s folders).' });
      const moved = changedFolders(saved, settings);
      if (moved.length) {
        return err({ code: 'folders-locked', message: `The settings were not saved: they change the ${moved.join(', ')}. Folders change only through Settings → Folders (Change…), which checks the new folder.` });
      }
      // The antivirus policy and scanner change only through scan:* — named, ledgered, paths from main's dialogs.
      if (JSON.stringify(saved.scan ?? null) !== JSON.stringify(settings.scan ?? null)) {
        return err({ code: 'scan-settings-locked', message: 'The settings were not saved: they change the antivirus settings, which change only in Settings → Antivirus (recorded in the ledger with who changed them).' });
      }
      // The two-person rule changes only through policy:setWitnesses — a named officer, ledgered first.
      if (JSON.stringify(saved.policy ?? null) !== JSON.stringify(settings.policy ?? null)) {
        return err({ code: 'policy-locked', message: 'The settings were not saved: they change the import policy (witness co-signatures required), which changes only in Settings → Import policy (recorded in the ledger with who changed it).' });
      }
      return ok(await env.settings.save(settings));
    },
    'station:setup': async ({ settings }) => {
      if (await env.settings.load()) {
        return err({ code: 'already-set-up', message: 'This station is already set up. Change its settings in Settings, and its folders in Settings → Folders.' });
      }
      const created = await createStationFolders(settings, statFn);
      // Scanning and the import policy are set afterwards, in Settings → Antivirus and → Import
      // policy: each change names an officer and is ledgered, which a first run cannot do.
      const { scan: _, policy: __, ...rest } = settings;
      return ok({ settings: await env.settings.save(rest), created });
    },
    'settings:folders': async () => ok(await describeFolders(await env.requireSettings(), statFn)),
    'settings:chooseFolder': async ({ which }, ctx) => {
      const s = await env.requireSettings();
      const answer = await env.dialogs.chooseFolder(ctx.windowId, { title: `Choose the ${FOLDER_TITLES[which]}` });
      const chosen = answer.paths[0];
      if (answer.canceled || !chosen) return ok({ canceled: true, settings: s });
      const next = await withChosenFolder(s, which, chosen, statFn);
      return ok({ canceled: false, settings: await env.settings.save(next) });
    },
    'checklist:templates': async () => ok(effectiveTemplates(await loadDefaultTemplates(env.checklistsDir), await env.settings.load())),
  };
}
