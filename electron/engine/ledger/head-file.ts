/**
 * `<ledger>.head`: the head (`SEQ:HASH`) of the last appended line, replaced atomically after
 * every append (temp file, fsync, rename, fsync of the directory). It lets a verifier notice lines
 * cut off the end of a ledger, which otherwise leaves a chain that checks. It is not a defence
 * against someone who rewrites both files: that is what the head printed on receipts is for.
 */
import { readFile } from 'node:fs/promises';
import { replaceFileAtomically } from '../util/atomic-write';
import { parseHead } from '../../../shared/ledger-events';

/** Path of the head file of `ledgerFile`. */
export function headFilePath(ledgerFile: string): string {
  return `${ledgerFile}.head`;
}


/** Replaces `<ledger>.head` with `head` + "\n", atomically and durably. */
export async function writeHeadFile(ledgerFile: string, head: string): Promise<void> {
  await replaceFileAtomically(headFilePath(ledgerFile), `${head}\n`);
}

/** What `<ledger>.head` holds: absent, a head, or something that is not a head. */
export type HeadFile = { kind: 'absent' } | { kind: 'head'; head: string; seq: number; hash: string } | { kind: 'malformed' };

/** Reads `<ledger>.head`. */
export async function readHeadFile(ledgerFile: string): Promise<HeadFile> {
  let text: string;
  try {
    text = await readFile(headFilePath(ledgerFile), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw e;
  }
  const parsed = /^[^\n]*\n?$/.test(text) ? parseHead(text) : null;
  return parsed ? { kind: 'head', head: `${parsed.seq}:${parsed.hash}`, ...parsed } : { kind: 'malformed' };
}
