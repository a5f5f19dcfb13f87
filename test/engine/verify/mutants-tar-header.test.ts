/**
 * tar-header.ts field by field, on header blocks and pax bodies this test writes byte by byte from
 * the ustar table (FORMAT.md §4.1), each refusal with its literal reason. Mutation testing (issue 9
 * §8) found the decoder's refusals unguarded and parsePax not reached at all by the fast tests: a
 * parsePax that threw on every record would have refused every package with a non-ASCII or long
 * name. Most of what is here decides only the reason StrictTarReader gives (it accepts a header
 * only when its bytes equal the canonical ones); the decisions are the canonical pax entry being
 * accepted (the pax size read from its block, its record parsed) and isZeroBlock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BLOCK, MAX_PAX_BYTES, TarHeaderError, decodeHeader, isZeroBlock, parsePax } from '../../../electron/engine/verify/tar-header';
import { StrictTarReader, TarFailure, type TarEvent } from '../../../electron/engine/verify/strict-tar-reader';
import type { ManifestEntry } from '../../../shared/format/manifest';

/** The ustar fields: offset and length (POSIX ustar, FORMAT.md §4.1). */
const FIELDS = {
  name: [0, 100], mode: [100, 8], uid: [108, 8], gid: [116, 8], size: [124, 12], mtime: [136, 12], chksum: [148, 8],
  typeflag: [156, 1], linkname: [157, 100], magic: [257, 6], version: [263, 2], uname: [265, 32], gname: [297, 32],
  devmajor: [329, 8], devminor: [337, 8], prefix: [345, 155],
} as const;
type Fields = Partial<Record<keyof typeof FIELDS, string | number[]>>;

/**
 * A header block: a 5-byte file `a.txt`, mode 0644, mtime 1700000000 (octal 14524770400), unless
 * `f` says otherwise (a string is written as UTF-8, an array as raw bytes). The checksum is the
 * spec's: the sum of all bytes with the chksum field as eight spaces, 6 octal digits, space, NUL.
 */
function header(f: Fields = {}): Uint8Array {
  const v: Fields = {
    name: 'a.txt', mode: '000644 \0', uid: '000000 \0', gid: '000000 \0', size: '00000000005 ', mtime: '14524770400 ',
    typeflag: '0', magic: 'ustar\0', version: '00', devmajor: '000000 \0', devminor: '000000 \0', ...f,
  };
  const b = new Uint8Array(BLOCK);
  for (const [key, [at, len]] of Object.entries(FIELDS)) {
    const val = v[key as keyof Fields];
    if (val === undefined) continue;
    const bytes = typeof val === 'string' ? Buffer.from(val, 'utf8') : Uint8Array.from(val);
    assert.ok(bytes.length <= len, `${key} fits`);
    b.set(bytes, at);
  }
  if (v.chksum === undefined) {
    let sum = 8 * 0x20;
    for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += b[i]!;
    b.set(Buffer.from(`${sum.toString(8).padStart(6, '0')} \0`, 'latin1'), 148);
  }
  return b;
}

/** What a call says: 'accepted', or the TarHeaderError's message (anything else is named as such). */
function why(f: () => unknown): string {
  try {
    f();
    return 'accepted';
  } catch (e) {
    return e instanceof TarHeaderError ? e.message : `not a TarHeaderError: ${String(e)}`;
  }
}

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

test('a canonical file header, a directory, a name in the prefix field, a 100-byte and a 1-byte name', () => {
  assert.deepEqual(decodeHeader(header()), { path: 'a.txt', typeflag: '0', mode: 420, size: 5, mtime: 1700000000 });
  assert.deepEqual(decodeHeader(header({ name: 'd/', typeflag: '5', mode: '000755 \0', size: '00000000000 ' })), { path: 'd/', typeflag: '5', mode: 493, size: 0, mtime: 1700000000 });
  assert.equal(decodeHeader(header({ prefix: 'top/sub' })).path, 'top/sub/a.txt');
  assert.equal(decodeHeader(header({ name: 'n'.repeat(100) })).path, 'n'.repeat(100));
  assert.equal(decodeHeader(header({ name: 'b' })).path, 'b');
  assert.equal(decodeHeader(header({ name: 'café' })).path, 'café');
  // Leading spaces and trailing NULs/spaces are octal as POSIX writes it (the bytes check refuses them).
  assert.equal(decodeHeader(header({ mode: '  644\0\0\0' })).mode, 420);
});

test('sizes: octal, GNU base-256 (0x80 then 11 bytes big-endian), and what base-256 may not say', () => {
  assert.equal(decodeHeader(header({ size: '77777777777 ' })).size, 8589934591);
  assert.equal(decodeHeader(header({ size: [0x80, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1] })).size, 2199023255553);
  assert.equal(why(() => decodeHeader(header({ size: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfb] }))), 'negative or oversized base-256 size');
  assert.equal(why(() => decodeHeader(header({ size: [0x81, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] }))), 'negative or oversized base-256 size');
  assert.equal(why(() => decodeHeader(header({ size: [0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0] }))), 'size is too large');
});

test('each refusal of a header block, with its reason', () => {
  const cases: [Uint8Array, string][] = [
    [header().subarray(0, 511), 'header block is not 512 bytes'],
    [header({ chksum: '000000 \0' }), 'header checksum does not match'],
    [header({ chksum: '0x1234 \0' }), 'checksum field is not an octal number'],
    [header({ magic: 'ustar ', version: ' \0' }), 'header is not POSIX ustar (magic "ustar\\0", version "00")'],
    [header({ magic: 'ustaR\0' }), 'header is not POSIX ustar (magic "ustar\\0", version "00")'],
    [header({ version: '01' }), 'header is not POSIX ustar (magic "ustar\\0", version "00")'],
    [header({ linkname: 'x' }), 'header carries a link name'],
    [header({ uid: '000001 \0' }), 'header sets a non-zero uid or gid (owner)'],
    [header({ gid: '000001 \0' }), 'header sets a non-zero uid or gid (owner)'],
    [header({ uid: 'root\0' }), 'uid field is not an octal number'],
    [header({ gid: '-1' }), 'gid field is not an octal number'],
    [header({ uname: 'root' }), 'header sets a user name or group name (owner)'],
    [header({ gname: 'wheel' }), 'header sets a user name or group name (owner)'],
    [header({ uname: [0, 0x41] }), 'uname field has bytes after its end'],
    [header({ gname: [0xc3, 0x28] }), 'gname field is not valid UTF-8'],
    [header({ devmajor: '000001 \0' }), 'header sets device numbers (devmajor/devminor)'],
    [header({ typeflag: '5', size: '00000000000 ', devminor: '000003 \0' }), 'header sets device numbers (devmajor/devminor)'],
    [header({ devmajor: 'x' }), 'devmajor field is not an octal number'],
    [header({ devminor: '8' }), 'devminor field is not an octal number'],
    [header({ name: [0x61, 0, 0x62] }), 'name field has bytes after its end'],
    [header({ name: [0x61, 0xff] }), 'name field is not valid UTF-8'],
    [header({ prefix: [0x61, 0, 0, 0x62] }), 'prefix field has bytes after its end'],
    [header({ prefix: [0xed, 0xa0, 0x80] }), 'prefix field is not valid UTF-8'],
    [header({ mode: '0644x \0' }), 'mode field is not an octal number'],
    [header({ mode: 'x000644\0' }), 'mode field is not an octal number'],
    [header({ mode: '000644 x' }), 'mode field is not an octal number'],
    [header({ mtime: '' }), 'mtime field is not an octal number'],
    [header({ size: '0000000000 9' }), 'size field is not an octal number'],
  ];
  assert.deepEqual(cases.map(([b]) => why(() => decodeHeader(b))), cases.map(([, reason]) => reason));
});

test('device numbers on a device header are left to the typeflag check (it names the real problem)', () => {
  assert.deepEqual(decodeHeader(header({ typeflag: '3', size: '00000000000 ', devmajor: '000001 \0', devminor: '000003 \0' })), { path: 'a.txt', typeflag: '3', mode: 420, size: 0, mtime: 1700000000 });
});

test('isZeroBlock, BLOCK and MAX_PAX_BYTES', () => {
  assert.equal(isZeroBlock(new Uint8Array(512)), true);
  const last = new Uint8Array(512);
  last[511] = 1;
  assert.equal(isZeroBlock(last), false);
  assert.deepEqual([BLOCK, MAX_PAX_BYTES], [512, 4096]);
});

test('parsePax: the records a writer may write, one or several, lengths of 1 to 3 digits', () => {
  assert.deepEqual(parsePax(bytes('18 path=café.txt\n')), { path: 'café.txt' });
  assert.deepEqual(parsePax(bytes('18 path=café.txt\n11 size=42\n15 mtime=12345\n')), { path: 'café.txt', size: 42, mtime: 12345 });
  assert.deepEqual(parsePax(bytes('9 size=0\n')), { size: 0 });
  assert.deepEqual(parsePax(bytes(`110 path=${'p'.repeat(100)}\n`)), { path: 'p'.repeat(100) });
  assert.deepEqual(parsePax(bytes('26 mtime=9007199254740991\n')), { mtime: 9007199254740991 });
  assert.deepEqual(parsePax(bytes('12 path=a=b\n')), { path: 'a=b' });
  assert.deepEqual(parsePax(new Uint8Array(0)), {});
});

test('parsePax: each refusal, with its reason', () => {
  const long = 'k'.repeat(70);
  const cases: [string | Uint8Array, string][] = [
    ['011 path=a\n', 'pax record length is not a decimal number'],
    ['1x path=a\n', 'pax record length is not a decimal number'],
    ['123456789 path=x\n', 'pax record length is not a decimal number'],
    ['12', 'pax record length is not a decimal number'],
    [' 9 size=1\n', 'pax record length is not a decimal number'],
    ['99 path=a\n', 'pax record length does not match its contents'],
    ['3 \n', 'pax record length does not match its contents'],
    ['9 size=12', 'pax record length does not match its contents'],
    ['4 =\n', 'pax record has no key'],
    ['5 =x\n', 'pax record has no key'],
    ['5 xy\n', 'pax record has no key'],
    [new Uint8Array([0x38, 0x20, 0x70, 0x3d, 0xc3, 0x28, 0x0a, 0x0a]), 'pax record is not valid UTF-8'],
    ['16 linkpath=x/y\n', 'pax key "linkpath" is not allowed'],
    [`${long.length + 6} ${long}=1\n`, `pax key "${'k'.repeat(60)}…(10 more characters)" is not allowed`],
    ['9 size=1\n9 size=2\n', 'pax key "size" is repeated'],
    ['9 path=a\n9 path=a\n', 'pax key "path" is repeated'],
    ['11 path=a\0\n', 'pax path contains NUL'],
    ['12 size=012\n', 'pax size "012" is not a plain decimal number'],
    ['13 mtime=0x1\n', 'pax mtime "0x1" is not a plain decimal number'],
    ['13 mtime=1e3\n', 'pax mtime "1e3" is not a plain decimal number'],
    ['11 size=-5\n', 'pax size "-5" is not a plain decimal number'],
    ['25 size=9007199254740992\n', 'pax size "9007199254740992" is not a plain decimal number'],
    [`59 size=${'9'.repeat(50)}\n`, `pax size "${'9'.repeat(40)}…(10 more characters)" is not a plain decimal number`],
  ];
  assert.deepEqual(cases.map(([b]) => why(() => parsePax(typeof b === 'string' ? bytes(b) : b))), cases.map(([, reason]) => reason));
});

// A whole stream through StrictTarReader: the decisions tar-header.ts takes part in.
const HELLO_SHA = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
const cafe: ManifestEntry = { path: 'café.txt', type: 'file', size: 5, mode: '0644', mtime: 1700000000, sha256: HELLO_SHA };
const padded = (b: Uint8Array) => { const out = new Uint8Array(Math.ceil(b.length / BLOCK) * BLOCK); out.set(b); return out; };
/** café.txt as a writer writes it: a pax header (`PaxHeader`, size 18 = octal 22) and record, the header, "hello", two zero blocks. */
function cafeStream(record = '18 path=café.txt\n', paxSize = '00000000022 '): Uint8Array {
  return Buffer.concat([
    header({ name: 'PaxHeader', size: paxSize, typeflag: 'x' }), padded(bytes(record)),
    header({ name: 'PaxHeader' }), padded(bytes('hello')), new Uint8Array(1024),
  ]);
}
const outcome = (stream: Uint8Array, entries = [cafe]) => {
  const r = new StrictTarReader(entries);
  const events: TarEvent[] = [];
  try {
    r.push(stream, events);
    r.finish();
  } catch (e) {
    return e instanceof TarFailure ? `${e.where}: ${e.reason}` : `not a TarFailure: ${String(e)}`;
  }
  return events.map((e) => (e.kind === 'end' ? `end ${e.entry.path} ${e.sha256} ${e.problem}` : `${e.kind} ${e.entry.path}`)).join(' | ');
};

test('StrictTarReader accepts a pax-named entry written as the format says (pax size and record read right)', () => {
  assert.equal(outcome(cafeStream()), `begin café.txt | body café.txt | end café.txt ${HELLO_SHA} null`);
});

test('StrictTarReader refuses a pax record the format does not allow, and a pax header block that is not a header', () => {
  assert.equal(outcome(cafeStream('16 linkpath=x/y\n', '00000000020 ')), 'café.txt: bad pax header: pax key "linkpath" is not allowed');
  assert.equal(outcome(cafeStream('18 path=café.txt\n', '00000000000 ')), 'café.txt: pax header of 0 bytes (allowed: 1–4096)');
  const broken = cafeStream();
  broken[148] = 0x37; // the pax block's checksum
  assert.equal(outcome(broken), 'café.txt: bad tar header at offset 0: header checksum does not match');
});
