/**
 * Judging a package's co-signatures (docs/FORMAT.md §5.1): every `cosign-<KEYID>.minisig` in the
 * package directory, over manifest.json's exact bytes. Only a trusted WITNESS-role key that is not
 * the signer's and not revoked, with a signature and a trusted comment that both verify, counts.
 *
 * What is a failure and what is merely "does not count":
 * - a file that is not a well-formed minisign signature by the key its name says (too large, not
 *   four lines, legacy `Ed`, key id differing from the name) is a failure: the name space is the
 *   format's, and a malformed file there is tampering or a broken copy;
 * - a file by a trusted witness whose signature or trusted comment does not verify is a failure:
 *   that witness's co-signature was altered, or made for another transfer;
 * - a file by an unknown key, a signer-role key, a revoked key or the package's own signer is
 *   listed (so a person sees it) but not counted, and is not a failure by itself.
 * Whether enough co-signatures count is `recordCosignCheck`'s business.
 */
import { join } from 'node:path';
import { LIMITS } from '../../../shared/format/constants';
import type { Manifest } from '../../../shared/format/manifest';
import type { CosignerResult } from '../../../shared/format/report';
import { parseCosignComment } from '../../../shared/format/trusted-comment';
import { verifySignature } from '../crypto/minisign';
import { COSIGN_FILE } from '../verify/package-files';
import { CappedReadError, readCapped } from '../verify/read-capped';
import type { ReportBuilder } from '../verify/report-builder';
import type { TrustStoreLike, TrustedKeyLike } from '../verify/trust';

/** What `checkCosignatures` needs: the package, the bytes the signer signed, and who signed them. */
export interface CosignCheckInput {
  packageDir: string;
  /** Regular file names in the package directory (from its listing). */
  files: readonly string[];
  /** manifest.json's exact bytes, whose main signature already verified. */
  manifestBytes: Uint8Array;
  manifest: Manifest;
  /** The key id of the package's signer (its own key never counts as a witness). */
  signerKeyId: string;
  store: TrustStoreLike;
}

/** The statuses that are failures of the 'cosign' check, not merely co-signatures that do not count. */
export const COSIGN_FAILURE_STATUSES: readonly CosignerResult['status'][] = ['malformed', 'bad-signature', 'bad-comment'];

/** Judges every well-named co-signature file, sorted by file name. Never throws for a bad package. */
export async function checkCosignatures(input: CosignCheckInput): Promise<CosignerResult[]> {
  const results: CosignerResult[] = [];
  for (const file of [...input.files].filter((f) => COSIGN_FILE.test(f)).sort()) {
    results.push(await judge(file, input));
  }
  return results;
}

async function judge(file: string, input: CosignCheckInput): Promise<CosignerResult> {
  const nameId = file.slice('cosign-'.length, -'.minisig'.length);
  const base = { file, keyId: nameId, label: null, fingerprint: null, role: null } as const;
  let text: string;
  try {
    text = (await readCapped(join(input.packageDir, file), LIMITS.maxSignatureBytes)).toString('utf8');
  } catch (e) {
    return { ...base, status: 'malformed', reason: e instanceof CappedReadError ? e.message : String(e) };
  }
  // Against no key at all, a well-formed signature always answers "unknown key" with its key id:
  // that checks the form (four lines, lengths, the prehashed algorithm) before any trust question.
  const form = verifySignature(input.manifestBytes, text, []);
  if (form.ok || form.failure.code !== 'unknown-key') {
    return { ...base, status: 'malformed', reason: form.ok ? 'not a co-signature' : form.failure.message };
  }
  if (form.failure.keyId !== nameId) {
    return { ...base, status: 'malformed', reason: `the file is named for key ${nameId} but holds a signature by key ${form.failure.keyId}` };
  }
  const named = (k: TrustedKeyLike, role: 'witness' | null) => ({ ...base, label: k.label, fingerprint: k.fingerprint, role });
  if (nameId === input.signerKeyId) {
    const signer = input.store.keys.find((k) => k.keyId === nameId);
    return { ...(signer ? named(signer, null) : base), status: 'signer-key', reason: `made with the package signer's own key ${nameId}; a witness must use their own key` };
  }
  const witness = (input.store.witnesses ?? []).find((k) => k.keyId === nameId);
  if (!witness) {
    const revoked = input.store.revoked.find((k) => k.keyId === nameId);
    if (revoked) return { ...named(revoked, null), status: 'revoked', reason: `key ${revoked.label} (${nameId}) was revoked` };
    const signer = input.store.keys.find((k) => k.keyId === nameId);
    if (signer) return { ...named(signer, null), status: 'not-a-witness', reason: `key ${signer.label} (${nameId}) is trusted as a signer, not as a witness` };
    return { ...base, status: 'unknown-key', reason: `key ${nameId} is not in the trust store` };
  }
  const check = verifySignature(input.manifestBytes, text, [witness]);
  if (!check.ok) {
    const status = check.failure.code === 'bad-trusted-comment' ? 'bad-comment' : 'bad-signature';
    return { ...named(witness, 'witness'), status, reason: check.failure.message };
  }
  const problem = commentProblem(check.trustedComment, input.manifest);
  if (problem) return { ...named(witness, 'witness'), status: 'bad-comment', reason: problem };
  return { ...named(witness, 'witness'), status: 'valid', reason: '' };
}

/** Compares a co-signature's trusted comment with the manifest: every field, and the role witness. */
function commentProblem(comment: string, m: Manifest): string | null {
  const fields = parseCosignComment(comment);
  // JSON.stringify escapes control characters: the comment is the package's text, shown on a terminal.
  if (!fields) return `trusted comment is not a Sluice co-signature comment: ${JSON.stringify(comment.slice(0, 200))}`;
  const want = { file: 'manifest.json', id: m.transferId, seq: m.sequence, from: m.source, to: m.destination, role: 'witness' };
  for (const k of Object.keys(want) as (keyof typeof want)[]) {
    if (fields[k] !== want[k]) return `trusted comment says ${k}=${fields[k]}, the manifest implies ${k}=${want[k]}`;
  }
  return null;
}

/** How many valid witness co-signatures are required: the sender's (manifest) or the station's, whichever is more. */
export function witnessesRequired(m: Manifest, station: number | undefined): number {
  return Math.max(m.cosign?.witnesses ?? 0, station ?? 0);
}

/**
 * Records the 'cosign' check into `b` from judged co-signatures: a failure per tampered or
 * malformed file, and one when fewer than `required` are valid. Also sets the report's fields.
 * (Badly named cosign-* files are the 'package-files' check's failures, not this one's.)
 */
export function recordCosignCheck(b: ReportBuilder, results: CosignerResult[], required: number): void {
  b.cosigners = results;
  b.witnessesRequired = required;
  for (const r of results) {
    if (COSIGN_FAILURE_STATUSES.includes(r.status)) b.fail('cosign', r.file, `${r.status === 'malformed' ? 'malformed co-signature' : `co-signature by witness ${r.label ?? r.keyId} does not verify`}: ${r.reason}`);
  }
  const valid = results.filter((r) => r.status === 'valid');
  const names = valid.map((r) => `${r.label} (${r.keyId})`).join(', ');
  if (valid.length < required) {
    const others = results.filter((r) => r.status !== 'valid').map((r) => `${r.file}: ${r.reason}`);
    const noun = required === 1 ? 'co-signature' : 'co-signatures';
    const notCounted = others.length ? `; not counted: ${others.join('; ')}` : '';
    b.fail('cosign', 'co-signatures', `${required} witness ${noun} required, ${valid.length} valid${names ? `: ${names}` : ''}${notCounted}`);
    return;
  }
  const counted = valid.length === 0 ? 'no witness co-signatures' : `${valid.length} valid witness co-signature(s): ${names}`;
  b.pass('cosign', `${counted}; ${required} required`);
}
