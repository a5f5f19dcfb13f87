/**
 * `<ledger>.anchor`: where the last full or incremental check of a ledger ended, so an append
 * re-checks only the lines written since instead of the whole file (docs/FORMAT.md §10,
 * "Anchor"). It names one line — its seq, byte offset, length and hash — and is trusted only
 * while that line is still in the file at that offset with that hash; anything else (missing,
 * unreadable, malformed, pointing past the end, bytes that no longer hash to it) sends the
 * appender back to a full check, which then rewrites it. It never vouches for the lines before
 * it: those were checked when the anchor was written, and an edit there is found by the next
 * `sluice ledger verify` and against every receipt's head (docs/SECURITY.md).
 *
 * Written after the appends of a transaction with a temp file and a rename, not fsynced: a crash
 * can leave the previous anchor (still a line in the file: the appender checks a few more lines)
 * or no anchor (a full check), never a wrong one that is trusted.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SHA256_PATTERN } from '../../../shared/format/constants';
import { hashLine, parseLine } from './line';

/** One verified line of a ledger: the point an incremental check continues from. */
export interface LedgerAnchor {
  seq: number;
  /** Byte offset of the line's first byte. */
  offset: number;
  /** The line's length in bytes, without its newline. */
  length: number;
  hash: string;
}

/** The anchor line as found in the file: the anchor plus the `prev` it records. */
export interface HeldAnchor extends LedgerAnchor {
  prev: string;
}

/** Path of the anchor file of `ledgerFile`. */
export function anchorFilePath(ledgerFile: string): string {
  return `${ledgerFile}.anchor`;
}

/** The anchor file's one line: `{"seq":N,"offset":N,"length":N,"hash":"<64 hex>"}` + "\n". */
export function formatAnchor(a: LedgerAnchor): string {
  return `${JSON.stringify({ seq: a.seq, offset: a.offset, length: a.length, hash: a.hash })}\n`;
}

const ANCHOR_PATTERN = /^\{"seq":([1-9]\d{0,15}),"offset":(0|[1-9]\d{0,15}),"length":([1-9]\d{0,15}),"hash":"([0-9a-f]{64})"\}\n$/;

/** Parses an anchor file's text; null when it is not exactly what formatAnchor writes. */
export function parseAnchor(text: string): LedgerAnchor | null {
  const m = ANCHOR_PATTERN.exec(text);
  if (!m) return null;
  const [seq, offset, length] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (![seq, offset, length].every(Number.isSafeInteger) || !SHA256_PATTERN.test(m[4]!)) return null;
  return { seq, offset, length, hash: m[4]! };
}

/** Reads `<ledger>.anchor`; null when absent or malformed (both mean: check the whole ledger). */
export async function readAnchorFile(ledgerFile: string): Promise<LedgerAnchor | null> {
  try {
    return parseAnchor(await readFile(anchorFilePath(ledgerFile), 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // Unreadable (EACCES, EIO, a directory in its place): not trusted, and the full check that
    // follows reads the ledger itself, which reports a real environment problem clearly.
    return null;
  }
}

/**
 * Replaces `<ledger>.anchor` (temp file + rename). Not fsynced: see the module comment. Failing
 * to write it only costs the next appender a full check, so errors are swallowed.
 */
export async function writeAnchorFile(ledgerFile: string, a: LedgerAnchor): Promise<void> {
  const target = anchorFilePath(ledgerFile);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(formatAnchor(a));
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** Removes `<ledger>.anchor` (repair, a failed write): the next appender checks the whole ledger. */
export async function removeAnchorFile(ledgerFile: string): Promise<void> {
  await rm(anchorFilePath(ledgerFile), { force: true }).catch(() => undefined);
}

/**
 * Whether `a` still holds in the open ledger of `size` bytes: the line starts at a line boundary
 * (offset 0 or after a "\n"), ends with a "\n", parses, has seq `a.seq`, and hashes to `a.hash`.
 * Returns the line's recorded prev as well (a tail check needs it to spot an inserted line).
 */
export async function anchorHolds(fh: FileHandle, size: number, a: LedgerAnchor): Promise<HeldAnchor | null> {
  const from = a.offset === 0 ? 0 : a.offset - 1;
  const end = a.offset + a.length + 1;
  if (end > size) return null;
  const buf = Buffer.alloc(end - from);
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, from + got);
    if (bytesRead === 0) return null;
    got += bytesRead;
  }
  if (a.offset > 0 && buf[0] !== 0x0a) return null;
  if (buf[buf.length - 1] !== 0x0a) return null;
  const line = buf.subarray(a.offset - from, buf.length - 1);
  if (hashLine(line) !== a.hash) return null;
  const parsed = parseLine(line);
  if (!parsed.ok || parsed.entry.seq !== a.seq) return null;
  return { ...a, prev: parsed.entry.prev };
}
