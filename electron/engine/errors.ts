import { printable } from '../../shared/format/fault';

/**
 * The engine's one error type for refusals a person must read: a stable `code` for programs and a
 * message that says what happened and what to do. `details` lists each offending item when there
 * are several (every refused source file, say), so nothing is reported one at a time.
 */
export class SluiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: readonly { path: string; reason: string }[] = [],
  ) {
    super(message);
    this.name = 'SluiceError';
  }
}

/** True when `e` is the error an AbortSignal raises, so callers can tell cancel from failure. */
export function isAbort(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || (e as { code?: string }).code === 'ABORT_ERR');
}

/** What each environment errno means to a person, and what to do about it. */
const ENVIRONMENT: Record<string, { code: string; what: string; todo: string }> = {
  ENOSPC: { code: 'no-space', what: 'the filesystem is full', todo: 'free some space or choose another place' },
  EDQUOT: { code: 'no-space', what: 'the disk quota is used up', todo: 'free some space or choose another place' },
  EFBIG: { code: 'file-too-large', what: 'the file is too large for this filesystem', todo: 'use a filesystem without a 4 GiB limit, or split the payload with --volume-size' },
  EACCES: { code: 'permission-denied', what: 'permission denied', todo: "check the folder's owner and permissions, or choose another place" },
  EPERM: { code: 'permission-denied', what: 'operation not permitted', todo: "check the folder's owner and permissions, or choose another place" },
  EROFS: { code: 'read-only', what: 'the filesystem is read-only', todo: 'use a writable medium (check its write-protect switch) or choose another place' },
  EIO: { code: 'io-error', what: 'input/output error: the medium or disk failed or was removed', todo: 'check the medium and its connection, copy the data again or use another medium' },
  ENXIO: { code: 'io-error', what: 'the device is gone', todo: 'reconnect the medium and try again' },
  ENODEV: { code: 'io-error', what: 'the device is gone', todo: 'reconnect the medium and try again' },
  ENOENT: { code: 'not-found', what: 'it does not exist (was the medium removed or unmounted?)', todo: 'check the path, or mount the medium again' },
  ENOTDIR: { code: 'not-a-folder', what: 'a part of the path is not a folder', todo: 'choose a folder' },
  EISDIR: { code: 'is-a-folder', what: 'it is a folder, not a file', todo: 'choose a file' },
  EMFILE: { code: 'too-many-files', what: 'too many files are open', todo: 'close other programs and try again' },
  ENFILE: { code: 'too-many-files', what: 'too many files are open', todo: 'close other programs and try again' },
  ENAMETOOLONG: { code: 'name-too-long', what: 'the path is too long for this filesystem', todo: 'choose a shorter path' },
  ESTALE: { code: 'io-error', what: 'the network filesystem handle went stale', todo: 'remount the share and try again' },
};

/** The errno code of a Node filesystem error, or null. */
export function errnoCode(e: unknown): string | null {
  const code = e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : null;
}

/** True for an errno this module can explain (ENOSPC, EACCES, EROFS, EIO, ENOENT, …). */
export function isEnvironmentError(e: unknown): boolean {
  const code = errnoCode(e);
  return code !== null && Object.hasOwn(ENVIRONMENT, code);
}

/**
 * Turns a filesystem error into the one line a person needs: what failed (`doing`, e.g. "write
 * the package"), where (the error's own path, else `path`), why and what to do:
 * "Cannot write the package (/media/usb/T1.partial): the filesystem is full (ENOSPC); free some
 * space or choose another place." Returns `e` unchanged when it is not an environment error (or
 * already a SluiceError).
 */
export function environmentError(e: unknown, doing: string, path?: string): unknown {
  if (e instanceof SluiceError || !isEnvironmentError(e)) return e;
  const code = errnoCode(e)!;
  const m = ENVIRONMENT[code]!;
  const where = (e as NodeJS.ErrnoException).path ?? path;
  return new SluiceError(m.code, `Cannot ${doing}${where ? ` (${printable(where, 300)})` : ''}: ${m.what} (${code}); ${m.todo}.`);
}
