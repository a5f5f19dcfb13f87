/**
 * The custody ledger's events (docs/FORMAT.md, "The custody ledger"): what each line of a ledger
 * records, as pure types the engine, the renderer (Records screen) and the print renderer share.
 * Pure TypeScript: no Node, no DOM. The engine writes and checks lines (electron/engine/ledger/).
 */

/** Every event type a ledger may record, in the order they usually happen to a transfer. */
export const LEDGER_EVENT_TYPES = [
  'key.created',
  'key.trusted',
  'key.revoked',
  'transfer.packed',
  'transfer.cosigned',
  'media.written',
  'checklist.completed',
  'transfer.verified',
  'transfer.approved',
  'transfer.rejected',
  'transfer.importing',
  'transfer.imported',
  'transfer.import-abandoned',
  'document.printed',
  'ledger.repaired',
  'station.scan-settings',
  'station.policy',
] as const;

/** One of LEDGER_EVENT_TYPES. */
export type LedgerEventType = (typeof LEDGER_EVENT_TYPES)[number];

/** True when `name` is an event type this version of Sluice writes. */
export function isLedgerEventType(name: string): name is LedgerEventType {
  return (LEDGER_EVENT_TYPES as readonly string[]).includes(name);
}

/** `prev` of the first line (seq 1): 64 zeros. */
export const GENESIS_PREV = '0'.repeat(64);

/** `time` of a line: UTC to the second, `YYYY-MM-DDTHH:MM:SSZ`. */
export const LEDGER_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** A head as printed on receipts and kept in `<ledger>.head`: `SEQ:HASH` (decimal seq, hex SHA-256). */
export const LEDGER_HEAD_PATTERN = /^([1-9][0-9]{0,15}):([0-9a-f]{64})$/;

/** Extra fields any event's data may carry; values must be JSON (no undefined, no functions). */
type Extra = { [key: string]: unknown };

/** The `data` object of each event type. Required fields are what later readers rely on. */
export interface LedgerEventData {
  /** A signing key was generated on this station. */
  'key.created': { keyId: string; name: string; fingerprint?: string } & Extra;
  /** A public key was added to the trust store under `label`. */
  'key.trusted': { keyId: string; label: string; fingerprint?: string } & Extra;
  /** A witness co-signed a packed transfer with their own key (cosign-<KEYID>.minisig). */
  'transfer.cosigned': { keyId: string; role: 'witness'; manifestSha256: string; fingerprint?: string; file?: string } & Extra;
  /** A trusted key was revoked (moved to the store's revoked/ directory). */
  'key.revoked': { keyId?: string; label: string; reason?: string } & Extra;
  /** A package was packed and signed (low side). */
  'transfer.packed': {
    keyId: string;
    source: string;
    destination: string;
    sequence: number;
    manifestSha256: string;
    files?: number;
    bytes?: number;
    packageDir?: string;
  } & Extra;
  /** A package was written to removable media and read back. */
  'media.written': { target: string; bytes?: number; verified?: boolean; manifestSha256?: string } & Extra;
  /** The pre-transfer checklist was completed (items ticked, by whom is the line's actor). */
  'checklist.completed': { items: string[] } & Extra;
  /** A package was verified; `ok` false means it was refused, `failures` says why. */
  'transfer.verified': { ok: boolean; manifestSha256?: string | null; keyId?: string | null; failures?: string[] } & Extra;
  /** A reviewer approved the transfer for import. */
  'transfer.approved': { manifestSha256?: string; note?: string } & Extra;
  /** A reviewer or the verifier rejected the transfer; `reason` is for a person. */
  'transfer.rejected': { reason: string; manifestSha256?: string } & Extra;
  /**
   * A package was imported (high side). Replay state is derived from these events (and from
   * 'transfer.importing' lines not yet settled): every imported transfer id, and per (keyId,
   * source, destination) channel every imported `sequence` and the highest. `intentSeq` names the
   * 'transfer.importing' line it completes; `settled: "after-interruption"` marks one recorded by
   * a later run that found the tree in place after a crash.
   */
  'transfer.imported': {
    keyId: string;
    source: string;
    destination: string;
    sequence: number;
    manifestSha256: string;
    path: string;
    files?: number;
    bytes?: number;
  } & Extra;
  /**
   * Written BEFORE the staged tree is renamed into the destination (write-ahead): an import that
   * is under way. Its outcome follows as 'transfer.imported' or 'transfer.import-abandoned' with
   * `intentSeq` = this line's seq; one without an outcome (a crash between the two) is settled by
   * the next import from what the destination and the staging folder hold. Until then it counts
   * as imported for replay. `staging` is the staging folder's path, `path` the final one;
   * `stagingIno` the staging folder's inode (a rename keeps it).
   */
  'transfer.importing': {
    keyId: string;
    source: string;
    destination: string;
    sequence: number;
    manifestSha256: string;
    path: string;
    staging: string;
    files?: number;
    bytes?: number;
  } & Extra;
  /** An import whose intent ('transfer.importing', `intentSeq`) did not complete: nothing was imported. */
  'transfer.import-abandoned': { intentSeq: number; reason: string; manifestSha256?: string } & Extra;
  /** A document (receipt, report, label) was printed or saved as PDF. */
  /** The station's antivirus settings changed (policy, signature folder or clamd socket): who, from what, to what. */
  'station.scan-settings': { from: Record<string, unknown>; to: Record<string, unknown> } & Extra;
  /** The import policy changed (witness co-signatures required): who, from what, to what. */
  'station.policy': { from: Record<string, unknown>; to: Record<string, unknown> } & Extra;
  'document.printed': { document: string; copies?: number } & Extra;
  /**
   * `sluice ledger repair` cut a torn last line (bytes after the last newline, left by an
   * interrupted write): how many bytes, and their SHA-256, so the cut is on the record.
   */
  'ledger.repaired': { cutBytes: number; cutSha256: string; offset: number } & Extra;
}

/** One line of a ledger, as parsed. Keys appear in the file in exactly this order. */
export interface LedgerEntry {
  /** 1, 2, 3, … with no gaps. */
  seq: number;
  /** UTC, `YYYY-MM-DDTHH:MM:SSZ`. */
  time: string;
  /** Lowercase hex SHA-256 of the previous line's bytes (without its newline); GENESIS_PREV for seq 1. */
  prev: string;
  event: string;
  /** Network id of the station that wrote the line. */
  station: string;
  /** The person who acted, or "system". */
  actor: string;
  transferId?: string;
  data: Record<string, unknown>;
}

/** What a caller appends: the engine fills in seq, time (unless given) and prev. */
export type LedgerEventInput = {
  [E in LedgerEventType]: {
    event: E;
    station: string;
    actor: string;
    transferId?: string;
    data: LedgerEventData[E];
    /** When it happened; defaults to the clock at append time. Stored to the second. */
    time?: Date;
  };
}[LedgerEventType];

/** Formats a head: `SEQ:HASH`. */
export function formatHead(seq: number, hash: string): string {
  return `${seq}:${hash}`;
}

/** Parses `SEQ:HASH`; null when the text is not a head. */
export function parseHead(text: string): { seq: number; hash: string } | null {
  const m = LEDGER_HEAD_PATTERN.exec(text.trim());
  if (!m) return null;
  const seq = Number(m[1]);
  return Number.isSafeInteger(seq) ? { seq, hash: m[2]! } : null;
}

/** A search over entries (the Records screen, `sluice ledger show`). Every given field must match. */
export interface LedgerQuery {
  transferId?: string;
  /** One event type, several, or a prefix ending in "." ("transfer." matches every transfer event). */
  event?: string | readonly string[];
  actor?: string;
  /** Inclusive lower bound, a `YYYY-MM-DDTHH:MM:SSZ` time or a prefix of one ("2025-03"). */
  from?: string;
  /** Inclusive upper bound, a time or a prefix of one ("2025-03-31" includes the whole day). */
  to?: string;
}

/** Entries matching every field of `query`, in ledger order. */
export function findEntries<T extends LedgerEntry>(entries: readonly T[], query: LedgerQuery): T[] {
  const events = query.event === undefined ? null : typeof query.event === 'string' ? [query.event] : query.event;
  const matchesEvent = (name: string) => events === null || events.some((e) => (e.endsWith('.') ? name.startsWith(e) : name === e));
  return entries.filter(
    (e) =>
      (query.transferId === undefined || e.transferId === query.transferId) &&
      (query.actor === undefined || e.actor === query.actor) &&
      matchesEvent(e.event) &&
      // Times are fixed-width ISO strings, so string order is time order; a bare prefix as the
      // upper bound covers everything that starts with it.
      (query.from === undefined || e.time >= query.from) &&
      (query.to === undefined || e.time <= query.to || e.time.startsWith(query.to)),
  );
}
