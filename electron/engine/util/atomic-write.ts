/**
 * Replacing a small file so that a crash or a pulled cable leaves either the old contents or the
 * new, never a torn mix: write a fresh temp file beside the target, fsync it, rename it over the
 * target, fsync the folder. Used for settings, sequence state and the ledger's head file.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/**
 * fsyncs a directory so renames and creations inside it survive a crash. Opened with O_NOFOLLOW:
 * never through a link. A filesystem that does not support fsync on a directory (EINVAL, EISDIR,
 * EPERM, EBADF) is tolerated, since that says nothing about the data; any I/O error is fatal (a
 * failed fsync may have dropped dirty pages, and retrying would falsely succeed).
 */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, DIR_FLAGS);
  try {
    await fh.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF') throw e;
  } finally {
    await fh.close();
  }
}

/**
 * Atomically and durably replaces `target` with `data` (created with `mode`, default 0600). The
 * temp file is created exclusively (never through an existing file or link) and removed on failure.
 */
export async function replaceFileAtomically(target: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', mode);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dir);
}
