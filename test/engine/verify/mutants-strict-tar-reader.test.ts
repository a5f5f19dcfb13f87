/**
 * Guards the decisions of StrictTarReader (electron/engine/verify/strict-tar-reader.ts) and the
 * reasons it gives, written for the mutants that survived the verify mutation run (issue 9 §8):
 * zero padding, two zero end blocks, nothing after them, truncation in every state, the pax header
 * limits, the whole-header comparison (pax block + record + ustar block), body hashing and event
 * order, the same in one chunk and in chunks of many sizes. Every header here is built by hand from
 * FORMAT.md §4.1's table (never with canonicalEntry/decodeHeader, the code under test) and every
 * expected value is written out literally.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ManifestEntry } from '../../../shared/format/manifest';
import { StrictTarReader, TarFailure, type TarEvent } from '../../../electron/engine/verify/strict-tar-reader';

const MT = 1_700_000_123;
const SHA_HELLO = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
const SHA_EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SHA_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const SHA_512A = createHash('sha256').update(Buffer.alloc(512, 0x41)).digest('hex');

interface H { name: string; mode?: number; size?: number; mtime?: number; type?: string; prefix?: string; edit?: (b: Buffer) => void }

/** A ustar header as FORMAT.md §4.1 writes it: octal + space (+ NUL), uid/gid/devices 0, "ustar\0" "00". */
function hdr(h: H): Buffer {
  const b = Buffer.alloc(512);
  const put = (at: number, s: string) => Buffer.from(s, 'utf8').copy(b, at);
  const oct = (n: number, digits: number) => n.toString(8).padStart(digits, '0');
  put(0, h.name);
  put(100, `${oct(h.mode ?? 0o644, 6)} `);
  put(108, '000000 ');
  put(116, '000000 ');
  put(124, `${oct(h.size ?? 0, 11)} `);
  put(136, `${oct(h.mtime ?? MT, 11)} `);
  put(148, '        ');
  b[156] = (h.type ?? '0').charCodeAt(0);
  put(257, 'ustar\u0000' + '00');
  put(329, '000000 ');
  put(337, '000000 ');
  if (h.prefix) put(345, h.prefix);
  h.edit?.(b);
  let sum = 0;
  for (const x of b) sum += x;
  put(148, `${oct(sum, 6)} \u0000`);
  return b;
}

const zeros = (n: number) => Buffer.alloc(n);
const body = (s: string | Buffer) => { const d = Buffer.from(s); return Buffer.concat([d, zeros((512 - (d.length % 512)) % 512)]); };
const file = (path: string, size: number, sha256: string, mode: '0644' | '0755' = '0644'): ManifestEntry => ({ path, type: 'file', size, mode, mtime: MT, sha256 });
const dir = (path: string): ManifestEntry => ({ path, type: 'dir', size: 0, mode: '0755', mtime: MT });
const END = zeros(1024);

// "é" is two UTF-8 bytes: the record " path=é.txt\n" is 13 bytes, so its length prefix is 15.
const PAX_REC = Buffer.from('15 path=é.txt\n', 'utf8');
const paxBlock = (o: Partial<H> = {}) => hdr({ name: 'PaxHeader', size: 15, type: 'x', ...o });
const paxEntry = (size: number) => Buffer.concat([paxBlock(), body(PAX_REC), hdr({ name: 'PaxHeader', size })]);

const ENTRIES = [dir('d'), file('d/a.txt', 5, SHA_HELLO), file('e', 0, SHA_EMPTY), file('é.txt', 512, SHA_512A), file('z', 3, SHA_ABC)];
const STREAM = Buffer.concat([
  hdr({ name: 'd/', mode: 0o755, type: '5' }),
  hdr({ name: 'd/a.txt', size: 5 }), body('hello'),
  hdr({ name: 'e' }),
  paxEntry(512), Buffer.alloc(512, 0x41),
  hdr({ name: 'z', size: 3 }), body('abc'),
  END,
]);

/** Events as text, consecutive body events of one entry joined (chunking splits them anywhere). */
function show(events: TarEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.kind === 'body') {
      const last = out.at(-1);
      const text = `body ${e.index} ${e.entry.path} ${Buffer.from(e.bytes).toString('latin1')}`;
      if (last?.startsWith(`body ${e.index} `)) out[out.length - 1] = last + Buffer.from(e.bytes).toString('latin1');
      else out.push(text);
    } else if (e.kind === 'begin') out.push(`begin ${e.index} ${e.entry.path}`);
    else if (e.kind === 'end') out.push(`end ${e.index} ${e.entry.path} ${e.sha256} ${e.problem}`);
    else out.push(`unknown event ${JSON.stringify(e)}`);
  }
  return out;
}

/** Feeds `stream` in chunks of `size`, then finish(); the events so far and the refusal, if any. */
function read(entries: readonly ManifestEntry[], stream: Buffer, size = Infinity): { events: string[]; error: string | null; seen: number } {
  const r = new StrictTarReader(entries);
  const events: string[] = [];
  let error: string | null = null;
  try {
    for (let at = 0; at < stream.length; at += size) {
      const ev: TarEvent[] = [];
      try {
        r.push(stream.subarray(at, Math.min(stream.length, at + size)), ev);
      } finally {
        events.push(...show(ev)); // copied now: the chunk may change after push
      }
    }
    r.finish();
  } catch (e) {
    assert.ok(e instanceof TarFailure, `a TarFailure, not ${String(e)}`);
    assert.equal(e.message, `${e.where}: ${e.reason}`);
    error = `${e.where} | ${e.reason}`;
  }
  return { events: joinBodies(events), error, seen: r.entriesSeen };
}
const joinBodies = (lines: string[]) => lines.reduce<string[]>((out, l) => {
  const last = out.at(-1);
  const m = /^body (\d+) \S+ /.exec(l);
  if (m && last?.startsWith(m[0])) out[out.length - 1] = last + l.slice(m[0].length);
  else out.push(l);
  return out;
}, []);
const refusal = (entries: readonly ManifestEntry[], stream: Buffer, size?: number) => read(entries, stream, size).error;

const CHUNKS = [Infinity, 1, 7, 100, 511, 513, 700, 1000];
const EXPECTED = [
  'begin 0 d', 'end 0 d null null',
  'begin 1 d/a.txt', 'body 1 d/a.txt hello', `end 1 d/a.txt ${SHA_HELLO} null`,
  'begin 2 e', `end 2 e ${SHA_EMPTY} null`,
  'begin 3 é.txt', `body 3 é.txt ${'A'.repeat(512)}`, `end 3 é.txt ${SHA_512A} null`,
  'begin 4 z', 'body 4 z abc', `end 4 z ${SHA_ABC} null`,
];

test('a valid stream gives the same events in one chunk and in 1-byte and odd-sized chunks', () => {
  for (const size of CHUNKS) {
    assert.deepEqual(read(ENTRIES, STREAM, size), { events: EXPECTED, error: null, seen: 5 }, `chunks of ${size}`);
  }
  const r = new StrictTarReader([file('e', 0, SHA_EMPTY)]);
  assert.equal(r.entriesSeen, 0);
  assert.equal(r.push(Buffer.concat([hdr({ name: 'e' }), END])).length, 2, 'push without an events array returns only its own events');
  r.finish();
});

test('a body that does not hash to the manifest is reported on its end event, and reading goes on', () => {
  const stream = Buffer.concat([hdr({ name: 'a', size: 5 }), body('hellp'), hdr({ name: 'z', size: 3 }), body('abc'), END]);
  assert.deepEqual(read([file('a', 5, SHA_HELLO), file('z', 3, SHA_ABC)], stream).events, [
    'begin 0 a', 'body 0 a hellp', 'end 0 a fdd7585e08c4e2afd71dcabdb4636c89d557a3f42db9e2040c8bbd1708aa4ce7 SHA-256 does not match the manifest',
    'begin 1 z', 'body 1 z abc', `end 1 z ${SHA_ABC} null`,
  ]);
});

test('padding must be zero, after a body and after a pax record, whatever the chunking', () => {
  const afterBody = Buffer.concat([hdr({ name: 'a', size: 5 }), Buffer.from('hello'), zeros(506), Buffer.from([1]), END]);
  const afterPax = Buffer.concat([paxBlock(), PAX_REC, zeros(400), Buffer.from('x'), zeros(96), hdr({ name: 'PaxHeader', size: 0 }), END]);
  for (const size of CHUNKS) {
    assert.equal(refusal([file('a', 5, SHA_HELLO)], afterBody, size), 'a | non-zero bytes in the padding after an entry');
    assert.equal(refusal([file('é.txt', 0, SHA_EMPTY)], afterPax, size), 'é.txt | non-zero bytes in the padding after an entry');
  }
});

test('the archive ends with exactly two zero blocks and nothing after them', () => {
  const a = Buffer.concat([hdr({ name: 'a', size: 5 }), body('hello')]);
  const e = [file('a', 5, SHA_HELLO)];
  assert.equal(refusal(e, Buffer.concat([a, zeros(512)])), 'payload | payload ends after one end-of-archive block; two are required');
  assert.equal(refusal(e, Buffer.concat([a, zeros(512), hdr({ name: 'a', size: 5 })])), 'payload | the second end-of-archive block is not zero (data after the end of the archive)');
  for (const size of CHUNKS) {
    assert.equal(refusal(ENTRIES, Buffer.concat([STREAM, Buffer.from([0])]), size), `payload | data after the end-of-archive blocks (at offset ${STREAM.length})`, `chunks of ${size}`);
  }
  assert.equal(STREAM.length, 6144);
});

test('end blocks before every manifest entry was read: the first one missing is named', () => {
  const stream = Buffer.concat([hdr({ name: 'a', size: 5 }), body('hello'), END]);
  assert.equal(refusal([file('a', 5, SHA_HELLO), dir('b'), dir('c')], stream), 'b | missing from the payload (it ends after 1 of 3 entries)');
});

test('truncation in each state of the reader', () => {
  const a = Buffer.concat([hdr({ name: 'a', size: 5 }), body('hello')]);
  const ab = [file('a', 5, SHA_HELLO), file('b', 512, SHA_512A)];
  const cases: [readonly ManifestEntry[], Buffer, string][] = [
    [ab, a.subarray(0, 100), 'payload | payload is truncated in the middle of a header'],
    [ab, Buffer.concat([a, zeros(100)]), 'payload | payload is truncated in the middle of a header'],
    [ab, a.subarray(0, 514), 'a | payload is truncated in the middle of this file (3 bytes missing)'],
    [ab, a.subarray(0, 600), 'a | payload is truncated in the padding after this file'],
    [ab, a, 'b | missing from the payload (it ends after 1 of 2 entries)'],
    [ab, Buffer.concat([a, hdr({ name: 'b', size: 512 }), Buffer.alloc(512, 0x41)]), 'payload | payload ends without the end-of-archive blocks'],
    [ab.slice(0, 1), a, 'payload | payload ends without the end-of-archive blocks'],
    [ab.slice(0, 1), Buffer.concat([a, zeros(512)]), 'payload | payload ends after one end-of-archive block; two are required'],
    [[file('é.txt', 0, SHA_EMPTY)], Buffer.concat([paxBlock(), PAX_REC.subarray(0, 5)]), 'payload | payload is truncated in the middle of a pax header'],
    [[file('a', 5, SHA_HELLO), file('é.txt', 0, SHA_EMPTY)], Buffer.concat([a, paxBlock(), PAX_REC.subarray(0, 5)]), 'a | payload is truncated in the middle of a pax header'],
    [[file('a', 5, SHA_HELLO)], Buffer.from([]), 'a | missing from the payload (it ends after 0 of 1 entries)'],
  ];
  for (const [entries, stream, want] of cases) {
    for (const size of [Infinity, 1, 7]) assert.equal(refusal(entries, stream, size), want, `${stream.length} bytes in chunks of ${size}`);
  }
  // A body or pax record that fills its last block exactly leaves no padding to wait for.
  const b = Buffer.concat([hdr({ name: 'b', size: 512 }), Buffer.alloc(512, 0x41)]);
  assert.equal(refusal([file('b', 512, SHA_512A), dir('c')], b), 'c | missing from the payload (it ends after 1 of 2 entries)');
  const long = `${'n'.repeat(502)}`;
  const rec512 = Buffer.from(`512 path=${long}\n`);
  assert.equal(rec512.length, 512);
  assert.equal(refusal([file(long, 0, SHA_EMPTY)], Buffer.concat([paxBlock({ size: 512 }), rec512])), `${long} | missing from the payload (it ends after 0 of 1 entries)`);
});

test('pax headers: one per entry, 1 to 4096 bytes, never before the end or a name that needs none', () => {
  const e = [file('é.txt', 0, SHA_EMPTY)];
  const after = Buffer.concat([hdr({ name: 'PaxHeader' }), END]);
  assert.equal(read(e, Buffer.concat([paxEntry(0), END])).error, null);
  assert.equal(refusal(e, Buffer.concat([paxBlock(), body(PAX_REC), paxEntry(0), END])), 'é.txt | more than one pax header before an entry');
  assert.equal(refusal(e, Buffer.concat([paxBlock({ size: 0 }), after])), 'é.txt | pax header of 0 bytes (allowed: 1–4096)');
  assert.equal(refusal(e, Buffer.concat([paxBlock({ size: 4097 }), zeros(4608), after])), 'é.txt | pax header of 4097 bytes (allowed: 1–4096)');
  const big = Buffer.concat([Buffer.from('4096 path='), Buffer.alloc(4085, 0x6e), Buffer.from('\n')]);
  assert.equal(refusal(e, Buffer.concat([paxBlock({ size: 4096 }), big, after])), `é.txt | tar header path "${'n'.repeat(200)}…(3885 more characters)" does not match the manifest's "é.txt"`);
  assert.equal(refusal(e, Buffer.concat([paxBlock(), body(PAX_REC), END])), 'é.txt | a pax header is followed by the end of the archive');
  // After the last entry: nothing is expected, so only the pax check stops an accepted end.
  const a = Buffer.concat([hdr({ name: 'a', size: 5 }), body('hello')]);
  assert.equal(refusal([file('a', 5, SHA_HELLO)], Buffer.concat([a, paxBlock(), body(PAX_REC), END])), 'a | a pax header is followed by the end of the archive');
  assert.equal(refusal([], Buffer.concat([paxBlock({ size: 0 }), after])), 'payload | pax header of 0 bytes (allowed: 1–4096)');
  assert.equal(refusal([], Buffer.concat([paxBlock(), body(PAX_REC), END])), 'payload | a pax header is followed by the end of the archive');
  // A pax path record before a plain ASCII name is refused, even when everything else is canonical.
  const plain = Buffer.concat([hdr({ name: 'a', size: 5 }), body('hello'), END]);
  const aRec = Buffer.from('10 path=a\n');
  const paxA = Buffer.concat([hdr({ name: 'PaxHeader', size: 10, type: 'x' }), body(aRec)]);
  assert.match(refusal([file('a', 5, SHA_HELLO)], Buffer.concat([paxA, plain])) ?? '', /^a \| a pax header precedes this entry, whose name is pure ASCII and at most 100 bytes; the writer writes none/);
});

test('bad pax records are refused with the parser\'s reason, named after the next entry', () => {
  const bad = Buffer.concat([paxBlock(), body('15 path=é.txt\r'), hdr({ name: 'PaxHeader' }), END]);
  assert.equal(refusal([file('é.txt', 0, SHA_EMPTY)], bad), 'é.txt | bad pax header: pax record length does not match its contents');
  assert.equal(refusal([], bad), 'payload | bad pax header: pax record length does not match its contents');
});

test('the pax block, the pax record and the header after them are each compared whole', () => {
  const e = [file('é.txt', 0, SHA_EMPTY)];
  const entry = hdr({ name: 'PaxHeader' });
  assert.equal(refusal(e, Buffer.concat([paxBlock({ mtime: MT + 1 }), body(PAX_REC), entry, END])),
    'é.txt | pax header block at offset 0: field mtime (bytes 136–147) is "14524770574 "; the writer writes "14524770573 " for this entry (FORMAT.md §4.1)');
  assert.equal(refusal(e, Buffer.concat([paxBlock(), body('15 path=è.txt\n'), entry, END])), 'é.txt | tar header path "è.txt" does not match the manifest\'s "é.txt"');
  assert.equal(refusal(e, Buffer.concat([paxBlock(), body(PAX_REC), hdr({ name: 'PaxHeader', mode: 0o755 }), END])), 'é.txt | tar header mode "0755" does not match the manifest\'s "0644"');
  assert.equal(refusal(e, Buffer.concat([paxBlock(), body(PAX_REC), hdr({ name: 'PaxHeader', edit: (b) => { b[511] = 1; } }), END])), 'é.txt | header at offset 1024: bytes 500–511 (after the prefix field) are "\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\x01"; the writer leaves them zero (FORMAT.md §4.1)');
  assert.equal(refusal(e, Buffer.concat([hdr({ name: 'é.txt' }), END])),
    'é.txt | no pax header precedes this entry, but its name is not pure ASCII or is longer than 100 bytes, so the writer puts it in a pax path record (the ustar name field holds "\\xc3\\xa9.txt\\0…") (FORMAT.md §4.1)');
  // Only a byte outside every decoded field differs: the comparison alone refuses it.
  const a = [file('a', 5, SHA_HELLO), file('b', 0, SHA_EMPTY)];
  const first = Buffer.concat([hdr({ name: 'a', size: 5 }), body('hello')]);
  assert.equal(refusal(a, Buffer.concat([first, hdr({ name: 'b', edit: (b) => { b[500] = 0x41; } }), END])), 'b | header at offset 1024: bytes 500–511 (after the prefix field) are "A\\0…"; the writer leaves them zero (FORMAT.md §4.1)');
  assert.equal(refusal(a, Buffer.concat([first, hdr({ name: 'b', edit: (b) => { b[148] = 0x41; } }), END])), 'b | bad tar header at offset 1024: header checksum does not match');
});

test('a header for the wrong entry says which value differs from the manifest', () => {
  const a = [file('a', 5, SHA_HELLO)];
  const one = (h: H, entries: readonly ManifestEntry[] = a) => refusal(entries, Buffer.concat([hdr(h), body('hello'), END]));
  assert.equal(one({ name: 'b\u001b', size: 5 }), 'a | tar header path "b\\u001b" does not match the manifest\'s "a"');
  assert.equal(one({ name: 'a/', size: 5 }), 'a | tar header path "a/" does not match the manifest\'s "a"');
  assert.equal(one({ name: 'a', size: 6 }), 'a | tar header size 6 does not match the manifest\'s 5');
  assert.equal(one({ name: 'a', size: 5, mode: 0o755 }), 'a | tar header mode "0755" does not match the manifest\'s "0644"');
  assert.equal(one({ name: 'abc', size: 3, mtime: MT + 1 }, [file('abc', 3, SHA_ABC)]), 'abc | tar header mtime 1700000124 does not match the manifest\'s 1700000123');
  const d = [dir('dd')];
  assert.equal(one({ name: 'dd/', mode: 0o755, type: '5', mtime: MT + 1 }, d), 'dd | tar header mtime 1700000124 does not match the manifest\'s 1700000123');
  assert.equal(one({ name: 'dd/', mode: 0o755, type: '5', size: 5 }, d), 'dd | directory entry with a non-zero size (5)');
  assert.equal(one({ name: 'dd', mode: 0o755, type: '5' }, d), 'dd | header at offset 0: field name (bytes 0–99) is "dd\\0…"; the writer writes "dd/\\0…" for this entry (FORMAT.md §4.1)');
  assert.equal(one({ name: 'dd', mode: 0o755 }, d), 'dd | tar header type "file" does not match the manifest\'s "dir"');
  assert.equal(one({ name: 'a/', mode: 0o755, type: '5' }), 'a | tar header type "dir" does not match the manifest\'s "file"');
  const after = Buffer.concat([hdr({ name: 'a', size: 5 }), body('hello')]);
  assert.equal(refusal(a, Buffer.concat([after, hdr({ name: 'b' }), END])), 'payload | more entries than the manifest declares (1)');
  assert.equal(refusal(a, Buffer.concat([after, hdr({ name: 'b', type: '2' }), END])), 'payload | tar entry of type symbolic link is not allowed (only regular files and directories)');
  assert.equal(refusal(a, Buffer.concat([after, hdr({ name: 'b', edit: (b) => { b[148] = 0x41; } }), END])), 'payload | bad tar header at offset 1024: header checksum does not match');
});

test('a pax size or mtime that disagrees with the header is named before anything else', () => {
  const e = [file('é.txt', 5, SHA_HELLO)];
  const withRec = (rec: string) => Buffer.concat([paxBlock({ size: Buffer.byteLength(rec) }), body(rec), hdr({ name: 'PaxHeader', size: 5 }), body('hello'), END]);
  assert.equal(refusal(e, withRec('15 path=é.txt\n9 size=6\n')), 'é.txt | pax size 6 differs from the header\'s size 5');
  assert.equal(refusal(e, withRec('15 path=é.txt\n20 mtime=1700000124\n')), 'é.txt | pax mtime 1700000124 differs from the header\'s mtime 1700000123');
  assert.equal(refusal(e, withRec('15 path=é.txt\n9 size=5\n20 mtime=1700000123\n')), 'é.txt | the pax header carries "size", "mtime"; the writer writes only "path" (FORMAT.md §4.1)');
});

test('every forbidden tar entry type is named', () => {
  const names: [string, string][] = [
    ['\0', 'old-style regular file'], ['1', 'hard link'], ['2', 'symbolic link'], ['3', 'character device'],
    ['4', 'block device'], ['6', 'FIFO'], ['7', 'contiguous file'], ['g', 'pax global header'], ['L', 'GNU long name'],
    ['K', 'GNU long link name'], ['S', 'GNU sparse file'], ['D', 'GNU dump directory'], ['V', 'GNU volume label'],
    ['M', 'GNU multi-volume continuation'], ['N', 'GNU old long name'], ['Z', 'unknown type "Z"'], ['\u0001', 'unknown type "?"'],
  ];
  for (const [flag, name] of names) {
    assert.equal(refusal([file('a', 0, SHA_EMPTY)], Buffer.concat([hdr({ name: 'a', type: flag }), END])), `a | tar entry of type ${name} is not allowed (only regular files and directories)`);
  }
});
