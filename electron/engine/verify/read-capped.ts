/**
 * Reads a small package file whole, refusing links and anything larger than a cap without reading
 * it: a hostile medium may hold a 100 GiB "manifest".
 */
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Why a capped read failed, for a person. */
export class CappedReadError extends Error {}

/**
 * Opens `path` for reading without following a link at its last component and checks, on the open
 * descriptor, that it is a regular file; the caller closes it. Failures are CappedReadErrors
 * worded for a person ("file is missing", "file is a symbolic link", "not a regular file").
 */
export async function openRegularFile(path: string): Promise<{ fh: FileHandle; st: Stats }> {
  let fh: FileHandle;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CappedReadError(code === 'ENOENT' ? 'file is missing' : code === 'ELOOP' ? 'file is a symbolic link' : `cannot open: ${code ?? String(e)}`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new CappedReadError('not a regular file');
    return { fh, st };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** Opens without following links; refuses non-regular files and files over `cap` bytes. */
export async function readCapped(path: string, cap: number): Promise<Buffer> {
  const { fh, st } = await openRegularFile(path);
  try {
    if (st.size > cap) throw new CappedReadError(`file is ${st.size} bytes, more than the ${cap} allowed`);
    // Sized by what stat says (plus one byte, to see a file that grew), not by the cap: a 256 MiB
    // buffer for every manifest was 256 MiB of external memory V8 counted against the heap. A file
    // whose size lies (procfs says 0) grows the buffer as it is read, never past cap + 1.
    let buf = Buffer.alloc(Math.min(cap, Math.max(st.size, 4096)) + 1);
    let got = 0;
    for (;;) {
      if (got === buf.length) {
        const bigger = Buffer.alloc(Math.min(cap + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, got);
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got > cap) throw new CappedReadError(`file grew past the ${cap} bytes allowed while being read`);
    }
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}
