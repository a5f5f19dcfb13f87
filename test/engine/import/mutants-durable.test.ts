// What durable.ts does when syncing goes wrong, in this process so mutation testing's per-test
// coverage sees it (docs/SECURITY.md, "Mutation score"): `sync -f` is called with `-f -- ROOT`, a
// missing tool or option falls back and any other failure is an EIO naming what sync said; the
// fsync walk reaches files in nested folders and fails on the first file it cannot sync, accepts a
// folder whose filesystem refuses fsync on folders (procfs: EINVAL; test/helpers/fsyncdir-fuse.py:
// EISDIR, EPERM, EBADF) but no other error and never a file's, and leaves no descriptor open either
// way; a sink given no syncTree uses the real one. A file too long to open (ENAMETOOLONG,
// test/helpers/deep-tree.ts) stands in for a file that cannot be synced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fsyncEach, runSyncF, syncTree } from '../../../electron/engine/import/durable';
import { ExtractSink } from '../../../electron/engine/import/extract-sink';
import type { ManifestEntry } from '../../../shared/format/manifest';
import { makeTempDir } from '../../helpers/tmp';
import { makeTooDeepTree, removeTooDeepTree } from '../../helpers/deep-tree';
import { openUnder } from '../../helpers/open-files';

const linux = process.platform === 'linux';


/** root/a/f, root/a/b/g: files only in nested folders. */
function nested(root: string): void {
  mkdirSync(join(root, 'a', 'b'), { recursive: true });
  writeFileSync(join(root, 'a', 'f'), 'f');
  writeFileSync(join(root, 'a', 'b', 'g'), 'g');
}


test('fsyncEach reaches files in nested folders, fails on one it cannot open, and leaves no descriptor open', { skip: !linux }, async (t) => {
  const root = await makeTempDir(t, 'sluice-mut-durable-');
  nested(root);
  fsyncEach(root);
  assert.deepEqual(await openUnder(root), [], 'every descriptor closed after a walk that succeeded');

  const deep = join(root, 'deep');
  mkdirSync(deep);
  try {
    makeTooDeepTree(deep);
    assert.throws(() => fsyncEach(deep), { code: 'ENAMETOOLONG' });
    assert.throws(() => fsyncEach(root), { code: 'ENAMETOOLONG' }, 'from the top: the walk goes down into folders');
    await assert.rejects(syncTree(deep, 'darwin'), { code: 'ENAMETOOLONG' });
    assert.deepEqual(await openUnder(root), []);
  } finally {
    removeTooDeepTree(deep);
  }
});

const FUSE_PYTHON = '/usr/bin/python3';
const fuseSkip = !linux ? 'Linux only'
  : process.getuid?.() !== 0 ? 'needs root to mount FUSE'
    : !existsSync('/dev/fuse') ? 'no /dev/fuse in this container'
      : spawnSync(FUSE_PYTHON, ['-c', 'import fusepy'], { stdio: 'ignore' }).status !== 0 ? 'python3-fusepy is not installed' : false;

test('fsyncEach accepts EISDIR, EPERM and EBADF from fsync of a folder (as EINVAL) and refuses any other error, on FUSE', { skip: fuseSkip }, async (t) => {
  const helper = fileURLToPath(new URL('../../helpers/fsyncdir-fuse.py', import.meta.url));
  const src = await makeTempDir(t, 'sluice-mut-durable-');
  nested(src);
  // Mount points outside the temp folder: lazily unmounted first, then removed.
  const mnts = await mkdtemp(join(tmpdir(), 'sluice-mnt-'));
  t.after(async () => {
    for (const l of (await readFile('/proc/mounts', 'utf8')).split('\n')) {
      const m = l.split(' ')[1] ?? '';
      if (m.startsWith(`${mnts}/`)) spawnSync('umount', ['-l', m]);
    }
    await rm(mnts, { recursive: true, force: true });
  });
  for (const code of ['EISDIR', 'EPERM', 'EBADF', 'EIO']) {
    const mnt = join(mnts, code);
    mkdirSync(mnt);
    const child = spawn(FUSE_PYTHON, [helper, src, mnt, code], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    t.after(() => void child.kill('SIGKILL'));
    for (let i = 0; !(await readFile('/proc/mounts', 'utf8')).includes(` ${mnt} fuse`); i++) {
      if (child.exitCode !== null || i > 500) throw new Error(`the FUSE filesystem did not mount: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    if (code === 'EIO') assert.throws(() => fsyncEach(mnt), { code: 'EIO' });
    else fsyncEach(mnt);
    assert.deepEqual(await openUnder(mnt), [], code);
    spawnSync('umount', [mnt]);
  }
});

test("a folder whose filesystem refuses fsync (EINVAL) is accepted, a file that refuses it is not", { skip: !linux }, () => {
  // procfs implements no fsync: every fsync there is EINVAL. /proc/self/fd holds only links (never
  // opened), so only the folder itself is synced; /proc/self/fdinfo holds regular files.
  fsyncEach('/proc/self/fd');
  assert.throws(() => fsyncEach('/proc/self/fdinfo'), { code: 'EINVAL' });
});

/** Runs `fn` with PATH holding only `bin`, where `sync` is the script given (or nothing). */
async function withFakeSync<T>(t: { after: (fn: () => void) => void }, script: string | null, fn: (bin: string) => Promise<T>): Promise<T> {
  const bin = await makeTempDir(t, 'sluice-fake-sync-');
  if (script !== null) {
    writeFileSync(join(bin, 'sync'), `#!/bin/sh\n${script}\n`);
    chmodSync(join(bin, 'sync'), 0o755);
  }
  const path = process.env.PATH;
  process.env.PATH = bin;
  try {
    return await fn(bin);
  } finally {
    process.env.PATH = path;
  }
}

test('runSyncF: `sync -f -- ROOT`; a missing tool or a sync without -f is unavailable; any other failure is EIO with its words', { skip: !linux }, async (t) => {
  const root = await makeTempDir(t, 'sluice-mut-durable-');
  assert.equal(await runSyncF(root), 'ok', 'the real one');
  assert.equal(await withFakeSync(t, null, () => runSyncF(root)), 'unavailable', 'no sync at all');
  assert.equal(await withFakeSync(t, `echo "sync: invalid option -- 'f'" >&2; echo "Try 'sync --help' for more information." >&2; exit 1`, () => runSyncF(root)), 'unavailable');
  assert.equal(await withFakeSync(t, 'echo "Usage: sync" >&2; exit 1', () => runSyncF(root)), 'unavailable', 'busybox prints its usage');
  await withFakeSync(t, `printf '%s\\n' "$@" > "\${0%/sync}/args"; echo "sync: error syncing '$3': Input/output error" >&2; exit 1`, async (bin) => {
    await assert.rejects(runSyncF(root), { code: 'EIO', message: `sync -f ${root} failed: sync: error syncing '${root}': Input/output error` });
    assert.equal(await readFile(join(bin, 'args'), 'utf8'), `-f\n--\n${root}\n`);
  });
  await withFakeSync(t, `printf '%s\\n' "$@" > "\${0%/sync}/args"; exit 0`, async (bin) => {
    assert.equal(await runSyncF(root), 'ok');
    assert.equal(await readFile(join(bin, 'args'), 'utf8'), `-f\n--\n${root}\n`);
  });
  await withFakeSync(t, 'exit 3', async () => {
    await assert.rejects(runSyncF(root), (e: NodeJS.ErrnoException) => {
      assert.equal(e.code, 'EIO');
      assert.ok(e.message.startsWith(`sync -f ${root} failed: Command failed: sync -f -- ${root}`), e.message);
      return true;
    });
  });
});

test('a sink given no syncTree makes its tree durable with the real one (syncfs here)', { skip: !linux }, async (t) => {
  const root = await makeTempDir(t, 'sluice-mut-durable-');
  const entry = { path: 'a', type: 'file', mode: '0644', mtime: 1_700_000_000, size: 1, sha256: '0'.repeat(64) } as unknown as ManifestEntry;
  const sink = new ExtractSink(root);
  await sink.begin(entry);
  await sink.data(entry, Buffer.from('a'));
  await sink.end(entry, true);
  await sink.finish();
  assert.equal(sink.synced, 'syncfs');
});
