// FORMAT.md §4.1: a source's mtime is FLOORED to whole seconds. Times are set with nanosecond
// precision by coreutils `touch` (Node's utimes takes a double, which cannot hold …00.999999999).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scanSources } from '../../../electron/engine/pack/scan';
import { pack } from '../../../electron/engine/pack/pack';
import { makeTempDir } from '../../helpers/tmp';
import { baseOptions, run, testKey } from './fixtures';

/** Sets `file`'s mtime to `stamp` (e.g. "1700000000.999999999") to the nanosecond, and checks it took. */
function touchNs(file: string, stamp: string): void {
  const r = run('touch', ['-m', '-d', `@${stamp}`, file]);
  assert.equal(r.code, 0, r.stderr);
  const seen = run('stat', ['-c', '%.9Y', file]).stdout.trim();
  assert.equal(seen, stamp, 'the filesystem keeps nanoseconds');
}

test('mtimes are floored: …00.999999999 is …00, and 2038-01-19T03:14:07.999999999 is 2³¹−1 and accepted', async (t) => {
  const root = await makeTempDir(t);
  const src = join(root, 'src');
  await mkdir(src);
  await writeFile(join(src, 'late.txt'), 'a\n');
  await writeFile(join(src, 'edge.txt'), 'b\n');
  await writeFile(join(src, 'half.txt'), 'c\n');
  touchNs(join(src, 'late.txt'), '1700000000.999999999');
  touchNs(join(src, 'edge.txt'), '2147483647.999999999');
  touchNs(join(src, 'half.txt'), '1700000000.500000000');
  touchNs(src, '1700000100.999999999');

  const plan = await scanSources([src]);
  const mtimes = Object.fromEntries(plan.entries.map((e) => [e.path, e.mtime]));
  assert.deepEqual(mtimes, { 'src': 1700000100, 'src/edge.txt': 2 ** 31 - 1, 'src/half.txt': 1700000000, 'src/late.txt': 1700000000 });

  // The pack's re-check of each file (did it change while packing?) uses the same floor, and the
  // payload's headers carry it.
  const out = join(root, 'out');
  await mkdir(out);
  const key = testKey();
  const r = await pack(baseOptions([src], out, key.signingKey));
  assert.deepEqual(Object.fromEntries(r.manifest.entries.map((e) => [e.path, e.mtime])), mtimes);
  const listing = run('tar', ['--full-time', '--utc', '-tvf', join(r.packageDir, 'payload.tar')]).stdout;
  assert.match(listing, /2038-01-19 03:14:07 src\/edge\.txt/);
  assert.match(listing, /2023-11-14 22:13:20 src\/late\.txt/);
  assert.ok((await readFile(join(r.packageDir, 'manifest.json'), 'utf8')).includes('"mtime": 2147483647'));
});

test('one second past 2³¹−1 is still refused', async (t) => {
  const root = await makeTempDir(t);
  const src = join(root, 'src');
  await mkdir(src);
  await writeFile(join(src, 'future.txt'), 'x');
  touchNs(join(src, 'future.txt'), '2147483648.000000000');
  await assert.rejects(scanSources([src]), (e: Error & { details?: { reason: string }[] }) => {
    assert.match(e.details?.[0]?.reason ?? '', /modification time 2038-01-19T03:14:08Z is outside 1970–2038/);
    return true;
  });
});
