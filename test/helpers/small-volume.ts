/**
 * A small tmpfs mounted inside a test's temp folder: a real filesystem that runs out of space at a
 * known size, for the free-space tests. Mounting needs root; without it `mounted` is false and the
 * test skips.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';

/** A mounted (or, without root, unmounted) small volume and how to take it down. */
export interface SmallVolume {
  path: string;
  mounted: boolean;
  /** Unmounts and removes the mount point; call before removing the temp folder. */
  remove(): Promise<void>;
}

/** Mounts a tmpfs of `size` (as mount's `size=` takes it, e.g. "512k") at `dir/small-volume`. */
export async function mountSmallVolume(dir: string, size: string): Promise<SmallVolume> {
  const path = join(dir, 'small-volume');
  await mkdir(path);
  let mounted = false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', path], { stdio: 'ignore' });
    mounted = true;
  } catch {
    mounted = false;
  }
  return {
    path,
    mounted,
    async remove() {
      if (mounted) execFileSync('umount', [path]);
      if (existsSync(path)) await rmdir(path);
    },
  };
}
