/**
 * The values main returns to the renderer over IPC: plain, serialisable data shaped for the screens
 * (and the printed documents), never engine objects. The request side lives in ./contract.
 */
import type { CheckResult, CosignerResult, Failure, ImportReport, Signer } from '../format/report';
import type { ChecklistRecord, Manifest } from '../format/manifest';
import type { ChecklistEvaluation } from '../checklist-policy';
import type { Settings, StationFolder } from '../settings';

export * from './job-views';

/** A dialog's answer: the chosen paths (now granted to this window), or cancelled. */
export interface DialogSelection {
  canceled: boolean;
  paths: string[];
}

/** The chosen export target folder and what the medium can take. */
export type TargetSelection =
  | { canceled: true }
  | {
      canceled: false;
      path: string;
      freeBytes: number;
      totalBytes: number;
      /** 'vfat', 'exfat', 'ntfs', 'ext4', …; null when the type is not recognised. */
      filesystem: string | null;
      /** Largest single file the filesystem takes (FAT32: 4 GiB − 1), null when not limited. */
      maxFileBytes: number | null;
    };

/** One entry the packer would take. */
export interface ScanEntryView {
  path: string;
  type: 'file' | 'dir';
  size: number;
}

/** What `sources:scan` found: every entry, every refusal (per file, all at once), and totals. */
export interface ScanView {
  entries: ScanEntryView[];
  refusals: { path: string; reason: string }[];
  totals: { files: number; directories: number; bytes: number };
  /** Vendor checksum files among the entries, and how many the pack can check (FORMAT.md §3.11). */
  vendorChecksums?: { found: number; checkable: number };
}

/** A signing key in the station's keys folder. */
export interface KeyView {
  name: string;
  keyId: string;
  fingerprint: string;
  /** Whether the secret key file is present (an export station's own key). */
  hasSecret: boolean;
}

/** A public key exported for hand-over: the .pub text and where it was written, if anywhere. */
export interface ExportedPublicKey {
  name: string;
  keyId: string;
  fingerprint: string;
  publicKeyText: string;
  writtenTo: string | null;
}

/** A key in the trust store (or in its revoked/ folder). */
export interface TrustedKeyView {
  label: string;
  keyId: string;
  fingerprint: string;
  revoked: boolean;
  /** signer: may sign packages; witness: may only co-sign. */
  role: 'signer' | 'witness';
}

/** A public key file's identity, shown before an officer confirms it. */
export interface KeyFileView {
  keyId: string;
  fingerprint: string;
  /** The untrusted comment line of the .pub file, for display only. */
  comment: string;
}

/** A package waiting in the inbox folder. The `dir` is granted to the window that listed it. */
export interface InboxPackageView {
  dir: string;
  name: string;
  /** Whether manifest.json and its signature are present (cheap look, nothing verified). */
  looksLikePackage: boolean;
  bytes: number;
  modified: string;
  /**
   * From names and sizes only (electron/engine/media/arrival.ts): 'ready' may be verified;
   * 'arriving' is still being copied (volumes missing or growing, `.partial`) and is not offered;
   * 'gathering' is a media set being gathered medium by medium; 'set-medium' is one medium of a set,
   * to be gathered into the inbox. Absent: not judged.
   */
  arrival?: 'ready' | 'arriving' | 'gathering' | 'set-medium';
  arrivalReasons?: string[];
  /** The removable medium it is on (its mount point); absent: in the inbox folder. */
  medium?: string;
}

/** The signature stage alone (the import wizard's first screen). No payload byte has been read. */
export interface SignatureView {
  ok: boolean;
  packageDir: string;
  signer: Signer | null;
  trustedComment: string | null;
  manifestSha256: string | null;
  /**
   * Present only when the signature verified — without its `seal`: the officer types the seal
   * number blind, and main reveals the signed one only after the comparison (`import:evaluate`).
   */
  manifest: Manifest | null;
  /** Whether the signed manifest carries a seal number (its value is withheld, see `manifest`). */
  sealed?: boolean;
  /** Every co-signature file, judged (key id, trust label, fingerprint, why it does not count). */
  cosigners?: CosignerResult[];
  /** Valid witness co-signatures required: the station's policy or the manifest's, whichever is more. */
  witnessesRequired?: number;
  checks: CheckResult[];
  failures: Failure[];
}

/** An antivirus scan's result as the screens show it (strings escaped by main). */
export interface ScanResultView {
  engine: string;
  engineVersion: string;
  /** The signatures, e.g. "daily 27456 (2026-11-28), main 62 (…)" or "custom: test.ndb sha256:…". */
  database: string;
  databaseVersion?: string;
  filesScanned: number;
  verdict: 'clean' | 'found';
  /** Each infected file by its entry path, with the signature ClamAV named. */
  findings: { path: string; signature: string }[];
}

/** Settings → Antivirus: the policy, the chosen scanner, and the engine as it answers now (or why not). */
export interface ScanStatusView {
  policy: 'off' | 'optional' | 'required';
  clamavDb: string | null;
  clamdSocket: string | null;
  /** The engine and its signatures, when the chosen scanner answered. */
  engine: { engine: string; engineVersion: string; database: string; databaseVersion?: string } | null;
  /** Why the scanner cannot scan now (missing engine, database, clamd), or null. */
  problem: string | null;
}

/**
 * Main's evaluation of the import checklist (`import:evaluate`), the same one `import:commit`
 * enforces. `matches` carry the signed value (`expected`) — the only place the renderer learns the
 * seal number, and only after it was typed.
 */
export type ImportEvaluationView = ChecklistEvaluation & {
  /**
   * The station's witness keys (names in its keys folder, with the trust store's label and key id).
   * Non-empty means an approval needs the witness to unlock one of them (import:commit witnessKey).
   */
  witnessKeys: { name: string; label: string; keyId: string }[];
};

/** The outcome of an officer's decision on a staged import. */
export interface ImportDecisionView {
  decision: 'approve' | 'reject';
  /** The final directory on approval; null on rejection. */
  path: string | null;
  report: ImportReport | null;
  ledgerSeq: number | null;
}

/** One ledger line, as the records screen shows it. */
export interface LedgerEntryView {
  seq: number;
  /** UTC, YYYY-MM-DDTHH:MM:SSZ. */
  time: string;
  event: string;
  station: string;
  actor: string;
  transferId?: string;
  data: Record<string, unknown>;
}

/** The ledger check: whether the hash chain holds from the first line to the head. */
export interface LedgerCheckView {
  ok: boolean;
  entries: number;
  head: string | null;
  problems: string[];
}

/** One imported transfer found by `records:search`. */
export interface RecordHit {
  transferId: string;
  sequence: number | null;
  source: string | null;
  signer: string | null;
  importedAt: string;
  path: string | null;
  ledgerSeq: number;
}

/** What `print:document` did: where the PDF was kept, and whether the print dialog printed. */
export interface PrintedView {
  /** Paths written: the records folder's copy first, then (export manifest) the copy beside the package. */
  savedTo: string[];
  /** `dialog`: whether the person printed (false when cancelled); `pdf`: true once saved. */
  printed: boolean;
  /** Plain words for the person: what was written where, or why nothing was. */
  message: string;
  /** The `document.printed` ledger entry, null when nothing was printed. */
  ledgerSeq: number | null;
}

/** A printed document kept in the records folder for a transfer. */
export interface KeptDocumentView {
  /** File name inside the records folder (what `records:open` takes). */
  file: string;
  kind: 'manifest' | 'receipt' | 'rejection';
  path: string;
  bytes: number;
  /** From the document's `document.printed` ledger entry; null when the ledger has none. */
  printedAt: string | null;
  actor: string | null;
  ledgerSeq: number | null;
  /** True when the file's SHA-256 is the one the ledger recorded; false when it differs; null when unrecorded. */
  matchesLedger: boolean | null;
}

/** What `checklist:record` recorded: the ledger entry, the records (who, when), and blind comparisons. */
export interface ChecklistRecordedView {
  ledgerSeq: number;
  records: ChecklistRecord[];
  /** Each typed answer compared with the signed manifest (here: the seal), revealed only after the comparison. */
  matches: { itemId: string; label: string; field: string; typed: string; expected: string; matched: boolean }[];
}

/** What `package:cosign` did: the witness's co-signature file and its `transfer.cosigned` ledger entry. */
export interface CosignedView {
  transferId: string;
  witness: string;
  keyId: string;
  fingerprint: string;
  /** The co-signature file's name in the package folder, `cosign-<KEYID>.minisig`. */
  file: string;
  manifestSha256: string;
  ledgerSeq: number;
}

/** One station folder on the Folders screen. */
export interface StationFolderView {
  which: StationFolder;
  /** "quarantine folder", "import destination folder", … */
  title: string;
  path: string;
  /** False when it is missing now (volume not mounted?) — Sluice never re-creates it. */
  exists: boolean;
}

/** What `station:setup` did: the saved settings and the folders it created (existing ones were kept). */
export interface StationSetupView {
  settings: Settings;
  created: StationFolder[];
}

/** What `settings:chooseFolder` did: cancelled (settings unchanged) or the saved settings. */
export interface ChosenFolderView {
  canceled: boolean;
  settings: Settings;
}
