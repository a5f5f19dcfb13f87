/**
 * Reading a file back from a medium so that the page cache cannot answer (docs/SECURITY.md,
 * "Read-back"). The file is opened with O_DIRECT: reads go to the device, not to the pages the
 * write left behind. Node gives no control over a Buffer's address and O_DIRECT needs it aligned
 * to the device's logical block, so a buffer one page larger than needed is allocated and the first
 * read probes 16-byte steps until the kernel accepts the address (EINVAL means misaligned).
 * Where O_DIRECT cannot be opened, the file's cached pages are evicted (posix_fadvise DONTNEED,
 * through `dd iflag=nocache count=0`) before an ordinary read. On a FUSE mount the daemon reads its
 * backing device or image through that file's cache, so that cache is evicted too.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CHUNK = 4 * 1024 * 1024;
const ALIGN = 4096;

/** How a file was read back. */
export type ReadBackMethod = 'o_direct' | 'evicted';

/** A read-back's outcome: the SHA-256 of what the medium holds, and how it was read. */
export interface ReadBack {
  sha256: string;
  size: number;
  method: ReadBackMethod;
}

/** Asks the kernel to drop the cached pages of `path` (a file, device or image). Best effort. */
export async function evictCache(path: string): Promise<boolean> {
  if (!isAbsolute(path)) return false;
  return run('dd', [`if=${path}`, 'iflag=nocache', 'count=0', 'status=none'], { timeout: 60_000 }).then(() => true, () => false);
}

/** Evicts the backing store of a FUSE mount (its source, when that is a device or an image path). */
export async function evictFuseSource(fsType: string, source: string): Promise<void> {
  if (fsType.startsWith('fuse') && isAbsolute(source)) await evictCache(source);
}

/** Reads `path` with O_DIRECT (or, where refused, after evicting its cache) and hashes it. */
export async function readBack(path: string, signal?: AbortSignal): Promise<ReadBack> {
  let fh: FileHandle;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_DIRECT | constants.O_NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
    // The filesystem refuses O_DIRECT (tmpfs, some FUSE daemons): evict, then read normally.
    await evictCache(path);
    return { ...(await hashFile(path, constants.O_RDONLY | constants.O_NOFOLLOW, 0, signal)), method: 'evicted' };
  }
  await fh.close();
  return { ...(await hashFile(path, constants.O_RDONLY | constants.O_DIRECT | constants.O_NOFOLLOW, ALIGN, signal)), method: 'o_direct' };
}

async function hashFile(path: string, flags: number, slack: number, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
  const fh = await open(path, flags);
  try {
    const raw = Buffer.allocUnsafeSlow(CHUNK + slack);
    const hash = createHash('sha256');
    let offset = slack ? -1 : 0;
    let pos = 0;
    for (;;) {
      signal?.throwIfAborted();
      let n: number;
      if (offset < 0) {
        // First read: find a buffer address the kernel accepts for direct I/O.
        ({ n, offset } = await probeAlignedRead(fh, raw, slack));
      } else {
        n = (await fh.read(raw, offset, CHUNK, pos)).bytesRead;
      }
      if (n === 0) break;
      hash.update(raw.subarray(offset, offset + n));
      pos += n;
      // A direct read is short only at the end of the file (a next read at an unaligned offset
      // would be refused); a buffered one may be short anywhere, and only a zero read ends it.
      if (slack && n < CHUNK) break;
    }
    return { sha256: hash.digest('hex'), size: pos };
  } finally {
    await fh.close();
  }
}

async function probeAlignedRead(fh: FileHandle, raw: Buffer, slack: number): Promise<{ n: number; offset: number }> {
  for (let offset = 0; offset <= slack; offset += 16) {
    try {
      return { n: (await fh.read(raw, offset, CHUNK, 0)).bytesRead, offset };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
    }
  }
  throw Object.assign(new Error('no buffer alignment was accepted for direct I/O'), { code: 'EINVAL' });
}
