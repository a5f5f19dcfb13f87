/**
 * The IPC contract's removable-media part (issue 11): listing media, choosing one as the export
 * target, writing a package medium by medium (the `write-medium` job), and ejecting. contract.ts
 * merges these channels into the one contract. Main lists, checks and grants every medium itself:
 * the renderer names a medium only by a mount point main listed, and a system disk is never listed.
 */
import { z } from 'zod';
import { TRANSFER_ID_PATTERN } from '../format/constants';

/** One removable medium as the target step shows it (strings from lsblk: escape before showing). */
export interface MediumView {
  mountPoint: string;
  /** The partition or device (`/dev/sdb1`), or the image behind a FUSE mount. */
  device: string;
  label: string;
  model: string;
  /** "FAT32", "exFAT", "ext4", … */
  filesystem: string;
  size: number;
  free: number;
  readOnly: boolean;
  /** `usb`, `mmc`, `loop`, `image`, … */
  transport: string;
  /** Largest file the filesystem holds (FAT: 4 GiB − 1), null when not limited. */
  maxFileBytes: number | null;
}

/** A chosen medium: what the target step needs to say what packing onto it will do. */
export interface MediumTargetView extends MediumView {
  /** The volume size packing for this medium uses when the station sets none (FAT: 2000 MiB), else null. */
  automaticVolumeSize: number | null;
}

/** What `media:eject` did. */
export interface EjectView {
  mountPoint: string;
  device: string;
  /** True when the medium was powered off too (udisks2): it may be pulled. */
  poweredOff: boolean;
  how: 'udisks' | 'umount';
  /** Every medium written for this transfer has now been ejected: the checklist's item is answered. */
  allEjected: boolean;
}

/** What a `write-medium` job hands back: one medium of the set, read back or not. */
export interface MediumWrittenView {
  kind: 'write-medium';
  transferId: string;
  target: string;
  medium: number;
  of: number;
  volumes: string[];
  bytes: number;
  filesystem: string;
  /** True only when every file on the medium was read back past the page cache and matched. */
  verified: boolean;
  readBack: 'o_direct' | 'evicted' | null;
  mismatches: { file: string; reason: string }[];
}

/** A mount point as main listed it (plain schema here: job-requests.ts imports this file). */
const mountPoint = z.string().min(1).max(4096).refine((p) => !p.includes('\u0000'), 'paths must not contain NUL');
const transferId = z.string().regex(TRANSFER_ID_PATTERN);

/** Request schemas of the media channels (merged into contract.ts's `requestSchemas`). */
export const mediaRequestSchemas = {
  /** Removable media mounted now; never a system disk nor the disk of a station folder. */
  'media:list': z.strictObject({}),
  /** Chooses a listed medium as the export target: refused when read-only; granted to the window. */
  'media:choose': z.strictObject({ mountPoint }),
  /**
   * Flushes, unmounts and powers off a medium main listed and this window wrote `transferId` to.
   * Refused with the programs that hold it open, if any.
   */
  'media:eject': z.strictObject({ mountPoint, transferId }),
  /**
   * The operator leaves an export packed for media (a new export): main removes the package's copy
   * on the station's disk and forgets the set. Refused while one of its media is being written;
   * `removed` is false when this window has no such set (already finished and removed, or none).
   */
  'media:discard': z.strictObject({ transferId }),
} as const;

/** What each media channel returns inside its Result. */
export interface MediaResponses {
  'media:list': MediumView[];
  'media:choose': MediumTargetView;
  'media:eject': EjectView;
  'media:discard': { removed: boolean };
}

/**
 * `job:start` of kind `write-medium`: write medium `medium` of the transfer's set (packed on this
 * station's disk) onto the medium at `mountPoint`, and read it back.
 */
export const writeMediumJobSchema = z.strictObject({
  kind: z.literal('write-medium'),
  params: z.strictObject({ transferId, mountPoint, medium: z.number().int().min(1).max(999) }),
});

/**
 * `job:start` of kind `gather-medium`: copy the set medium main lists at `mountPoint` into the
 * inbox (`sluice gather --incremental`'s engine): each volume checked against the signed manifest,
 * the package complete in the inbox once the last medium is in.
 */
export const gatherMediumJobSchema = z.strictObject({
  kind: z.literal('gather-medium'),
  params: z.strictObject({ mountPoint }),
});

/** What a `gather-medium` job hands back. */
export interface MediumGatheredView {
  kind: 'gather-medium';
  transferId: string;
  medium: number;
  of: number;
  missing: number[];
  again: boolean;
  /** The finished package in the inbox once every medium is in; null before. */
  packageDir: string | null;
}
