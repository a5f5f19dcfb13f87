/**
 * The chain check: splits a ledger's bytes into lines and walks them, checking each line's form,
 * that seq counts 1, 2, 3, … and that each prev is the SHA-256 of the line before. It names the
 * FIRST bad line, and for the usual tampering says which kind it looks like (changed, removed,
 * inserted, reordered, torn). Used by verifyLedger and, before every append, by withLedger (on the
 * lines after its anchor only, when the anchor holds: load.ts).
 */
import { GENESIS_PREV, type LedgerEntry } from '../../../shared/ledger-events';
import { hashLine, parseLine } from './line';

/** A line that passed every check, with its hash and exact text. */
export interface ChainedLine {
  /** 1-based line number in the file (equal to entry.seq for a good line). */
  lineNo: number;
  entry: LedgerEntry;
  hash: string;
  text: string;
  /** Byte offset of the line's first byte in the bytes checked (plus `start.offset` for a tail check). */
  offset: number;
  /** The line's length in bytes, without its newline. */
  length: number;
}

/**
 * Where a tail check starts: the last line already verified (its seq, hash and own prev) and the
 * byte offset in the file at which the checked bytes begin. The first checked line is seq + 1.
 */
export interface ChainStart {
  seq: number;
  hash: string;
  /** The `prev` recorded on that line: what a line chaining past it would carry. */
  prev: string;
  offset: number;
}

/** The first bad line (1-based) and why. */
export interface BadLine {
  line: number;
  reason: string;
}

/** The result of walking a ledger's bytes. */
export interface ChainCheck {
  /** The lines before the first bad one (all of them when the chain holds). */
  good: ChainedLine[];
  /** Lines in the file, counting a torn last line. */
  lineCount: number;
  firstBad: BadLine | null;
}

/** Splits at "\n"; the piece after the last newline, if any, is a torn (incomplete) line. */
function splitLines(bytes: Buffer): { bytes: Buffer; start: number; complete: boolean }[] {
  const lines: { bytes: Buffer; start: number; complete: boolean }[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a, start); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
    lines.push({ bytes: bytes.subarray(start, nl), start, complete: true });
    start = nl + 1;
  }
  if (start < bytes.length) lines.push({ bytes: bytes.subarray(start), start, complete: false });
  return lines;
}

/**
 * Walks a ledger's bytes line by line and stops at the first bad line. With `start`, `bytes` are
 * what follows an already verified line (the anchor, anchor.ts): numbering, seq and prev continue
 * from it, and `lineCount` counts the lines before it too.
 */
export function checkChain(bytes: Buffer, start?: ChainStart): ChainCheck {
  const raw = splitLines(bytes);
  const base = start?.seq ?? 0;
  const good: ChainedLine[] = [];
  const stop = (line: number, reason: string): ChainCheck => ({
    good: good.slice(0, Math.max(0, line - 1 - base)),
    lineCount: base + raw.length,
    firstBad: { line, reason },
  });

  for (let i = 0; i < raw.length; i++) {
    const lineNo = base + i + 1;
    const { bytes: lineBytes, complete } = raw[i]!;
    if (!complete) return stop(lineNo, 'torn: the last line has no newline (a write was interrupted, or the file was cut)');
    const parsed = parseLine(lineBytes);
    if (!parsed.ok) return stop(lineNo, parsed.reason);
    const entry = parsed.entry;
    const hash = hashLine(lineBytes);
    // The hashes of the two lines before this one (from the start line when the walk is that short).
    const last1 = good.length > 0 ? good[good.length - 1]!.hash : start ? start.hash : GENESIS_PREV;
    const last2 = good.length >= 2 ? good[good.length - 2]!.hash : good.length === 1 ? (start ? start.hash : GENESIS_PREV) : start ? start.prev : null;
    const expectedPrev = last1;
    // What prev would be had the line before this one never been written.
    const skipPrev = last2;

    if (entry.prev !== expectedPrev && skipPrev !== null && entry.prev === skipPrev) {
      return stop(lineNo - 1, `inserted: line ${lineNo} (seq ${entry.seq}) chains to the line before this one, so this line is not part of the chain`);
    }
    if (entry.seq !== lineNo) {
      const why = entry.seq > lineNo
        ? `${entry.seq - lineNo} line(s) before it were removed, or lines were reordered`
        : 'a line was inserted before it, or lines were reordered';
      return stop(lineNo, `seq ${entry.seq} where ${lineNo} was expected: ${why}`);
    }
    if (entry.prev !== expectedPrev) {
      if (lineNo === 1) return stop(1, 'prev of the first line must be 64 zeros: lines before it were removed, or it was changed');
      return stop(lineNo - 1, `changed: this line does not hash to the prev that line ${lineNo} records (this line was edited, or line ${lineNo}'s prev was)`);
    }
    good.push({ lineNo, entry, hash, text: lineBytes.toString('utf8'), offset: (start?.offset ?? 0) + raw[i]!.start, length: lineBytes.length });
  }
  return { good, lineCount: base + raw.length, firstBad: null };
}

/**
 * Checks an intact chain against an anchored head (`seq`, `hash`): the ledger must reach that seq
 * and the line there must hash to `hash`. A ledger that has grown past the anchor is fine.
 * `source` says where the anchor came from ("--head", "ledger.head") for the reason text.
 */
export function checkAnchor(good: readonly ChainedLine[], anchor: { seq: number; hash: string }, source: string): BadLine | null {
  const last = good.length;
  if (anchor.seq > last) {
    return { line: last + 1, reason: `truncated: the ledger ends at seq ${last} but the anchored head (${source}) is ${anchor.seq}` };
  }
  if (good[anchor.seq - 1]!.hash !== anchor.hash) {
    return { line: anchor.seq, reason: `changed: line ${anchor.seq} does not match the anchored head (${source}); it was edited, or the ledger was rewritten from there` };
  }
  return null;
}
