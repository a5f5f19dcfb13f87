/**
 * A media set written one medium at a time, for a station with one USB port (the app's "medium 2
 * of 3: insert the next one"). The set is planned once, from the first medium, as if every later
 * medium were like it: `planSetLike`. Each later medium is then checked against its own share
 * before a byte is written (`writeSetMember`), so a smaller stick is refused up front, not half
 * written. The layout is the one `writeMediaSet` writes (docs/FORMAT.md §8.1), so `sluice gather`
 * and the inbox read either.
 */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { formatBytes } from '../../../shared/units';
import { SluiceError } from '../errors';
import { filesystemOf, FAT_SAFE_FILE, type FilesystemInfo } from './filesystem';
import { allocated, MEDIA_SET_FORMAT, mediumOverhead, planMediaSet, type MediumLabel, type PlanTarget } from './media-set';
import { checkTargets, loadPackageForMedia, verifyMedium, writeOneMedium, type MediumResult } from './write-set';

/** Which volumes each medium of a set carries; planned from the first medium. */
export interface SetPlan {
  transferId: string;
  manifestSha256: string;
  of: number;
  /** media[i]: medium i + 1. `bytes`: what its volumes take on a medium like the first. */
  media: { volumes: string[]; bytes: number }[];
}

/** A medium as the planner sees it, from its filesystem. */
export function planTargetOf(dir: string, fs: FilesystemInfo): PlanTarget {
  return { dir, free: fs.free, blockSize: fs.blockSize, maxFileSize: fs.maxFileSize, filesystem: fs.name };
}

/** Plans the package at `packageDir` across media like the one mounted at `first`. */
export async function planSetLike(packageDir: string, first: string): Promise<SetPlan> {
  const pkg = await loadPackageForMedia(packageDir);
  const like = planTargetOf(first, await filesystemOf(first));
  // One medium per volume is the most a set can need (each medium carries at least one).
  const targets = pkg.volumes.map((_, i) => ({ ...like, dir: i === 0 ? first : `medium ${i + 1}` }));
  const plan = planMediaSet(pkg.packageFiles, pkg.volumes, targets);
  return {
    transferId: pkg.manifest.transferId, manifestSha256: pkg.manifestSha256, of: plan.media.length,
    media: plan.media.map((m) => ({ volumes: m.volumes, bytes: m.bytes })),
  };
}

/**
 * The volume size to pack with for media like `fs` when `payloadBytes` will not fit on one: each
 * volume fills one medium's room (FAT: at most 2000 MiB, docs/FORMAT.md §8.1), whole MiB. Null when
 * the payload fits in one file on one medium. `packageFilesBytes` is room kept for the package
 * files every medium carries (an estimate before packing).
 */
export function volumeSizeForMedia(fs: Pick<FilesystemInfo, 'free' | 'blockSize' | 'maxFileSize' | 'name'>, payloadBytes: number, packageFilesBytes: number): number | null {
  const t: PlanTarget = { dir: '', free: fs.free, blockSize: fs.blockSize, maxFileSize: fs.maxFileSize, filesystem: fs.name };
  const room = fs.free - mediumOverhead(t, [{ name: 'package files', size: packageFilesBytes }]);
  const cap = Math.min(room, fs.maxFileSize === null ? Infinity : FAT_SAFE_FILE);
  if (allocated(payloadBytes, fs.blockSize) <= cap) return null;
  const mib = Math.floor(cap / (1024 * 1024));
  if (mib < 1) throw new SluiceError('medium-full', `The medium has ${formatBytes(fs.free)} free: not even 1 MiB of room for a volume beside the package files. Use an emptier medium.`);
  return mib * 1024 * 1024;
}

export interface SetMemberOptions {
  packageDir: string;
  target: string;
  plan: SetPlan;
  /** 1-based. */
  medium: number;
  readBack: boolean;
  /** Files to put beside the package folder on the medium (the manifest PDF), read back too. */
  beside?: string[];
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
  now?: Date;
}

/** Bytes the medium needs free for medium `medium` of `plan` (its volumes and the package files). */
export async function spaceNeeded(packageDir: string, plan: SetPlan, medium: number, fs: FilesystemInfo): Promise<number> {
  const pkg = await loadPackageForMedia(packageDir);
  const t = planTargetOf('', fs);
  const sizes = new Map(pkg.volumes.map((v) => [v.name, v.size]));
  const share = plan.media[medium - 1]?.volumes ?? [];
  return mediumOverhead(t, pkg.packageFiles) + share.reduce((n, v) => n + allocated(sizes.get(v) ?? 0, fs.blockSize), 0);
}

/**
 * Writes medium `medium` of the set onto `target` and (with `readBack`) reads it back past the page
 * cache. Refused before a byte is written: a package that changed since the plan, a read-only
 * medium, one already holding this transfer, one with less free space than its share needs, a FAT
 * medium for a volume over 4 GiB.
 */
export async function writeSetMember(o: SetMemberOptions): Promise<MediumResult> {
  const share = o.plan.media[o.medium - 1];
  if (!share) throw new SluiceError('bad-medium-number', `The set has ${o.plan.of} media; there is no medium ${o.medium}.`);
  const pkg = await loadPackageForMedia(o.packageDir);
  if (pkg.manifestSha256 !== o.plan.manifestSha256) {
    throw new SluiceError('package-changed', `${o.packageDir} is not the package this set was planned for (its manifest changed). Nothing was written.`);
  }
  const [fs] = await checkTargets([o.target], pkg.manifest.transferId);
  const sizes = new Map(pkg.volumes.map((v) => [v.name, v.size]));
  const tooLarge = share.volumes.find((v) => fs!.maxFileSize !== null && (sizes.get(v) ?? 0) > fs!.maxFileSize);
  if (tooLarge) throw new SluiceError('volume-too-large', `${tooLarge} is larger than ${fs!.name} on ${o.target} can hold in one file. Use a medium formatted like the first one; nothing was written.`);
  for (const f of o.beside ?? []) {
    if (await stat(join(o.target, basename(f))).then(() => true, () => false)) throw new SluiceError('target-refused', `${join(o.target, basename(f))} already exists: this transfer was written here before (remove it or use another medium); nothing was written.`);
  }
  const besideBytes = await Promise.all((o.beside ?? []).map(async (f) => allocated((await stat(f)).size, fs!.blockSize)));
  const need = (await spaceNeeded(o.packageDir, o.plan, o.medium, fs!)) + besideBytes.reduce((n, b) => n + b, 0);
  if (fs!.free < need) {
    throw new SluiceError('medium-full', `${o.target} has ${formatBytes(fs!.free)} free; medium ${o.medium} of ${o.plan.of} needs ${formatBytes(need)}. Use an emptier or larger medium; nothing was written.`);
  }
  const label: MediumLabel = {
    format: MEDIA_SET_FORMAT, transferId: o.plan.transferId, manifestSha256: o.plan.manifestSha256,
    medium: o.medium, of: o.plan.of, volumes: share.volumes, written: (o.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  const written = await writeOneMedium(pkg, o.target, share.volumes, label, o.signal, o.onBytes, o.beside ?? []);
  const result: MediumResult = {
    target: o.target, medium: o.medium, of: o.plan.of, volumes: share.volumes, bytes: share.bytes, filesystem: fs!.name,
    verified: false, readBack: null, mismatches: [],
  };
  return o.readBack ? { ...result, ...(await verifyMedium(o.target, written, fs!, o.signal)) } : result;
}
