/**
 * The first step of every pack: walk the sources without following anything, and either return
 * the complete, sorted entry plan or refuse with every problem at once. The app's preflight calls
 * this alone so a person sees all refusals before any byte is written.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { basename, resolve } from 'node:path';
import { LIMITS } from '../../../shared/format/constants';
import { collisionKey, compareUtf8 } from '../../../shared/format/paths';
import { SluiceError } from '../errors';
import { readProblem, TURN_ENTRIES, type Walk, type WalkTask } from './scan-walk';
import { walkShared } from './scan-shared';

export { mtimeSeconds } from './scan-walk';

/** One entry of the payload, in the order it is written. */
export interface PlannedEntry {
  /** Canonical entry path: `/`-separated, relative, NFC, passes pathProblem. */
  path: string;
  /** Absolute path of the source on disk. */
  source: string;
  type: 'file' | 'dir';
  /** Bytes (0 for directories). */
  size: number;
  /** '0644' or '0755' as the manifest records it. */
  mode: '0644' | '0755';
  /** Source mtime in whole seconds since the epoch. */
  mtime: number;
}

/** What scanSources found: the entries in payload order and what they add up to. */
export interface ScanResult {
  entries: PlannedEntry[];
  files: number;
  directories: number;
  /** Sum of file sizes. */
  bytes: number;
}

/** One refused source and why. */
export interface Refusal {
  path: string;
  reason: string;
}

/**
 * Scans `paths` (files or directories; each becomes a top-level entry named by its basename).
 * Never follows symlinks. Refuses symlinks, devices, sockets, FIFOs, unreadable files and
 * directories, names the format does not allow, names that collide on a case-insensitive or
 * normalising filesystem, and mtimes outside 0..2^31-1. Throws one SluiceError('sources-refused')
 * listing every refusal in `details`.
 */
export async function scanSources(paths: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const refusals: Refusal[] = [];
  const entries: PlannedEntry[] = [];
  if (paths.length === 0) throw new SluiceError('no-sources', 'Nothing to pack: name at least one file or directory.');
  const probe = options.probeReadable ?? true;
  const walk: Walk = { entries, refusals, sinceTurn: 0, probe };
  const roots: WalkTask[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    const name = basename(abs);
    if (name === '') refusals.push({ path: p, reason: 'the filesystem root cannot be packed; name the directories inside it' });
    else roots.push([abs, name]);
  }
  await walkShared(roots, walk);
  checkCollisions(entries, refusals);
  if (entries.length > LIMITS.maxEntries) {
    refusals.push({ path: paths.join(', '), reason: `more than ${LIMITS.maxEntries} entries; split the transfer` });
  }
  // Refused anyway: probe now, so the one error lists the unreadable files too.
  if (refusals.length > 0 && !probe) refusals.push(...(await unreadableRefusals(entries)));
  if (refusals.length > 0) throw refusedError(refusals);
  entries.sort((a, b) => compareUtf8(a.path, b.path));
  let files = 0, directories = 0, bytes = 0;
  for (const e of entries) {
    if (e.type === 'dir') directories++;
    else { files++; bytes += e.size; }
  }
  return { entries, files, directories, bytes };
}

/** How scanSources works. */
export interface ScanOptions {
  /**
   * Open every file and read one byte of it, so an unreadable one is refused before anything is
   * written (default true: the app's preflight). pack() passes false when its single read of every
   * file will find an unreadable one anyway; it then lists every such file at once with
   * unreadableRefusals(). The probe's three system calls a file were a fifth of the time of a
   * 100,000-file pack. When the scan refuses something else, it probes anyway, so that one error
   * still lists every refusal.
   */
  probeReadable?: boolean;
}

/** Every planned file that cannot be opened and read now (pack's check once a read has failed). */
export async function unreadableRefusals(entries: readonly PlannedEntry[]): Promise<Refusal[]> {
  const refusals: Refusal[] = [];
  let sinceTurn = 0;
  for (const e of entries) {
    if (e.type !== 'file') continue;
    if (++sinceTurn >= TURN_ENTRIES) {
      sinceTurn = 0;
      await nextTurn();
    }
    const problem = readProblem(e.source);
    if (problem) refusals.push({ path: e.source, reason: problem });
  }
  return refusals;
}

/** The one error for every refused source. */
export function refusedError(refusals: Refusal[]): SluiceError {
  const n = refusals.length;
  return new SluiceError(
    'sources-refused',
    `${n} source${n === 1 ? ' was' : 's were'} refused; nothing was packed. Fix or remove ${n === 1 ? 'it' : 'them'} and pack again.`,
    refusals,
  );
}

/** Two entries collide when their collision keys match (README vs readme, é vs e + ´). */
function checkCollisions(entries: PlannedEntry[], refusals: Refusal[]): void {
  const seen = new Map<string, PlannedEntry>();
  for (const e of entries) {
    const key = collisionKey(e.path);
    const other = seen.get(key);
    if (other) {
      const same = other.path === e.path;
      refusals.push({
        path: e.source,
        reason: same
          ? `packs as "${e.path}", the same name as ${other.source}; rename one of them`
          : `packs as "${e.path}", which collides with "${other.path}" (${other.source}) on case-insensitive or normalising filesystems; rename one of them`,
      });
    } else {
      seen.set(key, e);
    }
  }
}

