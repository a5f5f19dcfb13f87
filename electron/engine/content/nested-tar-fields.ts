/**
 * The field decoding of ./nested-tar.ts: names, octal numbers and C strings of a tar made by
 * another tool, each refused with a display-safe NestedTarError rather than read leniently.
 */
import { quoted } from '../../../shared/format/display-text';
import { BLOCK } from '../verify/tar-header';

/** The archive is not a tar Sluice can read within its limits; `reason` is display-safe. */
export class NestedTarError extends Error {}

/**
 * `./a/b/` → `a/b`. A name that is absolute or climbs out (`..`) is refused: nothing is extracted,
 * but such a name must never stand for `manifest.json` either.
 */
export function normalise(raw: string): string {
  let name = raw;
  while (name.endsWith('/') && name.length > 1) name = name.slice(0, -1);
  if (name === '.') return '.';
  while (name.startsWith('./')) name = name.slice(2);
  if (name === '' || name.startsWith('/') || name.split('/').some((s) => s === '..' || s === '')) {
    throw new NestedTarError(`an entry name that is empty, absolute or climbs out of the archive: ${quoted(raw, { max: 80 })}`);
  }
  return name;
}

/** Zero bytes after a body of `size` bytes, up to the next block. */
export function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** A header's octal field (spaces and NULs around it allowed, as tools write them). */
export function octal(block: Buffer, offset: number, length: number, field: string): number {
  const m = /^ *([0-7]+)[ \0]*$/.exec(block.toString('latin1', offset, offset + length));
  if (!m) throw new NestedTarError(`a header's ${field} field is not an octal number`);
  const value = parseInt(m[1]!, 8);
  if (!Number.isSafeInteger(value)) throw new NestedTarError(`a header's ${field} field is too large`);
  return value;
}

/** A NUL-terminated UTF-8 header name field. */
export function cString(block: Buffer, offset: number, length: number): string {
  return cStringOf(block.subarray(offset, offset + length), 'header name');
}

/** `bytes` up to their first NUL, as UTF-8 (`what` names it in the refusal). */
export function cStringOf(bytes: Buffer, what: string): string {
  const end = bytes.indexOf(0);
  return utf8(end === -1 ? bytes : bytes.subarray(0, end), what);
}

const decoder = new TextDecoder('utf-8', { fatal: true });
/** Strict UTF-8 (`what` names the field in the refusal). */
export function utf8(bytes: Uint8Array, what: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new NestedTarError(`a ${what} is not valid UTF-8`);
  }
}
