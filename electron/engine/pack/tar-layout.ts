/**
 * The exact shape of the payload's tar stream (docs/FORMAT.md §4.1): which name goes in a
 * header, when a pax `path=` record is needed, and how many bytes the whole stream takes. The
 * size is computed from the plan before writing, so free space and volume counts are known up
 * front, and checked against what was written afterwards.
 */
import type { Header } from 'tar-stream';
import type { PlannedEntry } from './scan';

/** A tar block. */
export const BLOCK = 512;
/** Two zero blocks end the stream; nothing follows them. */
export const END_BYTES = 2 * BLOCK;
/** Largest name the ustar `name` field holds. */
const USTAR_NAME_MAX = 100;

/** The name written for an entry: its path, with a trailing `/` for directories (as GNU tar and Python write). */
export function tarName(e: Pick<PlannedEntry, 'path' | 'type'>): string {
  return e.type === 'dir' ? `${e.path}/` : e.path;
}

/**
 * Whether the entry needs a pax extended header carrying `path=`: when its name is not pure ASCII
 * or is longer than the ustar name field. The ustar `prefix` field is never used, so a reader has
 * exactly one place to look for a long name.
 */
export function needsPax(name: string): boolean {
  const bytes = Buffer.byteLength(name, 'utf8');
  return bytes !== name.length || bytes > USTAR_NAME_MAX;
}

/** Length in bytes of the pax record `"<len> path=<name>\n"`, where <len> counts itself. */
export function paxRecordLength(name: string): number {
  const body = Buffer.byteLength(` path=${name}\n`, 'utf8');
  let digits = String(body).length;
  if (body + digits >= 10 ** digits) digits++;
  return body + digits;
}

/** Rounds up to a whole number of blocks. */
export function padded(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

/** Bytes one entry occupies in the stream: [pax header + pax data] + header + data, each padded. */
export function entryBytes(e: PlannedEntry): number {
  const name = tarName(e);
  const pax = needsPax(name) ? BLOCK + padded(paxRecordLength(name)) : 0;
  return pax + BLOCK + padded(e.type === 'file' ? e.size : 0);
}

/** Exact size of the tar stream for these entries, end blocks included. */
export function payloadSize(entries: readonly PlannedEntry[]): number {
  let total = END_BYTES;
  for (const e of entries) total += entryBytes(e);
  return total;
}

/**
 * The header handed to tar-stream for an entry. uid/gid 0, empty uname/gname, mtime whole
 * seconds. An empty `pax` object forces tar-stream's pax path (it then writes only `path=`), which
 * it would otherwise skip for long ASCII names in favour of the ustar prefix field. The verifier
 * requires exactly these bytes (verify/canonical-header.ts; tested against tar-stream's output).
 */
export function tarHeader(e: PlannedEntry): Partial<Header> & { name: string } {
  const name = tarName(e);
  const header: Partial<Header> & { name: string } = {
    name,
    type: e.type === 'dir' ? 'directory' : 'file',
    size: e.type === 'file' ? e.size : 0,
    mode: e.mode === '0755' ? 0o755 : 0o644,
    uid: 0,
    gid: 0,
    uname: '',
    gname: '',
    mtime: new Date(e.mtime * 1000),
  };
  if (needsPax(name)) header.pax = {};
  return header;
}
