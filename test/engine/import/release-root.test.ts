// Staging into quarantine, release into the import destination: the staging directory is made in
// destRoot (quarantine), the approved tree lands in releaseRoot/<id>, a directory already in
// releaseRoot is a replay, and different volumes are refused before any payload byte.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { statSync } from 'node:fs';
import { commitImport, discardImport, stageImport, STAGING_PREFIX } from '../../../electron/engine/import/import';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { FIXED_NOW, makeFixture, type Fixture } from '../verify/fixture';

let dir: string;
let fx: Fixture;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-release-');
  fx = await makeFixture(dir);
});
after(() => removeTempDir(dir));

let n = 0;
async function station() {
  n++;
  const quarantine = join(dir, `q-${n}`);
  const imported = join(dir, `i-${n}`);
  await mkdir(quarantine);
  await mkdir(imported);
  return { destRoot: quarantine, releaseRoot: imported, ledgerFile: join(dir, `ledger-${n}.jsonl`), station: 'HIGH', store: fx.store, now: FIXED_NOW };
}

test('staged in quarantine, released into the import destination; quarantine is left empty', async () => {
  const s = await station();
  const pkg = await fx.makePackage({ transferId: 'RR-1', sequence: 1 });
  const r = await stageImport(pkg.packageDir, s);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.report.failures));
  if (!r.ok) return;
  assert.equal(r.staged.finalPath, join(s.releaseRoot, 'RR-1'));
  const inQuarantine = await readdir(s.destRoot);
  assert.equal(inQuarantine.length, 1);
  assert.ok(inQuarantine[0]!.startsWith(STAGING_PREFIX), 'the staging directory is in quarantine');
  assert.deepEqual(await readdir(s.releaseRoot), [], 'nothing released before the decision');
  const report = await commitImport(r.staged, { officer: 'Off Icer' });
  assert.equal(report.imported?.path, join(s.releaseRoot, 'RR-1'));
  assert.deepEqual(await readdir(s.destRoot), [], 'quarantine holds nothing after release');
  assert.equal(await readFile(join(s.releaseRoot, 'RR-1', 'docs/a.txt'), 'utf8'), 'hello, high side\n');
});

test('a directory of the transfer id already in the import destination is a replay; discard empties quarantine', async () => {
  const s = await station();
  await mkdir(join(s.releaseRoot, 'RR-2'));
  const pkg = await fx.makePackage({ transferId: 'RR-2', sequence: 2 });
  const r = await stageImport(pkg.packageDir, s);
  assert.equal(r.ok, false);
  assert.ok(r.report.failures.some((f) => f.check === 'replay' && f.where === join(s.releaseRoot, 'RR-2')), JSON.stringify(r.report.failures));
  assert.deepEqual(await readdir(s.destRoot), []);

  const t = await station();
  const ok = await stageImport((await fx.makePackage({ transferId: 'RR-3', sequence: 3 })).packageDir, t);
  assert.ok(ok.ok);
  if (ok.ok) await discardImport(ok.staged);
  assert.deepEqual([await readdir(t.destRoot), await readdir(t.releaseRoot)], [[], []]);
});

test('quarantine and import destination on different volumes are refused before staging', { skip: existsSync('/dev/shm') && statSync('/dev/shm').dev !== statSync(tmpdir()).dev ? false : 'needs /dev/shm on another filesystem' }, async () => {
  const s = await station();
  const other = await mkdtemp('/dev/shm/sluice-release-');
  try {
    const pkg = await fx.makePackage({ transferId: 'RR-4', sequence: 4 });
    await assert.rejects(stageImport(pkg.packageDir, { ...s, releaseRoot: other }), { code: 'not-same-volume' });
    assert.deepEqual(await readdir(s.destRoot), []);
  } finally {
    await rm(other, { recursive: true, force: true });
  }
});
