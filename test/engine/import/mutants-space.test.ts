// The quarantine's free-space rule at its exact edge (stage.ts requireFreeSpace): an import needs
// the payload's file bytes, one filesystem block per entry and a 64 KiB margin. On a small tmpfs
// filled by this test to leave exactly that much, the package stages; one block less and it is
// refused before any byte is written — and a package refused by a station check on that full
// volume is still just a refusal (the space check runs only once every station check passed).
// Needs root for `mount -t tmpfs`; skipped otherwise.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, statfs, writeFile } from 'node:fs/promises';
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
  await assert.rejects(stageImport(pkg, s), { code: 'insufficient-space' });
  assert.deepEqual(await readdir(quarantine), [], 'nothing written');

  const elsewhere = await stageImport(pkg, { ...s, station: 'OTHER' });
  assert.equal(elsewhere.ok, false);
  assert.deepEqual(elsewhere.report.failures.map((f) => f.check), ['destination']);
  assert.deepEqual(await readdir(quarantine), []);
});
