// The filesystem of a target is recognised from the mount's type OR the volume's own boot sector:
// FUSE mounts report `fuse.fusefat`, `fuseblk` or (with fsname) plain `fuse`. Real filesystems in
// image files, mounted for the test and unmounted after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { filesystemOf, kindFromBootSector } from '../../../electron/engine/media/filesystem';
import { automaticVolumeSize } from '../../../electron/engine/pack/preflight';
import { exfatMedium, ext4Medium, fatMedium, mediaBench, mediaSkipReason } from '../../helpers/media';

const skip = mediaSkipReason();

test('FAT32 through fusefat is FAT32 by its type, and by its boot sector when the type says only "fuse"', { skip }, async (t) => {
  const bench = await mediaBench(t);
  const byType = await fatMedium(bench.t, bench.dir, 'bytype', 72);
  const bySig = await fatMedium(bench.t, bench.dir, 'bysig', 72, { fsname: true });
  const a = await filesystemOf(byType.mountPoint);
  // Without fsname the source is the word "fusefat": FAT by the type, no sector to read.
  assert.deepEqual([a.kind, a.name, a.fsType, a.maxFileSize, a.readOnly], ['fat', 'FAT', 'fuse.fusefat', 4 * 1024 ** 3 - 1, false]);
  const b = await filesystemOf(bySig.mountPoint);
  assert.deepEqual([b.fsType, b.source, b.kind, b.detectedBy], ['fuse', bySig.image, 'fat32', 'signature']);
  assert.ok(b.free > 60 * 1024 * 1024 && b.free <= 72 * 1024 * 1024, String(b.free));
  assert.deepEqual(await automaticVolumeSize(bySig.mountPoint), { volumeSize: 2000 * 1024 * 1024, filesystem: 'FAT32' });
  assert.equal(kindFromBootSector(await readFile(byType.image).then((x) => x.subarray(0, 512))), 'fat32');
});

test('exFAT through exfat-fuse (fuseblk) is exFAT, with no file size limit; ext4 is ext4 and not split', { skip }, async (t) => {
  const bench = await mediaBench(t);
  const ex = await exfatMedium(bench.t, bench.dir, 'ex', 64);
  const e = await filesystemOf(ex.mountPoint);
  assert.deepEqual([e.fsType, e.kind, e.name, e.maxFileSize, e.detectedBy], ['fuseblk', 'exfat', 'exFAT', null, 'signature']);
  assert.equal(await automaticVolumeSize(ex.mountPoint), null);
  const x4 = await ext4Medium(bench.t, bench.dir, 'x4', 32, { readOnly: true });
  const f = await filesystemOf(x4.mountPoint);
  assert.deepEqual([f.kind, f.readOnly, f.maxFileSize], ['ext4', true, null]);
  assert.equal(await automaticVolumeSize(x4.mountPoint), null);
});

test('boot sectors: a sector without a signature is nothing', () => {
  const s = Buffer.alloc(512);
  assert.equal(kindFromBootSector(s), null);
  s.write('FAT32   ', 82, 'latin1');
  assert.equal(kindFromBootSector(s), null, 'FAT needs the 0x55AA boot signature');
  s[510] = 0x55;
  s[511] = 0xaa;
  assert.equal(kindFromBootSector(s), 'fat32');
  assert.equal(kindFromBootSector(s.subarray(0, 100)), null);
});
