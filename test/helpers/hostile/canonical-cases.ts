/**
 * Headers whose decoded values all agree with the manifest but whose bytes are not the ones the
 * writer produces (FORMAT.md §4.1 is binding for verifiers): pax headers where none belongs or
 * carrying more than `path`, a name in the ustar prefix field, bytes after the prefix, numbers
 * written another way, a non-ASCII ustar name without pax, a ustar name that differs from the pax
 * path (what a tar without pax support extracts), and non-zero padding. Each is built byte by byte
 * here; the expected reasons are written out, not computed by the code under test.
 */
import { join } from 'node:path';
import { benignEntries, benignPrefix, HELLO, NOTES } from './benign';
import { dirEntry, fileEntry } from './signed-package';
import { RawTarWriter, encodeHeader, headerChecksum, octal, paxBody, type RawHeader } from '../raw-tar';
import type { HostileCase } from './types';

const archive = (id: string, title: string, reason: RegExp, build: HostileCase['build'], extra: Partial<HostileCase> = {}): HostileCase =>
  ({ id: `t-canon-${id}`, title, check: 'archive', reason, build, ...extra });

/** The benign tree with notes.txt's header changed by `notes`, as one volume. */
const benignWith = (notes: Partial<RawHeader>) => () => ({ entries: benignEntries(), volumes: [benignPrefix().file('notes.txt', NOTES, notes).end().bytes()] });

/** notes.txt's header with bytes 500–511 set to `tail` and the checksum recomputed (raw-tar has no field there). */
function headerWithTail(tail: Uint8Array): Buffer {
  const block = encodeHeader({ name: 'notes.txt', typeflag: '0', mode: 0o644, size: NOTES.length });
  block.set(tail, 500);
  block.fill(0x20, 148, 156);
  block.write(octal(headerChecksum(block), 6), 148, 'latin1');
  block[155] = 0;
  return block;
}

const padTo512 = (n: number) => (512 - (n % 512)) % 512;
/** A non-ASCII name: the writer puts it in a pax path record and names the header PaxHeader. */
const NON_ASCII = 'notes-é.txt';
const nonAsciiEntries = () => [dirEntry('docs'), fileEntry('docs/hello.txt', HELLO), fileEntry(NON_ASCII, NOTES)];
/** A path over 100 bytes (pure ASCII): also a pax path. */
const LONG = `docs/${'l'.repeat(110)}.txt`;
const longEntries = () => [dirEntry('docs'), fileEntry('docs/hello.txt', HELLO), fileEntry(LONG, NOTES)];

export const CANONICAL_CASES: HostileCase[] = [
  archive('pax-ascii', 'a pax path header before an ASCII name of ≤ 100 bytes (the writer writes none)',
    /a pax header precedes this entry, whose name is pure ASCII and at most 100 bytes/,
    () => ({ entries: benignEntries(), volumes: [benignPrefix().pax([['path', 'notes.txt']]).file('PaxHeader', NOTES).end().bytes()] })),
  archive('pax-every-entry', 'a pax header before every entry',
    /a pax header precedes this entry/,
    () => ({
      entries: benignEntries(),
      volumes: [new RawTarWriter().pax([['path', 'docs/']], 'x', { mode: 0o755 }).dir('PaxHeader').pax([['path', 'docs/hello.txt']]).file('PaxHeader', HELLO)
        .pax([['path', 'notes.txt']]).file('PaxHeader', NOTES).end().bytes()],
    })),
  archive('pax-extra-mtime', 'an extra pax mtime record (same value as the header) after the path',
    /the pax header carries "mtime"; the writer writes only "path"/,
    () => ({ entries: nonAsciiEntries(), volumes: [benignPrefix().pax([['path', NON_ASCII], ['mtime', '1700000000']]).file('PaxHeader', NOTES).end().bytes()] })),
  archive('pax-extra-size', 'an extra pax size record (same value as the header)',
    /the pax header carries "size"/,
    () => ({ entries: nonAsciiEntries(), volumes: [benignPrefix().pax([['path', NON_ASCII], ['size', String(NOTES.length)]]).file('PaxHeader', NOTES).end().bytes()] })),
  archive('prefix-name', 'docs/hello.txt written as prefix "docs" + name "hello.txt"',
    /ustar prefix field \(bytes 345–499\) holds "docs\\0…"; the writer never uses it/,
    () => ({ entries: benignEntries(), volumes: [new RawTarWriter().dir('docs').file('hello.txt', HELLO, { prefix: 'docs' }).file('notes.txt', NOTES).end().bytes()] }),
    { probe: (seen) => { if (seen.members[1]?.name !== 'docs/hello.txt') throw new Error(`tarfile sees ${seen.members[1]?.name}`); } }),
  archive('bytes-500', 'non-zero bytes 500–511 after the prefix field',
    /bytes 500–511 \(after the prefix field\) are "\\x01/,
    () => ({ entries: benignEntries(), volumes: [benignPrefix().raw(headerWithTail(new Uint8Array([1, 2, 3]))).raw(NOTES).raw(Buffer.alloc(padTo512(NOTES.length))).end().bytes()] })),
  archive('mtime-differs', 'a header mtime one second off the manifest',
    /tar header mtime 1700000001 does not match the manifest's 1700000000/, benignWith({ mtime: 1_700_000_001 })),
  archive('size-space-padded', 'size field space-padded ("        1321")',
    /field size \(bytes 124–135\) is "        1321"; the writer writes "00000001321 "/, benignWith({ size: { raw: '        1321' } })),
  archive('size-base256-small', 'a base-256 size below 8 GiB',
    /field size \(bytes 124–135\) is "\\x80\\0\\0\\0\\0\\0\\0\\0\\0\\0\\x02\\xd1"; the writer writes "00000001321 "/, benignWith({ size: { base256: 721n } })),
  archive('size-no-space', 'size field octal ending in NUL instead of a space',
    /field size \(bytes 124–135\) is "00000001321\\0"/, benignWith({ size: { raw: '00000001321\0' } })),
  archive('mode-seven-digits', 'mode field as 7 octal digits and NUL',
    /field mode \(bytes 100–107\) is "0000644\\0"; the writer writes "000644 \\0"/, benignWith({ mode: { raw: '0000644\0' } })),
  archive('mtime-leading-space', 'mtime field with a leading space and no trailing one',
    /field mtime \(bytes 136–147\) is " 14524770400"; the writer writes "14524770400 "/, benignWith({ mtime: { raw: ' 14524770400' } })),
  archive('uid-spaces', 'uid field as spaces and one zero',
    /field uid \(bytes 108–115\) is "      0\\0"/, benignWith({ uid: { raw: '      0\0' } })),
  archive('non-ascii-ustar', 'a non-ASCII name in the ustar name field, without pax',
    /no pax header precedes this entry, but its name is not pure ASCII .*"notes-\\xc3\\xa9\.txt\\0…"/,
    () => ({ entries: nonAsciiEntries(), volumes: [benignPrefix().file(NON_ASCII, NOTES).end().bytes()] })),
  archive('pax-path-vs-ustar-ascii', 'pax path ok/harmless.txt over a ustar name ../sluice-esc-paxname (ASCII path)',
    /a pax header precedes this entry.*ustar name field holds "\.\.\/sluice-esc-paxname\\0…"/,
    () => ({
      entries: [dirEntry('ok'), fileEntry('ok/harmless.txt', NOTES)],
      volumes: [new RawTarWriter().dir('ok').pax([['path', 'ok/harmless.txt']]).file('../sluice-esc-paxname', NOTES).end().bytes()],
    }),
    { escapeTargets: (ctx) => [join(ctx.sandbox, 'sluice-esc-paxname')] }),
  archive('pax-path-vs-ustar-long', 'pax path (over 100 bytes) over a ustar name ../sluice-esc-paxlong instead of PaxHeader',
    /ustar name field holds "\.\.\/sluice-esc-paxlong\\0…" where the writer writes "PaxHeader"/,
    () => ({ entries: longEntries(), volumes: [benignPrefix().pax([['path', LONG]]).file('../sluice-esc-paxlong', NOTES).end().bytes()] }),
    { escapeTargets: (ctx) => [join(ctx.sandbox, 'sluice-esc-paxlong')] }),
  archive('pax-dir-slash', "a directory's header after pax named PaxHeader/ (the writer writes PaxHeader)",
    /ustar name field holds "PaxHeader\/\\0…" where the writer writes "PaxHeader"/,
    () => ({ entries: [dirEntry('dé')], volumes: [new RawTarWriter().pax([['path', 'dé/']], 'x', { mode: 0o755 }).dir('PaxHeader/').end().bytes()] })),
  archive('pax-dir-no-slash', 'a directory pax path without its trailing slash',
    /the pax record is "12 path=d\\xc3\\xa9\\x0a"; the writer writes "13 path=d\\xc3\\xa9\/\\x0a"/,
    () => ({ entries: [dirEntry('dé')], volumes: [new RawTarWriter().pax([['path', 'dé']], 'x', { mode: 0o755 }).entry({ name: 'PaxHeader', typeflag: '5', mode: 0o755, size: 0 }).end().bytes()] })),
  archive('pax-header-mode', 'the pax header block with a mode other than the entry\'s',
    /pax header block at offset 1536: field mode \(bytes 100–107\) is "000600 \\0"; the writer writes "000644 \\0"/,
    () => ({ entries: nonAsciiEntries(), volumes: [benignPrefix().pax([['path', NON_ASCII]], 'x', { mode: 0o600 }).file('PaxHeader', NOTES).end().bytes()] })),
  archive('body-padding', 'a non-zero byte in the zero padding after a file body',
    /non-zero bytes in the padding after an entry/,
    () => {
      const pad = Buffer.alloc(padTo512(NOTES.length));
      pad[pad.length - 1] = 0x41;
      return { entries: benignEntries(), volumes: [benignPrefix().entry({ name: 'notes.txt' }, NOTES, false).raw(pad).end().bytes()] };
    }),
  archive('pax-padding', 'a non-zero byte in the padding after a pax record',
    /non-zero bytes in the padding after an entry/,
    () => {
      const record = paxBody([['path', NON_ASCII]]);
      const w = benignPrefix().entry({ name: 'PaxHeader', typeflag: 'x' }, record, false);
      const pad = Buffer.alloc(padTo512(record.length));
      pad[0] = 0x0a;
      return { entries: nonAsciiEntries(), volumes: [w.raw(pad).file('PaxHeader', NOTES).end().bytes()] };
    }),
];
