/**
 * Durable writes for package files: each file is written as `NAME.partial`, fsynced, then renamed,
 * and directories are fsynced after renames, so a crash or a pulled cable never leaves a file that
 * looks complete but is not.
 */
import { open, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Suffix of a file (or the staging directory) that is still being written. */
export const PARTIAL_SUFFIX = '.partial';

/** Writes `data` to `dir/name` through `name.partial` + fsync + rename. */
export async function writeFileDurably(dir: string, name: string, data: string | Uint8Array): Promise<void> {
  const partial = join(dir, name + PARTIAL_SUFFIX);
  const fh = await open(partial, 'wx', 0o644);
  try {
    await writeFile(fh, data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(partial, join(dir, name));
}

