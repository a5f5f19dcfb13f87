// Durability of an extracted tree (electron/engine/import/durable.ts, extract-sink.ts): the sink
// makes the tree durable exactly once, after the last byte, mode and mtime are written and every
// descriptor is closed — and before finish() returns, so before commit can rename it. syncTree
// uses one syncfs where `sync -f` exists, falls back to an fsync of every file where it does not,
// and never skips: a failing sync is an error. The strace test (durable-strace.test.ts) shows the
// same order in a real `sluice import` child.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ExtractSink } from '../../../electron/engine/import/extract-sink';
import { syncTree, fsyncEach } from '../../../electron/engine/import/durable';
import type { ManifestEntry } from '../../../shared/format/manifest';
import { makeTempDir } from '../../helpers/tmp';
import { openUnder } from '../../helpers/open-files';

const MTIME = 1_700_000_000;
const file = (path: string, size: number, mode = '0644'): ManifestEntry => ({ path, type: 'file', mode, mtime: MTIME, size, sha256: '0'.repeat(64) }) as unknown as ManifestEntry;
const dirEntry = (path: string, mode = '0755'): ManifestEntry => ({ path, type: 'dir', mode, size: 0, mtime: MTIME }) as unknown as ManifestEntry;


test('the sink syncs the tree once, after every file is closed with its mode and mtime, before finish() returns', async (t) => {
  const root = await makeTempDir(t, 'sluice-durable-');
  const calls: { root: string; open: string[]; dirMode: number; fileMode: number; fileMtime: number; size: number }[] = [];
  const sink = new ExtractSink(root, {
    syncTree: async (r) => {
      const d = await stat(join(r, 'd'));
      const f = await stat(join(r, 'd', 'f.bin'));
      calls.push({ root: r, open: await openUnder(r), dirMode: d.mode & 0o7777, fileMode: f.mode & 0o7777, fileMtime: Math.floor(f.mtimeMs / 1000), size: f.size });
      return 'syncfs';
    },
  });
  const body = Buffer.alloc(3000, 9);
  await sink.begin(dirEntry('d', '0750'));
  await sink.end(dirEntry('d', '0750'), true);
  await sink.begin(file('d/f.bin', body.length, '0755'));
  await sink.data(file('d/f.bin', body.length), body);
  await sink.end(file('d/f.bin', body.length, '0755'), true);
  assert.equal(calls.length, 0, 'nothing is synced per file');
  assert.equal(sink.synced, null);
  await sink.finish();
  assert.deepEqual(calls, [{ root, open: [], dirMode: 0o750, fileMode: 0o755, fileMtime: MTIME, size: body.length }]);
  assert.equal(sink.synced, 'syncfs');
});

test('a failing sync fails finish(): the tree is never reported durable', async (t) => {
  const root = await makeTempDir(t, 'sluice-durable-');
  const sink = new ExtractSink(root, { syncTree: async () => { throw Object.assign(new Error('sync -f failed: EIO'), { code: 'EIO' }); } });
  await sink.begin(file('a', 1));
  await sink.data(file('a', 1), Buffer.from('a'));
  await sink.end(file('a', 1), true);
  await assert.rejects(sink.finish(), { code: 'EIO' });
});

test('syncTree: syncfs on Linux; fsync of every entry where sync -f is unavailable or the platform has none; errors propagate', async (t) => {
  const root = await makeTempDir(t, 'sluice-durable-');
  const seen: string[] = [];
  const ok = async (r: string) => { seen.push(r); return 'ok' as const; };
  assert.equal(await syncTree(root, 'linux', ok), 'syncfs');
  assert.deepEqual(seen, [root]);
  assert.equal(await syncTree(root, 'linux', async () => 'unavailable'), 'fsync-each');
  assert.equal(await syncTree(root, 'darwin', async () => { throw new Error('must not run sync -f off Linux'); }), 'fsync-each');
  await assert.rejects(syncTree(root, 'linux', async () => { throw Object.assign(new Error('sync -f failed'), { code: 'EIO' }); }), { code: 'EIO' });
  // The real one, on this machine: coreutils' sync -f is there (CI installs coreutils).
  assert.equal(await syncTree(root), process.platform === 'linux' ? 'syncfs' : 'fsync-each');
});

test('fsyncEach walks files and folders and never follows a link', async (t) => {
  const root = await makeTempDir(t, 'sluice-durable-');
  const sink = new ExtractSink(root, { syncTree: async (r) => { fsyncEach(r); return 'fsync-each'; } });
  await sink.begin(dirEntry('d'));
  await sink.begin(file('d/x', 2));
  await sink.data(file('d/x', 2), Buffer.from('xy'));
  await sink.end(file('d/x', 2), true);
  await sink.finish();
  assert.equal(sink.synced, 'fsync-each');
  const { symlink } = await import('node:fs/promises');
  await symlink('/nonexistent-target', join(root, 'd', 'link'));
  fsyncEach(root); // a link is skipped, not opened (opening it with O_NOFOLLOW would throw ELOOP)
});
