/**
 * The trusted comment of every Sluice signature: signed together with the signature, so it binds
 * the signed file to one transfer, sequence and channel. A verifier compares each field with the
 * manifest and refuses any difference.
 *
 *   sluice-transfer/1 file=manifest.json id=T20261122-ab12 seq=7 from=LOW to=HIGH
 */
import { FORMAT_VERSION } from './constants';

export interface TrustedCommentFields {
  file: string;
  id: string;
  seq: number;
  from: string;
  to: string;
}

/** Renders the trusted comment for one signed file. */
export function renderTrustedComment(f: TrustedCommentFields): string {
  return `${FORMAT_VERSION} file=${f.file} id=${f.id} seq=${f.seq} from=${f.from} to=${f.to}`;
}

/** Parses a trusted comment; null when it is not exactly in Sluice's form. */
export function parseTrustedComment(comment: string): TrustedCommentFields | null {
  const m = /^sluice-transfer\/1 file=(\S+) id=(\S+) seq=([1-9][0-9]{0,15}) from=(\S+) to=(\S+)$/.exec(comment);
  if (!m) return null;
  const seq = Number(m[3]);
  if (!Number.isSafeInteger(seq)) return null;
  return { file: m[1]!, id: m[2]!, seq, from: m[4]!, to: m[5]! };
}

/** The roles a co-signer can sign in. Format 1 defines one: a witness of the transfer. */
export const COSIGN_ROLES = ['witness'] as const;
export type CosignRole = (typeof COSIGN_ROLES)[number];

/**
 * The trusted comment of a co-signature (`cosign-<KEYID>.minisig` over manifest.json): the
 * transfer's comment with the co-signer's role appended.
 *
 *   sluice-transfer/1 file=manifest.json id=T20261122-ab12 seq=7 from=LOW to=HIGH role=witness
 */
export function renderCosignComment(f: TrustedCommentFields & { role: CosignRole }): string {
  return `${renderTrustedComment(f)} role=${f.role}`;
}

/** Parses a co-signature's trusted comment; null when it is not exactly in that form. */
export function parseCosignComment(comment: string): (TrustedCommentFields & { role: CosignRole }) | null {
  const m = / role=(witness)$/.exec(comment);
  if (!m) return null;
  const base = parseTrustedComment(comment.slice(0, m.index));
  return base ? { ...base, role: m[1] as CosignRole } : null;
}
