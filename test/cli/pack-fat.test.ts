// Packing straight onto FAT32 (mounted through fusefat, the only FAT driver here): a package's
// folder survives the commit and a remount (fusefat loses a renamed folder's contents, so the
// commit moves files one by one there — electron/engine/pack/commit-dir.ts), and a sparse file
// larger than 4 GiB is packed without any flag into volumes below FAT's limit that verify.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { open, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { makeTestKey, makeTrustStore, TEST_PASSPHRASE } from '../helpers/keys';
import { ext4Medium, fatMedium, mediaBench, mediaSkipReason } from '../helpers/media';
import { directoryRenameUnsafe } from '../../electron/engine/pack/commit-dir';

const skip = mediaSkipReason();
const GIB = 1024 ** 3;
const MIB = 1024 * 1024;

async function packOnto(dir: string, out: string, name: string) {
  const key = await makeTestKey(dir, `k-${name}`);
  await writeFile(join(dir, 'pass'), `${TEST_PASSPHRASE}\n`);
  await makeTrustStore(join(dir, `trust-${name}`), [key]);
  return (extra: string[]) => runCli(['pack', join(dir, `src-${name}`), '--key', key.keyFile, '--passphrase-file', join(dir, 'pass'), '--out', out,
    '--from', 'LOW', '--to', 'HIGH', '--id', name, '--state', join(dir, `state-${name}.json`), ...extra], { timeoutMs: 600_000 });
}

const verify = (pkg: string, trust: string) => runCli(['verify', pkg, '--trust', trust], { timeoutMs: 600_000 });

test('a package packed onto FAT32 through fusefat keeps its files through the commit and a remount, and verifies', { skip, timeout: 120_000 }, async (t) => {
  const bench = await mediaBench(t);
  const fat = await fatMedium(bench.t, bench.dir, 'fat', 72);
  const ext = await ext4Medium(bench.t, bench.dir, 'ext', 16);
  assert.equal(await directoryRenameUnsafe(fat.mountPoint), true, 'a FUSE FAT mount: folders are not renamed');
  assert.equal(await directoryRenameUnsafe(ext.mountPoint), false, 'ext4: one atomic rename');
  await mkdir(join(bench.dir, 'src-T-fat'));
  await writeFile(join(bench.dir, 'src-T-fat', 'report.txt'), 'quarterly figures\n');
  const pack = await packOnto(bench.dir, fat.mountPoint, 'T-fat');
  const r = await pack([]);
  assert.equal(r.code, 0, r.stderr);
  const pkg = join(fat.mountPoint, 'T-fat');
  assert.deepEqual((await readdir(fat.mountPoint)).filter((n) => n.startsWith('T-fat')), ['T-fat'], 'no .partial left');
  assert.ok((await readdir(pkg)).includes('manifest.json'), 'the folder holds the package (a renamed folder on fusefat would be empty)');
  // Unmounted and mounted again: what is on the image, not what the daemon remembers.
  assert.equal(spawnSync('fusermount', ['-u', fat.mountPoint]).status, 0);
  assert.equal(spawnSync('fusefat', ['-o', 'rw+', fat.image, fat.mountPoint]).status, 0);
  const v = await verify(pkg, join(bench.dir, 'trust-T-fat'));
  assert.equal(v.code, 0, v.stdout + v.stderr);
  const fsck = spawnSync('fsck.fat', ['-n', fat.image], { encoding: 'utf8' });
  assert.doesNotMatch(fsck.stdout, /Reclaimed|unused cluster/, 'no orphaned clusters: nothing was lost');
});

test('a sparse file larger than 4 GiB packs onto FAT32 without --volume-size: volumes of at most 2000 MiB, and the package verifies', { skip, timeout: 900_000 }, async (t) => {
  const bench = await mediaBench(t);
  // 32 KiB clusters: fusefat writes them about twice as fast as 1 KiB ones.
  const fat = await fatMedium(bench.t, bench.dir, 'bigfat', 4700, { sectorsPerCluster: 64 });
  const src = join(bench.dir, 'src-T-big');
  await mkdir(src);
  const big = await open(join(src, 'disk.img'), 'wx');
  await big.truncate(4 * GIB + 5 * MIB);
  await big.write(Buffer.from('the end of a 4 GiB file\n'), 0, 24, 4 * GIB + 4 * MIB);
  await big.close();
  const pack = await packOnto(bench.dir, fat.mountPoint, 'T-big');
  const r = await pack([]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /FAT.*holds no file of 4 GiB.*split into volumes/, 'says why it split');
  const pkg = join(fat.mountPoint, 'T-big');
  const manifest = JSON.parse(await readFile(join(pkg, 'manifest.json'), 'utf8')) as { payload: { volumes: { name: string; size: number }[] } };
  assert.equal(manifest.payload.volumes.length, 3);
  for (const v of manifest.payload.volumes) {
    assert.ok(v.size <= 2000 * MIB, `${v.name} is ${v.size} bytes`);
    assert.equal((await stat(join(pkg, v.name))).size, v.size);
  }
  const v = await verify(pkg, join(bench.dir, 'trust-T-big'));
  assert.equal(v.code, 0, v.stdout + v.stderr);
});
