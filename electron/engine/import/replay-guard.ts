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
 * forever. Expiry bounds how old a package can be in any case.
 *
 * The state is a ReplayIndex fed one ledger entry at a time; `replayFold` lets withLedger keep it
 * per process and feed it only the lines written since (ledger.ts LedgerFold), so an import's
 * judgement under the lock is a few map look-ups however long the ledger, not a pass over it.
 */
import type { LedgerEntry } from '../../../shared/ledger-events';
import type { LedgerFold } from '../ledger/ledger';
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

type Channel = { high: number; bySeq: Map<number, ImportedRecord> };

const channelKey = (keyId: string, source: string, destination: string) => `${keyId}\u0000${source}\u0000${destination}`;

function recordOf(e: LedgerEntry): ImportedRecord | null {
  const d = e.data;
  const transferId = typeof d.transferId === 'string' ? d.transferId : e.transferId;
  if (typeof transferId !== 'string' || typeof d.keyId !== 'string' || typeof d.source !== 'string' ||
    typeof d.destination !== 'string' || typeof d.sequence !== 'number') return null;
  const officer = typeof d.officer === 'string' && d.officer ? d.officer : e.actor;
  return { transferId, keyId: d.keyId, source: d.source, destination: d.destination, sequence: d.sequence, ledgerSeq: e.seq, time: e.time, officer };
}

const earlier = (a: ImportedRecord | undefined, b: ImportedRecord | undefined) => (!a ? b : !b ? a : b.ledgerSeq < a.ledgerSeq ? b : a);

/**
 * The replay state of a ledger: imported transfers (only ever added: an import is never undone in
 * the ledger) and the intents ('transfer.importing') that have no outcome yet, which count as
 * imported until one arrives. Fed entries in ledger order with `add`; judged with look-ups.
 */
export class ReplayIndex {
  /** The first imported record of each transfer id. */
  private readonly doneById = new Map<string, ImportedRecord>();
  /** Per channel: the highest imported sequence and the first record of each sequence. */
  private readonly doneChannels = new Map<string, Channel>();
  /** Intents without an outcome, by ledger seq, in ledger order (usually none, at most a few). */
  private readonly open = new Map<number, { entry: LedgerEntry; record: ImportedRecord | null }>();
  /** Intent seqs named by an outcome written before them (never by this writer; kept to match a full read). */
  private readonly settledAhead = new Set<number>();

  /** Takes the next ledger entry into account. */
  add(e: LedgerEntry): void {
    if ((e.event === 'transfer.imported' || e.event === 'transfer.import-abandoned') && typeof e.data.intentSeq === 'number') {
      if (e.data.intentSeq >= e.seq) this.settledAhead.add(e.data.intentSeq);
      else this.open.delete(e.data.intentSeq);
    }
    if (e.event === 'transfer.importing' && !this.settledAhead.has(e.seq)) {
      const record = recordOf(e);
      if (record) record.pending = true;
      this.open.set(e.seq, { entry: e, record });
    }
    if (e.event !== 'transfer.imported') return;
    const r = recordOf(e);
    if (!r) return;
    // The first record of an id or a sequence is the one a person should look up.
    if (!this.doneById.has(r.transferId)) this.doneById.set(r.transferId, r);
    const key = channelKey(r.keyId, r.source, r.destination);
    let ch = this.doneChannels.get(key);
    if (!ch) this.doneChannels.set(key, (ch = { high: 0, bySeq: new Map() }));
    if (!ch.bySeq.has(r.sequence)) ch.bySeq.set(r.sequence, r);
    if (r.sequence > ch.high) ch.high = r.sequence;
  }

  /** The unsettled intents, in ledger order. */
  pendingIntents(): LedgerEntry[] {
    return [...this.open.values()].map((o) => o.entry);
  }

  private *openRecords(): Iterable<ImportedRecord> {
    for (const o of this.open.values()) if (o.record) yield o.record;
  }

  /** The first import (or unsettled intent) of `transferId`. */
  byId(transferId: string): ImportedRecord | undefined {
    let r = this.doneById.get(transferId);
    for (const p of this.openRecords()) if (p.transferId === transferId) r = earlier(r, p);
    return r;
  }

  /** A channel's highest sequence (0 when none) and its first record of `sequence`. */
  channel(keyId: string, source: string, destination: string, sequence: number): { high: number; record: ImportedRecord | undefined } {
    const key = channelKey(keyId, source, destination);
    const ch = this.doneChannels.get(key);
    let high = ch?.high ?? 0;
    let record = ch?.bySeq.get(sequence);
    for (const p of this.openRecords()) {
      if (channelKey(p.keyId, p.source, p.destination) !== key) continue;
      if (p.sequence > high) high = p.sequence;
      if (p.sequence === sequence) record = earlier(record, p);
    }
    return { high, record };
  }
}

/** The replay state as a ledger fold: `await tx.fold(replayFold)` inside withLedger. */
export const replayFold: LedgerFold<ReplayIndex> = { init: () => new ReplayIndex(), add: (state, e) => state.add(e) };

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
  return replayIndex(entries).pendingIntents();
}

/** Builds the replay state of `entries`: imported transfers plus unsettled intents. */
export function replayIndex(entries: readonly LedgerEntry[]): ReplayIndex {
  const index = new ReplayIndex();
  for (const e of entries) index.add(e);
  return index;
}

const indexOf = (l: readonly LedgerEntry[] | ReplayIndex): ReplayIndex => (l instanceof ReplayIndex ? l : replayIndex(l));

/** The highest sequence imported on a channel, or 0 when none was. */
export function highWaterMark(entries: readonly LedgerEntry[] | ReplayIndex, keyId: string, source: string, destination: string): number {
  return indexOf(entries).channel(keyId, source, destination, -1).high;
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
  const index = indexOf(ledger);
  const window = options.window ?? DEFAULT_REPLAY_WINDOW;
  const ch = index.channel(t.keyId, t.source, t.destination, t.sequence);
  const sameId = index.byId(t.transferId);
  const sameSeq = ch.record;
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
  const high = ch.high;
  const rollback = high - t.sequence > window
    ? `sequence ${t.sequence} is more than ${window} below ${high}, the highest already imported on ${t.source}→${t.destination} by key ${t.keyId} (outside the replay window of ${window})`
    : null;
  return { replay, rollback };
}
