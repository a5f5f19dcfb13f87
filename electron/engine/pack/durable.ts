/**
 * Durable writes for package files: each file is written as `NAME.partial`, fsynced, then renamed,
 * and directories are fsynced after renames, so a crash or a pulled cable never leaves a file that
 * looks complete but is not.
 */
import { writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';

/** Suffix of a file (or the staging directory) that is still being written. */
export const PARTIAL_SUFFIX = '.partial';

/** Writes `data` to `dir/name` through `name.partial` + fsync + rename. */
export async function writeFileDurably(dir: string, name: string, data: string | Uint8Array): Promise<void> {
  const commit = await stageFileDurably(dir, name, (write) => write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data));
  await commit();
}

/**
 * Creates `dir/name.partial`, lets `produce` write into it (synchronously: each piece is dropped
 * once written, so a file of many pieces is never held whole), fsyncs it, and returns the rename
 * into place, for a caller that must finish other files before this one may appear (pack's
 * manifest comes last).
 */
export async function stageFileDurably(dir: string, name: string, produce: (write: (bytes: Uint8Array) => void) => void): Promise<() => Promise<void>> {
  const partial = join(dir, name + PARTIAL_SUFFIX);
  const fh = await open(partial, 'wx', 0o644);
  try {
    produce((bytes) => {
      for (let at = 0; at < bytes.length;) at += writeSync(fh.fd, bytes, at);
    });
    await fh.sync();
  } finally {
    await fh.close();
  }
  return () => rename(partial, join(dir, name));
}
