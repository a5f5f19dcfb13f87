/**
 * Decoding of single 512-byte tar header blocks and pax extended-header bodies, strictly: anything
 * a conforming `sluice-transfer/1` packer (tar-stream, ustar) does not write is an error, never
 * repaired. Field offsets are POSIX ustar's (pax/ustar in IEEE 1003.1).
 *
 * Why not tar-stream's decoder: it tolerates what we must refuse (unknown formats behind a flag,
 * lenient octal parsing, `parseInt` on pax lengths, trailing-slash type guessing), so we decode the
 * few fields we need ourselves and reject the rest.
 */

import { quoted } from '../../../shared/format/display-text';

/** Size of a tar block. */
export const BLOCK = 512;

/** Largest pax extended-header body accepted: a path (≤ 240 bytes) plus size and mtime fit easily. */
export const MAX_PAX_BYTES = 4096;

/** A decoded ustar header: only what the format uses. */
export interface UstarHeader {
  /** prefix + '/' + name, as bytes decoded from UTF-8 (no trailing-slash handling). */
  path: string;
  typeflag: string;
  mode: number;
  size: number;
  mtime: number;
}

/** Thrown for any header the format does not allow; `reason` is for a person. */
export class TarHeaderError extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True when every byte of the block is zero (an end-of-archive block). */
export function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

/** Decodes one header block or throws `TarHeaderError` saying what is wrong with it. */
export function decodeHeader(block: Uint8Array): UstarHeader {
  if (block.length !== BLOCK) throw new TarHeaderError('header block is not 512 bytes');
  const stored = parseOctal(block, 148, 8, 'checksum');
  if (stored !== checksum(block)) throw new TarHeaderError('header checksum does not match');
  if (ascii(block, 257, 6) !== 'ustar\0' || ascii(block, 263, 2) !== '00') {
    throw new TarHeaderError('header is not POSIX ustar (magic "ustar\\0", version "00")');
  }
  const typeflag = String.fromCharCode(block[156]!);
  if (block[157] !== 0) throw new TarHeaderError('header carries a link name');
  // The format fixes ownership (FORMAT.md §4): uid and gid 0, no user or group names, no device
  // numbers. Anything else is something this packer never writes, so it is refused, not ignored.
  if (parseOctal(block, 108, 8, 'uid') !== 0 || parseOctal(block, 116, 8, 'gid') !== 0) throw new TarHeaderError('header sets a non-zero uid or gid (owner)');
  if (cString(block, 265, 32, 'uname') !== '' || cString(block, 297, 32, 'gname') !== '') throw new TarHeaderError('header sets a user name or group name (owner)');
  // Device numbers on a file or directory header mean nothing to an honest packer; on a device
  // header the typeflag check names the real problem, so leave those to it.
  if ((typeflag === '0' || typeflag === '5') && (parseOctal(block, 329, 8, 'devmajor') !== 0 || parseOctal(block, 337, 8, 'devminor') !== 0)) {
    throw new TarHeaderError('header sets device numbers (devmajor/devminor)');
  }
  const name = cString(block, 0, 100, 'name');
  const prefix = cString(block, 345, 155, 'prefix');
  return {
    path: prefix ? `${prefix}/${name}` : name,
    typeflag,
    mode: parseOctal(block, 100, 8, 'mode'),
    size: parseSize(block),
    mtime: parseOctal(block, 136, 12, 'mtime'),
  };
}

/** Sum of the header's bytes with the checksum field counted as eight spaces. */
export function checksum(block: Uint8Array): number {
  let sum = 8 * 32;
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += block[i]!;
  return sum;
}

/** Keys a pax header may carry, and the overrides they give. */
export interface PaxOverrides {
  path?: string;
  size?: number;
  mtime?: number;
}

/**
 * Parses a pax extended-header body: records `LEN key=value\n` where LEN counts the whole record.
 * Only `path`, `size` and `mtime` are accepted, each at most once; numbers must be plain decimal.
 */
export function parsePax(body: Uint8Array): PaxOverrides {
  const out: PaxOverrides = {};
  let at = 0;
  while (at < body.length) {
    let space = at;
    while (space < body.length && space - at < 8 && body[space] !== 0x20) space++;
    const lenText = ascii(body, at, space - at);
    if (body[space] !== 0x20 || !/^[1-9][0-9]*$/.test(lenText)) throw new TarHeaderError('pax record length is not a decimal number');
    const len = Number(lenText);
    if (at + len > body.length || len < space - at + 3 || body[at + len - 1] !== 0x0a) throw new TarHeaderError('pax record length does not match its contents');
    let record: string;
    try {
      record = utf8.decode(body.subarray(space + 1, at + len - 1));
    } catch {
      throw new TarHeaderError('pax record is not valid UTF-8');
    }
    const eq = record.indexOf('=');
    if (eq <= 0) throw new TarHeaderError('pax record has no key');
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key !== 'path' && key !== 'size' && key !== 'mtime') throw new TarHeaderError(`pax key ${quoted(key, { max: 60 })} is not allowed`);
    if (out[key] !== undefined) throw new TarHeaderError(`pax key ${quoted(key, { max: 60 })} is repeated`);
    if (key === 'path') {
      if (value.includes('\0')) throw new TarHeaderError('pax path contains NUL');
      out.path = value;
    } else {
      if (!/^(0|[1-9][0-9]{0,15})$/.test(value) || !Number.isSafeInteger(Number(value))) {
        throw new TarHeaderError(`pax ${key} ${quoted(value, { max: 40 })} is not a plain decimal number`);
      }
      out[key] = Number(value);
    }
    at += len;
  }
  return out;
}

/** Size field: octal, or GNU base-256 (first byte 0x80) for sizes of 8 GiB and more. */
function parseSize(block: Uint8Array): number {
  const first = block[124]!;
  if (first & 0x80) {
    if (first !== 0x80) throw new TarHeaderError('negative or oversized base-256 size');
    let value = 0;
    for (let i = 125; i < 136; i++) value = value * 256 + block[i]!;
    if (!Number.isSafeInteger(value)) throw new TarHeaderError('size is too large');
    return value;
  }
  return parseOctal(block, 124, 12, 'size');
}

/** Octal field: optional leading spaces, at least one octal digit, then only spaces or NULs. */
function parseOctal(block: Uint8Array, offset: number, length: number, field: string): number {
  const text = ascii(block, offset, length);
  const m = /^ *([0-7]+)[ \0]*$/.exec(text);
  if (!m) throw new TarHeaderError(`${field} field is not an octal number`);
  const value = parseInt(m[1]!, 8);
  if (!Number.isSafeInteger(value)) throw new TarHeaderError(`${field} field is too large`);
  return value;
}

/** A NUL-terminated UTF-8 string field; bytes after the NUL must be NUL too (no hidden data). */
function cString(block: Uint8Array, offset: number, length: number, field: string): string {
  const slice = block.subarray(offset, offset + length);
  let end = slice.indexOf(0);
  if (end === -1) end = length;
  for (let i = end; i < length; i++) if (slice[i] !== 0) throw new TarHeaderError(`${field} field has bytes after its end`);
  try {
    return utf8.decode(slice.subarray(0, end));
  } catch {
    throw new TarHeaderError(`${field} field is not valid UTF-8`);
  }
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  let s = '';
  for (let i = offset; i < offset + length && i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}
