/**
 * What an appender checks before it writes, holding the lock. When `<ledger>.anchor` still holds
 * (anchor.ts), only the lines after it — or after this process's own last position, when that
 * holds too — are read and chain-checked, and `<ledger>.head` is checked against them: an append costs the same at
 * 100,000 lines as at 100. Without one — or when anything about the fast path does not add up — the
 * whole ledger is read and checked, exactly as `verifyLedger` does, and that answer is the one
 * reported. The fast path never reports a fault the full check would word differently: on any
 * fault it re-checks the whole file and names the first bad line.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import type { LedgerEntry } from '../../../shared/ledger-events';
import { parseLine } from './line';
import { SluiceError } from '../errors';
import { anchorHolds, readAnchorFile, type HeldAnchor, type LedgerAnchor } from './anchor';
import { checkAnchor, checkChain, type ChainedLine } from './chain';
import { readHeadFile, type HeadFile } from './head-file';

/** True when a chain fault is a torn last line: what an interrupted append leaves, and what repair cuts. */
export function isTornReason(reason: string): boolean {
  return reason.startsWith('torn:');
}

/** The 'ledger-broken' error naming the first bad line and what to do about it. */
export function broken(file: string, line: number, reason: string): SluiceError {
  // A torn last line is what a crash mid-append leaves: it has a repair. Anything else is evidence;
  // a new ledger would throw away the replay history that protects this station.
  const todo = isTornReason(reason)
    ? `Run \`sluice ledger repair ${file}\` to cut the torn bytes off (the cut is recorded in the ledger), then try again.`
    : `Keep the file as evidence, run \`sluice ledger verify ${file}\` and restore the ledger from a backup; do not start a new ledger, which would lose the replay history.`;
  return new SluiceError('ledger-broken', `The ledger ${file} does not verify at line ${line}: ${reason}. Nothing was appended. ${todo}`, [{ path: `${file}:${line}`, reason }]);
}

/** A ledger checked for appending. */
export interface LoadedLedger {
  /** The last line (verified), or null for an empty ledger. */
  last: HeldAnchor | null;
  /** The lines this load checked, in order: all of them after a full check, else those after the anchor. */
  checked: ChainedLine[];
  /** Where the check started: a full check, this process's position, or `<ledger>.anchor`. */
  from: 'full' | 'process' | 'file';
}

async function readRange(fh: FileHandle, from: number, to: number): Promise<Buffer> {
  const buf = Buffer.alloc(Math.max(0, to - from));
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, from + got);
    if (bytesRead === 0) return buf.subarray(0, got);
    got += bytesRead;
  }
  return buf;
}

/** A checked line as an anchor (its seq, offset, length, hash and recorded prev). */
export const toHeld = (l: ChainedLine): HeldAnchor => ({ seq: l.entry.seq, offset: l.offset, length: l.length, hash: l.hash, prev: l.entry.prev });

/** The whole-file check (the only one before issue 12), throwing 'ledger-broken' on any fault. */
function fullCheck(file: string, bytes: Buffer, head: HeadFile): LoadedLedger {
  const check = checkChain(bytes);
  if (check.firstBad) throw broken(file, check.firstBad.line, check.firstBad.reason);
  if (head.kind === 'malformed') throw broken(file, check.good.length, `its head file ${file}.head is not SEQ:HASH`);
  if (head.kind === 'head') {
    const bad = checkAnchor(check.good, head, `${file}.head`);
    if (bad) throw broken(file, bad.line, bad.reason);
  }
  const last = check.good.at(-1);
  return { last: last ? toHeld(last) : null, checked: check.good, from: 'full' };
}

/** The tail check from a held anchor; null when it finds anything wrong (the caller then checks everything). */
async function tailCheck(fh: FileHandle, size: number, held: HeldAnchor, head: HeadFile): Promise<ChainedLine[] | null> {
  if (head.kind !== 'head' || head.seq < held.seq) return null;
  const start = held.offset + held.length + 1;
  const check = checkChain(await readRange(fh, start, size), { seq: held.seq, hash: held.hash, prev: held.prev, offset: start });
  if (check.firstBad) return null;
  const headHash = head.seq === held.seq ? held.hash : check.good[head.seq - held.seq - 1]?.hash;
  return headHash === head.hash ? check.good : null;
}

/**
 * Checks `file` for appending (hold its lock). `processAnchor` is where this process last left it;
 * `full` skips the anchors (a caller that needs every entry reads them all anyway). Throws
 * 'ledger-broken' naming the first bad line, exactly as a full check would.
 */
export async function loadForAppend(file: string, processAnchor: LedgerAnchor | null, o: { full?: boolean } = {}): Promise<LoadedLedger> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return fullCheck(file, Buffer.alloc(0), await readHeadFile(file));
  }
  try {
    const size = (await fh.stat()).size;
    const head = await readHeadFile(file);
    // `<ledger>.anchor` must hold for any fast path: deleting it forces a full check, in every
    // process. This process's own position (where its fold states are) is then preferred.
    const fileAnchor = o.full ? null : await readAnchorFile(file);
    const fileHeld = fileAnchor ? await anchorHolds(fh, size, fileAnchor) : null;
    if (fileHeld) {
      const processHeld = processAnchor ? await anchorHolds(fh, size, processAnchor) : null;
      const [from, held] = processHeld ? ['process', processHeld] as const : ['file', fileHeld] as const;
      const checked = await tailCheck(fh, size, held, head);
      // A fault after the anchor, or a head that disagrees, falls through: the full check names it.
      if (checked) return { last: checked.length > 0 ? toHeld(checked.at(-1)!) : held, checked, from };
    }
    return fullCheck(file, await readRange(fh, 0, size), head);
  } finally {
    await fh.close();
  }
}

/** A ledger's bytes; a missing file is an empty ledger. */
export async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw e;
  }
}

/**
 * Parses a ledger without taking the lock (for display and queries; use withLedger for decisions
 * such as replay checks). A missing file is an empty ledger. An incomplete last line is skipped
 * (a writer may be mid-append); any other bad line throws 'ledger-broken'. Does not check the
 * chain: verifyLedger does.
 */
export async function readLedger(file: string): Promise<LedgerEntry[]> {
  const bytes = await readBytes(file);
  const end = bytes.lastIndexOf(0x0a) + 1;
  const entries: LedgerEntry[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < end) {
    const nl = bytes.indexOf(0x0a, start);
    lineNo++;
    const parsed = parseLine(bytes.subarray(start, nl));
    if (!parsed.ok) throw broken(file, lineNo, parsed.reason);
    entries.push(parsed.entry);
    start = nl + 1;
  }
  return entries;
}
