/**
 * The verification report: what `sluice verify --json` prints, what the app shows and what the
 * print renderer puts on paper. One result per check and one per file, so a failure names what
 * failed and where.
 */
import type { Manifest } from './manifest';

export type CheckStatus = 'pass' | 'fail' | 'skipped';

/** Stable ids of the checks, in the order a verifier runs them. */
export type CheckId =
  | 'package-files' // the package directory holds exactly the files the format allows
  | 'signature' // manifest.json.minisig by a trusted key over manifest.json
  | 'trusted-comment' // its trusted comment names this transfer, sequence and channel
  | 'manifest' // manifest.json parses and is internally consistent
  | 'cosign' // witness co-signatures (cosign-<KEYID>.minisig): as many valid ones as required
  | 'sums-signature' // SHA256SUMS.minisig by the same key
  | 'sums' // SHA256SUMS and FILES.SHA256SUMS are exactly what the manifest implies
  | 'freshness' // not expired, not created in the future
  | 'destination' // addressed to this station's network (import only)
  | 'replay' // transfer id / sequence not imported before (import only)
  | 'rollback' // sequence within the replay window below the channel's highest (import only)
  | 'volumes' // every volume's size and SHA-256
  | 'payload' // the whole tar stream's size and SHA-256
  | 'archive' // every tar header matches the manifest; nothing hostile; clean end
  | 'entries'; // every file's SHA-256

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** One line for a person: what was checked and what was found. */
  detail: string;
}

export interface FileResult {
  path: string;
  type: 'file' | 'dir';
  size: number;
  status: CheckStatus;
  /** Why it failed, when it did. */
  reason?: string;
}

/** One failed check, as the CLI prints it: what failed, and where (a file, a volume, an entry). */
export interface Failure {
  check: CheckId;
  where: string;
  reason: string;
}

export interface Signer {
  keyId: string;
  /** The trust store's label for the key, or null if the key is not trusted. */
  label: string | null;
  fingerprint: string | null;
}

/**
 * One `cosign-<KEYID>.minisig` file as the verifier judged it. Only `status: 'valid'` counts
 * towards a required number of witnesses: a trusted witness-role key other than the signer, a
 * signature over manifest.json that verifies, and a trusted comment naming this transfer and the
 * role `witness`.
 */
export interface CosignerResult {
  /** The file name in the package directory. */
  file: string;
  keyId: string;
  /** The trust store's label, when the key is in it (as a witness or otherwise). */
  label: string | null;
  fingerprint: string | null;
  role: 'witness' | null;
  status: 'valid' | 'unknown-key' | 'not-a-witness' | 'signer-key' | 'revoked' | 'bad-signature' | 'bad-comment' | 'malformed';
  /** Why it does not count, for a person; empty when valid. */
  reason: string;
}

export interface VerifyReport {
  report: 'sluice-verify-report/1';
  packageDir: string;
  ok: boolean;
  /** UTC timestamp (YYYY-MM-DDTHH:MM:SSZ) of the clock the checks used, fixed at the start. */
  checkedAt: string;
  transferId: string | null;
  signer: Signer | null;
  /** Shown only after the signature and global signature both verified. */
  trustedComment: string | null;
  /** SHA-256 of manifest.json's bytes: the digest the signature covers, printed on paper. */
  manifestSha256: string | null;
  /** The manifest, present only when its signature verified. */
  manifest: Manifest | null;
  checks: CheckResult[];
  files: FileResult[];
  failures: Failure[];
  /** Every co-signature file found, judged; absent in reports of versions before co-signatures. */
  cosigners?: CosignerResult[];
  /** How many valid witness co-signatures were required (the manifest's or the station's, whichever is more). */
  witnessesRequired?: number;
}

/** An import: the verification, then where it went and its ledger entry. */
export interface ImportReport extends VerifyReport {
  imported: {
    /** The final directory: DEST/<transfer id>/. */
    path: string;
    ledgerSeq: number;
    ledgerHash: string;
  } | null;
}
