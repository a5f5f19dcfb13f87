/**
 * The generator under the hostile corpus: the raw tar writer lays out benign entries exactly as
 * the real packer does (so the control package is a real package, and every hostile case differs
 * from one by its hostile property only), and its deliberately-broken fields are broken the way
 * they claim to be.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pack } from '../../../electron/engine/pack/pack';
import { parseManifest } from '../../../shared/format/manifest';
import { base256, encodeHeader, headerChecksum, paxBody } from '../../helpers/raw-tar';
import { benignEntries, benignTar, HELLO, NOTES } from '../../helpers/hostile/benign';
import { testSigner } from '../../helpers/hostile/index';
import { createSandbox } from '../../helpers/hostile/sandbox';

test('the benign payload is byte for byte what the real packer writes for the same tree', { timeout: 30_000 }, async () => {
  const box = await createSandbox('generator-vs-pack');
  try {
    const src = join(box.sandbox, 'src');
    const mtime = 1_700_000_000;
    await mkdir(join(src, 'docs'), { recursive: true });
    await writeFile(join(src, 'docs', 'hello.txt'), HELLO);
    await writeFile(join(src, 'notes.txt'), NOTES);
    await chmod(join(src, 'docs'), 0o755);
    for (const f of ['docs/hello.txt', 'notes.txt']) await chmod(join(src, f), 0o644);
    for (const p of ['docs/hello.txt', 'notes.txt', 'docs']) await utimes(join(src, p), mtime, mtime);
    const out = join(box.sandbox, 'out');
    await mkdir(out);
    const created = new Date();
    const result = await pack({
      sources: [join(src, 'docs'), join(src, 'notes.txt')], outDir: out, signingKey: testSigner().signing,
      source: 'LOW', destination: 'HIGH', transferId: 'H-generator', sequence: 1, created,
      expires: new Date(created.getTime() + 86_400_000),
    });
    const manifest = parseManifest(await readFile(join(result.packageDir, 'manifest.json'), 'utf8'));
    assert.ok(manifest.ok);
    assert.deepEqual(manifest.manifest.entries, benignEntries());
    assert.deepEqual(await readFile(join(result.packageDir, 'payload.tar')), benignTar());
  } finally {
    await box.cleanup();
  }
});

test('a "wrong" checksum is off by exactly one; a correct one is the standard sum', () => {
  const good = encodeHeader({ name: 'a' });
  const bad = encodeHeader({ name: 'a', checksum: 'wrong' });
  const stored = (b: Buffer) => parseInt(b.subarray(148, 154).toString('latin1'), 8);
  assert.equal(stored(good), headerChecksum(good));
  assert.equal(stored(bad), headerChecksum(bad) + 1);
});

test('base-256 sizes: positive starts 0x80, negative 0xff in two\'s complement', () => {
  assert.deepEqual([...base256(100n * 1024n ** 3n, 12)], [0x80, 0, 0, 0, 0, 0, 0, 0x19, 0, 0, 0, 0]);
  assert.deepEqual([...base256(-1n, 12)], Array(12).fill(0xff));
});

test('pax records carry their own exact length, across digit-count boundaries', () => {
  for (const n of [1, 2, 3, 4, 5, 6, 80, 85, 86, 87, 88, 89, 90, 91, 92, 95, 96, 97, 98, 990, 993, 994, 995, 996]) {
    const body = paxBody([['path', 'x'.repeat(n)]]);
    const len = Number(body.toString('latin1').split(' ')[0]);
    assert.equal(len, body.length, `value of ${n} bytes`);
  }
});
