/**
 * `cosignPackage`: a witness adds their co-signature to a packed transfer — a minisign signature
 * by their own key over manifest.json's exact bytes, written beside it as `cosign-<KEYID>.minisig`
 * (docs/FORMAT.md §5.1). The trusted comment binds it to this transfer, sequence, channel and the
 * role `witness`, so it cannot be moved to another package or read as a signer's signature.
 */
import { createHash } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FILE_NAMES, LIMITS } from '../../../shared/format/constants';
import { parseManifest, type Manifest } from '../../../shared/format/manifest';
import { renderCosignComment, type CosignRole } from '../../../shared/format/trusted-comment';
import { formatKeyId, signBytes, type SigningKey } from '../crypto/minisign';
import { SluiceError } from '../errors';
import { fingerprint, publicKeyOf } from '../keys/key-files';
import { replaceFileAtomically } from '../util/atomic-write';
import { CappedReadError, readCapped } from '../verify/read-capped';

/** Options of `cosignPackage`. */
export interface CosignOptions {
  /** The co-signer's role; format 1 defines only 'witness'. */
  role: CosignRole;
}

/** What was written. */
export interface CosignResult {
  /** Absolute path of the new `cosign-<KEYID>.minisig`. */
  file: string;
  /** The co-signer's key id (16 uppercase hex digits, as minisign prints it). */
  keyId: string;
  /** The co-signer's key fingerprint, as `fingerprint()` prints it. */
  fingerprint: string;
  manifest: Manifest;
  /** SHA-256 of the manifest.json bytes that were co-signed. */
  manifestSha256: string;
}

/** The file name of the co-signature by `keyId`. */
export function cosignFileName(keyId: string): string {
  return `cosign-${keyId}.minisig`;
}

/**
 * Co-signs `packageDir`'s manifest.json with `signingKey`. Errors (SluiceError): 'no-manifest'
 * (missing, unreadable or too large), 'bad-manifest' (does not parse), 'cosign-own-key' (the key is
 * the package signer's: the two-person rule needs a second key), 'already-cosigned' (this key's
 * file exists), 'unwritable-package'. Does not check the main signature: the caller (the witness's
 * tool) shows the manifest for review first.
 */
export async function cosignPackage(packageDir: string, signingKey: SigningKey, options: CosignOptions): Promise<CosignResult> {
  const dir = resolve(packageDir);
  const manifestFile = join(dir, FILE_NAMES.manifest);
  let bytes: Buffer;
  try {
    bytes = await readCapped(manifestFile, LIMITS.maxManifestBytes);
  } catch (e) {
    const why = e instanceof CappedReadError ? e.message : String(e);
    throw new SluiceError('no-manifest', `cannot read ${manifestFile}: ${why}. Give the package directory (the folder holding manifest.json).`);
  }
  const parsed = parseManifest(bytes.toString('utf8'));
  if (!parsed.ok) {
    throw new SluiceError('bad-manifest', `${manifestFile} is not a valid Sluice manifest; nothing was co-signed.`, parsed.problems.map((p) => ({ path: FILE_NAMES.manifest, reason: p })));
  }
  const m = parsed.manifest;
  const keyId = formatKeyId(signingKey.keyIdBytes);
  if (keyId === m.signer.keyId) {
    throw new SluiceError('cosign-own-key', `key ${keyId} signed this package; a witness must co-sign with their own, different key. Nothing was written.`);
  }
  const file = join(dir, cosignFileName(keyId));
  if (await lstat(file).then(() => true, () => false)) {
    throw new SluiceError('already-cosigned', `${file} already exists: key ${keyId} has co-signed this package. Nothing was changed.`);
  }
  const comment = renderCosignComment({ file: FILE_NAMES.manifest, id: m.transferId, seq: m.sequence, from: m.source, to: m.destination, role: options.role });
  const sig = signBytes(bytes, signingKey, comment, `co-signature (${options.role}) from Sluice`);
  try {
    await replaceFileAtomically(file, sig, 0o644);
  } catch (e) {
    throw new SluiceError('unwritable-package', `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Is the medium write-protected?`);
  }
  return { file, keyId, fingerprint: fingerprint(publicKeyOf(signingKey)), manifest: m, manifestSha256: createHash('sha256').update(bytes).digest('hex') };
}
