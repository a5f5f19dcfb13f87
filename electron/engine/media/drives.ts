/**
 * Listing removable media behind one small interface, `MediaLister`. Linux reads `lsblk --json`
 * (devices, removable/hotplug flags, transport) and the kernel's mount table; macOS (`diskutil list
 * -plist`) and Windows (PowerShell `Get-Volume`) are designed in as listers that say they are not
 * supported yet. A system disk — the disk holding `/`, the OS, swap or the station's own folders —
 * is never listed, whatever its flags say (a live USB system is removable too).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { SluiceError } from '../errors';
import { filesystemOf, type FsKind } from './filesystem';
import { mountOf, readMounts, type MountEntry } from './mountinfo';

const run = promisify(execFile);

/** One mounted medium a package may be written to. */
export interface Medium {
  /** The partition or device (`/dev/sdb1`), or the image file behind a FUSE mount. */
  device: string;
  /** The whole disk it belongs to (`/dev/sdb`): what eject powers off. */
  disk: string;
  label: string;
  model: string;
  mountPoint: string;
  /** "FAT32", "exFAT", "ext4", … */
  filesystem: string;
  fsKind: FsKind;
  /** Bytes the filesystem holds, and bytes still free for writing. */
  size: number;
  free: number;
  readOnly: boolean;
  /** `usb`, `mmc`, `loop`, `image`, … */
  transport: string;
}

/** What a platform's lister is asked. */
export interface ListOptions {
  /** Also list loop devices and FUSE mounts of image files (tests, disk images); never system disks. */
  includeLoop?: boolean;
  /** Folders whose disks must never be offered (the station's keys, ledger, inbox, …). */
  protectedPaths?: string[];
}

/** One platform's way of finding media. */
export interface MediaLister {
  platform: NodeJS.Platform;
  list(options: ListOptions): Promise<Medium[]>;
}

interface LsblkDevice {
  name: string;
  path: string;
  pkname: string | null;
  'maj:min'?: string;
  type: string;
  size: number | null;
  rm: boolean;
  hotplug: boolean;
  ro: boolean;
  tran: string | null;
  label: string | null;
  model: string | null;
  mountpoints?: (string | null)[];
  children?: LsblkDevice[];
}

const LSBLK_COLUMNS = 'NAME,PATH,PKNAME,MAJ:MIN,TYPE,SIZE,RM,HOTPLUG,RO,TRAN,LABEL,MODEL,MOUNTPOINTS';
/** Where an operating system lives: a disk holding one of these is a system disk. */
const SYSTEM_MOUNTS = ['/', '/boot', '/boot/efi', '/efi', '/usr', '/var', '/home', '/opt', '/srv'];

/** Flattens lsblk's tree, remembering each device's whole disk (its top ancestor). */
export function flattenLsblk(devices: LsblkDevice[], disk: string | null = null): (LsblkDevice & { disk: string })[] {
  const out: (LsblkDevice & { disk: string })[] = [];
  for (const d of devices) {
    const top = disk ?? d.path;
    out.push({ ...d, disk: top });
    if (d.children) out.push(...flattenLsblk(d.children, top));
  }
  return out;
}

/** The disks a system disk check protects: those holding SYSTEM_MOUNTS, swap, and `protectedPaths`. */
export async function systemDisks(flat: (LsblkDevice & { disk: string })[], mounts: MountEntry[], protectedPaths: string[]): Promise<Set<string>> {
  const disks = new Set<string>();
  const byDevId = new Map(flat.filter((d) => d['maj:min']).map((d) => [d['maj:min']!, d.disk]));
  const byPath = new Map(flat.map((d) => [d.path, d.disk]));
  const mark = (m: MountEntry | null) => {
    if (!m) return;
    const disk = byDevId.get(m.devId) ?? byPath.get(m.source);
    if (disk) disks.add(disk);
  };
  for (const p of SYSTEM_MOUNTS) mark(mounts.find((m) => m.mountPoint === p) ?? null);
  for (const p of protectedPaths) mark(await mountOf(p, mounts).catch(() => null));
  for (const d of flat) {
    if ((d.mountpoints ?? []).some((mp) => mp !== null && (SYSTEM_MOUNTS.includes(mp) || mp === '[SWAP]'))) disks.add(d.disk);
  }
  // Swap partitions and swap files (a swap file's disk is the disk of the mount holding it).
  const swaps = (await readFile('/proc/swaps', 'utf8').catch(() => '')).split('\n').slice(1).map((l) => l.split(/\s+/)[0]).filter(Boolean) as string[];
  for (const s of swaps) {
    const disk = byPath.get(s.replace(/\\040/g, ' '));
    if (disk) disks.add(disk);
    else mark(await mountOf(s, mounts).catch(() => null));
  }
  return disks;
}

const REMOVABLE_TRANSPORTS = new Set(['usb', 'mmc', 'sdio', 'ieee1394', 'memstick']);

/** Linux: lsblk for devices and flags, the mount table for what is mounted where. */
export const linuxLister: MediaLister = {
  platform: 'linux',
  async list(options) {
    let parsed: { blockdevices: LsblkDevice[] };
    try {
      const { stdout } = await run('lsblk', ['--json', '-b', '-o', LSBLK_COLUMNS], { timeout: 15_000, maxBuffer: 8 * 1024 * 1024 });
      parsed = JSON.parse(stdout) as { blockdevices: LsblkDevice[] };
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'lsblk is not installed (package util-linux)' : (e as Error).message.split('\n')[0];
      throw new SluiceError('media-list-failed', `Cannot list the media: ${why}. Give the medium's mount point as a folder instead.`);
    }
    const flat = flattenLsblk(parsed.blockdevices ?? []);
    const mounts = await readMounts();
    const system = await systemDisks(flat, mounts, options.protectedPaths ?? []);
    const media: Medium[] = [];
    const seen = new Set<string>();
    for (const d of flat) {
      if (system.has(d.disk)) continue;
      const isLoop = d.type === 'loop' || d.disk.startsWith('/dev/loop');
      const removable = d.rm || d.hotplug || REMOVABLE_TRANSPORTS.has(d.tran ?? '') || (isLoop && options.includeLoop === true);
      if (!removable) continue;
      const diskDev = flat.find((x) => x.path === d.disk);
      for (const mp of d.mountpoints ?? []) {
        if (mp === null || mp === '[SWAP]' || seen.has(mp)) continue;
        seen.add(mp);
        const m = await describe(d.path, d.disk, mp, d.label ?? '', (d.model ?? diskDev?.model ?? '').trim(), isLoop ? 'loop' : (d.tran ?? diskDev?.tran ?? ''), d.ro);
        if (m) media.push(m);
      }
    }
    if (options.includeLoop) {
      // FUSE mounts of image files (`fusefat -o fsname=IMAGE`) are not block devices: lsblk never shows them.
      for (const m of mounts) {
        if (!m.fsType.startsWith('fuse') || seen.has(m.mountPoint)) continue;
        if (!m.source.startsWith('/') || m.source.startsWith('/dev/')) continue;
        if (isOnSystemPath(m.mountPoint, options.protectedPaths ?? [])) continue;
        seen.add(m.mountPoint);
        const medium = await describe(m.source, m.source, m.mountPoint, '', '', 'image', false);
        if (medium) media.push(medium);
      }
    }
    return media.sort((a, b) => a.mountPoint.localeCompare(b.mountPoint));
  },
};

/** A FUSE image mount over a station folder would hide it: never offered. */
function isOnSystemPath(mountPoint: string, protectedPaths: string[]): boolean {
  return SYSTEM_MOUNTS.includes(mountPoint) || protectedPaths.some((p) => p === mountPoint || p.startsWith(`${mountPoint}/`));
}

async function describe(device: string, disk: string, mountPoint: string, label: string, model: string, transport: string, ro: boolean): Promise<Medium | null> {
  const fs = await filesystemOf(mountPoint).catch(() => null);
  if (!fs) return null;
  return { device, disk, label, model, mountPoint, filesystem: fs.name, fsKind: fs.kind, size: fs.size, free: fs.free, readOnly: ro || fs.readOnly, transport };
}

/** A lister that says its platform is designed in but not built yet. */
function notYet(platform: NodeJS.Platform, tool: string): MediaLister {
  return {
    platform,
    async list() {
      throw new SluiceError('media-unsupported', `Listing media is not supported on this platform (${platform}) yet (it will use ${tool}). Give the medium's mount point as a folder instead.`);
    },
  };
}

/** The lister for `platform`: Linux works; macOS and Windows say they are not supported yet. */
export function listerFor(platform: NodeJS.Platform = process.platform): MediaLister {
  if (platform === 'linux') return linuxLister;
  if (platform === 'darwin') return notYet('darwin', '`diskutil list -plist`');
  if (platform === 'win32') return notYet('win32', 'PowerShell `Get-Volume`');
  return notYet(platform, 'the platform\'s own tools');
}

/** Removable media on this machine, system disks never included. */
export function listMedia(options: ListOptions = {}, lister: MediaLister = listerFor()): Promise<Medium[]> {
  return lister.list(options);
}
