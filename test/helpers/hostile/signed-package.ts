/**
 * Writes a complete, VALIDLY SIGNED `sluice-transfer/1` package directory around whatever manifest
 * entries and payload bytes a test hands it. Everything a verifier checks before the archive —
 * signatures, trusted comments, SHA256SUMS, FILES.SHA256SUMS, volume and payload hashes — is made
 * correct for the bytes actually written, so a rejection can only come from the hostile property
 * under test (a hostile manifest entry, or a tar stream that lies).
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nacl from 'tweetnacl';
import { FILE_NAMES, FORMAT_VERSION, volumeName } from '../../../shared/format/constants';
import { formatTimestamp, serializeManifest, type Manifest, type ManifestEntry } from '../../../shared/format/manifest';
import { renderFilesSums, renderPackageSums } from '../../../shared/format/sums';
import { renderTrustedComment } from '../../../shared/format/trusted-comment';
import { formatKeyId, signBytes, type PublicKey, type SigningKey } from '../../../electron/engine/crypto/minisign';

/** A test signer: the secret half to sign with and the public half to trust. */
export interface TestSigner {
  signing: SigningKey;
  public: PublicKey;
}

/** The in-memory trust store the verifier takes (`loadTrustStore`'s shape). */
export interface TestTrustStore {
  keys: (PublicKey & { label: string; fingerprint: string; file: string })[];
  revoked: (PublicKey & { label: string; fingerprint: string; file: string })[];
}

/** A deterministic signer, so every corpus run signs with the same key. */
export function testSigner(seedByte = 7): TestSigner {
  const pair = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(seedByte));
  const keyIdBytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, seedByte]);
  return {
    signing: { keyIdBytes, secretKey: pair.secretKey },
    public: { keyIdBytes, keyId: formatKeyId(keyIdBytes), publicKey: pair.publicKey },
  };
}

/** A trust store that trusts exactly `signer`. */
export function trustStoreFor(signer: TestSigner): TestTrustStore {
  return { keys: [{ ...signer.public, label: 'test', fingerprint: 'x', file: 'x' }], revoked: [] };
}

export const sha256Hex = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** A file entry whose size and hash are those of `body`. */
export function fileEntry(path: string, body: Uint8Array | string, mtime = 1_700_000_000): ManifestEntry {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return { path, type: 'file', size: bytes.length, mode: '0644', mtime, sha256: sha256Hex(bytes) };
}

/** A directory entry. */
export function dirEntry(path: string, mtime = 1_700_000_000): ManifestEntry {
  return { path, type: 'dir', size: 0, mode: '0755', mtime };
}

/** The channel every corpus package travels on; the importing station is `CHANNEL.to`. */
export const CHANNEL = { from: 'LOW', to: 'HIGH' } as const;

export interface PackageSpec {
  transferId: string;
  /** Manifest entries, written verbatim (hostile ones included). */
  entries: ManifestEntry[];
  /** The payload, one buffer per volume; the manifest's hashes and sizes are computed from these. */
  volumes: Uint8Array[];
  sequence?: number;
  /** Seconds since the epoch the package claims as its creation time; default: a minute ago. */
  createdAt?: number;
}

/** Builds the manifest for `spec`: totals from the entries, payload and volume records from the bytes. */
export function buildManifest(spec: PackageSpec, signer: TestSigner): Manifest {
  const created = spec.createdAt ?? Math.floor(Date.now() / 1000) - 60;
  let files = 0, directories = 0, bytes = 0;
  for (const e of spec.entries) {
    if (e.type === 'dir') directories++;
    else { files++; bytes += e.size; }
  }
  const payload = Buffer.concat(spec.volumes.map((v) => Buffer.from(v)));
  return {
    format: FORMAT_VERSION,
    critical: [],
    transferId: spec.transferId,
    sequence: spec.sequence ?? 1,
    source: CHANNEL.from,
    destination: CHANNEL.to,
    created: formatTimestamp(created),
    expires: formatTimestamp(created + 7 * 86400),
    operator: 'Hostile Corpus',
    classification: 'TEST',
    purpose: 'hostile-package corpus',
    ticket: 'TEST-1',
    signer: { keyId: signer.public.keyId },
    payload: {
      size: payload.length,
      sha256: sha256Hex(payload),
      volumes: spec.volumes.map((v, i) => ({ name: volumeName(i, spec.volumes.length), size: v.length, sha256: sha256Hex(v) })),
    },
    entries: spec.entries,
    totals: { files, directories, bytes },
    checklist: [],
    attachments: [],
  };
}

/** Writes the package into `dir` (created if missing) and returns its manifest. */
export async function writeSignedPackage(dir: string, spec: PackageSpec, signer: TestSigner): Promise<Manifest> {
  const manifest = buildManifest(spec, signer);
  const manifestBytes = Buffer.from(serializeManifest(manifest), 'utf8');
  const filesSums = Buffer.from(renderFilesSums(manifest), 'utf8');
  const sums = Buffer.from(renderPackageSums(manifest, sha256Hex(manifestBytes), sha256Hex(filesSums)), 'utf8');
  const comment = (file: string) =>
    renderTrustedComment({ file, id: manifest.transferId, seq: manifest.sequence, from: manifest.source, to: manifest.destination });

  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, FILE_NAMES.manifest), manifestBytes);
  await writeFile(join(dir, FILE_NAMES.manifestSig), signBytes(manifestBytes, signer.signing, comment(FILE_NAMES.manifest)));
  await writeFile(join(dir, FILE_NAMES.sums), sums);
  await writeFile(join(dir, FILE_NAMES.sumsSig), signBytes(sums, signer.signing, comment(FILE_NAMES.sums)));
  await writeFile(join(dir, FILE_NAMES.filesSums), filesSums);
  await writeFile(join(dir, FILE_NAMES.readme), `Sluice transfer ${manifest.transferId}: a test package.\n`);
  for (const [i, volume] of spec.volumes.entries()) {
    await writeFile(join(dir, volumeName(i, spec.volumes.length)), volume);
  }
  return manifest;
}
