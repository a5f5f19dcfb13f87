/**
 * Media sets (docs/FORMAT.md, "Media sets"): a package spread over several media. Each medium
 * holds `<transferId>/` with every package file except the volumes it does not carry, and beside
 * it the set label `<transferId>.medium.json`. This module is the label and the plan: which volumes
 * go on which medium, refused before a byte is written when the media cannot hold the package.
 */
import { z } from 'zod';
import { SHA256_PATTERN, TRANSFER_ID_PATTERN } from '../../../shared/format/constants';
import { formatBytes } from '../../../shared/units';
import { SluiceError } from '../errors';
import { FAT_SAFE_FILE } from './filesystem';

/** The label's format identifier. */
export const MEDIA_SET_FORMAT = 'sluice-media-set/1';

/** The label's file name beside the package directory on a medium. */
export function labelFileName(transferId: string): string {
  return `${transferId}.medium.json`;
}

/** The set label: which set this medium belongs to, its place in it, and which volumes it carries. */
export const mediumLabelSchema = z.strictObject({
  format: z.literal(MEDIA_SET_FORMAT),
  transferId: z.string().regex(TRANSFER_ID_PATTERN),
  manifestSha256: z.string().regex(SHA256_PATTERN),
  medium: z.number().int().min(1).max(999),
  of: z.number().int().min(1).max(999),
  volumes: z.array(z.string().regex(/^payload\.tar(\.[0-9]{3})?$/)).max(999),
  written: z.string().max(40),
});

/** A parsed set label. */
export type MediumLabel = z.infer<typeof mediumLabelSchema>;

/** Parses a label's text, or returns why it is not one. */
export function parseMediumLabel(text: string): { ok: true; label: MediumLabel } | { ok: false; problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'the set label is not JSON' };
  }
  const r = mediumLabelSchema.safeParse(raw);
  if (!r.success) return { ok: false, problem: `the set label is malformed (${r.error.issues[0]?.path.join('.') || 'top level'})` };
  if (r.data.medium > r.data.of) return { ok: false, problem: `the set label says medium ${r.data.medium} of ${r.data.of}` };
  return { ok: true, label: r.data };
}

/** A file to place. */
export interface SizedFile {
  name: string;
  size: number;
}

/** A medium as the planner sees it. */
export interface PlanTarget {
  dir: string;
  free: number;
  blockSize: number;
  /** Largest file the filesystem holds (FAT: 4 GiB − 1), or null. */
  maxFileSize: number | null;
  /** "FAT32", "ext4": for messages. */
  filesystem: string;
}

/** Which volumes each used medium carries, in order; `unused` targets were not needed. */
export interface MediaPlan {
  media: { target: PlanTarget; volumes: string[]; bytes: number }[];
  unused: PlanTarget[];
}

/** Bytes a file takes on a filesystem allocating in `block`-sized units. */
export function allocated(size: number, block: number): number {
  const b = Math.max(512, block || 4096);
  return Math.ceil(size / b) * b;
}

/** Room kept on every medium beyond the files: directory entries, the label, filesystem metadata. */
export function mediumOverhead(target: PlanTarget, packageFiles: readonly SizedFile[]): number {
  const files = packageFiles.reduce((n, f) => n + allocated(f.size, target.blockSize), 0);
  return files + 4 * allocated(1, target.blockSize) + 256 * 1024;
}

/** A volume size (in MiB, for --volume-size) that fits the smallest medium's room, and FAT's limit. */
function volumeSizeHint(targets: readonly PlanTarget[], packageFiles: readonly SizedFile[]): string {
  const rooms = targets.map((t) => Math.min(t.free - mediumOverhead(t, packageFiles), t.maxFileSize === null ? Infinity : FAT_SAFE_FILE));
  const mib = Math.floor(Math.min(...rooms) / (1024 * 1024));
  return mib >= 1 ? `${mib}M` : '(none: a medium has less than 1 MiB of room)';
}

/**
 * Fills the targets in order, each up to its free space, with consecutive volumes. Refuses (exit 2,
 * nothing written) a volume larger than a medium can hold or its filesystem allows (naming the
 * --volume-size to pack with), a medium that holds not even the package files and one volume, and
 * media that together are too small.
 */
export function planMediaSet(packageFiles: readonly SizedFile[], volumes: readonly SizedFile[], targets: readonly PlanTarget[]): MediaPlan {
  if (targets.length === 0) throw new SluiceError('no-media', 'No medium was given to write to.');
  const media: MediaPlan['media'] = [];
  let next = 0;
  for (const [i, t] of targets.entries()) {
    if (next >= volumes.length) return { media, unused: targets.slice(i) };
    const room = t.free - mediumOverhead(t, packageFiles);
    const chosen: string[] = [];
    let used = 0;
    while (next < volumes.length) {
      const v = volumes[next]!;
      if (t.maxFileSize !== null && v.size > t.maxFileSize) {
        throw new SluiceError('volume-too-large', `${v.name} is ${formatBytes(v.size)}, larger than ${t.filesystem} on ${t.dir} can hold in one file (${formatBytes(t.maxFileSize)}). Pack again with --volume-size ${volumeSizeHint(targets, packageFiles)}.`);
      }
      const cost = allocated(v.size, t.blockSize);
      if (used + cost > room) break;
      chosen.push(v.name);
      used += cost;
      next++;
    }
    if (chosen.length === 0) {
      const v = volumes[next]!;
      const need = mediumOverhead(t, packageFiles) + allocated(v.size, t.blockSize);
      const anyFits = targets.some((o) => o.free >= need);
      throw new SluiceError('medium-full', anyFits
        ? `${t.dir} has ${formatBytes(t.free)} free; it needs at least ${formatBytes(need)} for the package files and ${v.name}. Use an emptier medium; nothing was written.`
        : `${v.name} (${formatBytes(v.size)}) with the package files does not fit on ${t.dir} (${formatBytes(t.free)} free). Pack again with --volume-size ${volumeSizeHint(targets, packageFiles)}, or use larger media; nothing was written.`);
    }
    media.push({ target: t, volumes: chosen, bytes: used });
  }
  if (next < volumes.length) {
    const left = volumes.slice(next).reduce((n, v) => n + v.size, 0);
    throw new SluiceError('media-too-small', `The ${targets.length} media given hold ${next} of the ${volumes.length} volumes; ${formatBytes(left)} of volumes (${volumes.length - next} of them) and a copy of the package files still need room. Add another medium; nothing was written.`);
  }
  return { media, unused: [] };
}
