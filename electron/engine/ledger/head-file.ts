/**
 * `<ledger>.head`: the head (`SEQ:HASH`) of the last appended line, replaced atomically after
 * every append (temp file, fsync, rename, fsync of the directory). It lets a verifier notice lines
 * cut off the end of a ledger, which otherwise leaves a chain that checks. It is not a defence
 * against someone who rewrites both files: that is what the head printed on receipts is for.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseHead } from '../../../shared/ledger-events';

/** Path of the head file of `ledgerFile`. */
export function headFilePath(ledgerFile: string): string {
  return `${ledgerFile}.head`;
}

/** fsyncs a directory so a rename or a new file in it survives a crash. Best effort where unsupported. */
export async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (e) {
    // Some filesystems refuse fsync on a directory (EINVAL/EISDIR/EPERM); the data is still written.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF') throw e;
  } finally {
    await fh?.close();
  }
}

/** Replaces `<ledger>.head` with `head` + "\n", atomically and durably. */
export async function writeHeadFile(ledgerFile: string, head: string): Promise<void> {
  const target = headFilePath(ledgerFile);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(`${head}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dirname(target));
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
