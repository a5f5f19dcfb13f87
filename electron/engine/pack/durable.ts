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

/** A file written to `name.partial` and still open. */
export interface StagedFile {
  /** fsync, then close (closed even when the fsync fails); once, however often it is called. */
  durable(): Promise<void>;
  /** The rename to `name`; only after durable(). */
  commit(): Promise<void>;
}

/**
 * Creates `dir/name.partial` and lets `produce` write into it, synchronously: each piece is
 * dropped once written, so a file of many pieces is never held whole (pack's 23 MB manifest).
 */
export async function stageFile(dir: string, name: string, produce: (write: (bytes: Uint8Array) => void) => void): Promise<StagedFile> {
  const partial = join(dir, name + PARTIAL_SUFFIX);
  const fh = await open(partial, 'wx', 0o644);
  try {
    produce((bytes) => {
      for (let at = 0; at < bytes.length;) at += writeSync(fh.fd, bytes, at);
    });
  } catch (e) {
    await fh.close();
    throw e;
  }
  let durable: Promise<void> | null = null;
  const makeDurable = async () => {
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  };
  return {
    durable: () => (durable ??= makeDurable()),
    commit: () => rename(partial, join(dir, name)),
  };
}

/**
 * Makes every staged file durable at once — their fsyncs run side by side, so the filesystem can
 * commit them together where one after another cost a journal commit each — then renames them
 * into place in the order given. Every file is closed whatever fails; the first failure is thrown.
 */
export async function commitStaged(files: readonly StagedFile[]): Promise<void> {
  const settled = await Promise.allSettled(files.map((f) => f.durable()));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  for (const f of files) await f.commit();
}
