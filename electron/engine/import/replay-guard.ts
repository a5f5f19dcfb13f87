/**
 * Replay and rollback state, derived from the ledger's 'transfer.imported' entries alone (so there
 * is no second state file to lose or roll back): the set of imported transfer ids, and per channel
 * — signer key id + source → destination — every accepted sequence and the highest one
 * (REFERENCES §6: never accept a sequence at or below the one already trusted). Pure functions.
 */
import type { LedgerEntry } from '../../../shared/ledger-events';
import { describeEarlierImport } from '../../../shared/format/fault-words';

/** What identifies a transfer for replay and rollback. */
export interface TransferIdentity {
  transferId: string;
  keyId: string;
  source: string;
  destination: string;
  sequence: number;
}

/** One earlier import, as the ledger recorded it. */
export interface ImportedRecord extends TransferIdentity {
  ledgerSeq: number;
  /** The ledger line's time, `YYYY-MM-DDTHH:MM:SSZ`. */
  time: string;
  /** Who decided the import: the data's `officer`, else the line's actor. */
  officer: string;
}

/** Why a transfer is a replay or a rollback; null when it is not. */
export interface ReplayVerdict {
  replay: string | null;
  rollback: string | null;
}

/** Every 'transfer.imported' entry whose data carries the fields replay needs, in ledger order. */
export function importedTransfers(entries: readonly LedgerEntry[]): ImportedRecord[] {
  const out: ImportedRecord[] = [];
  for (const e of entries) {
    if (e.event !== 'transfer.imported') continue;
    const d = e.data;
    const transferId = typeof d.transferId === 'string' ? d.transferId : e.transferId;
    if (typeof transferId !== 'string' || typeof d.keyId !== 'string' || typeof d.source !== 'string' ||
      typeof d.destination !== 'string' || typeof d.sequence !== 'number') continue;
    const officer = typeof d.officer === 'string' && d.officer ? d.officer : e.actor;
    out.push({ transferId, keyId: d.keyId, source: d.source, destination: d.destination, sequence: d.sequence, ledgerSeq: e.seq, time: e.time, officer });
  }
  return out;
}

/** The highest sequence imported on a channel, or 0 when none was. */
export function highWaterMark(entries: readonly LedgerEntry[], keyId: string, source: string, destination: string): number {
  let high = 0;
  for (const r of importedTransfers(entries)) {
    if (r.keyId === keyId && r.source === source && r.destination === destination && r.sequence > high) high = r.sequence;
  }
  return high;
}

/**
 * The earlier import in words a person can look up: "on 2026-11-20 at 14:03:05 UTC by alice,
 * ledger entry 42" (shared/format/fault.ts reads it back out of a replay reason).
 */
export function describeImport(r: ImportedRecord): string {
  return describeEarlierImport({ ledgerSeq: r.ledgerSeq, date: r.time.slice(0, 10), time: r.time.slice(11, 19), officer: r.officer });
}

/** Judges `t` against the ledger: a replay (id or channel sequence seen) and/or a rollback (sequence ≤ high-water mark). */
export function judgeReplay(entries: readonly LedgerEntry[], t: TransferIdentity): ReplayVerdict {
  const imported = importedTransfers(entries);
  const sameId = imported.find((r) => r.transferId === t.transferId);
  const sameSeq = imported.find((r) => r.keyId === t.keyId && r.source === t.source && r.destination === t.destination && r.sequence === t.sequence);
  let replay: string | null = null;
  // The reason names the earlier import (when, by whom, which ledger entry) so the person who
  // meets the duplicate can look it up instead of suspecting the medium.
  if (sameId) replay = `transfer ${t.transferId} was already imported ${describeImport(sameId)}`;
  else if (sameSeq) replay = `sequence ${t.sequence} of ${t.source}→${t.destination} by key ${t.keyId} was already imported as ${sameSeq.transferId} ${describeImport(sameSeq)}`;
  const high = highWaterMark(entries, t.keyId, t.source, t.destination);
  const rollback = t.sequence <= high
    ? `sequence ${t.sequence} is not above ${high}, the highest already imported on ${t.source}→${t.destination} by key ${t.keyId}`
    : null;
  return { replay, rollback };
}
