/**
 * Checks made before the first byte is written: how the payload splits into volumes, whether the
 * output filesystem has room for all of it, and whether FAT's 4 GiB file limit would be hit.
 */
import { stat, statfs } from 'node:fs/promises';
import { LIMITS, volumeName } from '../../../shared/format/constants';
import { formatBytes } from '../../../shared/units';
import { SluiceError } from '../errors';
import { FAT_SAFE_FILE, filesystemOf, isFat } from '../media/filesystem';

/** statfs `type` of FAT12/16/32 (MSDOS_SUPER_MAGIC). */
const FAT_MAGIC = 0x4d44;
/** Largest file FAT can hold. */
const FAT_MAX_FILE = 4_294_967_295;

/** How the payload is cut into files. */
export interface VolumePlan {
  names: string[];
  /** Bytes per volume (every volume but the last is exactly this); Infinity when unsplit. */
  volumeSize: number;
  /** Size of the largest volume. */
  largest: number;
}

/** Plans the volumes of a payload of `payloadSize` bytes; unsplit when `volumeSize` is absent or not smaller. */
export function planVolumes(payloadSize: number, volumeSize?: number): VolumePlan {
  if (volumeSize === undefined || volumeSize >= payloadSize) {
    return { names: [volumeName(0, 1)], volumeSize: Infinity, largest: payloadSize };
  }
  if (!Number.isSafeInteger(volumeSize) || volumeSize < LIMITS.minVolumeSize) {
    throw new SluiceError('bad-volume-size', `Volume size must be a whole number of at least ${LIMITS.minVolumeSize} bytes (${formatBytes(LIMITS.minVolumeSize)}).`);
  }
  const count = Math.ceil(payloadSize / volumeSize);
  if (count > LIMITS.maxVolumes) {
    throw new SluiceError('too-many-volumes', `A volume size of ${formatBytes(volumeSize)} would cut this ${formatBytes(payloadSize)} payload into ${count} volumes; at most ${LIMITS.maxVolumes} are allowed. Choose a larger --volume-size.`);
  }
  return { names: Array.from({ length: count }, (_, i) => volumeName(i, count)), volumeSize, largest: volumeSize };
}

/** Bytes to keep free beyond the payload for manifest.json, the sums, signatures and README. */
export function metadataMargin(entryCount: number): number {
  return 4 * 1024 * 1024 + entryCount * 1024;
}

/** Refuses when `outDir`'s filesystem lacks room for `needed` bytes or is FAT and a volume would exceed 4 GiB. */
export async function checkOutputFilesystem(outDir: string, needed: number, plan: VolumePlan): Promise<void> {
  let fs;
  try {
    fs = await statfs(outDir);
  } catch (e) {
    // A missing output directory is refused, not created: on removable media it usually means the
    // medium is not mounted, and creating the path would write the package to the system disk.
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist. Mount the medium or create the folder first'
      : code === 'ENOTDIR' ? 'it is not a folder' : code === 'EACCES' ? 'permission denied' : (code ?? (e as Error).message);
    throw new SluiceError('out-dir-unusable', `Cannot write the package to ${outDir}: ${why}.`);
  }
  // statfs succeeds on a file too: without this, `--out notes.txt` was refused as "…/notes.txt/T… already exists".
  if (!(await stat(outDir).then((s) => s.isDirectory(), () => false))) {
    throw new SluiceError('out-dir-unusable', `Cannot write the package to ${outDir}: it is not a folder. Choose a folder (the package is created inside it).`);
  }
  // statfs says FAT only for the kernel's driver; a FUSE mount (fusefat) is recognised from its
  // type name or the volume's boot sector (media/filesystem.ts).
  const isFatTarget = fs.type === FAT_MAGIC || (plan.largest > FAT_MAX_FILE && (await fatFilesystemName(outDir)) !== null);
  if (isFatTarget && plan.largest > FAT_MAX_FILE) {
    throw new SluiceError('fat-file-limit', `${outDir} is on a FAT filesystem, which cannot hold files over 4 GiB, and this payload is ${formatBytes(plan.largest)} in one file. Split it with --volume-size 4000M (or smaller).`);
  }
  const free = fs.bavail * fs.bsize;
  if (free < needed) {
    throw new SluiceError('insufficient-space', `${outDir} has ${formatBytes(free)} free; this package needs ${formatBytes(needed)}. Free some space or choose another output directory.`);
  }
}

/**
 * Volume size chosen for a FAT target when none is given: 2000 MiB, below FAT's 4 GiB − 1 file
 * limit and below the 2 GiB where FAT drivers with 32-bit signed offsets fail (FAT_SAFE_FILE).
 */
export const FAT_VOLUME_SIZE = FAT_SAFE_FILE;

/** "FAT32" (or FAT16, FAT) when `dir` is on a FAT filesystem — kernel or FUSE — else null. */
export async function fatFilesystemName(dir: string): Promise<string | null> {
  const info = await filesystemOf(dir).catch(() => null);
  if (info) return isFat(info.kind) ? info.name : null;
  const fs = await statfs(dir).catch(() => null);
  return fs?.type === FAT_MAGIC ? 'FAT' : null;
}

/**
 * The volume size pack uses when none was given: FAT_VOLUME_SIZE on a FAT target (so a file over
 * 4 GiB packs without flags), else none. `filesystem` names it for the message.
 */
export async function automaticVolumeSize(outDir: string): Promise<{ volumeSize: number; filesystem: string } | null> {
  const name = await fatFilesystemName(outDir);
  return name === null ? null : { volumeSize: FAT_VOLUME_SIZE, filesystem: name };
}
