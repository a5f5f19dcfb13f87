/**
 * One ledger line: how it is written (canonical JSON, keys in a fixed order), hashed (SHA-256 of
 * its bytes without the newline) and parsed back. Parsing refuses anything the writer would not
 * have produced byte for byte, so a hand-edited line is named even when its chain still holds.
 */
import { createHash } from 'node:crypto';
import { NETWORK_ID_PATTERN, SHA256_PATTERN, TRANSFER_ID_PATTERN } from '../../../shared/format/constants';
import { LEDGER_TIME_PATTERN, type LedgerEntry } from '../../../shared/ledger-events';
import { textProblem } from '../../../shared/format/text-rules';

/** Event names a verifier accepts: dotted lowercase words. Writers are held to LEDGER_EVENT_TYPES. */
const EVENT_NAME_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
/** Longest actor name, in UTF-16 code units. */
const MAX_ACTOR_LENGTH = 128;

/** Lowercase hex SHA-256 of a line's bytes (without its newline). */
export function hashLine(line: Uint8Array | string): string {
  return createHash('sha256').update(line).digest('hex');
}

/** The clock as a ledger writes it: UTC to the second. */
export function formatLedgerTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The exact text of a line (without the newline): keys seq, time, prev, event, station, actor,
 * transferId (only when present), data, in this order, no whitespace.
 */
export function serializeEntry(entry: LedgerEntry): string {
  const ordered: Record<string, unknown> = {
    seq: entry.seq,
    time: entry.time,
    prev: entry.prev,
    event: entry.event,
    station: entry.station,
    actor: entry.actor,
  };
  if (entry.transferId !== undefined) ordered.transferId = entry.transferId;
  ordered.data = entry.data;
  return JSON.stringify(ordered);
}

/** Why an actor name is unacceptable, or null. */
export function actorProblem(actor: unknown): string | null {
  if (typeof actor !== 'string' || actor.length === 0) return 'actor must be a non-empty string';
  if (actor.length > MAX_ACTOR_LENGTH) return `actor is longer than ${MAX_ACTOR_LENGTH} characters`;
  if (textProblem(actor)) return `actor contains a ${textProblem(actor)}`;
  return null;
}

/** Why a parsed value is not a valid entry (every field but the chain), or null. */
export function entryProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  const expected = ['seq', 'time', 'prev', 'event', 'station', 'actor', ...('transferId' in o ? ['transferId'] : []), 'data'];
  if (keys.join(',') !== expected.join(',')) {
    return `keys are ${keys.join(',')} but must be seq,time,prev,event,station,actor[,transferId],data in this order`;
  }
  if (typeof o.seq !== 'number' || !Number.isSafeInteger(o.seq) || o.seq < 1) return 'seq is not a positive integer';
  if (typeof o.time !== 'string' || !LEDGER_TIME_PATTERN.test(o.time) || Number.isNaN(Date.parse(o.time)) ||
      formatLedgerTime(new Date(o.time)) !== o.time) {
    return 'time is not a UTC time YYYY-MM-DDTHH:MM:SSZ';
  }
  if (typeof o.prev !== 'string' || !SHA256_PATTERN.test(o.prev)) return 'prev is not a lowercase hex SHA-256';
  if (typeof o.event !== 'string' || !EVENT_NAME_PATTERN.test(o.event)) return 'event is not an event name';
  if (typeof o.station !== 'string' || !NETWORK_ID_PATTERN.test(o.station)) return 'station is not a network id';
  const actor = actorProblem(o.actor);
  if (actor) return actor;
  if ('transferId' in o && (typeof o.transferId !== 'string' || !TRANSFER_ID_PATTERN.test(o.transferId))) {
    return 'transferId is not a transfer id';
  }
  if (typeof o.data !== 'object' || o.data === null || Array.isArray(o.data)) return 'data is not a JSON object';
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A line's bytes parsed: the entry, or why it is not one. */
export type ParsedLine = { ok: true; entry: LedgerEntry } | { ok: false; reason: string };

/** Parses one line's bytes (without the newline), refusing anything not in canonical form. */
export function parseLine(bytes: Uint8Array): ParsedLine {
  if (bytes.length === 0) return { ok: false, reason: 'malformed: empty line' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'malformed: not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'malformed: not valid JSON' };
  }
  const problem = entryProblem(value);
  if (problem) return { ok: false, reason: `malformed: ${problem}` };
  const entry = value as LedgerEntry;
  // Same fields, other bytes (spaces, escapes, duplicate keys, number spelling): not what a writer
  // produces, and a place to hide a second meaning. Refuse rather than normalise.
  if (serializeEntry(entry) !== text) return { ok: false, reason: 'malformed: not in canonical form (extra whitespace, escapes or duplicate keys)' };
  return { ok: true, entry };
}
