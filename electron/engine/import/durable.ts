/**
 * Making an extracted tree durable before commit releases it with a rename. The promise is the one
 * `tar xf … && sync -f DEST` gives: every file's bytes, mode and mtime and every folder entry are on
 * the medium before the tree can appear in the destination.
 *
 * Why one `syncfs` and not an fsync per file: on ext4 each fsync forces its own journal commit, and
 * 100,000 of them made importing a package mirror ten times slower than tar (docs/PERFORMANCE.md,
 * "Many small files"); one syncfs of the staging folder's filesystem writes the same dirty pages
 * back in one pass and commits the journal once. Node has no syncfs binding, so on Linux it is
 * coreutils' `sync -f` (syncfs(2) on the folder's filesystem; since Linux 5.8 it also reports a
 * writeback error on that filesystem that no one has seen yet). Where `sync -f` is not there (macOS,
 * Windows, a minimal system), every file and then every folder is fsynced, children first.
 */
import { execFile } from 'node:child_process';
import { constants, closeSync, fsyncSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** How a tree was made durable. */
export type SyncMethod = 'syncfs' | 'fsync-each';

/** Makes everything under `root` durable; called once, after the last write under it. */
export type TreeSync = (root: string) => Promise<SyncMethod>;

/** Runs `sync -f root`: 'ok', 'unavailable' (no such tool or option), or throws its failure. */
export type SyncFsRunner = (root: string) => Promise<'ok' | 'unavailable'>;

/** coreutils `sync -f`: syncfs(2) of the filesystem holding `root`. */
export const runSyncF: SyncFsRunner = (root) => new Promise((resolve, reject) => {
  execFile('sync', ['-f', '--', root], { timeout: 0, windowsHide: true }, (err, _out, stderr) => {
    if (!err) return resolve('ok');
    const code = (err as NodeJS.ErrnoException).code;
    // No sync(1), or one without -f (coreutils before 8.24, busybox): fall back, never skip.
    if (code === 'ENOENT' || /invalid option|unrecognized option|usage/i.test(stderr)) return resolve('unavailable');
    reject(Object.assign(new Error(`sync -f ${root} failed: ${stderr.trim() || err.message}`), { code: 'EIO' }));
  });
});

/** The default TreeSync: one syncfs on Linux, else (or when `sync -f` is unavailable) fsync of every entry. */
export async function syncTree(root: string, platform: NodeJS.Platform = process.platform, runner: SyncFsRunner = runSyncF): Promise<SyncMethod> {
  if (platform === 'linux' && (await runner(root)) === 'ok') return 'syncfs';
  fsyncEach(root);
  return 'fsync-each';
}

const FILE_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW;
const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/**
 * fsyncs every regular file under `dir`, then every folder after its contents. Never follows a link
 * (the staging tree holds none). A folder whose filesystem refuses fsync on directories (EINVAL,
 * EISDIR, EPERM, EBADF, as util/atomic-write.ts's syncDir tolerates) is accepted; any other error
 * is fatal.
 */
export function fsyncEach(dir: string): void {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) fsyncEach(p);
    else if (d.isFile()) syncPath(p, FILE_FLAGS, false);
  }
  syncPath(dir, DIR_FLAGS, true);
}

function syncPath(path: string, flags: number, tolerant: boolean): void {
  let fd: number | null = null;
  try {
    fd = openSync(path, flags);
    fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!tolerant || (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF')) throw e;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
