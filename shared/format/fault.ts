/**
 * What kind of fault a refused package has, and the words a person needs for it. The verifier
 * reports every failed check; this decides what they mean together, so a half-copied package is
 * not reported as a security incident, a second import names the first, and a tamper stays one.
 *
 * Pure: it reads only a report's failures (and signer), whose reasons come from the engine
 * (electron/engine/verify/*, electron/engine/import/replay-guard.ts). Reasons it does not
 * recognise are treated as tampering: an unknown failure must never be worded as harmless.
 */
import type { Failure, Signer } from './report';
import { displaySafe } from './display-text';
import { FAULT_WORDS, type EarlierImport, type FaultKind, type FaultWords } from './fault-words';

export type { EarlierImport, FaultKind } from './fault-words';

/** The verdict on a refused package, for a person. */
export interface Fault extends FaultWords {
  kind: FaultKind;
  /** True only when the fault is a possible security incident (report it, keep the medium). */
  incident: boolean;
  /** The failure that decided the kind, as one printable line: "where: reason". */
  detail: string;
  /** The failures of the deciding kind (the others are consequences or lesser faults). */
  evidence: Failure[];
  /** For a replay: the earlier import, as the ledger recorded it (when the reason names it). */
  earlierImport?: EarlierImport;
}

/** Added by the signature stage when manifest.json's bytes do not end as a manifest does. */
export const MANIFEST_CUT_SHORT = 'manifest.json is cut short (it does not end as a manifest does)';
/** The signature stage's reason for a file with no bytes at all. */
export const FILE_EMPTY = 'file is empty';

/**
 * True when `bytes` cannot be a whole manifest.json: every manifest Sluice writes ends in "}\n"
 * (serializeManifest), so a copy that stopped early almost never does. Only the end is looked at:
 * unauthenticated JSON is never parsed.
 */
export function manifestLooksCutShort(bytes: Uint8Array): boolean {
  const n = bytes.length;
  return n < 2 || bytes[n - 2] !== 0x7d || bytes[n - 1] !== 0x0a;
}

/**
 * The reason the signature stage records when manifest.json.minisig does not verify: minisign's
 * `message`, plus "cut short" when the manifest's bytes show it was copied incompletely, or
 * FILE_EMPTY when the signature file has no bytes.
 */
export function signatureFailureReason(code: string, message: string, manifest: Uint8Array, sigText: string): string {
  if (sigText.length === 0) return FILE_EMPTY;
  if (code === 'bad-signature' && manifestLooksCutShort(manifest)) return `${message}; ${MANIFEST_CUT_SHORT}`;
  return message;
}

/** Kind of one failure: 'incomplete' copy faults are told apart from a payload cut short when packed. */
type FailureKind = FaultKind | 'incomplete-packed';

const ERRNO = /^(cannot open|cannot read the package directory): /;
/** A Node error message passed through as a reason ("EACCES: permission denied, lstat …"). */
const ERRNO_MESSAGE = /^E[A-Z]{2,}: /;
const SHORTER = /^(?:volume|attachment|file) is (\d+) bytes; the manifest (?:says|implies) (\d+)$/;
/** The package-files reasons for a folder under the wrong name (electron/engine/verify/package-files.ts). */
const MISNAMED = /^(the package directory is named .* but its manifest's transferId is |a directory whose name ends in "\.partial" is a pack that never finished)/;
const TAR_CUT = /^(payload is truncated|payload ends|missing from the payload \(it ends after)/;

/** The kind of one failure, judged alone. */
function kindOf(f: Failure): FailureKind {
  const r = f.reason;
  if (ERRNO.test(r) || ERRNO_MESSAGE.test(r)) return 'environment';
  if (r === 'file is missing' || r === 'volume is missing' || r === 'missing from the package directory' || r === FILE_EMPTY) return 'incomplete';
  if (r.startsWith('volume ended after ')) return 'incomplete';
  const size = SHORTER.exec(r);
  if (size) return Number(size[1]) < Number(size[2]) ? 'incomplete' : 'tampered';
  if (r.endsWith(`; ${MANIFEST_CUT_SHORT}`)) return 'incomplete';
  if (f.check === 'package-files' && MISNAMED.test(r)) return 'misnamed';
  switch (f.check) {
    case 'signature':
      return /not in the trust store|was revoked/.test(r) ? 'untrusted' : 'tampered';
    case 'replay':
      return 'replay';
    case 'rollback':
      return 'rollback';
    case 'destination':
      return 'wrong-destination';
    case 'freshness':
      return r.startsWith('package expired') ? 'expired' : 'clock';
    case 'cosign':
      return f.where === 'co-signatures' && / witness co-signatures? required, \d+ valid/.test(r) && !/does not verify|malformed/.test(r) ? 'witnesses' : 'tampered';
    case 'archive':
      return TAR_CUT.test(r) ? 'incomplete-packed' : 'tampered';
    default:
      return 'tampered';
  }
}

/** Most decisive first: a tamper outranks everything; an incomplete copy only the environment. */
const PRECEDENCE: readonly FailureKind[] = [
  'tampered', 'untrusted', 'replay', 'rollback', 'wrong-destination', 'witnesses', 'clock', 'expired', 'misnamed', 'incomplete-packed', 'incomplete', 'environment',
];

/** Failures that follow from an incomplete copy and say nothing more (not evidence of tampering). */
function consequences(judged: { f: Failure; kind: FailureKind }[]): Set<Failure> {
  const out = new Set<Failure>();
  const shortVolumes = new Set(judged.filter((j) => j.kind === 'incomplete' && j.f.check === 'volumes').map((j) => j.f.where));
  for (const { f } of judged) {
    // A volume that ended early also hashes wrong, and so does the payload it belongs to.
    if (f.check === 'volumes' && shortVolumes.has(f.where) && f.reason === 'SHA-256 does not match the manifest') out.add(f);
    if (f.check === 'payload' && shortVolumes.size > 0) out.add(f);
  }
  return out;
}

/**
 * One printable line of package-supplied text (a failure's "where: reason"): every refused
 * character escaped, length capped — shared/format/display-text.ts `displaySafe`, the one rule.
 */
export function printable(text: string, max = 200): string {
  return displaySafe(text, { max });
}

/** Reads the earlier import out of a replay reason written by replay-guard's `describeImport`. */
export function parseEarlierImport(reason: string): EarlierImport | null {
  const m = /already imported (?:as (\S+) )?on (\d{4}-\d{2}-\d{2}) at (\d{2}:\d{2}:\d{2}) UTC by (.*), ledger entry (\d+)$/.exec(reason);
  if (!m) return null;
  return { ledgerSeq: Number(m[5]), date: m[2]!, time: m[3]!, officer: printable(m[4]!, 80), ...(m[1] ? { transferId: m[1] } : {}) };
}

/** What the classifier reads: a VerifyReport, an ImportReport or the signature stage's result. */
export interface FaultInput {
  failures: readonly Failure[];
  signer?: Signer | null;
}

/**
 * The fault of a refused package, or null when nothing failed. The kind is the most decisive one
 * among the failures that are not mere consequences of another (a volume that is missing makes the
 * payload's SHA-256 fail too; that is not tampering).
 */
export function classifyFault(input: FaultInput): Fault | null {
  if (input.failures.length === 0) return null;
  const judged = input.failures.map((f) => ({ f, kind: kindOf(f) }));
  const dropped = consequences(judged);
  const relevant = judged.filter((j) => !dropped.has(j.f));
  const kind = PRECEDENCE.find((k) => relevant.some((j) => j.kind === k)) ?? 'tampered';
  const evidence = relevant.filter((j) => j.kind === kind).map((j) => j.f);
  const first = evidence[0]!;
  // A manifest cut short fails its signature only as a consequence: say what happened, not that.
  const detail = first.reason.endsWith(`; ${MANIFEST_CUT_SHORT}`) ? MANIFEST_CUT_SHORT : printable(`${first.where}: ${first.reason}`);
  const earlierImport = kind === 'replay' ? evidence.map((f) => parseEarlierImport(f.reason)).find((e) => e !== null) ?? undefined : undefined;
  const revoked = kind === 'untrusted' && evidence.some((f) => /was revoked/.test(f.reason));
  const words = FAULT_WORDS[kind]({ detail, earlierImport, revoked, where: printable(first.where, 80) });
  return {
    kind: kind === 'incomplete-packed' ? 'incomplete' : kind,
    incident: kind === 'tampered',
    ...words,
    detail,
    evidence,
    ...(earlierImport ? { earlierImport } : {}),
  };
}
