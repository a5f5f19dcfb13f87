/**
 * Vendor checksums in the manifest (FORMAT.md §3.5): optional per-entry `details` a packer writes
 * when the sources carry their vendor's checksum files (SHA256SUMS, CHECKSUMS.txt, `*.sha256sum`,
 * `<file>.sha256` sidecars). The checksum file's own entry says what it listed and how much of it
 * was checked (`details.checksumFile`); each file it vouched for names it (`details.vouchedBy`).
 * A mismatch refuses the pack, so no signed manifest ever records one.
 *
 * What this proves is narrow and the reader must say so: the packed bytes equal what the vendor's
 * file lists. It does not prove the vendor's file is authentic — a signature beside it is recorded
 * as present, never as checked (Sluice holds no vendor keys).
 */
import { z } from 'zod';
import type { Manifest } from './manifest';
import { displaySafe, displayText, quoted } from './display-text';
import { NO_FORBIDDEN_CHARS } from './text-rules';

/** Listed-but-absent names kept in the manifest per checksum file; the count says how many in all. */
export const MAX_ABSENT_NAMES = 50;
/** Signature files recorded beside one checksum file. */
export const MAX_SIGNATURES = 16;
/** Checksum files one packed file may be vouched for by (a SHA256SUMS and a sidecar, say). */
export const MAX_VOUCHERS = 16;

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().max(max).regex(NO_FORBIDDEN_CHARS, 'contains a control or invisible character');

/**
 * How a vendor signature file beside a checksum file was recognised, by its name: `minisign`
 * (`.minisig`), `openpgp` (`.asc`, `.gpg`), `detached` (`.sig`: OpenPGP or cosign, which the name
 * does not tell apart), `sigstore-bundle` (`.bundle`, `.sigstore`, `.sigstore.json`).
 */
export const SIGNATURE_KINDS = ['minisign', 'openpgp', 'detached', 'sigstore-bundle'] as const;
export type SignatureKind = (typeof SIGNATURE_KINDS)[number];

/** A signature file present beside a checksum file. `checked` is always false: Sluice holds no vendor keys. */
export const vendorSignatureSchema = z.looseObject({
  /** Entry path of the signature file; a file entry of the same package. */
  file: z.string(),
  kind: z.enum(SIGNATURE_KINDS),
  checked: z.literal(false),
});

/**
 * `details.checksumFile` on a checksum file's entry. `checked`: every line was understood, each
 * listed file in the package matched (`matched`), the rest are `absent` (listed, not carried —
 * common, a SHA256SUMS covers a vendor's whole release); `format` is how its lines were written:
 * `gnu` (`<hex>  name`, `<hex> *name`), `bsd` (`SHA256 (name) = <hex>`) or `bare` (a sidecar holding
 * only the digest of `<file>` for `<file>.sha256`). `not-checked`: recognised by its name but not
 * used, with the reason (an algorithm other than SHA-256, a line not understood, a name outside its
 * folder, too large) — said on screen and paper rather than passed over in silence.
 */
export const checksumFileSchema = z.discriminatedUnion('status', [
  z.looseObject({
    status: z.literal('checked'),
    format: z.enum(['gnu', 'bsd', 'bare']),
    algorithm: z.literal('sha256'),
    listed: count,
    matched: count,
    absent: count,
    /** The first MAX_ABSENT_NAMES absent names exactly as the checksum file lists them (relative to its folder, which the reader checked they stay inside). */
    absentNames: z.array(text(1000)).max(MAX_ABSENT_NAMES),
    signatures: z.array(vendorSignatureSchema).max(MAX_SIGNATURES),
  }),
  z.looseObject({
    status: z.literal('not-checked'),
    reason: text(500),
    signatures: z.array(vendorSignatureSchema).max(MAX_SIGNATURES),
  }),
]);

/** `details.vouchedBy` on a packed file: entry paths of the checksum files whose SHA-256 it matched, sorted. */
export const vouchedBySchema = z.array(z.string()).min(1).max(MAX_VOUCHERS);

/** The keys this file adds to an entry's `details` (entry-details.ts), in the order a writer emits them. */
export const VENDOR_CHECKSUM_DETAIL_SHAPE = {
  vouchedBy: vouchedBySchema.optional(),
  checksumFile: checksumFileSchema.optional(),
};

export type VendorSignature = z.infer<typeof vendorSignatureSchema>;
export type ChecksumFileDetails = z.infer<typeof checksumFileSchema>;

/** The vendor-checksum keys of one entry's `details`, in the order a packer writes them. */
export interface VendorEntryDetails {
  vouchedBy?: string[];
  checksumFile?: ChecksumFileDetails;
}

/** An entry's `details` object, or null (written by the per-entry details of FORMAT.md §3.5). */
function detailsOf(e: unknown): Record<string, unknown> | null {
  const d = (e as { details?: unknown }).details;
  return d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : null;
}

/** The vendor-checksum details of one entry, shape-checked; null when it has none or they are malformed. */
export function vendorDetailsOf(e: unknown): { vouchedBy?: string[]; checksumFile?: ChecksumFileDetails; malformed?: string } | null {
  const d = detailsOf(e);
  if (!d || (d.vouchedBy === undefined && d.checksumFile === undefined)) return null;
  const out: { vouchedBy?: string[]; checksumFile?: ChecksumFileDetails; malformed?: string } = {};
  if (d.vouchedBy !== undefined) {
    const v = vouchedBySchema.safeParse(d.vouchedBy);
    if (v.success) out.vouchedBy = v.data; else out.malformed = 'details.vouchedBy is malformed';
  }
  if (d.checksumFile !== undefined) {
    const c = checksumFileSchema.safeParse(d.checksumFile);
    if (c.success) out.checksumFile = c.data; else out.malformed = 'details.checksumFile is malformed';
  }
  return out;
}

/**
 * The rules between entries that a shape cannot express: a file is vouched for only by checksum
 * files of the same package that were checked, each checksum file's counts agree with the files
 * naming it, and every signature it names is a file in the package. An empty list when consistent.
 */
export function vendorChecksumProblems(m: Manifest): string[] {
  const problems: string[] = [];
  const files = new Set(m.entries.filter((e) => e.type === 'file').map((e) => e.path));
  const checked = new Map<string, ChecksumFileDetails & { status: 'checked' }>();
  const vouched = new Map<string, number>();
  const each: { path: string; d: NonNullable<ReturnType<typeof vendorDetailsOf>> }[] = [];
  for (const e of m.entries) {
    const d = vendorDetailsOf(e);
    if (!d) continue;
    if (d.malformed) { problems.push(`entry ${quoted(e.path)}: ${d.malformed}`); continue; }
    if (e.type !== 'file') { problems.push(`entry ${quoted(e.path)}: vendor checksum details on a directory`); continue; }
    each.push({ path: e.path, d });
    if (d.checksumFile?.status === 'checked') checked.set(e.path, d.checksumFile);
  }
  for (const { path, d } of each) {
    if (d.vouchedBy) {
      const sorted = [...d.vouchedBy].sort();
      if (new Set(sorted).size !== sorted.length || sorted.some((v, i) => v !== d.vouchedBy![i])) problems.push(`entry ${quoted(path)}: details.vouchedBy must be sorted and without repeats`);
      for (const v of d.vouchedBy) {
        if (!checked.has(v)) problems.push(`entry ${quoted(path)} is vouched for by ${quoted(v)}, which is not a checked checksum file of this package`);
        else if (v === path) problems.push(`entry ${quoted(path)} vouches for itself`);
        else if (!within(folderOf(v), path)) problems.push(`entry ${quoted(path)} is vouched for by ${quoted(v)}, which can list only files inside its own folder`);
        vouched.set(v, (vouched.get(v) ?? 0) + 1);
      }
    }
    for (const s of d.checksumFile?.signatures ?? []) {
      if (!files.has(s.file)) problems.push(`entry ${quoted(path)}: signature ${quoted(s.file)} is not a file of this package`);
      else if (folderOf(s.file) !== folderOf(path)) problems.push(`entry ${quoted(path)}: signature ${quoted(s.file)} is not in the checksum file's folder`);
    }
  }
  for (const [path, c] of checked) {
    const n = vouched.get(path) ?? 0;
    if (c.matched !== n) problems.push(`entry ${quoted(path)}: details.checksumFile.matched is ${c.matched}, ${n} files name it in vouchedBy`);
    if (c.listed !== c.matched + c.absent) problems.push(`entry ${quoted(path)}: details.checksumFile.listed is ${c.listed}, not matched + absent (${c.matched + c.absent})`);
    if (c.absentNames.length !== Math.min(c.absent, MAX_ABSENT_NAMES)) problems.push(`entry ${quoted(path)}: details.checksumFile.absentNames holds ${c.absentNames.length} names for ${c.absent} absent`);
    if (c.format === 'bare' && c.listed !== 1) problems.push(`entry ${quoted(path)}: a bare sidecar lists exactly one file`);
  }
  return problems;
}

/** The folder of an entry path ('' at the top). */
function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Whether `path` lies inside `folder` (any depth; every path lies inside the top ''). */
function within(folder: string, path: string): boolean {
  return folder === '' || path.startsWith(`${folder}/`);
}

/** What the vendor checksums of a package add up to, for a summary line (CLI, app, paper). */
export interface VendorChecksumSummary {
  /** Checksum files recognised. */
  files: number;
  /** Of them, checked (all listed files present matched). */
  checked: number;
  /** Packed files vouched for by at least one checked checksum file. */
  vouchedFiles: number;
  /** Listed files not carried, over all checked checksum files. */
  absent: number;
  /** Signature files present beside checksum files (none checked). */
  signatures: number;
  /** Per checksum file, in manifest order. */
  perFile: { path: string; details: ChecksumFileDetails }[];
}

/** Sums up the vendor checksum details of a manifest; `files` is 0 when the sources carried none. */
export function summarizeVendorChecksums(m: Manifest): VendorChecksumSummary {
  const s: VendorChecksumSummary = { files: 0, checked: 0, vouchedFiles: 0, absent: 0, signatures: 0, perFile: [] };
  for (const e of m.entries) {
    const d = vendorDetailsOf(e);
    if (!d || d.malformed) continue;
    if (d.vouchedBy) s.vouchedFiles++;
    const c = d.checksumFile;
    if (!c) continue;
    s.files++;
    s.signatures += c.signatures.length;
    if (c.status === 'checked') { s.checked++; s.absent += c.absent; }
    s.perFile.push({ path: e.path, details: c });
  }
  return s;
}

/** One line per checksum file, in words, for a terminal or paper (caller escapes with displayText). */
export function describeChecksumFile(c: ChecksumFileDetails): string {
  const sig = c.signatures.length === 0 ? '' : `; signature present (${c.signatures.map((s) => s.file.slice(s.file.lastIndexOf('/') + 1)).join(', ')}), not checked by Sluice`;
  if (c.status === 'not-checked') return `not checked: ${c.reason}${sig}`;
  const absent = c.absent === 0 ? '' : `, ${c.absent} listed but not carried`;
  return `${c.matched} of ${c.listed} listed file${c.listed === 1 ? '' : 's'} match${c.matched === 1 ? 'es' : ''} (SHA-256, ${c.format} format)${absent}${sig}`;
}

/**
 * The vendor checksums of a manifest as lines for a terminal or a screen, display-safe (every
 * path and reason escaped): one per checksum file, `path: what was checked`. Empty when the sources
 * carried none.
 */
export function vendorChecksumLines(m: Manifest): string[] {
  return summarizeVendorChecksums(m).perFile.map((f) => `${displayText(f.path)}: ${displaySafe(describeChecksumFile(f.details), { max: 800 })}`);
}

/** One line for a summary row: "3 files match 2 checksum files; 1 signature present, not checked by Sluice". */
export function vendorChecksumSummaryText(m: Manifest): string {
  const s = summarizeVendorChecksums(m);
  if (s.files === 0) return 'none in the sources';
  const parts: string[] = [];
  if (s.checked > 0) parts.push(`${s.vouchedFiles} file${s.vouchedFiles === 1 ? ' matches' : 's match'} ${s.checked} checksum file${s.checked === 1 ? '' : 's'} (SHA-256)`);
  if (s.absent > 0) parts.push(`${s.absent} listed but not carried`);
  if (s.files > s.checked) parts.push(`${s.files - s.checked} checksum file${s.files - s.checked === 1 ? '' : 's'} NOT CHECKED`);
  if (s.signatures > 0) parts.push(`${s.signatures} vendor signature${s.signatures === 1 ? '' : 's'} present, not checked by Sluice`);
  return parts.join('; ');
}

/** The vendor checksums of a package for the app (raw text: the component escapes it). */
export interface VendorChecksumView {
  /** vendorChecksumSummaryText. */
  summary: string;
  /** One per checksum file: its entry path, what was checked (describeChecksumFile), absent names. */
  files: { path: string; text: string; absent: string[] }[];
}

/** The view of a manifest's vendor checksums, or undefined when the sources carried none. */
export function vendorChecksumView(m: Manifest): VendorChecksumView | undefined {
  const s = summarizeVendorChecksums(m);
  if (s.files === 0) return undefined;
  return {
    summary: vendorChecksumSummaryText(m),
    files: s.perFile.slice(0, 200).map((f) => ({
      path: f.path,
      text: describeChecksumFile(f.details),
      absent: f.details.status === 'checked' ? f.details.absentNames : [],
    })),
  };
}
