/**
 * The verifier's canonical header bytes (electron/engine/verify/canonical-header.ts) are exactly
 * what the writer writes: tar-stream 3.2.2's pack() fed the headers pack uses (tar-layout.ts
 * tarHeader), and the real pack() of a tree with every kind of name. Also pins FORMAT.md §4.1's
 * decisions: the entry header after a pax header is named `PaxHeader` (no slash, also for a
 * directory), sizes from 8 GiB on are GNU base-256.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pack as tarPack } from 'tar-stream';
import type { ManifestEntry } from '../../../shared/format/manifest';
import { canonicalEntry } from '../../../electron/engine/verify/canonical-header';
import { tarHeader } from '../../../electron/engine/pack/tar-layout';
import type { PlannedEntry } from '../../../electron/engine/pack/scan';
import { pack } from '../../../electron/engine/pack/pack';
import { makeTempDir } from '../../helpers/tmp';
import { baseOptions, testKey, writeTree } from '../pack/fixtures';

const planned = (path: string, type: 'file' | 'dir', size: number, mode: '0644' | '0755' = type === 'dir' ? '0755' : '0644', mtime = 1_700_000_123): PlannedEntry =>
  ({ path, source: '/nonexistent', type, size, mode, mtime });

/** What tar-stream writes for `entries` with `size`-byte bodies of 0x41, end blocks included. */
async function tarStreamBytes(entries: readonly PlannedEntry[]): Promise<Buffer> {
  const tar = tarPack();
  const chunks: Buffer[] = [];
  tar.on('data', (c) => { chunks.push(Buffer.from(c as Uint8Array)); });
  const ended = new Promise<void>((resolve) => tar.on('end', () => resolve()));
  for (const e of entries) {
    await new Promise<void>((resolve, reject) => {
      const body = e.type === 'file' ? Buffer.alloc(e.size, 0x41) : undefined;
      tar.entry(tarHeader(e), body as Buffer, (err) => (err ? reject(err) : resolve()));
    });
  }
  tar.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** Walks `stream` with the canonical bytes of `entries`, asserting every header byte, padding and the end. */
function assertCanonical(stream: Buffer, entries: readonly ManifestEntry[]): void {
  let at = 0;
  const take = (n: number) => stream.subarray(at, (at += n));
  const pad = (n: number) => (512 - (n % 512)) % 512;
  for (const e of entries) {
    const c = canonicalEntry(e);
    if (c.pax) {
      assert.deepEqual(take(512), Buffer.from(c.pax.block), `${e.path}: pax header block`);
      assert.deepEqual(take(c.pax.record.length), Buffer.from(c.pax.record), `${e.path}: pax record`);
      assert.ok(take(pad(c.pax.record.length)).every((b) => b === 0), `${e.path}: pax padding`);
    }
    assert.deepEqual(take(512), Buffer.from(c.header), `${e.path}: header block`);
    const size = e.type === 'file' ? e.size : 0;
    take(size);
    assert.ok(take(pad(size)).every((b) => b === 0), `${e.path}: body padding`);
  }
  assert.deepEqual(take(1024), Buffer.alloc(1024), 'two end blocks');
  assert.equal(at, stream.length, 'nothing after the end blocks');
}

const asManifest = (e: PlannedEntry): ManifestEntry =>
  e.type === 'dir' ? { path: e.path, type: 'dir', size: 0, mode: '0755', mtime: e.mtime } : { path: e.path, type: 'file', size: e.size, mode: e.mode, mtime: e.mtime, sha256: '0'.repeat(64) };

test('canonical headers equal what tar-stream writes for every kind of entry', async () => {
  const long = 'l'.repeat(99);
  const entries = [
    planned('a', 'dir', 0, '0755', 0),
    planned('a/empty.txt', 'file', 0),
    planned('a/exec.sh', 'file', 17, '0755', 2 ** 31 - 1),
    planned(`a/${'n'.repeat(98)}`, 'file', 1), // 100 bytes: the ustar name field, no pax
    planned(`a/${'n'.repeat(99)}`, 'file', 512), // 101 bytes: pax
    planned(`a/${long}`, 'dir', 0), // 101 bytes with the slash: pax for a directory
    planned(`a/${long}/f`, 'file', 513),
    planned('a/é', 'dir', 0), // non-ASCII directory: pax, entry named PaxHeader
    planned('a/é/ß.txt', 'file', 1000),
    planned('a/日本語.txt', 'file', 3),
    planned(`b/${'x'.repeat(236)}`, 'file', 5), // a 240-byte path
    planned('z', 'file', 100_000, '0644', 1),
  ];
  assertCanonical(await tarStreamBytes(entries), entries.map(asManifest));
});

test("a directory's entry header after a pax header is named PaxHeader, without a slash", () => {
  const c = canonicalEntry({ path: 'é', type: 'dir', size: 0, mode: '0755', mtime: 1 });
  assert.ok(c.pax);
  assert.equal(Buffer.from(c.header.subarray(0, 100)).toString('latin1').replace(/\0+$/, ''), 'PaxHeader');
  assert.equal(Buffer.from(c.pax.record).toString('utf8'), '12 path=é/\n');
  assert.equal(String.fromCharCode(c.header[156]!), '5');
  assert.equal(String.fromCharCode(c.pax.block[156]!), 'x');
});

test('sizes of 8 GiB and more are GNU base-256, below it octal — as tar-stream writes the header', async () => {
  for (const size of [8 * 1024 ** 3 - 1, 8 * 1024 ** 3, 8 * 1024 ** 3 + 513, 2 ** 53 - 1]) {
    const e = planned('huge.img', 'file', size);
    // Only the header is needed: tar-stream pushes it when the entry opens; the body is never written.
    const tar = tarPack();
    const chunks: Buffer[] = [];
    tar.on('data', (c) => { chunks.push(Buffer.from(c as Uint8Array)); });
    tar.on('error', () => {});
    tar.entry(tarHeader(e), () => {});
    await new Promise((r) => setImmediate(r));
    tar.destroy();
    const header = Buffer.concat(chunks).subarray(0, 512);
    assert.equal(header.length, 512);
    const c = canonicalEntry(asManifest(e));
    assert.deepEqual(header, Buffer.from(c.header), `size ${size}`);
    if (size >= 8 * 1024 ** 3) {
      assert.equal(c.header[124], 0x80);
      assert.equal(Buffer.from(c.header).readBigUInt64BE(128), BigInt(size));
    } else {
      assert.equal(Buffer.from(c.header.subarray(124, 136)).toString('latin1'), '77777777777 ');
    }
  }
});

test('the real pack() writes exactly the canonical bytes for every manifest entry', async (t) => {
  const root = await makeTempDir(t);
  const src = join(root, 'src');
  await writeTree(src, {
    'plain.txt': 'plain\n',
    'empty.txt': '',
    'run.sh': '#!/bin/sh\n',
    [`${'d'.repeat(60)}/${'f'.repeat(60)}.txt`]: 'long\n',
    'café/naïve.txt': 'accents\n',
    'emptydir': null,
  }, ['run.sh']);
  const out = join(root, 'out');
  await mkdir(out);
  const r = await pack(baseOptions([src], out, testKey().signingKey));
  assertCanonical(await readFile(join(r.packageDir, 'payload.tar')), r.manifest.entries);
  assert.ok(r.manifest.entries.some((e) => canonicalEntry(e).pax), 'some entry needs pax');
  assert.ok(r.manifest.entries.some((e) => !canonicalEntry(e).pax), 'some entry needs none');
});
