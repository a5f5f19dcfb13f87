/**
 * The bytes pack writes in front of each entry's body: the ustar header block and, when the name
 * needs one (tar-layout.ts needsPax), the pax header block and its padded `path=` record before it
 * (FORMAT.md §4.1). Written straight into the payload's output buffer instead of through
 * tar-stream's streams, whose per-entry stream set-up cost more than reading a small file.
 *
 * These are the bytes tar-stream 3.2.2's pack() writes for tar-layout.ts's tarHeader(): same
 * fields, same encodings (octal with a trailing space, GNU base-256 sizes from 8 GiB, checksum as
 * six octal digits, a space and a NUL). test/engine/pack/tar-encode.test.ts compares them with
 * tar-stream's output entry by entry, and with the verifier's independent canonical-header.ts.
 */
import type { PlannedEntry } from './scan';
import { BLOCK, needsPax, padded, paxRecordLength, tarName } from './tar-layout';

/** Name tar-stream gives the pax header and the header after it. */
const PAX_NAME = 'PaxHeader';
/** The largest size written in 11 octal digits. */
const OCTAL_SIZE_MAX = 8 ** 11 - 1;
/** Type flags: regular file, directory, pax extended header. */
const TYPE_FILE = 0x30;
const TYPE_DIR = 0x35;
const TYPE_PAX = 0x78;

/** Longest head: pax block, a record of at most one block (names are ≤ 240 bytes), header block. */
export const MAX_HEAD_BYTES = 3 * BLOCK;

/**
 * Writes the head of entry `e` (everything before its body) into `out` at `at`, which must have
 * MAX_HEAD_BYTES of room. Returns the number of bytes written, a multiple of BLOCK.
 */
export function encodeHead(e: PlannedEntry, out: Uint8Array, at: number): number {
  const name = tarName(e);
  const mode = e.mode === '0755' ? 0o755 : 0o644;
  const size = e.type === 'file' ? e.size : 0;
  const type = e.type === 'dir' ? TYPE_DIR : TYPE_FILE;
  if (!needsPax(name)) {
    ustar(out, at, name, mode, size, e.mtime, type);
    return BLOCK;
  }
  const recordLength = paxRecordLength(name);
  const record = `${recordLength} path=${name}\n`;
  const recordSpace = padded(recordLength);
  if (recordSpace > BLOCK) throw new Error(`pax record of ${recordLength} bytes for an entry name`);
  ustar(out, at, PAX_NAME, mode, recordLength, e.mtime, TYPE_PAX);
  out.fill(0, at + BLOCK, at + BLOCK + recordSpace);
  const written = Buffer.from(out.buffer, out.byteOffset + at + BLOCK, recordSpace).write(record, 'utf8');
  if (written !== recordLength) throw new Error('pax record length mismatch');
  ustar(out, at + BLOCK + recordSpace, PAX_NAME, mode, size, e.mtime, type);
  return 2 * BLOCK + recordSpace;
}

/**
 * One ustar header block: uid/gid 0, empty owner names, devices 0, no prefix, no link name. Starts
 * from a template (the fixed fields) and sums only the bytes that vary: a mirror has one header
 * per few KiB of data, so this is on the pack's hot path.
 */
function ustar(out: Uint8Array, at: number, name: string, mode: number, size: number, mtime: number, type: number): void {
  out.set(TEMPLATE, at);
  for (let i = 0; i < name.length; i++) out[at + i] = name.charCodeAt(i); // ASCII, ≤ 100 (else pax)
  octal(out, at + 100, mode, 6);
  if (size <= OCTAL_SIZE_MAX) octal(out, at + 124, size, 11);
  else base256(out, at + 124, size);
  octal(out, at + 136, mtime, 11);
  out[at + 156] = type;
  // The checksum counts its own field (148–155) as eight spaces; it is written as 6 digits, a space, a NUL.
  let sum = TEMPLATE_SUM;
  for (let i = at; i < at + 148; i++) sum += out[i]!;
  sum += type;
  octal(out, at + 148, sum, 6);
}

/** Every byte the same in all headers: uid, gid, magic "ustar\0", version "00", devmajor, devminor. */
const TEMPLATE: Uint8Array = (() => {
  const t = new Uint8Array(BLOCK);
  octal(t, 108, 0, 6); // uid
  octal(t, 116, 0, 6); // gid
  t.set([0x75, 0x73, 0x74, 0x61, 0x72, 0x00, 0x30, 0x30], 257);
  octal(t, 329, 0, 6); // devmajor
  octal(t, 337, 0, 6); // devminor
  return t;
})();

/** The checksum's share of the template's bytes after the type flag, plus the field's eight spaces. */
const TEMPLATE_SUM = TEMPLATE.subarray(157).reduce((a, b) => a + b, 0) + 8 * 0x20;

/** `value` as `digits` zero-padded octal digits followed by a space. */
function octal(out: Uint8Array, at: number, value: number, digits: number): void {
  let v = value;
  for (let i = digits - 1; i >= 0; i--) {
    out[at + i] = 0x30 + (v % 8);
    v = Math.floor(v / 8);
  }
  out[at + digits] = 0x20;
}

/** GNU base-256: 0x80, then the value big-endian in the next 11 bytes. */
function base256(out: Uint8Array, at: number, value: number): void {
  out[at] = 0x80;
  let v = value;
  for (let i = 11; i > 0; i--) {
    out[at + i] = v % 256;
    v = Math.floor(v / 256);
  }
}
