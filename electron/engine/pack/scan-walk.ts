/**
 * The scan's walk over one source tree (scan.ts shares it out between this thread and a worker,
 * scan.worker.ts): each path is lstat'ed (never followed), checked against the format's rules and
 * planned, or refused with the reason.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, constants as fsConstants, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { join } from 'node:path';
import { LIMITS } from '../../../shared/format/constants';
import { pathProblem } from '../../../shared/format/paths';
import type { PlannedEntry, Refusal } from './scan';

/**
 * The walk's state. The calls are synchronous: awaited calls through the thread pool cost ~25 µs
 * each in round trips, and a mirror of 100,000 files makes 500,000 of them (lstat, open, read,
 * close, and a directory listing per folder). The event loop gets a turn every TURN_ENTRIES
 * entries, so a job's cancel and progress messages still flow during a long scan.
 */
export interface Walk {
  entries: PlannedEntry[];
  refusals: Refusal[];
  sinceTurn: number;
  /** ScanOptions.probeReadable. */
  probe: boolean;
  /**
   * When set, the directories visited are not descended: each listed name is left in `tasks`,
   * unvisited, for the parallel scan to share out (scan.ts).
   */
  frontier?: WalkTask[];
}

/** A path still to visit: its absolute source path and its entry path. */
export type WalkTask = [abs: string, entryPath: string];

/** Entries scanned between two turns of the event loop. */
export const TURN_ENTRIES = 2048;

/**
 * Plans `abs` (an entry at `entryPath`) and, for a directory, everything below it, into the walk:
 * entries, or refusals naming why. Never follows a link.
 */
export async function visit(abs: string, entryPath: string, walk: Walk): Promise<void> {
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
      if (walk.frontier) walk.frontier.push([`${abs}/${name}`, `${entryPath}/${name}`]);
      else await visit(`${abs}/${name}`, `${entryPath}/${name}`, walk);
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
  // In byte order, so the walk comes out almost in the plan's order (UTF-8 bytes of the whole
  // path; only a name with a character below '/' can still sort between a folder and what is in
  // it), and the plan's final sort has little left to do: on a directory's own (hashed) order it
  // was a third of the scan of a 100,000-file mirror.
  return readdirSync(abs, { encoding: 'buffer' }).sort(Buffer.compare);
}

/** Opening and reading one byte proves the file is readable now (permissions, ACLs, locks). */
export function readProblem(abs: string): string | null {
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
