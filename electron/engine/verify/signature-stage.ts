/**
 * The signature stage: the package listing, manifest.json and its signature by a trusted key, the
 * trusted comment, then the manifest's own rules. Nothing of the payload is read. The manifest is
 * parsed only after its signature verified: unauthenticated JSON is never interpreted.
 */
import { createHash } from 'node:crypto';
import { quoted } from '../../../shared/format/display-text';
import { join } from 'node:path';
import { FILE_NAMES, LIMITS } from '../../../shared/format/constants';
import { parseManifest, type Manifest } from '../../../shared/format/manifest';
import type { CheckResult, CosignerResult, Failure, Signer } from '../../../shared/format/report';
import { parseTrustedComment } from '../../../shared/format/trusted-comment';
import { signatureFailureReason } from '../../../shared/format/fault';
import { checkCosignatures, recordCosignCheck, witnessesRequired } from '../cosign/check';
import { verifySignature, type PublicKey } from '../crypto/minisign';
import { listPackage, listingProblems } from './package-files';
import { CappedReadError, readCapped } from './read-capped';
import { ReportBuilder } from './report-builder';
import type { TrustStoreLike, TrustedKeyLike } from './trust';

/** The outcome of the signature stage alone. */
export interface SignatureStageResult {
  ok: boolean;
  signer: Signer | null;
  /** The key that signed, when it is trusted and the signature verified. */
  signerKey: TrustedKeyLike | null;
  trustedComment: string | null;
  manifest: Manifest | null;
  manifestSha256: string | null;
  checks: CheckResult[];
  failures: Failure[];
  /** Every co-signature file, judged; empty when there are none or the stage did not reach them. */
  cosigners: CosignerResult[];
  /** Valid witness co-signatures required, once the manifest was read; null before. */
  witnessesRequired: number | null;
}

/** Options of the signature stage. */
export interface SignatureStageOptions {
  /** The station's policy: at least this many valid witness co-signatures (the manifest may ask for more). */
  requireWitnesses?: number;
}

const STAGE_CHECKS = ['package-files', 'signature', 'trusted-comment', 'manifest', 'cosign'] as const;

/** Runs the signature stage of `packageDir` against `store`. Reads no payload byte; never throws for a bad package. */
export async function checkSignature(packageDir: string, store: TrustStoreLike, options: SignatureStageOptions = {}): Promise<SignatureStageResult> {
  const builder = new ReportBuilder(STAGE_CHECKS);
  const signerKey = await runSignatureStage(packageDir, store, builder, options);
  return {
    ok: !builder.anyFailed && builder.checks().every((c) => c.status === 'pass'),
    signer: builder.signer,
    signerKey,
    trustedComment: builder.trustedComment,
    manifest: builder.manifest,
    manifestSha256: builder.manifestSha256,
    checks: builder.checks(),
    failures: builder.failures,
    cosigners: builder.cosigners ?? [],
    witnessesRequired: builder.witnessesRequired ?? null,
  };
}

/**
 * The stage itself, recording into `builder` (shared with the full verification). Returns the
 * signing key when the signature verified; the manifest is set on the builder only when it parsed.
 * Co-signatures are judged here too, once the manifest is authentic: before any payload byte.
 */
export async function runSignatureStage(packageDir: string, store: TrustStoreLike, b: ReportBuilder, options: SignatureStageOptions = {}): Promise<TrustedKeyLike | null> {
  let listing;
  try {
    listing = await listPackage(packageDir);
  } catch (e) {
    b.fail('package-files', packageDir, `cannot read the package directory: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    return null;
  }

  let manifestBytes: Buffer | null = null;
  let sigText: string | null = null;
  try {
    manifestBytes = await readCapped(join(packageDir, FILE_NAMES.manifest), LIMITS.maxManifestBytes);
    b.manifestSha256 = createHash('sha256').update(manifestBytes).digest('hex');
  } catch (e) {
    b.fail('signature', FILE_NAMES.manifest, reasonOf(e));
  }
  try {
    sigText = (await readCapped(join(packageDir, FILE_NAMES.manifestSig), LIMITS.maxSignatureBytes)).toString('utf8');
  } catch (e) {
    b.fail('signature', FILE_NAMES.manifestSig, reasonOf(e));
  }

  let key: TrustedKeyLike | null = null;
  let comment: string | null = null;
  if (manifestBytes && sigText !== null) {
    const check = verifySignature(manifestBytes, sigText, store.keys);
    if (check.ok) {
      key = check.key as TrustedKeyLike;
      comment = check.trustedComment;
      b.signer = { keyId: key.keyId, label: key.label, fingerprint: key.fingerprint };
      b.trustedComment = comment;
      b.pass('signature', `signed by ${key.label} (${key.keyId})`);
    } else {
      const f = check.failure;
      const keyId = 'keyId' in f ? f.keyId : null;
      const revoked = keyId ? store.revoked.find((k) => k.keyId === keyId) : undefined;
      if (keyId) b.signer = { keyId, label: revoked?.label ?? null, fingerprint: revoked?.fingerprint ?? null };
      // A witness key is trusted to co-sign only; say so rather than "not in the trust store".
      const witness = keyId && f.code === 'unknown-key' ? store.witnesses?.find((k) => k.keyId === keyId) : undefined;
      const reason = revoked && f.code === 'unknown-key'
        ? `signed by key ${revoked.label} (${keyId}), but key ${revoked.label} was revoked`
        : witness
          ? `signed by key ${witness.label} (${keyId}), which is trusted only as a witness (to co-sign), not to sign packages`
          : signatureFailureReason(f.code, f.message, manifestBytes, sigText);
      b.fail('signature', FILE_NAMES.manifestSig, reason);
    }
  }

  if (key && manifestBytes && comment !== null) {
    const text = manifestBytes.toString('utf8');
    // The bytes are needed again only to check co-signatures over them. Without any, they go now:
    // at 100,000 entries they are 23 MB that would sit beside the text and the parsed manifest.
    const cosignBytes = listing.files.some((n) => n.startsWith('cosign-')) ? manifestBytes : new Uint8Array(0);
    manifestBytes = null;
    const parsed = parseManifest(text);
    if (!parsed.ok) {
      for (const p of parsed.problems) b.fail('manifest', FILE_NAMES.manifest, p);
    } else {
      const m = parsed.manifest;
      b.manifest = m;
      if (m.signer.keyId !== key.keyId) b.fail('manifest', FILE_NAMES.manifest, `manifest names signer ${m.signer.keyId} but is signed by ${key.keyId}`);
      b.pass('manifest', `${m.totals.files} files, ${m.totals.directories} directories, ${m.totals.bytes} bytes in ${m.payload.volumes.length} volume(s)`);
    }
    checkTrustedComment(comment, FILE_NAMES.manifest, FILE_NAMES.manifestSig, b.manifest, b);
    if (b.manifest) {
      const m = b.manifest;
      const cosigners = await checkCosignatures({ packageDir, files: listing.files, manifestBytes: cosignBytes, manifest: m, signerKeyId: key.keyId, store });
      recordCosignCheck(b, cosigners, witnessesRequired(m, options.requireWitnesses));
    }
  }

  const problems = listingProblems(listing, b.manifest);
  for (const p of problems) b.fail('package-files', p.where, p.reason);
  b.pass('package-files', `${listing.files.length} files, as the format allows`);
  return key;
}

/** Compares a trusted comment with the manifest; records 'trusted-comment' pass or failures. */
export function checkTrustedComment(comment: string, file: string, sigFile: string, m: Manifest | null, b: ReportBuilder, id: 'trusted-comment' | 'sums-signature' = 'trusted-comment'): void {
  const fields = parseTrustedComment(comment);
  if (!fields) {
    b.fail(id, sigFile, `trusted comment is not in Sluice's form: ${quoted(comment, { max: 200 })}`);
    return;
  }
  if (!m) return;
  const want = { file, id: m.transferId, seq: m.sequence, from: m.source, to: m.destination };
  for (const k of Object.keys(want) as (keyof typeof want)[]) {
    if (fields[k] !== want[k]) b.fail(id, sigFile, `trusted comment says ${k}=${fields[k]}, the manifest implies ${k}=${want[k]}`);
  }
  if (id === 'trusted-comment') b.pass(id, comment);
}

function reasonOf(e: unknown): string {
  return e instanceof CappedReadError ? e.message : e instanceof Error ? e.message : String(e);
}
