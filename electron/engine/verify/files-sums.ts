/**
 * FILES.SHA256SUMS against the manifest, in pieces: the file must be exactly the lines the
 * manifest implies (one `sha256  path` per file entry, in order). At 100,000 entries those lines
 * are 9 MB, and rendering them whole, as a Buffer, and reading the file whole beside them held
 * three copies at once (docs/PERFORMANCE.md, "Many small files"); here they are made and compared
 * CHUNK bytes at a time, with the same outcomes as a whole-file comparison.
 */
import { createHash } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import type { Manifest } from '../../../shared/format/manifest';
import { sumsLine } from '../../../shared/format/sums';
import { CappedReadError, openRegularFile } from './read-capped';

/** Expected bytes rendered per comparison. */
const CHUNK = 256 * 1024;

/** What the comparison found. `sha256` is the file's when it was read whole, else the expected text's. */
export interface FilesSumsCheck {
  problem: string | null;
  sha256: string;
}

/** The manifest's FILES.SHA256SUMS text, CHUNK bytes (or a little more) at a time. */
function* expectedChunks(m: Manifest): Generator<Buffer> {
  let text = '';
  for (const e of m.entries) {
    if (e.type !== 'file') continue;
    text += sumsLine(e.sha256, e.path);
    if (text.length >= CHUNK) {
      yield Buffer.from(text, 'utf8');
      text = '';
    }
  }
  if (text) yield Buffer.from(text, 'utf8');
}

/** Length and SHA-256 of the expected text, without holding it. */
function expected(m: Manifest): { length: number; sha256: string } {
  const h = createHash('sha256');
  let length = 0;
  for (const c of expectedChunks(m)) {
    h.update(c);
    length += c.length;
  }
  return { length, sha256: h.digest('hex') };
}

/**
 * Compares the file at `path` with what `m` implies. Throws CappedReadError (or an fs error) when it
 * cannot be read as a regular file, or grew past the expected size while being read; the caller
 * records that as the failure and uses `expectedSha256(m)` for what SHA256SUMS must name.
 */
export async function checkFilesSums(path: string, m: Manifest): Promise<FilesSumsCheck> {
  const want = expected(m);
  const st = await lstat(path);
  if (st.size !== want.length) return { problem: `file is ${st.size} bytes; the manifest implies ${want.length}`, sha256: want.sha256 };
  const { fh } = await openRegularFile(path);
  try {
    const actual = createHash('sha256');
    let same = true;
    let pos = 0;
    let buf = Buffer.allocUnsafe(CHUNK + 4096);
    for (const e of expectedChunks(m)) {
      if (buf.length < e.length) buf = Buffer.allocUnsafe(e.length);
      let got = 0;
      while (got < e.length) {
        const { bytesRead } = await fh.read(buf, got, e.length - got, pos + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      actual.update(buf.subarray(0, got));
      pos += got;
      if (same && (got !== e.length || !buf.subarray(0, got).equals(e))) same = false;
      if (got < e.length) break;
    }
    if ((await fh.read(Buffer.alloc(1), 0, 1, pos)).bytesRead > 0) throw new CappedReadError(`file grew past the ${want.length} bytes allowed while being read`);
    return { problem: same ? null : 'contents differ from the manifest\'s entries', sha256: actual.digest('hex') };
  } finally {
    await fh.close();
  }
}

/** SHA-256 of the FILES.SHA256SUMS text `m` implies. */
export function expectedSha256(m: Manifest): string {
  return expected(m).sha256;
}
