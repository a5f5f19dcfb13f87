// The quarantine's free-space rule at its exact edge (stage.ts requireFreeSpace): an import needs
// the payload's file bytes, one filesystem block per entry and a 64 KiB margin. On a small tmpfs
// filled by this test to leave exactly that much, the package stages; one block less and it is
// refused before any byte is written — and a package refused by a station check on that full
// volume is still just a refusal (the space check runs only once every station check passed).
// The same small volume serves for a quarantine and an import destination on different volumes
// (refused: the release is one rename), and, remounted read-only, for a quarantine where no
// staging folder can be made.
// Needs root for `mount -t tmpfs`; skipped otherwise.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rm, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { discardImport, stageImport } from '../../../electron/engine/import/import';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { mountSmallVolume, type SmallVolume } from '../../helpers/small-volume';
import { FIXED_NOW, makeFixture, type Fixture } from '../verify/fixture';

let dir: string;
let fx: Fixture;
let dest: string;
let mounted = false;
let volume: SmallVolume;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-mut-space-');
  fx = await makeFixture(dir);
  volume = await mountSmallVolume(dir, '512k');
  ({ path: dest, mounted } = volume);
});
after(async () => {
  await volume.remove();
  await removeTempDir(dir);
});

test('exactly enough free space stages; one block less is refused; a station refusal stays a refusal', async (t) => {
  if (!mounted) return t.skip('mount -t tmpfs needs root');
  const quarantine = join(dest, 'q');
  await mkdir(quarantine);
  // Three files (8192 bytes in all) in two folders: five entries, so the per-entry blocks count.
  const src = join(dir, 'sp');
  await mkdir(join(src, 'e'), { recursive: true });
  await writeFile(join(src, 'a.bin'), Buffer.alloc(4096, 5));
  await writeFile(join(src, 'e', 'b.bin'), Buffer.alloc(4096, 6));
  await writeFile(join(src, 'e', 'c.txt'), '');
  const packed = await fx.makePackage({ sources: [src], transferId: 'FS-1', sequence: 1 });
  assert.deepEqual([packed.manifest.totals.files, packed.manifest.totals.directories, packed.manifest.totals.bytes], [3, 2, 8192]);
  const pkg = packed.packageDir;
  const s = { destRoot: quarantine, ledgerFile: join(dir, 'ledger.jsonl'), station: 'HIGH', store: fx.store, now: FIXED_NOW, officer: 'olga' };

  const fs0 = await statfs(dest);
  const bsize = fs0.bsize;
  // 8192 bytes + one block for each of the five entries + 64 KiB.
  const needed = 8192 + 5 * bsize + 64 * 1024;
  assert.equal(needed % bsize, 0, 'the edge is reachable in whole blocks');
  const free = async () => { const f = await statfs(dest); return f.bavail * f.bsize; };
  await writeFile(join(dest, 'filler'), Buffer.alloc((await free()) - needed, 1));
  assert.equal(await free(), needed, 'the test left exactly the space the rule asks for');

  const ok = await stageImport(pkg, s);
  assert.ok(ok.ok, JSON.stringify(!ok.ok && ok.report.failures));
  if (ok.ok) await discardImport(ok.staged);
  assert.equal(await free(), needed);

  await writeFile(join(dest, 'one-block'), Buffer.alloc(bsize, 1));
  const q = quarantine.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await assert.rejects(stageImport(pkg, s), {
    code: 'insufficient-space',
    message: new RegExp(`^${q} has \\S+ \\S+ free; importing FS-1 needs \\S+ \\S+\\. Free some space there or import elsewhere; nothing was written\\.$`),
  });
  assert.deepEqual(await readdir(quarantine), [], 'nothing written');

  const elsewhere = await stageImport(pkg, { ...s, station: 'OTHER' });
  assert.equal(elsewhere.ok, false);
  assert.deepEqual(elsewhere.report.failures.map((f) => f.check), ['destination']);
  assert.deepEqual(await readdir(quarantine), []);
});

test('a quarantine and an import destination on different volumes are refused, with both named', async (t) => {
  if (!mounted) return t.skip('mount -t tmpfs needs root');
  const quarantine = join(dest, 'q2');
  await mkdir(quarantine);
  const release = join(dir, 'release-elsewhere');
  await mkdir(release);
  const s = { destRoot: quarantine, releaseRoot: release, ledgerFile: join(dir, 'ledger-2.jsonl'), station: 'HIGH', store: fx.store, now: FIXED_NOW, officer: 'olga' };
  await assert.rejects(stageImport((await fx.makePackage({ transferId: 'VOL-1', sequence: 1 })).packageDir, s), {
    code: 'not-same-volume',
    message: `The quarantine ${quarantine} and the import destination ${release} are on different volumes; an approved import is released with one atomic rename, so put both on one volume.`,
  });
  assert.deepEqual(await readdir(quarantine), []);
});

// Last: it leaves the volume read-only.
test('a quarantine on a read-only volume: no staging folder, and the error says what could not be made', async (t) => {
  if (!mounted) return t.skip('mount -t tmpfs needs root');
  const quarantine = join(dest, 'q3');
  await mkdir(quarantine);
  for (const f of await readdir(dest)) if (f !== 'q3') await rm(join(dest, f), { recursive: true, force: true });
  execFileSync('mount', ['-o', 'remount,ro', dest]);
  const s = { destRoot: quarantine, ledgerFile: join(dir, 'ledger-3.jsonl'), station: 'HIGH', store: fx.store, now: FIXED_NOW, officer: 'olga' };
  await assert.rejects(stageImport((await fx.makePackage({ transferId: 'RO-1', sequence: 1 })).packageDir, s), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'read-only');
    assert.ok(e.message.startsWith(`Cannot create a staging folder in the quarantine (${join(quarantine, '.sluice-staging-')}`), e.message);
    assert.ok(e.message.endsWith(': the filesystem is read-only (EROFS); use a writable medium (check its write-protect switch) or choose another place.'), e.message);
    return true;
  });
  assert.deepEqual(await readdir(quarantine), []);
});
