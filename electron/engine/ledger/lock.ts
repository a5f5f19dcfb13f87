/**
 * An exclusive, cross-process lock on a ledger: the file `<ledger>.lock`, created with O_EXCL
 * ('wx') and holding the holder's pid, hostname and start time. Node has no flock(), and O_EXCL
 * creation is atomic on every local filesystem, so whoever creates the file holds the lock.
 *
 * A lock left by a crashed process is broken only when it is provably dead: same host, and
 * process.kill(pid, 0) says ESRCH. A lock from another host is never broken (we cannot see its
 * processes); waiting ends with 'ledger-locked' naming the holder. Breaking is itself serialised
 * by `<ledger>.lock.break` (also O_EXCL), so two waiters cannot both "break" the lock and one of
 * them delete the other's fresh lock.
 */
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { environmentError, SluiceError } from '../errors';
import { bootId } from '../util/leftovers';

/** Who holds a lock, as written in the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  time: string;
  /** The holder's boot (util/leftovers.ts bootId): a lock from an earlier boot is stale whatever its pid. */
  boot?: string;
}

/** A lock file that exists but cannot be parsed yet this old (ms) is a crash between create and write. */
const UNWRITTEN_LOCK_GRACE_MS = 5_000;

interface SeenLock {
  raw: string;
  holder: LockHolder | null;
  ageMs: number;
}

/** Creates `path` with O_EXCL and writes `content`; false when it already exists. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await fh.writeFile(content);
  } catch (e) {
    // A full volume: remove the empty lock we created (it would block others for a while) and say where.
    await fh.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw environmentError(e, 'create the lock file', path);
  }
  await fh.close();
  return true;
}

async function readLock(path: string): Promise<SeenLock | null> {
  try {
    const [raw, st] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    let holder: LockHolder | null = null;
    try {
      const v = JSON.parse(raw) as Partial<LockHolder>;
      if (Number.isSafeInteger(v.pid) && typeof v.host === 'string' && typeof v.time === 'string') holder = v as LockHolder;
    } catch {
      holder = null;
    }
    return { raw, holder, ageMs: Date.now() - st.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** True unless the process is provably gone (ESRCH). EPERM means it exists under another user. */
function pidAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function isStale(seen: SeenLock): boolean {
  if (!seen.holder) return seen.ageMs > UNWRITTEN_LOCK_GRACE_MS;
  // The owner rule of util/leftovers.ts: same host, and another boot or a pid with no process.
  if (seen.holder.host !== hostname()) return false;
  const boot = bootId();
  if (seen.holder.boot && boot && seen.holder.boot !== boot) return true;
  return !pidAlive(seen.holder.pid);
}

/** Removes a stale lock if it is still exactly the one we judged stale; true when it is gone. */
async function breakStaleLock(lockPath: string, seen: SeenLock): Promise<boolean> {
  const breaker = `${lockPath}.break`;
  const me = JSON.stringify({ pid: process.pid, host: hostname(), time: new Date().toISOString() });
  if (!(await createExclusive(breaker, me))) {
    // Someone else is breaking it. If that someone died mid-break, clear its marker.
    const other = await readLock(breaker);
    if (other && isStale(other)) await unlink(breaker).catch(() => undefined);
    return false;
  }
  try {
    const now = await readLock(lockPath);
    if (now && now.raw === seen.raw) await unlink(lockPath).catch(() => undefined);
    return true;
  } finally {
    await unlink(breaker).catch(() => undefined);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function describeHolder(seen: SeenLock | null): string {
  if (!seen?.holder) return 'a process that has not written its name into the lock file';
  const { pid, host, time } = seen.holder;
  return `pid ${pid} on host ${host} (since ${time})`;
}

/**
 * Takes the lock on `ledgerFile`, waiting up to `timeoutMs`. Returns the function that releases it.
 * Throws SluiceError 'ledger-locked' naming the holder when the wait runs out. `what` names the
 * file in that message (the sequence state takes its lock the same way).
 */
export async function acquireLedgerLock(ledgerFile: string, timeoutMs: number, what = 'ledger'): Promise<() => Promise<void>> {
  const lockPath = `${ledgerFile}.lock`;
  const mine = `${JSON.stringify({ pid: process.pid, host: hostname(), time: new Date().toISOString(), boot: bootId() })}\n`;
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  let last: SeenLock | null = null;
  for (;;) {
    if (await createExclusive(lockPath, mine)) {
      return async () => {
        // Remove only our own lock: never one that replaced ours.
        const now = await readLock(lockPath);
        if (now && now.raw === mine) await unlink(lockPath);
      };
    }
    last = await readLock(lockPath);
    if (last === null) continue; // released between our attempt and the read: try again at once
    if (isStale(last) && (await breakStaleLock(lockPath, last))) continue;
    if (Date.now() >= deadline) {
      throw new SluiceError(
        'ledger-locked',
        `The ${what} ${ledgerFile} is locked by ${describeHolder(last)}. Wait for it to finish and try again; ` +
          `if no Sluice process is running there, remove ${lockPath}.`,
      );
    }
    // Jittered backoff so waiting processes do not retry in lockstep.
    await sleep(Math.min(delay, Math.max(1, deadline - Date.now())) * (0.5 + Math.random()));
    // Capped low: the lock is held for milliseconds, so a short poll costs little and keeps a
    // waiter from being starved by a writer that re-takes the lock right after releasing it.
    delay = Math.min(delay * 2, 20);
  }
}
