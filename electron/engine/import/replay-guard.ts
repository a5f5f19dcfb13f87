/**
 * Replay and rollback state, derived from the ledger alone (so there is no second state file to
 * lose or roll back): every imported transfer id, and per channel — signer key id + source →
 * destination — every imported sequence and the highest one. An import whose intent
 * ('transfer.importing') has no outcome yet counts as imported: it may be in the destination.
 *
 * Rollback is judged with an anti-replay window (as IPsec does): a sequence already imported is a
 * replay; one more than `window` below the channel's highest is too old; anything else — also a
 * sequence below the highest, within the window — is accepted. Diodes and several couriers deliver
 * out of order, and a strict "above the highest" would refuse a valid 100 that arrived after 101
 * forever. Expiry bounds how old a package can be in any case. Pure functions.
 */
import type { LedgerEntry } from '../../../shared/ledger-events';
import { describeEarlierImport } from '../../../shared/format/fault-words';

/** How far below the channel's highest imported sequence a package may still be (docs/FORMAT.md §8). */
export const DEFAULT_REPLAY_WINDOW = 64;
/** Largest window accepted from a flag or a setting. */
export const MAX_REPLAY_WINDOW = 1_000_000;

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
  /** True for a 'transfer.importing' intent that has no outcome yet. */
  pending?: true;
}

/** Why a transfer is a replay or a rollback; null when it is not. */
export interface ReplayVerdict {
  replay: string | null;
  rollback: string | null;
}

/** Options of `judgeReplay`. */
export interface ReplayOptions {
  /** The anti-replay window; default DEFAULT_REPLAY_WINDOW. 0 means "must be above the highest". */
  window?: number;
}

/** The replay state of a ledger, built once per read so each judgement is a few map lookups. */
export interface ReplayIndex {
  byId: ReadonlyMap<string, ImportedRecord>;
  channels: ReadonlyMap<string, { high: number; bySeq: ReadonlyMap<number, ImportedRecord> }>;
}

const channelKey = (keyId: string, source: string, destination: string) => `${keyId}\u0000${source}\u0000${destination}`;

function recordOf(e: LedgerEntry): ImportedRecord | null {
  const d = e.data;
  const transferId = typeof d.transferId === 'string' ? d.transferId : e.transferId;
  if (typeof transferId !== 'string' || typeof d.keyId !== 'string' || typeof d.source !== 'string' ||
    typeof d.destination !== 'string' || typeof d.sequence !== 'number') return null;
  const officer = typeof d.officer === 'string' && d.officer ? d.officer : e.actor;
  return { transferId, keyId: d.keyId, source: d.source, destination: d.destination, sequence: d.sequence, ledgerSeq: e.seq, time: e.time, officer };
}

/** Ledger seqs of the intents that have an outcome ('transfer.imported' or '…import-abandoned' naming them). */
function settledIntents(entries: readonly LedgerEntry[]): Set<number> {
  const out = new Set<number>();
  for (const e of entries) {
    if ((e.event === 'transfer.imported' || e.event === 'transfer.import-abandoned') && typeof e.data.intentSeq === 'number') out.add(e.data.intentSeq);
  }
  return out;
}

/** Every 'transfer.imported' entry whose data carries the fields replay needs, in ledger order. */
export function importedTransfers(entries: readonly LedgerEntry[]): ImportedRecord[] {
  const out: ImportedRecord[] = [];
  for (const e of entries) {
    if (e.event !== 'transfer.imported') continue;
    const r = recordOf(e);
    if (r) out.push(r);
  }
  return out;
}

/** The 'transfer.importing' entries that have no outcome yet, in ledger order. */
export function pendingIntents(entries: readonly LedgerEntry[]): LedgerEntry[] {
  const settled = settledIntents(entries);
  return entries.filter((e) => e.event === 'transfer.importing' && !settled.has(e.seq));
}

/** Builds the replay state of `entries`: imported transfers plus unsettled intents. */
export function replayIndex(entries: readonly LedgerEntry[]): ReplayIndex {
  const settled = settledIntents(entries);
  const byId = new Map<string, ImportedRecord>();
  const channels = new Map<string, { high: number; bySeq: Map<number, ImportedRecord> }>();
  for (const e of entries) {
    const pending = e.event === 'transfer.importing' && !settled.has(e.seq);
    if (e.event !== 'transfer.imported' && !pending) continue;
    const r = recordOf(e);
    if (!r) continue;
    if (pending) r.pending = true;
    // The first record of an id or a sequence is the one a person should look up.
    if (!byId.has(r.transferId)) byId.set(r.transferId, r);
    const key = channelKey(r.keyId, r.source, r.destination);
    let ch = channels.get(key);
    if (!ch) channels.set(key, (ch = { high: 0, bySeq: new Map() }));
    if (!ch.bySeq.has(r.sequence)) ch.bySeq.set(r.sequence, r);
    if (r.sequence > ch.high) ch.high = r.sequence;
  }
  return { byId, channels };
}

/** The highest sequence imported on a channel, or 0 when none was. */
export function highWaterMark(entries: readonly LedgerEntry[] | ReplayIndex, keyId: string, source: string, destination: string): number {
  const index = Array.isArray(entries) ? replayIndex(entries as readonly LedgerEntry[]) : (entries as ReplayIndex);
  return index.channels.get(channelKey(keyId, source, destination))?.high ?? 0;
}

/**
 * The earlier import in words a person can look up: "on 2026-11-20 at 14:03:05 UTC by alice,
 * ledger entry 42" (shared/format/fault.ts reads it back out of a replay reason).
 */
export function describeImport(r: ImportedRecord): string {
  return describeEarlierImport({ ledgerSeq: r.ledgerSeq, date: r.time.slice(0, 10), time: r.time.slice(11, 19), officer: r.officer });
}

/** An unsettled intent is not an import a person can look up as done: say what it is. */
function describePending(r: ImportedRecord): string {
  return `is being imported, or its import was interrupted (begun on ${r.time.slice(0, 10)} at ${r.time.slice(11, 19)} UTC by ${r.officer}, ledger entry ${r.ledgerSeq}, not settled yet)`;
}

/**
 * Judges `t` against the ledger (its entries, or an index built from them): a replay (id or
 * channel sequence taken) and/or a rollback (more than the window below the channel's highest).
 */
export function judgeReplay(ledger: readonly LedgerEntry[] | ReplayIndex, t: TransferIdentity, options: ReplayOptions = {}): ReplayVerdict {
  const index = Array.isArray(ledger) ? replayIndex(ledger as readonly LedgerEntry[]) : (ledger as ReplayIndex);
  const window = options.window ?? DEFAULT_REPLAY_WINDOW;
  const ch = index.channels.get(channelKey(t.keyId, t.source, t.destination));
  const sameId = index.byId.get(t.transferId);
  const sameSeq = ch?.bySeq.get(t.sequence);
  let replay: string | null = null;
  // The reason names the earlier import (when, by whom, which ledger entry) so the person who
  // meets the duplicate can look it up instead of suspecting the medium.
  if (sameId) replay = sameId.pending ? `transfer ${t.transferId} ${describePending(sameId)}` : `transfer ${t.transferId} was already imported ${describeImport(sameId)}`;
  else if (sameSeq) {
    const channel = `sequence ${t.sequence} of ${t.source}→${t.destination} by key ${t.keyId}`;
    replay = sameSeq.pending
      ? `${channel} was taken by ${sameSeq.transferId}, which ${describePending(sameSeq)}`
      : `${channel} was already imported as ${sameSeq.transferId} ${describeImport(sameSeq)}`;
  }
  const high = ch?.high ?? 0;
  const rollback = high - t.sequence > window
    ? `sequence ${t.sequence} is more than ${window} below ${high}, the highest already imported on ${t.source}→${t.destination} by key ${t.keyId} (outside the replay window of ${window})`
    : null;
  return { replay, rollback };
}
