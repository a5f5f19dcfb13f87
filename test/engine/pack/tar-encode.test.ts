/**
 * pack's own header encoder (electron/engine/pack/tar-encode.ts) writes, entry by entry, exactly
 * the bytes tar-stream 3.2.2's pack() wrote for tar-layout.ts's tarHeader() before pack stopped
 * using tar-stream's streams — and exactly the verifier's independent canonical bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pack as tarPack } from 'tar-stream';
import { encodeHead, MAX_HEAD_BYTES } from '../../../electron/engine/pack/tar-encode';
import { tarHeader } from '../../../electron/engine/pack/tar-layout';
import type { PlannedEntry } from '../../../electron/engine/pack/scan';
import { canonicalEntry } from '../../../electron/engine/verify/canonical-header';

const planned = (path: string, type: 'file' | 'dir', size: number, mode: '0644' | '0755' = type === 'dir' ? '0755' : '0644', mtime = 1_700_000_123): PlannedEntry =>
  ({ path, source: '/nonexistent', type, size, mode, mtime });

/** The head tar-stream writes for `e`: everything it pushes before the body. */
async function tarStreamHead(e: PlannedEntry): Promise<Buffer> {
  const tar = tarPack();
  const chunks: Buffer[] = [];
  tar.on('data', (c) => { chunks.push(Buffer.from(c as Uint8Array)); });
  tar.on('error', () => {});
  tar.entry(tarHeader(e), () => {});
  await new Promise((r) => setImmediate(r));
  tar.destroy();
  return Buffer.concat(chunks);
}

/** encodeHead's bytes for `e`, written at an odd offset of a dirty buffer (no reliance on zeroed memory). */
function ourHead(e: PlannedEntry): Buffer {
  const buf = Buffer.alloc(MAX_HEAD_BYTES + 700, 0xa5);
  const n = encodeHead(e, buf, 77);
  assert.equal(buf[76], 0xa5, 'nothing written before the offset');
  assert.equal(buf[77 + n], 0xa5, 'nothing written after the head');
  return buf.subarray(77, 77 + n);
}

const CASES: PlannedEntry[] = [
  planned('a', 'dir', 0, '0755', 0),
  planned('a/empty.txt', 'file', 0),
  planned('a/exec.sh', 'file', 17, '0755', 2 ** 31 - 1),
  planned(`a/${'n'.repeat(98)}`, 'file', 1), // 100 bytes: fills the ustar name field, no pax
  planned(`a/${'n'.repeat(99)}`, 'file', 512), // 101 bytes: pax
  planned(`a/${'l'.repeat(99)}`, 'dir', 0), // 101 bytes with the slash: pax for a directory
  planned('a/é', 'dir', 0), // non-ASCII: pax, the entry header named PaxHeader
  planned('a/é/ß.txt', 'file', 1000),
  planned('a/日本語.txt', 'file', 3),
  planned(`b/${'x'.repeat(236)}`, 'file', 5), // a 240-byte path: the longest record
  planned(`b/${'é'.repeat(118)}x`, 'file', 9), // 239 bytes in 121 characters
  planned('z', 'file', 100_000, '0644', 1),
  planned('big.img', 'file', 8 * 1024 ** 3 - 1), // largest octal size
  planned('huge.img', 'file', 8 * 1024 ** 3), // GNU base-256 from here
  planned('max.img', 'file', 2 ** 53 - 1),
];

test('encodeHead writes the bytes tar-stream wrote for every kind of entry', async () => {
  for (const e of CASES) assert.deepEqual(ourHead(e), await tarStreamHead(e), e.path);
});

test("encodeHead writes the verifier's canonical bytes (an independent reading of FORMAT.md §4.1)", () => {
  for (const e of CASES) {
    const c = canonicalEntry(e.type === 'dir' ? { path: e.path, type: 'dir', size: 0, mode: '0755', mtime: e.mtime }
      : { path: e.path, type: 'file', size: e.size, mode: e.mode, mtime: e.mtime, sha256: '0'.repeat(64) });
    const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512);
    const expected = c.pax ? Buffer.concat([c.pax.block, c.pax.record, pad(c.pax.record.length), c.header]) : Buffer.from(c.header);
    assert.deepEqual(ourHead(e), expected, e.path);
  }
});
