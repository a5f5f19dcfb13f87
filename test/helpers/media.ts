/**
 * Real media for tests: filesystems in image files created by the test and mounted for it, every
 * mount and loop device undone when the test ends (t.after), even when it fails. This kernel has no
 * vfat or exfat driver, so FAT32 is mounted through FUSE (`fusefat -o rw+`), exFAT through
 * exfat-fuse on a loop device, and ext4 on a loop device. Needs root, /dev/fuse and the tools:
 * `mediaSkipReason()` says why not, for `test(…, { skip })`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type T = { after: (fn: () => void | Promise<void>) => void };

/**
 * A temporary folder for images and mount points. One cleanup, registered on `t` before anything
 * is mounted, undoes every mount and loop device (last first) and only then removes the folder, so
 * a failing test never leaves a mount behind nor deletes through one.
 */
export async function mediaBench(t: T): Promise<{ dir: string; t: T }> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-media-'));
  const steps: (() => void)[] = [];
  const bench = { dir, t: { after: (fn: () => void | Promise<void>) => void steps.push(() => void fn()) } };
  t.after(async () => {
    for (const step of steps.reverse()) {
      try {
        step();
      } catch {
        // keep undoing the rest
      }
    }
    await rm(dir, { recursive: true, force: true });
  });
  return bench;
}

function which(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/** Why media tests cannot run here, or false when they can. */
export function mediaSkipReason(): string | false {
  if (process.getuid?.() !== 0) return 'mounting test media needs root';
  if (!existsSync('/dev/fuse')) return '/dev/fuse is absent (no FUSE in this machine)';
  if (!existsSync('/dev/loop-control')) return 'no loop devices (/dev/loop-control is absent)';
  for (const tool of ['mkfs.vfat', 'mkfs.exfat', 'mkfs.ext4', 'fusefat', 'mount.exfat-fuse', 'losetup', 'fusermount']) {
    if (!which(tool)) return `${tool} is not installed (.ci/run installs dosfstools, exfatprogs, fusefat, exfat-fuse, fuse3)`;
  }
  return false;
}

/** A sparse image file of `bytes`. */
async function sparseImage(file: string, bytes: number): Promise<void> {
  const fh = await open(file, 'wx');
  await fh.truncate(bytes);
  await fh.close();
}

function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Unmounts, retrying while the mount is briefly busy; never throws (cleanup). */
function unmount(mp: string, fuse: boolean): void {
  for (let i = 0; i < 20; i++) {
    const r = fuse ? spawnSync('fusermount', ['-u', mp]) : spawnSync('umount', [mp]);
    if (r.status === 0) return;
    if (!isMounted(mp)) return;
    spawnSync('sleep', ['0.2']);
  }
  spawnSync('umount', ['-l', mp]);
}

/** True while `mp` is a mount point. */
export function isMounted(mp: string): boolean {
  return spawnSync('mountpoint', ['-q', mp]).status === 0;
}

export interface TestMedium {
  image: string;
  mountPoint: string;
  /** The loop device, when there is one. */
  loop?: string;
}

/**
 * A FAT32 medium of `mib` MiB (at least 72: FAT32 needs 65525 clusters, here of 1 KiB — fusefat
 * reports no space with 512-byte clusters; `sectorsPerCluster` 64 makes 32 KiB clusters, which
 * fusefat writes about twice as fast: for gigabytes) mounted with fusefat. `fsname: true` makes the mount's source the
 * image path (type `fuse`), so the filesystem can only be told from the boot sector.
 */
export async function fatMedium(t: T, dir: string, name: string, mib: number, o: { fsname?: boolean; sectorsPerCluster?: number } = {}): Promise<TestMedium> {
  const image = join(dir, `${name}.img`);
  const mountPoint = join(dir, name);
  await sparseImage(image, mib * 1024 * 1024);
  sh('mkfs.vfat', ['-F', '32', '-s', String(o.sectorsPerCluster ?? 2), '-n', name.toUpperCase().slice(0, 11), image]);
  await mkdir(mountPoint);
  const opts = ['rw+', 'big_writes', 'max_write=1048576', ...(o.fsname ? [`fsname=${image}`] : [])].join(',');
  sh('fusefat', ['-o', opts, image, mountPoint]);
  t.after(() => unmount(mountPoint, true));
  return { image, mountPoint };
}

/** An exFAT medium on a loop device, mounted with exfat-fuse (which needs a block device). */
export async function exfatMedium(t: T, dir: string, name: string, mib: number): Promise<TestMedium> {
  const image = join(dir, `${name}.img`);
  const mountPoint = join(dir, name);
  await sparseImage(image, mib * 1024 * 1024);
  sh('mkfs.exfat', [image]);
  await mkdir(mountPoint);
  const loop = sh('losetup', ['-f', '--show', image]).trim();
  t.after(() => void spawnSync('losetup', ['-d', loop]));
  sh('mount.exfat-fuse', [loop, mountPoint]);
  t.after(() => unmount(mountPoint, true));
  return { image, mountPoint, loop };
}

/** An ext4 medium on a loop device (its own, so the test can write the backing file behind it). */
export async function ext4Medium(t: T, dir: string, name: string, mib: number, o: { readOnly?: boolean } = {}): Promise<TestMedium> {
  const image = join(dir, `${name}.img`);
  const mountPoint = join(dir, name);
  await sparseImage(image, mib * 1024 * 1024);
  sh('mkfs.ext4', ['-q', '-E', 'root_owner=0:0', image]);
  await mkdir(mountPoint);
  const loop = sh('losetup', ['-f', '--show', image]).trim();
  // Undone last-first by mediaBench: unmount, then detach.
  t.after(() => void spawnSync('losetup', ['-d', loop]));
  sh('mount', [...(o.readOnly ? ['-o', 'ro'] : []), loop, mountPoint]);
  t.after(() => unmount(mountPoint, false));
  return { image, mountPoint, loop };
}
