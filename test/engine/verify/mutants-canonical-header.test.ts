/**
 * What canonical-header.ts gives the rest of the verifier besides the canonical bytes themselves:
 * showBytes (how header bytes appear in a refusal: escaped, never raw), the USTAR_FIELDS table (which
 * field and byte range a refusal names), paxRecord's length prefix at its digit boundaries and the
 * size field at 8 GiB (octal below, GNU base-256 from there), bytes written out.
 * Mutation testing (docs/SECURITY.md, "Mutation score") found them unguarded by the fast tests: a
 * refusal could name the wrong field, show a raw byte, or lose its quotes with every test green.
 * Headers are hand-built with test/helpers/raw-tar.ts from FORMAT.md §4.1's table; every expected
 * reason and byte string is written out here, none computed by Sluice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManifestEntry } from '../../../shared/format/manifest';
import { canonicalEntry, paxRecord, showBytes } from '../../../electron/engine/verify/canonical-header';
import { blockDifference } from '../../../electron/engine/verify/header-diagnosis';
import { StrictTarReader, TarFailure } from '../../../electron/engine/verify/strict-tar-reader';
import { blockPadding, encodeHeader, type RawHeader } from '../../helpers/raw-tar';

const b = (...bytes: number[]) => Uint8Array.from(bytes);
const S = String.raw;

test('showBytes: printable ASCII as is; NUL, backslash, quote and every other byte escaped', () => {
  // a NUL \ " space ~ 0x01 0x1f 0x7f 0x80 0xff 0x0a
  assert.equal(showBytes(b(0x61, 0x00, 0x5c, 0x22, 0x20, 0x7e, 0x01, 0x1f, 0x7f, 0x80, 0xff, 0x0a)), S`"a\0\\\" ~\x01\x1f\x7f\x80\xff\x0a"`);
  assert.equal(showBytes(b(0x20)), '" "');
  assert.equal(showBytes(b()), '""');
});

test('showBytes: trailing NULs — one shown as \\0, more shortened to \\0…, an all-NUL field too', () => {
  assert.equal(showBytes(b(0x41, 0x42, 0x00)), S`"AB\0"`);
  assert.equal(showBytes(b(0x41, 0x00, 0x00, 0x00)), S`"A\0…"`);
  assert.equal(showBytes(b(0x41, 0x00, 0x42, 0x00, 0x00)), S`"A\0B\0…"`);
  assert.equal(showBytes(b(0x00)), S`"\0"`);
  assert.equal(showBytes(new Uint8Array(100)), S`"\0…"`);
});

test('showBytes: capped at 120 characters of output, then …', () => {
  assert.equal(showBytes(new Uint8Array(130).fill(0x78)), `"${'x'.repeat(120)}…"`);
  assert.equal(showBytes(new Uint8Array(119).fill(0x78)), `"${'x'.repeat(119)}"`);
  // Exactly at the cap, nothing was left out: no "…".
  assert.equal(showBytes(new Uint8Array(120).fill(0x78)), `"${'x'.repeat(120)}"`);
  assert.equal(showBytes(new Uint8Array(30).fill(0x01)), `"${S`\x01`.repeat(30)}"`);
  assert.equal(showBytes(Uint8Array.from([...new Array(120).fill(0x78), 0])), `"${'x'.repeat(120)}\\0"`);
  assert.equal(showBytes(Uint8Array.from([...new Array(119).fill(0x78), 0, 0])), `"${'x'.repeat(119)}\\0…"`);
  // An escape is never cut: 30 × "\x01" is 120 characters.
  assert.equal(showBytes(new Uint8Array(40).fill(0x01)), `"${S`\x01`.repeat(30)}…"`);
  assert.equal(showBytes(b(0x41, 0x42, 0x43, 0x44), 2), '"AB…"');
  // A cap of 0 shows nothing of the bytes, but still says whether there were any besides NULs.
  assert.equal(showBytes(b(0x41), 0), '"…"');
  assert.equal(showBytes(b(0x00, 0x00, 0x00), 0), S`"\0…"`);
});

test('paxRecord: the length prefix counts itself, across each change in its number of digits', () => {
  // " path=" + value + "\n" is 7 + value bytes; the prefix is the shortest length that fits.
  const rec = (value: string) => Buffer.from(paxRecord('path', value)).toString('utf8');
  assert.equal(rec('a'), '9 path=a\n'); // 8 + 1 digit = 9
  assert.equal(rec('ab'), '11 path=ab\n'); // 9 + 1 = 10 would need 2 digits: 9 + 2 = 11
  assert.equal(rec('x'.repeat(90)), `99 path=${'x'.repeat(90)}\n`);
  assert.equal(rec('x'.repeat(91)), `101 path=${'x'.repeat(91)}\n`); // 98 + 2 = 100 needs 3 digits
  assert.equal(rec('x'.repeat(92)), `102 path=${'x'.repeat(92)}\n`);
  assert.equal(rec('x'.repeat(989)), `999 path=${'x'.repeat(989)}\n`);
  assert.equal(rec('x'.repeat(990)), `1001 path=${'x'.repeat(990)}\n`);
  // The length counts UTF-8 bytes, not characters: " path=é/\n" is 10 bytes ("é" is two), so 12.
  assert.deepEqual(Buffer.from(paxRecord('path', 'é/')), Buffer.from([0x31, 0x32, 0x20, 0x70, 0x61, 0x74, 0x68, 0x3d, 0xc3, 0xa9, 0x2f, 0x0a]));
});

// The header the writer writes for `a.txt`, 5 bytes, 0644, mtime 1700000000 (octal 14524770400);
// its checksum is octal 010203.
const ENTRY: ManifestEntry = { path: 'a.txt', type: 'file', size: 5, mode: '0644', mtime: 1_700_000_000, sha256: '0'.repeat(64) };
const BASE: RawHeader = { name: 'a.txt', size: 5, mode: 0o644, mtime: 1_700_000_000 };
const WANT = encodeHeader(BASE);

test('the hand-built header is the canonical one (so the cases below differ from it in one field)', () => {
  assert.deepEqual(Buffer.from(canonicalEntry(ENTRY).header), WANT);
  assert.equal(WANT.subarray(148, 156).toString('latin1'), '010203 \0');
});

test('sizes: 11 octal digits below 8 GiB, GNU base-256 from 8 GiB on (bytes written out)', () => {
  const sizeField = (size: number) => Buffer.from(canonicalEntry({ ...ENTRY, size }).header.subarray(124, 136));
  assert.equal(sizeField(2 ** 33 - 1).toString('latin1'), '77777777777 ');
  assert.deepEqual(sizeField(2 ** 33), Buffer.from([0x80, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 0]));
  assert.deepEqual(sizeField(2 ** 53 - 1), Buffer.from([0x80, 0, 0, 0, 0, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
  assert.deepEqual(sizeField(0x0102_0304_0506), Buffer.from([0x80, 0, 0, 0, 0, 0, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06]));
});

/** Each ustar field written another way, and the refusal's words (FORMAT.md §4.1's field table). */
const FIELD_CASES: readonly (readonly [Partial<RawHeader>, string])[] = [
  [{ name: 'b.txt' }, S`field name (bytes 0–99) is "b.txt\0…"; the writer writes "a.txt\0…"`],
  [{ mode: { raw: '0000644\0' } }, S`field mode (bytes 100–107) is "0000644\0"; the writer writes "000644 \0"`],
  [{ uid: { raw: '0000000\0' } }, S`field uid (bytes 108–115) is "0000000\0"; the writer writes "000000 \0"`],
  [{ gid: { raw: ' 00000 \0' } }, S`field gid (bytes 116–123) is " 00000 \0"; the writer writes "000000 \0"`],
  [{ size: { raw: '00000000005\0' } }, S`field size (bytes 124–135) is "00000000005\0"; the writer writes "00000000005 "`],
  [{ mtime: { raw: ' 14524770400' } }, S`field mtime (bytes 136–147) is " 14524770400"; the writer writes "14524770400 "`],
  [{ checksum: { raw: '0010203\0' } }, S`field chksum (bytes 148–155) is "0010203\0"; the writer writes "010203 \0"`],
  // From here on the checksum differs too: the reason names the other field, never chksum.
  [{ typeflag: '7' }, S`field typeflag (bytes 156–156) is "7"; the writer writes "0"`],
  [{ linkname: b(0x00, 0x78) }, S`field linkname (bytes 157–256) is "\0x\0…"; the writer writes "\0…"`],
  [{ magic: 'ustar ' }, S`field magic (bytes 257–262) is "ustar "; the writer writes "ustar\0"`],
  [{ version: ' \0' }, S`field version (bytes 263–264) is " \0"; the writer writes "00"`],
  [{ uname: 'root' }, S`field uname (bytes 265–296) is "root\0…"; the writer writes "\0…"`],
  [{ gname: 'wheel' }, S`field gname (bytes 297–328) is "wheel\0…"; the writer writes "\0…"`],
  [{ devmajor: { raw: '0000000\0' } }, S`field devmajor (bytes 329–336) is "0000000\0"; the writer writes "000000 \0"`],
  [{ devminor: { raw: '0000000 ' } }, S`field devminor (bytes 337–344) is "0000000 "; the writer writes "000000 \0"`],
  [{ prefix: 'dir' }, S`the ustar prefix field (bytes 345–499) holds "dir\0…"; the writer never uses it (a name longer than 100 bytes goes in a pax path record)`],
];

test('blockDifference names the field that differs, its bytes, and shows both values escaped', () => {
  for (const [change, reason] of FIELD_CASES) {
    const found = encodeHeader({ ...BASE, ...change });
    const said = blockDifference(found, WANT);
    assert.equal(said, reason.startsWith('field') ? `${reason} for this entry` : reason, JSON.stringify(change));
  }
  const tail = Buffer.from(WANT);
  tail[500] = 0x01;
  assert.equal(blockDifference(tail, WANT), S`bytes 500–511 (after the prefix field) are "\x01\0…"; the writer leaves them zero`);
  assert.equal(blockDifference(Buffer.from(WANT), WANT), null);
});

/** Feeds `header` + the 5-byte body + the end blocks for ENTRY-like `entry`; returns the refusal. */
function refusal(entry: ManifestEntry, header: Uint8Array): string {
  const body = Buffer.from('hello');
  const stream = Buffer.concat([header, body, blockPadding(body.length), Buffer.alloc(1024)]);
  const reader = new StrictTarReader([entry]);
  try {
    reader.push(stream);
    reader.finish();
  } catch (e) {
    assert.ok(e instanceof TarFailure, String(e));
    return e.message;
  }
  return 'accepted';
}

test('through the reader: a value written another way is refused naming its field and bytes', () => {
  assert.equal(refusal(ENTRY, WANT), 'accepted');
  assert.equal(refusal(ENTRY, encodeHeader({ ...BASE, mode: { raw: '0000644\0' } })),
    S`a.txt: header at offset 0: field mode (bytes 100–107) is "0000644\0"; the writer writes "000644 \0" for this entry (FORMAT.md §4.1)`);
  // Only the checksum is written another way (7 digits then NUL): it is named itself.
  assert.equal(refusal(ENTRY, encodeHeader({ ...BASE, checksum: { raw: '0010203\0' } })),
    S`a.txt: header at offset 0: field chksum (bytes 148–155) is "0010203\0"; the writer writes "010203 \0" for this entry (FORMAT.md §4.1)`);
  // Bytes hidden in the link name after its first NUL (decodeHeader only refuses a non-empty link name).
  assert.equal(refusal(ENTRY, encodeHeader({ ...BASE, linkname: b(0x00, 0x2e, 0x2e, 0x2f, 0x78) })),
    S`a.txt: header at offset 0: field linkname (bytes 157–256) is "\0../x\0…"; the writer writes "\0…" for this entry (FORMAT.md §4.1)`);
});

test('through the reader: a non-ASCII name in the ustar name field is refused showing its bytes escaped', () => {
  const e: ManifestEntry = { ...ENTRY, path: 'é' };
  assert.equal(refusal(e, encodeHeader({ ...BASE, name: 'é' })),
    S`é: no pax header precedes this entry, but its name is not pure ASCII or is longer than 100 bytes, so the writer puts it in a pax path record (the ustar name field holds "\xc3\xa9\0…") (FORMAT.md §4.1)`);
});
