/**
 * The files this process has open under a folder, read from /proc/self/fd (Linux): for tests that
 * prove a descriptor is closed after a file, a folder or an abort.
 */
import { readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Targets of this process's open descriptors that lie under `root`. */
export async function openUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(join('/proc/self/fd', fd)).catch(() => '');
    if (target.startsWith(root)) out.push(target);
  }
  return out;
}
