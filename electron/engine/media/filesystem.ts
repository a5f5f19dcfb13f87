/**
 * What filesystem a target folder is on, and what that means for writing a package to it: FAT's
 * 4 GiB file limit, free space, read-only. The kernel's type name is not enough: FUSE mounts
 * (fusefat, exfat-fuse, ntfs-3g) report `fuse`/`fuseblk`, so the volume's own boot sector is read
 * from the mount's source (a device or image) when the type does not say.
 */
import { constants } from 'node:fs';
import { access, open, statfs } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { isReadOnlyMount, mountOf, type MountEntry } from './mountinfo';

/** Filesystems Sluice tells apart; `other` has no limit Sluice knows of. */
export type FsKind = 'fat32' | 'fat16' | 'fat12' | 'fat' | 'exfat' | 'ntfs' | 'ext4' | 'ext3' | 'ext2' | 'xfs' | 'btrfs' | 'apfs' | 'hfsplus' | 'other';

/** Largest file FAT12/16/32 can hold (the size field is 32 bits). */
export const FAT_MAX_FILE = 4 * 1024 ** 3 - 1;

/**
 * The largest file Sluice puts on FAT: 2000 MiB. The format allows 4 GiB − 1, but FAT drivers with
 * 32-bit signed offsets fail at 2 GiB (measured: Debian's fusefat refuses writes past 2 GiB with
 * EPERM), and the receiving side may read the medium with any of them.
 */
export const FAT_SAFE_FILE = 2000 * 1024 * 1024;

/** A target folder's filesystem as far as writing a package is concerned. */
export interface FilesystemInfo {
  kind: FsKind;
  /** For people: "FAT32", "exFAT", "ext4", or the kernel's type name. */
  name: string;
  /** The kernel's type name from the mount table (`vfat`, `fuseblk`, `fuse.fusefat`, …); '' when unknown. */
  fsType: string;
  /** The mount's source (`/dev/sdb1`, an image file, or a FUSE word). */
  source: string;
  mountPoint: string;
  /** Largest file the filesystem holds, or null when it has no practical limit. */
  maxFileSize: number | null;
  readOnly: boolean;
  /** Bytes an unprivileged writer may still use (statfs bavail × bsize). */
  free: number;
  size: number;
  /** Allocation unit: every file takes a whole number of these. */
  blockSize: number;
  /** How `kind` was found: the mount's type name, or the volume's boot sector. */
  detectedBy: 'mount-type' | 'signature' | 'none';
}

const BY_TYPE: Record<string, FsKind> = {
  vfat: 'fat', msdos: 'fat', 'fuse.fusefat': 'fat', exfat: 'exfat', 'fuse.exfat': 'exfat', ntfs: 'ntfs', ntfs3: 'ntfs',
  'fuse.ntfs-3g': 'ntfs', ext4: 'ext4', ext3: 'ext3', ext2: 'ext2', xfs: 'xfs', btrfs: 'btrfs', apfs: 'apfs', hfsplus: 'hfsplus',
};

const NAMES: Record<FsKind, string> = {
  fat32: 'FAT32', fat16: 'FAT16', fat12: 'FAT12', fat: 'FAT', exfat: 'exFAT', ntfs: 'NTFS', ext4: 'ext4', ext3: 'ext3', ext2: 'ext2',
  xfs: 'XFS', btrfs: 'Btrfs', apfs: 'APFS', hfsplus: 'HFS+', other: 'other',
};

/**
 * The filesystem a boot sector announces: FAT32 ("FAT32   " at 82), FAT12/16 (at 54), exFAT and
 * NTFS (OEM name at 3), each only with the 0x55AA boot signature. Null when none matches.
 */
export function kindFromBootSector(sector: Uint8Array): FsKind | null {
  if (sector.length < 512) return null;
  const text = (from: number, to: number) => Buffer.from(sector.subarray(from, to)).toString('latin1');
  if (text(3, 11) === 'EXFAT   ') return 'exfat';
  if (text(3, 11) === 'NTFS    ') return 'ntfs';
  if (sector[510] !== 0x55 || sector[511] !== 0xaa) return null;
  if (text(82, 90) === 'FAT32   ') return 'fat32';
  if (text(54, 62) === 'FAT16   ') return 'fat16';
  if (text(54, 62) === 'FAT12   ') return 'fat12';
  return null;
}

/** Reads the first 512 bytes of `source` when it is an absolute path that can be opened; else null. */
export async function readBootSector(source: string): Promise<Uint8Array | null> {
  if (!isAbsolute(source)) return null;
  const fh = await open(source, 'r').catch(() => null);
  if (!fh) return null;
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await fh.read(buf, 0, 512, 0);
    return bytesRead === 512 ? buf : null;
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}

/** The kind from the mount's type name, refined (or found) from the boot sector when the type is vague. */
export async function detectKind(mount: MountEntry | null): Promise<{ kind: FsKind; detectedBy: FilesystemInfo['detectedBy'] }> {
  const byType = mount ? BY_TYPE[mount.fsType] : undefined;
  // FAT by type still reads the sector to say FAT32 rather than FAT; the limit is the same.
  if (byType && byType !== 'fat') return { kind: byType, detectedBy: 'mount-type' };
  const sector = mount ? await readBootSector(mount.source) : null;
  const bySig = sector ? kindFromBootSector(sector) : null;
  if (bySig) return { kind: bySig, detectedBy: byType ? 'mount-type' : 'signature' };
  if (byType) return { kind: byType, detectedBy: 'mount-type' };
  return { kind: 'other', detectedBy: 'none' };
}

/** True for the FAT family (4 GiB file limit). */
export function isFat(kind: FsKind): boolean {
  return kind === 'fat' || kind === 'fat32' || kind === 'fat16' || kind === 'fat12';
}

/** Describes the filesystem holding `dir` (which must exist). */
export async function filesystemOf(dir: string): Promise<FilesystemInfo> {
  const mount = await mountOf(dir).catch(() => null);
  const { kind, detectedBy } = await detectKind(mount);
  const fs = await statfs(dir);
  const writable = await access(dir, constants.W_OK).then(() => true, (e: NodeJS.ErrnoException) => e.code !== 'EROFS');
  return {
    kind,
    name: kind === 'other' ? (mount?.fsType ?? 'unknown') : NAMES[kind],
    fsType: mount?.fsType ?? '',
    source: mount?.source ?? '',
    mountPoint: mount?.mountPoint ?? '',
    maxFileSize: isFat(kind) ? FAT_MAX_FILE : null,
    readOnly: (mount !== null && isReadOnlyMount(mount)) || !writable,
    free: fs.bavail * fs.bsize,
    size: fs.blocks * fs.bsize,
    blockSize: fs.bsize,
    detectedBy,
  };
}
