/**
 * The exact header bytes a `sluice-transfer/1` writer produces for one manifest entry (FORMAT.md
 * §4.1): the optional pax header block and its one `path=` record, and the ustar header block. The
 * manifest determines every one of these bytes, so the verifier compares what it reads with them
 * byte for byte — one rule instead of a lenient decoder per field, and no room for a second reader
 * (GNU tar, Python, 7-Zip) to see a different name, size or time in the same bytes.
 *
 * Written from the spec, not with tar-stream's encoder, and tested to equal what the packer
 * (tar-stream 3.2.2 `pack()`) writes: test/engine/verify/canonical-header.test.ts.
 */
import type { ManifestEntry } from '../../../shared/format/manifest';
import { needsPax, tarName } from '../pack/tar-layout';

/** Size of a tar block. */
const BLOCK = 512;
/** The largest size written in octal (11 digits); from 8 GiB on, GNU base-256. */
const OCTAL_SIZE_LIMIT = 8 ** 11;
/** The name tar-stream gives a pax header and the entry header that follows it. */
export const PAX_HEADER_NAME = 'PaxHeader';

/** What a writer puts in front of an entry's body. */
export interface CanonicalEntry {
  /** The pax header block and the pax record (unpadded), when the name needs pax; else null. */
  pax: { block: Uint8Array; record: Uint8Array } | null;
  /** The entry's ustar header block. */
  header: Uint8Array;
}

/** The values of one ustar header; everything else is fixed by the format. */
interface UstarFields {
  name: string;
  mode: number;
  size: number;
  mtime: number;
  typeflag: '0' | '5' | 'x';
}

/** The canonical header bytes for `e` (an entry of a manifest that passed its rules). */
export function canonicalEntry(e: ManifestEntry): CanonicalEntry {
  const name = tarName(e);
  const mode = e.mode === '0755' ? 0o755 : 0o644;
  const typeflag = e.type === 'dir' ? '5' : '0';
  const size = e.type === 'file' ? e.size : 0;
  if (!needsPax(name)) return { pax: null, header: ustarBlock({ name, mode, size, mtime: e.mtime, typeflag }) };
  const record = paxRecord('path', name);
  return {
    pax: { block: ustarBlock({ name: PAX_HEADER_NAME, mode, size: record.length, mtime: e.mtime, typeflag: 'x' }), record },
    header: ustarBlock({ name: PAX_HEADER_NAME, mode, size, mtime: e.mtime, typeflag }),
  };
}

/** One pax record, `"<len> key=value\n"`, where <len> is the decimal length of the whole record. */
export function paxRecord(key: string, value: string): Uint8Array {
  const rest = Buffer.from(` ${key}=${value}\n`, 'utf8');
  let len = rest.length + 1;
  while (String(len).length + rest.length !== len) len = String(len).length + rest.length;
  return Buffer.concat([Buffer.from(String(len), 'ascii'), rest]);
}

/**
 * A ustar header block as FORMAT.md §4.1's table gives it: numbers as zero-padded octal followed by
 * a space (the field's last byte NUL where the field is longer), uid/gid 0, empty owner names,
 * device numbers 0, prefix unused, bytes 500–511 zero. Built from a template with plain byte
 * writes: the verifier builds one per entry, so this is on the path of a million-entry payload.
 */
function ustarBlock(f: UstarFields): Uint8Array {
  const block = TEMPLATE.slice();
  const name = utf8.encode(f.name);
  block.set(name.subarray(0, 100), 0);
  writeOctal(block, 100, f.mode, 6);
  if (f.size < OCTAL_SIZE_LIMIT) writeOctal(block, 124, f.size, 11);
  else base256(f.size, block, 124);
  writeOctal(block, 136, f.mtime, 11);
  block[156] = f.typeflag.charCodeAt(0);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += block[i]!; // the checksum field holds 8 spaces here
  writeOctal(block, 148, sum, 6);
  block[155] = 0;
  return block;
}

const utf8 = new TextEncoder();

/** Zero-padded octal of `digits` digits, then a space. Values always fit (the manifest's rules). */
function writeOctal(block: Uint8Array, offset: number, value: number, digits: number): void {
  let v = value;
  for (let i = digits - 1; i >= 0; i--) {
    block[offset + i] = 0x30 + (v % 8);
    v = Math.floor(v / 8);
  }
  block[offset + digits] = 0x20;
}

/** Every byte that is the same in all headers: uid, gid, magic, version, devmajor, devminor; chksum as spaces. */
const TEMPLATE: Uint8Array = (() => {
  const t = new Uint8Array(BLOCK);
  writeOctal(t, 108, 0, 6);
  writeOctal(t, 116, 0, 6);
  t.fill(0x20, 148, 156);
  t.set([0x75, 0x73, 0x74, 0x61, 0x72, 0x00, 0x30, 0x30], 257); // "ustar\0" "00"
  writeOctal(t, 329, 0, 6);
  writeOctal(t, 337, 0, 6);
  return t;
})();

/** GNU base-256: byte 0 is 0x80, bytes 1–11 the value big-endian. */
function base256(value: number, block: Uint8Array, offset: number): void {
  block[offset] = 0x80;
  let v = value;
  for (let i = 11; i > 0; i--) {
    block[offset + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

/** A header field: name, first byte, length. The table of FORMAT.md §4.1. */
export const USTAR_FIELDS: readonly (readonly [string, number, number])[] = [
  ['name', 0, 100], ['mode', 100, 8], ['uid', 108, 8], ['gid', 116, 8], ['size', 124, 12], ['mtime', 136, 12],
  ['chksum', 148, 8], ['typeflag', 156, 1], ['linkname', 157, 100], ['magic', 257, 6], ['version', 263, 2],
  ['uname', 265, 32], ['gname', 297, 32], ['devmajor', 329, 8], ['devminor', 337, 8], ['prefix', 345, 155],
  ['padding', 500, 12],
];

/** True when `a` and `b` hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * Bytes from a header, shown safely: printable ASCII as is, NUL as `\0`, anything else as `\xNN`;
 * trailing NULs shortened to one `\0…`; capped. Never a raw byte from a package.
 */
export function showBytes(bytes: Uint8Array, max = 120): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  let out = '';
  let shown = 0;
  for (; shown < end && out.length < max; shown++) {
    const b = bytes[shown]!;
    out += b === 0 ? '\\0' : b === 0x5c ? '\\\\' : b === 0x22 ? '\\"' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  // "…" only when bytes were left out, not merely because the output reached the cap.
  if (shown < end) out += '…';
  else if (end < bytes.length) out += end === bytes.length - 1 ? '\\0' : '\\0…';
  return `"${out}"`;
}
