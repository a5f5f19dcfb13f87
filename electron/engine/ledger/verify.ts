/**
 * `verifyLedger`: checks a ledger end to end without taking its lock (it only reads). Names the
 * first bad line and why; with an anchored head (given, or from `<ledger>.head`) also finds lines
 * cut off the end, which leaves a chain that otherwise checks.
 */
import { readFile } from 'node:fs/promises';
import { formatHead, parseHead, type LedgerEntry } from '../../../shared/ledger-events';
import { SluiceError } from '../errors';
import { checkAnchor, checkChain, type BadLine } from './chain';
import { headFilePath, readHeadFile } from './head-file';

/** What verifyLedger found. */
export interface LedgerVerification {
  ok: boolean;
  /** Lines in the file (a torn last line counts). */
  count: number;
  /**
   * `SEQ:HASH` of the ledger's last line when the chain holds (even if an anchor check fails), else
   * of the last line before the first bad one; null when there is no such line.
   */
  head: string | null;
  /** The head the ledger was checked against, and where it came from; null when there was none. */
  anchor: { head: string; source: 'argument' | 'head-file' } | null;
  firstBad: BadLine | null;
}

/** Options: `head` is an anchored `SEQ:HASH` (from a receipt); it takes precedence over `<ledger>.head`. */
export interface VerifyLedgerOptions {
  head?: string;
}

/**
 * Verifies `file`: every line's form, consecutive seqs, each prev the SHA-256 of the line before,
 * and the anchored head. A missing file is an empty ledger (which fails against any anchor).
 * Throws SluiceError 'ledger-bad-head' when `options.head` is not `SEQ:HASH`.
 */
export async function verifyLedger(file: string, options: VerifyLedgerOptions = {}): Promise<LedgerVerification> {
  return (await inspectLedger(file, options)).verification;
}

/** A ledger's verification plus its lines up to the first bad one, each with its hash. */
export interface LedgerInspection {
  verification: LedgerVerification;
  lines: { entry: LedgerEntry; hash: string; text: string }[];
}

/** verifyLedger, also returning the entries that check (for `sluice ledger show`, the Records screen). */
export async function inspectLedger(file: string, options: VerifyLedgerOptions = {}): Promise<LedgerInspection> {
  let anchor: LedgerVerification['anchor'] = null;
  let anchorFault: string | null = null;
  if (options.head !== undefined) {
    const parsed = parseHead(options.head);
    if (!parsed) throw new SluiceError('ledger-bad-head', `"${options.head}" is not a ledger head: expected SEQ:HASH, e.g. 42:3f9a…(64 hex digits).`);
    anchor = { head: formatHead(parsed.seq, parsed.hash), source: 'argument' };
  } else {
    const headFile = await readHeadFile(file);
    if (headFile.kind === 'head') anchor = { head: headFile.head, source: 'head-file' };
    if (headFile.kind === 'malformed') anchorFault = `the head file ${headFilePath(file)} is not SEQ:HASH`;
  }

  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    bytes = Buffer.alloc(0);
  }
  const check = checkChain(bytes);
  const last = check.good[check.good.length - 1];
  const head = last ? formatHead(last.entry.seq, last.hash) : null;
  let firstBad = check.firstBad;
  if (!firstBad && anchorFault) firstBad = { line: Math.max(1, check.good.length), reason: anchorFault };
  if (!firstBad && anchor) {
    const source = anchor.source === 'argument' ? '--head' : headFilePath(file);
    firstBad = checkAnchor(check.good, parseHead(anchor.head)!, source);
  }
  return {
    verification: { ok: firstBad === null, count: check.lineCount, head, anchor, firstBad },
    lines: check.good.map((l) => ({ entry: l.entry, hash: l.hash, text: l.text })),
  };
}
