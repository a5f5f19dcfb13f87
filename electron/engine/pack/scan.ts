/**
 * The first step of every pack: walk the sources without following anything, and either return
 * the complete, sorted entry plan or refuse with every problem at once. The app's preflight calls
 * this alone so a person sees all refusals before any byte is written.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, constants as fsConstants, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { basename, join, resolve } from 'node:path';
import { LIMITS } from '../../../shared/format/constants';
import { collisionKey, compareUtf8, pathProblem } from '../../../shared/format/paths';
import { SluiceError } from '../errors';

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
  for (const p of paths) {
    const abs = resolve(p);
    const name = basename(abs);
    if (name === '') {
      refusals.push({ path: p, reason: 'the filesystem root cannot be packed; name the directories inside it' });
      continue;
    }
    await visit(abs, name, walk);
  }
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

/**
 * The walk's state. The calls are synchronous: awaited calls through the thread pool cost ~25 µs
 * each in round trips, and a mirror of 100,000 files makes 500,000 of them (lstat, open, read,
 * close, and a directory listing per folder). The event loop gets a turn every TURN_ENTRIES
 * entries, so a job's cancel and progress messages still flow during a long scan.
 */
interface Walk {
  entries: PlannedEntry[];
  refusals: Refusal[];
  sinceTurn: number;
  /** ScanOptions.probeReadable. */
  probe: boolean;
}

/** Entries scanned between two turns of the event loop. */
const TURN_ENTRIES = 2048;

async function visit(abs: string, entryPath: string, walk: Walk): Promise<void> {
  const { entries, refusals } = walk;
  if (++walk.sinceTurn >= TURN_ENTRIES) {
    walk.sinceTurn = 0;
    await nextTurn();
  }
  let st;
  try {
    // BigInt stats: mtimeMs is a double, which rounds …00.999999999 up to the next second.
    st = lstatSync(abs, { bigint: true });
  } catch (e) {
    refusals.push({ path: abs, reason: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    return;
  }
  const kind = st.isSymbolicLink() ? 'a symbolic link' : st.isFIFO() ? 'a FIFO (named pipe)' : st.isSocket() ? 'a socket'
    : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : null;
  if (kind) {
    refusals.push({ path: abs, reason: `is ${kind}; only regular files and directories can be packed` });
    return;
  }
  const problem = pathProblem(entryPath);
  if (problem) refusals.push({ path: abs, reason: `name not allowed (${problem})` });
  const mtime = mtimeSeconds(st);
  if (!(mtime >= 0 && mtime <= LIMITS.maxMtime)) {
    refusals.push({ path: abs, reason: `modification time ${describeTime(mtime)} is outside 1970–2038, which the format cannot carry; touch the file` });
  }
  if (st.isDirectory()) {
    entries.push({ path: entryPath, source: abs, type: 'dir', size: 0, mode: '0755', mtime });
    let names: Buffer[];
    try {
      names = listDir(abs);
    } catch (e) {
      refusals.push({ path: abs, reason: `directory cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    for (const raw of names) {
      const name = raw.toString('utf8');
      // Strict validation (no overlong forms, no surrogates): what decoding and re-encoding checked, without a copy per name.
      if (!isUtf8(raw)) {
        refusals.push({ path: join(abs, name), reason: 'file name is not valid UTF-8' });
        continue;
      }
      // abs is absolute and normalised, and a listed name is never '', '.', '..' nor holds a '/': no join() needed.
      await visit(`${abs}/${name}`, `${entryPath}/${name}`, walk);
    }
    return;
  }
  const size = Number(st.size);
  if (size > LIMITS.maxEntrySize) {
    refusals.push({ path: abs, reason: `larger than ${LIMITS.maxEntrySize} bytes, the largest entry the format carries` });
  }
  const unreadable = walk.probe ? readProblem(abs) : null;
  if (unreadable) refusals.push({ path: abs, reason: unreadable });
  entries.push({ path: entryPath, source: abs, type: 'file', size, mode: st.mode & 0o111n ? '0755' : '0644', mtime });
}

/** Raw names in a directory, as bytes, so names that are not UTF-8 are caught instead of mangled. */
function listDir(abs: string): Buffer[] {
  return readdirSync(abs, { encoding: 'buffer' });
}

/** Opening and reading one byte proves the file is readable now (permissions, ACLs, locks). */
function readProblem(abs: string): string | null {
  try {
    const fd = openSync(abs, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
    try {
      readSync(fd, PROBE, 0, 1, 0);
    } finally {
      closeSync(fd);
    }
    return null;
  } catch (e) {
    return `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
}

/** Scratch for readProblem's one-byte read. */
const PROBE = Buffer.alloc(1);

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

/**
 * A file's mtime in whole seconds, FLOORED (FORMAT.md §4.1): from the nanosecond stat, so a time
 * of …:07.999999999 is …:07 — never the next second, as `Math.floor(mtimeMs / 1000)` gives once the
 * double rounds. Floors towards −∞ for times before 1970 (refused anyway).
 */
export function mtimeSeconds(st: { mtimeNs: bigint }): number {
  const ns = st.mtimeNs;
  const s = ns / 1_000_000_000n;
  return Number(ns < 0n && s * 1_000_000_000n !== ns ? s - 1n : s);
}

function describeTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? `${seconds} s since 1970` : d.toISOString().replace('.000Z', 'Z');
}
