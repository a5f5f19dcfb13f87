/**
 * Which mount a path lives on, from the kernel's own table (/proc/self/mountinfo): mount point,
 * filesystem type, source and options. `findmnt` reads the same file; reading it directly needs no
 * tool and sees FUSE mounts (fusefat, exfat-fuse) that lsblk only shows when their source is a device.
 */
import { readFile, realpath } from 'node:fs/promises';

/** One line of /proc/self/mountinfo. */
export interface MountEntry {
  /** `major:minor` of the mounted filesystem (st_dev). */
  devId: string;
  mountPoint: string;
  /** `ext4`, `vfat`, `fuseblk`, `fuse.fusefat`, … */
  fsType: string;
  /** `/dev/sdb1`, an image path given as FUSE's fsname, or a word like `fusefat`. */
  source: string;
  /** Per-mount and superblock options together (`ro` appears in either). */
  options: string[];
}

/** mountinfo escapes space, tab, newline and backslash as \040 \011 \012 \134. */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Parses mountinfo text (see proc(5)); malformed lines are skipped. */
export function parseMountinfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const dash = line.indexOf(' - ');
    if (dash < 0) continue;
    const left = line.slice(0, dash).split(' ');
    const right = line.slice(dash + 3).split(' ');
    if (left.length < 6 || right.length < 3) continue;
    out.push({
      devId: left[2]!,
      mountPoint: unescape(left[4]!),
      fsType: right[0]!,
      source: unescape(right[1]!),
      options: [...left[5]!.split(','), ...right[2]!.split(',')],
    });
  }
  return out;
}

/** The current mount table (Linux). Empty where /proc is absent. */
export async function readMounts(file = '/proc/self/mountinfo'): Promise<MountEntry[]> {
  return parseMountinfo(await readFile(file, 'utf8').catch(() => ''));
}

/** The mount that holds `path` (the longest mount point that is a prefix of its real path); the last one mounted wins. */
export async function mountOf(path: string, mounts?: MountEntry[]): Promise<MountEntry | null> {
  const real = await realpath(path);
  const table = mounts ?? (await readMounts());
  let best: MountEntry | null = null;
  for (const m of table) {
    const mp = m.mountPoint;
    const inside = real === mp || mp === '/' || real.startsWith(mp.endsWith('/') ? mp : `${mp}/`);
    if (inside && (!best || mp.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

/** True when the mount is read-only (`ro` in its own or its superblock's options). */
export function isReadOnlyMount(m: MountEntry): boolean {
  return m.options.includes('ro');
}
