/**
 * The station's folders: created once, at set-up, with private modes; checked (never re-created)
 * whenever a handler needs them. A folder that has gone missing later usually means the data volume
 * is not mounted — creating it again would put keys, imports or the ledger on the wrong disk, so
 * the person is told which folder is missing and what to do instead.
 *
 * Quarantine and the import destination must share a volume: an approved import is released with
 * ONE rename(2), which is atomic only within one filesystem (stat().dev equal).
 */
import { mkdir, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { FOLDER_TITLES, STATION_FOLDERS, folderPath, type Settings, type StationFolder } from '../../shared/settings';
import { SluiceError } from '../engine/errors';

/** Reads a path's device and kind; injectable so the same-volume rule can be tested on one disk. */
export type StatFn = (path: string) => Promise<{ dev: number | bigint; isDirectory(): boolean }>;

const defaultStat: StatFn = (p) => stat(p);

/** One folder's state, for the Folders screen and set-up. */
export interface FolderState {
  which: StationFolder;
  title: string;
  path: string;
  exists: boolean;
}

/** The message for a folder that is missing (or not a folder): which, where, and what to do. */
export function missingFolderMessage(which: StationFolder, path: string, notAFolder = false): string {
  const title = FOLDER_TITLES[which];
  const what = notAFolder ? `is not a folder` : `is missing`;
  return `The ${title} ${path} ${what} — is the data volume mounted? Sluice does not re-create it; mount the volume, `
    + `or choose another ${title} in Settings → Folders (Change…), then try again.`;
}

/**
 * Throws 'folder-missing' naming the first of `which` (default: every station folder) that does
 * not exist or is not a directory. Never creates anything.
 */
export async function checkStationFolders(s: Pick<Settings, 'paths'>, which: readonly StationFolder[] = STATION_FOLDERS, statFn: StatFn = defaultStat): Promise<void> {
  for (const w of which) {
    const path = folderPath(s, w);
    const st = await statFn(path).catch(() => null);
    if (!st || !st.isDirectory()) {
      throw new SluiceError('folder-missing', missingFolderMessage(w, path, st !== null), [{ path, reason: st ? 'not a folder' : 'missing' }]);
    }
  }
}

/** Every folder with whether it exists now (for the Folders screen). */
export async function describeFolders(s: Pick<Settings, 'paths'>, statFn: StatFn = defaultStat): Promise<FolderState[]> {
  const out: FolderState[] = [];
  for (const which of STATION_FOLDERS) {
    const path = folderPath(s, which);
    const st = await statFn(path).catch(() => null);
    out.push({ which, title: FOLDER_TITLES[which], path, exists: !!st?.isDirectory() });
  }
  return out;
}

/** The device of `path`, or of its nearest existing ancestor (where a new folder would be created). */
async function deviceOf(path: string, statFn: StatFn): Promise<number | bigint> {
  let p = resolve(path);
  for (;;) {
    const st = await statFn(p).catch(() => null);
    if (st) return st.dev;
    const up = dirname(p);
    if (up === p) throw new SluiceError('folder-missing', `No part of ${path} exists.`);
    p = up;
  }
}

/** Throws 'not-same-volume' unless quarantine and the import destination are (or will be) on one filesystem. */
export async function checkSameVolume(quarantineDir: string, importDir: string, statFn: StatFn = defaultStat): Promise<void> {
  const [q, i] = await Promise.all([deviceOf(quarantineDir, statFn), deviceOf(importDir, statFn)]);
  if (q !== i) {
    throw new SluiceError('not-same-volume',
      `The quarantine folder ${quarantineDir} and the import destination ${importDir} are on different volumes. `
      + 'An approved import is released with one atomic rename, which works only within one volume: choose both folders on the same disk.');
  }
}

/** Refuses paths that are not absolute or that name the same folder twice (imports must never land in records). */
function pathProblems(s: Pick<Settings, 'paths'>): string[] {
  const problems: string[] = [];
  const seen = new Map<string, StationFolder>();
  for (const which of STATION_FOLDERS) {
    const p = folderPath(s, which);
    if (!isAbsolute(p)) { problems.push(`The ${FOLDER_TITLES[which]} ${p} is not an absolute path.`); continue; }
    const key = resolve(p);
    const other = seen.get(key);
    // The ledger may share a folder with anything but quarantine and imports; every other pair must differ.
    if (other && !(which === 'ledgerDir' && !['quarantineDir', 'importDir'].includes(other))) {
      problems.push(`The ${FOLDER_TITLES[which]} and the ${FOLDER_TITLES[other]} are the same folder (${key}); each needs its own.`);
    }
    if (!other) seen.set(key, which);
  }
  return problems;
}

/**
 * Set-up: checks the folders (absolute, distinct, quarantine and import destination on one volume)
 * and creates every missing one with mode 0700. Existing folders are kept as they are (an
 * administrator may have prepared the data volume). Returns which folders it created.
 */
export async function createStationFolders(s: Pick<Settings, 'paths'>, statFn: StatFn = defaultStat): Promise<StationFolder[]> {
  const problems = pathProblems(s);
  if (problems.length) throw new SluiceError('bad-folders', problems.join(' '));
  for (const which of STATION_FOLDERS) {
    const st = await statFn(folderPath(s, which)).catch(() => null);
    if (st && !st.isDirectory()) throw new SluiceError('bad-folders', `The ${FOLDER_TITLES[which]} ${folderPath(s, which)} exists but is not a folder.`);
  }
  await checkSameVolume(s.paths.quarantineDir, s.paths.importDir, statFn);
  const created: StationFolder[] = [];
  for (const which of STATION_FOLDERS) {
    const path = folderPath(s, which);
    if (await statFn(path).then((st) => st.isDirectory(), () => false)) continue;
    // mkdir's mode is filtered by the umask; 0700 is the mode wanted, and no umask widens it.
    await mkdir(path, { recursive: true, mode: 0o700 });
    created.push(which);
  }
  // Once they exist, the devices are facts rather than predictions.
  await checkSameVolume(s.paths.quarantineDir, s.paths.importDir, statFn);
  return created;
}

/**
 * A folder chosen in a dialog for `which`: resolved through symlinks, an existing directory, and —
 * for quarantine and the import destination — on the same volume as its partner. Returns the
 * settings with that folder changed (the ledger keeps its file name in the new folder).
 */
export async function withChosenFolder(s: Settings, which: StationFolder, chosen: string, statFn: StatFn = defaultStat): Promise<Settings> {
  const real = await realpath(chosen).catch(() => null);
  if (!real) throw new SluiceError('folder-missing', `The chosen folder ${chosen} does not exist.`);
  const st = await statFn(real).catch(() => null);
  if (!st?.isDirectory()) throw new SluiceError('bad-folders', `${real} is not a folder.`);
  const paths = { ...s.paths };
  if (which === 'ledgerDir') paths.ledgerFile = resolve(real, s.paths.ledgerFile.split(/[\\/]/).pop() || 'ledger.jsonl');
  else paths[which] = real;
  const next = { ...s, paths };
  const problems = pathProblems(next);
  if (problems.length) throw new SluiceError('bad-folders', problems.join(' '));
  if (which === 'quarantineDir' || which === 'importDir') await checkSameVolume(paths.quarantineDir, paths.importDir, statFn);
  return next;
}
