/**
 * Vendor checksums, checked by the machine while packing (issue 10 §2). Before the payload is
 * written, `planVendorChecks` finds the checksum files among the planned entries (SHA256SUMS,
 * CHECKSUMS.txt, `*.sha256sum`, `<file>.sha256` sidecars; vendor-sums-parse.ts) and reads them — small
 * files, capped — into the digest each listed file must have. The pack then calls `checkEntry` with
 * the SHA-256 it computes anyway for every file, so the large files are read once; the first
 * mismatch throws, which stops the pack and removes the partial package. `details()` gives what the
 * manifest records (shared/format/vendor-checksums.ts).
 *
 * A listed file that is not among the sources is recorded as "listed but not carried", not
 * refused: a vendor's SHA256SUMS covers its whole release and an operator carries what is needed.
 * A checksum file that cannot be read strictly is recorded as "not checked" with the reason.
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { open } from 'node:fs/promises';
import { mergeDetails, type EntryDetails } from '../../../shared/format/entry-details';
import { parentPath } from '../../../shared/format/paths';
import {
  MAX_ABSENT_NAMES, MAX_SIGNATURES, type ChecksumFileDetails, type VendorEntryDetails, type VendorSignature,
} from '../../../shared/format/vendor-checksums';
import { environmentError, SluiceError } from '../errors';
import type { PlannedEntry } from './scan';
import type { WrittenPayload } from './write-payload';
import { MAX_CHECKSUM_FILE_BYTES, parseChecksums, recognizeChecksumFile, signatureKind } from './vendor-sums-parse';

/** The vendor checks of one pack: call `checkEntry` once per hashed file, then `details()`. */
export interface VendorChecks {
  /** Checksum files found among the sources (checked or not). */
  readonly found: number;
  /** Of them, the ones whose lines are checked (the rest are recorded as not checked). */
  readonly checkable: number;
  /** Compares a file's SHA-256 with every checksum file listing it; throws SluiceError on a mismatch. */
  checkEntry(path: string, sha256: string): void;
  /** Manifest details by entry path, once every file was checked; throws if one was not. */
  details(): Map<string, VendorEntryDetails>;
}

interface Expectation {
  sums: string;
  digest: string;
  line: number;
  seen: boolean;
}

interface SumsFile {
  path: string;
  source: string;
  /** SHA-256 of the bytes parsed, so a checksum file changed before it is packed is caught. */
  readSha256: string | null;
  result: { status: 'checked'; format: 'gnu' | 'bsd' | 'bare'; listed: number; absentNames: string[]; expectations: Expectation[] } | { status: 'not-checked'; reason: string };
  signatures: VendorSignature[];
}

/** Finds and reads the checksum files among `entries` (payload order). Never refuses; unreadable ones are recorded. */
export async function planVendorChecks(entries: readonly PlannedEntry[]): Promise<VendorChecks> {
  // Most packs hold no checksum file: then one name test per file is all they pay, and no map
  // of every path is built (a mirror's 100,000 paths cost time and memory).
  const checksumFiles = entries.filter((e) => e.type === 'file' && recognizeChecksumFile(baseName(e.path)) !== null);
  const files = new Map<string, PlannedEntry>();
  const byFolder = new Map<string, string[]>();
  for (const e of checksumFiles.length > 0 ? entries : []) {
    if (e.type !== 'file') continue;
    files.set(e.path, e);
    const folder = parentPath(e.path) ?? '';
    const names = byFolder.get(folder);
    if (names) names.push(baseName(e.path)); else byFolder.set(folder, [baseName(e.path)]);
  }
  const sums: SumsFile[] = [];
  const expected = new Map<string, Expectation[]>();
  for (const e of checksumFiles) {
    const kind = recognizeChecksumFile(baseName(e.path))!;
    const folder = parentPath(e.path) ?? '';
    const within = (name: string) => (folder === '' ? name : `${folder}/${name}`);
    const signatures: VendorSignature[] = (byFolder.get(folder) ?? [])
      .map((sibling) => ({ sibling, kind: signatureKind(baseName(e.path), sibling) }))
      .filter((s) => s.kind !== null).slice(0, MAX_SIGNATURES)
      .map((s) => ({ file: within(s.sibling), kind: s.kind!, checked: false as const }));
    const file: SumsFile = { path: e.path, source: e.source, readSha256: null, result: { status: 'not-checked', reason: '' }, signatures };
    sums.push(file);
    if (e.size > MAX_CHECKSUM_FILE_BYTES) {
      file.result = { status: 'not-checked', reason: `larger than ${MAX_CHECKSUM_FILE_BYTES / 1024 / 1024} MiB, more than a checksum file holds` };
      continue;
    }
    const bytes = await readSmall(e);
    file.readSha256 = createHash('sha256').update(bytes).digest('hex');
    const parsed = parseChecksums(bytes, kind);
    if (!parsed.ok) { file.result = { status: 'not-checked', reason: parsed.reason }; continue; }
    if (parsed.algorithm !== 'sha256') {
      file.result = { status: 'not-checked', reason: `lists ${parsed.algorithm.toUpperCase()} digests; Sluice computes SHA-256 only` };
      continue;
    }
    const self = parsed.files.find((f) => within(f.name) === e.path);
    if (self) { file.result = { status: 'not-checked', reason: `line ${self.line} lists the checksum file itself` }; continue; }
    const expectations: Expectation[] = [];
    const absentNames: string[] = [];
    for (const f of parsed.files) {
      const target = within(f.name);
      if (!files.has(target)) { if (absentNames.length < MAX_ABSENT_NAMES) absentNames.push(f.name); continue; }
      const x: Expectation = { sums: e.path, digest: f.digest, line: f.line, seen: false };
      expectations.push(x);
      const xs = expected.get(target);
      if (xs) xs.push(x); else expected.set(target, [x]);
    }
    file.result = { status: 'checked', format: parsed.format, listed: parsed.files.length, absentNames, expectations };
  }
  const sumsByPath = new Map(sums.map((s) => [s.path, s]));

  return {
    found: sums.length,
    checkable: sums.filter((s) => s.result.status === 'checked').length,
    checkEntry(path: string, sha256: string): void {
      const own = sumsByPath.get(path);
      if (own?.readSha256 && own.readSha256 !== sha256) {
        throw new SluiceError('source-changed', `${own.source} changed between being read as a checksum file and being packed; nothing was packed. Pack again once it is no longer being written.`, [
          { path: own.source, reason: 'source changed during pack' },
        ]);
      }
      for (const x of expected.get(path) ?? []) {
        if (x.digest !== sha256) throw mismatch(files.get(path)!, x, sha256);
        x.seen = true;
      }
    },
    details(): Map<string, VendorEntryDetails> {
      const out = new Map<string, VendorEntryDetails>();
      for (const [path, xs] of expected) {
        if (xs.some((x) => !x.seen)) throw new Error(`vendor checksum of ${path} was never compared`);
        out.set(path, { vouchedBy: [...new Set(xs.map((x) => x.sums))].sort() });
      }
      for (const s of sums) {
        const d: ChecksumFileDetails = s.result.status === 'checked'
          ? {
            status: 'checked', format: s.result.format, algorithm: 'sha256', listed: s.result.listed,
            matched: s.result.expectations.length, absent: s.result.listed - s.result.expectations.length,
            absentNames: s.result.absentNames, signatures: s.signatures,
          }
          : { status: 'not-checked', reason: s.result.reason.slice(0, 500), signatures: s.signatures };
        // vouchedBy first, checksumFile second: a fixed key order keeps the manifest's bytes canonical.
        out.set(s.path, { ...out.get(s.path), checksumFile: d });
      }
      return out;
    },
  };
}

/**
 * The written payload with the vendor details merged into its per-entry details (another
 * recogniser's keys kept, the keys in entry-details.ts's order), for buildManifest.
 */
export function withVendorDetails(payload: WrittenPayload, vendor: VendorChecks): WrittenPayload {
  const vendorDetails = vendor.details();
  if (vendorDetails.size === 0) return payload;
  const merged = new Map<string, EntryDetails>(payload.details ?? []);
  for (const [path, d] of vendorDetails) {
    const m = mergeDetails(merged.get(path), d as Partial<EntryDetails>);
    if (m) merged.set(path, m);
  }
  return { ...payload, details: merged };
}

/** Reads a checksum file (size checked by the caller), without following a link swapped in since the scan. */
async function readSmall(e: PlannedEntry): Promise<Uint8Array> {
  try {
    const fh = await open(e.source, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW);
    try {
      const buf = Buffer.alloc(Math.min(e.size, MAX_CHECKSUM_FILE_BYTES));
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw environmentError(err, 'read the checksum file', e.source);
  }
}

function mismatch(e: PlannedEntry, x: Expectation, actual: string): SluiceError {
  return new SluiceError(
    'vendor-checksum-mismatch',
    `${e.source} does not match its SHA-256 in ${x.sums} (line ${x.line}): the vendor lists ${x.digest}, the file is ${actual}. It is not what the vendor published; nothing was packed. Get the file again from the vendor.`,
    [{ path: e.source, reason: `SHA-256 differs from ${x.sums} line ${x.line}` }],
  );
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
