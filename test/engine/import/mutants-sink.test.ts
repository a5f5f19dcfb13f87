// The extraction sink on its own, with entries and bytes this test writes: file bytes that arrive
// in chunks of any size land whole and in order (the 1 MiB write gathering), directories are
// private (0700) while they are being filled, and every file handle is closed — after a file,
// after the directories' final pass, and on abort. Mutation testing (docs/SECURITY.md) found each
// of these unguarded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ExtractSink } from '../../../electron/engine/import/extract-sink';
import type { ManifestEntry } from '../../../shared/format/manifest';
import { makeTempDir } from '../../helpers/tmp';
import { openUnder } from '../../helpers/open-files';

const MTIME = 1_700_000_000;
const file = (path: string, mode = '0644'): ManifestEntry => ({ path, type: 'file', mode, mtime: MTIME, size: 0, sha256: '0'.repeat(64) }) as unknown as ManifestEntry;
const dirEntry = (path: string, mode = '0755'): ManifestEntry => ({ path, type: 'dir', mode, mtime: MTIME }) as unknown as ManifestEntry;

/** Paths this process holds open under `root`, read from /proc/self/fd. */

/** Bytes 0..n-1 of a pattern with no period that divides 1 MiB, so a shifted or stale byte shows. */
const pattern = (n: number, salt: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + salt + (i >> 10)) & 0xff));

test('chunks of 700 KiB, exactly 1 MiB and single bytes land whole and in order', async (t) => {
  const root = await makeTempDir(t, 'sluice-sink-');
  const sink = new ExtractSink(root);
  const a = pattern(700 * 1024, 1);
  const b = pattern(700 * 1024, 2);
  await sink.begin(file('two-chunks.bin'));
  await sink.data(file('two-chunks.bin'), a);
  await sink.data(file('two-chunks.bin'), b);
  await sink.end(file('two-chunks.bin'), true);
  assert.ok((await readFile(join(root, 'two-chunks.bin'))).equals(Buffer.concat([a, b])));

  // Exactly the gathering size, then one more byte: the full buffer must be written before the next.
  const full = pattern(1024 * 1024, 3);
  await sink.begin(file('full-then-one.bin'));
  await sink.data(file('full-then-one.bin'), full);
  await sink.data(file('full-then-one.bin'), Buffer.from([0xab]));
  await sink.end(file('full-then-one.bin'), true);
  assert.ok((await readFile(join(root, 'full-then-one.bin'))).equals(Buffer.concat([full, Buffer.from([0xab])])));
  assert.equal(sink.files, 2);
  assert.equal(sink.bytes, 1400 * 1024 + 1024 * 1024 + 1);
  await sink.finish();
});

test('a directory is 0700 while it fills and gets its mode and mtime at the end; no handle stays open', async (t) => {
  const root = await makeTempDir(t, 'sluice-sink-');
  const sink = new ExtractSink(root);
  await sink.begin(dirEntry('d', '0750'));
  assert.equal((await stat(join(root, 'd'))).mode & 0o7777, 0o700, 'private until finish');
  await sink.end(dirEntry('d', '0750'), true);
  await sink.begin(file('d/f.txt', '0640'));
  await sink.data(file('d/f.txt', '0640'), Buffer.from('written by the test\n'));
  await sink.end(file('d/f.txt', '0640'), true);
  assert.deepEqual(await openUnder(root), [], 'the file is closed once it has ended');
  await sink.finish();
  assert.deepEqual(await openUnder(root), [], 'each directory is closed after its mode and mtime are set');
  const d = await stat(join(root, 'd'));
  assert.equal(d.mode & 0o7777, 0o750);
  assert.equal(Math.floor(d.mtimeMs / 1000), MTIME);
  const f = await stat(join(root, 'd/f.txt'));
  assert.equal(f.mode & 0o7777, 0o640);
  assert.equal(Math.floor(f.mtimeMs / 1000), MTIME);
});

test('abort closes a half-written file', async (t) => {
  const root = await makeTempDir(t, 'sluice-sink-');
  const sink = new ExtractSink(root);
  await sink.begin(file('half.bin'));
  await sink.data(file('half.bin'), Buffer.alloc(10, 1));
  assert.equal((await openUnder(root)).length, 1, 'open while it is being written');
  await sink.abort();
  assert.deepEqual(await openUnder(root), []);
});
