/**
 * Folders an interrupted run leaves behind (a kill -9, a power cut): an import's
 * `.sluice-staging-*` folder in the quarantine, a pack's `<id>.partial` on the target. Each records
 * its owner when it is created — pid, boot id and host — so the next run can tell "mine, and its
 * process is gone" from "someone's, still working" and remove only the first.
 *
 * The owner rule (also used for the ledger lock, electron/engine/ledger/lock.ts): an owner is gone
 * only when it is provably gone — same host and either another boot (the boot id changed) or, on
 * this boot, no process with its pid. Another host's folder (a shared volume), a live pid, or a
 * folder without Sluice's owner record is never touched.
 *
 * Where the owner is recorded:
 * - import staging: in the folder's name, `.sluice-staging-<pid>-<boot>-<host>-XXXXXX`, written
 *   atomically by mkdtemp and carried by no file (the folder is renamed to the import itself).
 * - a pack's `<id>.partial`: the file OWNER_FILE inside, removed just before the final rename.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, readdir, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { displaySafe } from '../../../shared/format/display-text';

/** Who created a folder. `boot` is '' where the platform has no boot id. */
export interface Owner {
  pid: number;
  boot: string;
  /** A short hash of the host name (names may hold characters a folder name should not). */
  host: string;
}

/** One leftover found by a sweep. */
export interface Leftover {
  path: string;
  kind: 'import' | 'pack';
  owner: Owner;
  /** True when it was removed; false when its owner may still be running. */
  removed: boolean;
}

/** The owner record inside a pack's `<id>.partial` folder. */
export const OWNER_FILE = '.sluice-owner';
const STAGING_PREFIX = '.sluice-staging-';
const STAGING_OWNED = /^\.sluice-staging-([1-9][0-9]{0,9})-([0-9a-f]{12}|nb)-([0-9a-f]{8})-/;

let cachedBoot: string | undefined;

/** This boot's id (12 hex of /proc/sys/kernel/random/boot_id), or '' where there is none. */
export function bootId(): string {
  if (cachedBoot !== undefined) return cachedBoot;
  try {
    cachedBoot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().replace(/-/g, '').slice(0, 12).toLowerCase();
    if (!/^[0-9a-f]{12}$/.test(cachedBoot)) cachedBoot = '';
  } catch {
    cachedBoot = '';
  }
  return cachedBoot;
}

/** 8 hex of SHA-256 of this machine's host name. */
export function hostTag(): string {
  return createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
}

/** The owner record of this process (or of `pid`, a process this one acts for). */
export function ownerRecord(pid = process.pid): Owner {
  return { pid, boot: bootId(), host: hostTag() };
}

/** True unless `pid` is provably gone (ESRCH). EPERM means it exists under another user. */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * True only when `owner` is provably gone: this host, and another boot or a pid with no process.
 * A boot id missing on either side falls back to the pid alone.
 */
export function ownerGone(owner: Owner): boolean {
  if (owner.host !== hostTag()) return false;
  const boot = bootId();
  if (owner.boot && boot && owner.boot !== boot) return true;
  return !pidAlive(owner.pid);
}

/** The staging folder name prefix carrying `owner` (pass to mkdtemp, which adds 6 random characters). */
export function stagingPrefix(owner: Owner = ownerRecord()): string {
  return `${STAGING_PREFIX}${owner.pid}-${owner.boot || 'nb'}-${owner.host}-`;
}

/** The owner a staging folder's name records, or null (not Sluice's, or from before owners were recorded). */
export function stagingOwner(name: string): Owner | null {
  const m = STAGING_OWNED.exec(name);
  return m ? { pid: Number(m[1]), boot: m[2] === 'nb' ? '' : m[2]!, host: m[3]! } : null;
}

/** Writes OWNER_FILE into a fresh `<id>.partial` folder (O_EXCL). */
export async function writeOwnerFile(dir: string, owner: Owner = ownerRecord()): Promise<void> {
  const fh = await open(join(dir, OWNER_FILE), 'wx', 0o600);
  try {
    await fh.writeFile(`${JSON.stringify({ tool: 'sluice', kind: 'pack', ...owner, created: new Date().toISOString() })}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** The owner recorded in `<dir>/OWNER_FILE`, or null when there is none or it is not Sluice's. */
export async function readOwnerFile(dir: string): Promise<Owner | null> {
  let raw: string;
  try {
    raw = await readFile(join(dir, OWNER_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    if (v.tool !== 'sluice' || !Number.isSafeInteger(v.pid) || typeof v.boot !== 'string' || typeof v.host !== 'string') return null;
    return { pid: v.pid as number, boot: v.boot, host: v.host };
  } catch {
    return null;
  }
}

async function sweep(root: string, kind: Leftover['kind'], ownerOf: (name: string) => Promise<Owner | null>, wanted: (name: string) => boolean): Promise<Leftover[]> {
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory() && wanted(d.name)).map((d) => d.name);
  } catch {
    return []; // an unreadable root is reported by whatever uses it next, with its own words
  }
  const found: Leftover[] = [];
  for (const name of names.sort()) {
    const owner = await ownerOf(name);
    if (!owner) continue; // not Sluice's record: never ours to remove
    const path = join(root, name);
    const gone = ownerGone(owner);
    if (gone) await rm(path, { recursive: true, force: true, maxRetries: 3 });
    found.push({ path, kind, owner, removed: gone });
  }
  return found;
}

/** Finds import staging folders in `root` (the quarantine) and removes those whose owner is gone. */
export function sweepImportLeftovers(root: string): Promise<Leftover[]> {
  return sweep(root, 'import', async (name) => stagingOwner(name), (name) => name.startsWith(STAGING_PREFIX));
}

/** Finds `*.partial` package folders in `root` (a pack's target) and removes those whose owner is gone. */
export function sweepPackLeftovers(root: string): Promise<Leftover[]> {
  return sweep(root, 'pack', (name) => readOwnerFile(join(root, name)), (name) => name.endsWith('.partial'));
}

/** One line for a person about a leftover: what it was, whose, and what was done. */
export function describeLeftover(l: Leftover): string {
  const what = l.kind === 'import' ? 'staging folder from an interrupted import' : 'partial package from an interrupted pack';
  // The folder's name past Sluice's prefix is whatever is on the disk: escaped for a terminal too.
  const path = displaySafe(l.path, { max: 1000 });
  if (l.removed) return `removed a leftover ${what} (pid ${l.owner.pid}): ${path}`;
  const whose = l.kind === 'import' ? 'an import' : 'a pack';
  return `left ${path} alone: it belongs to ${whose} (pid ${l.owner.pid}) that is still running or on another machine`;
}
