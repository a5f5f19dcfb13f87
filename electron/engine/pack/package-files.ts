/**
 * Everything in a package besides the payload: the manifest, the two checksum files, the two
 * signatures and the README. The manifest and its signature are renamed into place last, so a
 * staging folder with a signed manifest holds every other file.
 */
import { createHash } from 'node:crypto';
import { FILE_NAMES, FORMAT_VERSION } from '../../../shared/format/constants';
import { checkManifestValue, formatTimestamp, type ChecklistRecord, type Manifest, type ManifestEntry, type ScanRecord } from '../../../shared/format/manifest';
import { renderPackageSums, writeFilesSums } from '../../../shared/format/sums';
import { writeCanonicalJson } from '../../../shared/format/canonical-json';
import { renderTrustedComment } from '../../../shared/format/trusted-comment';
import { createPrehasher, signBytes, signPrehash, type SigningKey } from '../crypto/minisign';
import { SluiceError } from '../errors';
import { commitStaged, stageFile, type StagedFile } from './durable';
import { renderReadme } from './readme';
import type { ScanResult } from './scan';
import type { WrittenPayload } from './write-payload';

/** The manifest fields that come from the person packing, not from the payload. */
export interface ManifestFields {
  transferId: string;
  sequence: number;
  source: string;
  destination: string;
  created: Date;
  expires: Date;
  operator: string;
  classification: string;
  purpose: string;
  ticket: string;
  keyId: string;
  checklist: ChecklistRecord[];
  /** The tamper-evident bag's number, chosen before packing (SEAL_PATTERN); absent when none. */
  seal?: string;
  /** Witness co-signatures the sender requires (1..16): the critical `cosign` extension. */
  requireWitnesses?: number;
  /** The antivirus scan's record (FORMAT.md §3.4); pack() always gives one, 'not-scanned' without a scanner. */
  scan?: ScanRecord;
}

/** Builds the manifest and checks it the way a verifier will; refuses fields a verifier would reject. */
export function buildManifest(f: ManifestFields, scan: ScanResult, payload: WrittenPayload): Manifest {
  const entries: ManifestEntry[] = scan.entries.map((e) => {
    const entry: ManifestEntry = e.type === 'dir'
      ? { path: e.path, type: 'dir', size: 0, mode: '0755', mtime: e.mtime }
      : { path: e.path, type: 'file', size: e.size, mode: e.mode, mtime: e.mtime, sha256: payload.fileSha256.get(e.path)! };
    // What was recognised inside (FORMAT.md §3.10), last and only when there is something.
    const details = payload.details?.get(e.path);
    return details !== undefined ? { ...entry, details } : entry;
  });
  const manifest: Manifest = {
    format: FORMAT_VERSION,
    // Readers that do not understand co-signatures must refuse a package that requires them.
    critical: f.requireWitnesses !== undefined ? ['cosign'] : [],
    transferId: f.transferId,
    sequence: f.sequence,
    source: f.source,
    destination: f.destination,
    created: formatTimestamp(f.created.getTime() / 1000),
    expires: formatTimestamp(f.expires.getTime() / 1000),
    operator: f.operator,
    classification: f.classification,
    purpose: f.purpose,
    ticket: f.ticket,
    signer: { keyId: f.keyId },
    payload: { size: payload.size, sha256: payload.sha256, volumes: payload.volumes },
    entries,
    totals: { files: scan.files, directories: scan.directories, bytes: scan.bytes },
    checklist: f.checklist,
    attachments: [],
    // Optional keys only when given, always in this order, so a manifest without them is byte for
    // byte what earlier versions wrote.
    ...(f.seal !== undefined ? { seal: f.seal } : {}),
    ...(f.requireWitnesses !== undefined ? { cosign: { witnesses: f.requireWitnesses } } : {}),
    ...(f.scan !== undefined ? { scan: f.scan } : {}),
  };
  // A verifier runs parseManifest on the text: JSON.parse, the canonical-form rule, then this
  // schema and these rules. The text is JSON.stringify of this very object, so the canonical form
  // holds by construction, and the schema admits only plain data (strings, finite numbers, arrays,
  // objects), which JSON.parse gives back equal: checking the object is the same decision without
  // parsing a second 23 MB tree at 100,000 entries — that tree set pack's peak memory
  // (docs/PERFORMANCE.md, "Many small files"). test/engine/pack/package-files.test.ts holds the two
  // readings together.
  const checked = checkManifestValue(manifest);
  if (!checked.ok) {
    throw new SluiceError('bad-manifest', `The package would not verify: ${checked.problems.join('; ')}.`);
  }
  return manifest;
}

/** Checks the person-supplied fields before any byte is written, by building a manifest with an empty payload. */
export function checkManifestFields(f: ManifestFields): void {
  const empty: WrittenPayload = { fileSha256: new Map(), size: 0, sha256: '0'.repeat(64), volumes: [{ name: FILE_NAMES.payload, size: 0, sha256: '0'.repeat(64) }] };
  buildManifest(f, { entries: [], files: 0, directories: 0, bytes: 0 }, empty);
}

/**
 * Writes FILES.SHA256SUMS, README.txt, SHA256SUMS (+ signature), manifest.json and its signature
 * into the staging directory, fsyncs them side by side, and renames them into place with the
 * manifest and its signature last. Returns the SHA-256 of manifest.json's bytes. The two large
 * files (23 MB and 9 MB at 100,000 entries) are made, hashed and written a MiB at a time, never
 * held whole.
 */
export async function writePackageFiles(dir: string, m: Manifest, key: SigningKey): Promise<string> {
  const comment = (file: string) => renderTrustedComment({ file, id: m.transferId, seq: m.sequence, from: m.source, to: m.destination });
  const opened: StagedFile[] = [];
  const stage = async (name: string, produce: Parameters<typeof stageFile>[2]) => {
    const file = await stageFile(dir, name, produce);
    opened.push(file);
    return file;
  };
  const text = (s: string) => (write: (bytes: Uint8Array) => void) => write(Buffer.from(s, 'utf8'));
  try {
    const filesSumsHash = createHash('sha256');
    const filesSums = await stage(FILE_NAMES.filesSums, (write) => {
      const out = utf8Pieces((bytes) => { filesSumsHash.update(bytes); write(bytes); });
      writeFilesSums(m, out.add);
      out.end();
    });
    // Its bytes are serializeManifest(m)'s, made piece by piece (shared/format/canonical-json.ts).
    const manifestHash = createHash('sha256');
    const manifestPrehash = createPrehasher();
    const manifest = await stage(FILE_NAMES.manifest, (write) => {
      const out = utf8Pieces((bytes) => { manifestHash.update(bytes); manifestPrehash.update(bytes); write(bytes); });
      if (!writeCanonicalJson(m, out.add)) throw new Error('the manifest has no JSON text');
      out.end();
    });
    const manifestSha256 = manifestHash.digest('hex');
    const sums = renderPackageSums(m, manifestSha256, filesSumsHash.digest('hex'));
    const readme = await stage(FILE_NAMES.readme, text(renderReadme(m)));
    const sumsFile = await stage(FILE_NAMES.sums, text(sums));
    const sumsSig = await stage(FILE_NAMES.sumsSig, text(signBytes(Buffer.from(sums, 'utf8'), key, comment(FILE_NAMES.sums))));
    const manifestSig = await stage(FILE_NAMES.manifestSig, text(signPrehash(manifestPrehash.digest(), key, comment(FILE_NAMES.manifest))));
    // The manifest and its signature are renamed into place last.
    await commitStaged([filesSums, readme, sumsFile, sumsSig, manifest, manifestSig]);
    return manifestSha256;
  } catch (e) {
    // Every file closed before the caller removes the folder.
    await Promise.allSettled(opened.map((f) => f.durable()));
    throw e;
  }
}

/**
 * Gathers small strings into pieces of about 1 MiB and hands each on as UTF-8: one write and one
 * hash update per MiB rather than per line. The strings are whole lines or JSON tokens, so no
 * piece ends inside a surrogate pair.
 */
function utf8Pieces(out: (bytes: Buffer) => void): { add: (s: string) => true; end: () => void } {
  let pending = '';
  const end = () => {
    if (pending !== '') out(Buffer.from(pending, 'utf8'));
    pending = '';
  };
  return {
    add: (s) => {
      pending += s;
      if (pending.length >= 1 << 20) end();
      return true;
    },
    end,
  };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
