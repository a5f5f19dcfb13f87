/**
 * The chain check: splits a ledger's bytes into lines and walks them, checking each line's form,
 * that seq counts 1, 2, 3, … and that each prev is the SHA-256 of the line before. It names the
 * FIRST bad line, and for the usual tampering says which kind it looks like (changed, removed,
 * inserted, reordered, torn). Used by verifyLedger and, before every append, by withLedger.
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
function splitLines(bytes: Buffer): { bytes: Buffer; complete: boolean }[] {
  const lines: { bytes: Buffer; complete: boolean }[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a, start); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
    lines.push({ bytes: bytes.subarray(start, nl), complete: true });
    start = nl + 1;
  }
  if (start < bytes.length) lines.push({ bytes: bytes.subarray(start), complete: false });
  return lines;
}

/** Walks a ledger's bytes line by line and stops at the first bad line. */
export function checkChain(bytes: Buffer): ChainCheck {
  const raw = splitLines(bytes);
  const good: ChainedLine[] = [];
  const stop = (line: number, reason: string): ChainCheck => ({
    good: good.slice(0, line - 1),
    lineCount: raw.length,
    firstBad: { line, reason },
  });

  for (let i = 0; i < raw.length; i++) {
    const lineNo = i + 1;
    const { bytes: lineBytes, complete } = raw[i]!;
    if (!complete) return stop(lineNo, 'torn: the last line has no newline (a write was interrupted, or the file was cut)');
    const parsed = parseLine(lineBytes);
    if (!parsed.ok) return stop(lineNo, parsed.reason);
    const entry = parsed.entry;
    const hash = hashLine(lineBytes);
    const expectedPrev = good.length > 0 ? good[good.length - 1]!.hash : GENESIS_PREV;
    // What prev would be had the line before this one never been written.
    const skipPrev = good.length >= 2 ? good[good.length - 2]!.hash : good.length === 1 ? GENESIS_PREV : null;

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
    good.push({ lineNo, entry, hash, text: lineBytes.toString('utf8') });
  }
  return { good, lineCount: raw.length, firstBad: null };
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
