// Staging and commit rules that mutation testing (docs/SECURITY.md, "Mutation score") found with no
// test behind them: the quarantine and the import destination must be folders; a transfer already
// imported is a replay at staging even when its folder has since been moved away; commit judges
// again with the window the import was staged with, refuses a rollback and a folder that appeared
// meanwhile, and marks only the failing check; the report's words for the station checks; the
// progress phase; and what a refusal records in the ledger. Expected values are written out here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commitImport, discardImport, importPackage, recordRejection, stageImport } from '../../../electron/engine/import/import';
import { appendEvent, readLedger } from '../../../electron/engine/ledger/index';
import type { VerifyReport } from '../../../shared/format/report';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { FIXED_NOW, makeFixture, type Fixture } from '../verify/fixture';

let dir: string;
let fx: Fixture;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-mut-stage-');
  fx = await makeFixture(dir);
});
after(() => removeTempDir(dir));

let n = 0;
async function station(extra: { replayWindow?: number } = {}) {
  n++;
  const destRoot = join(dir, `dest-${n}`);
  await mkdir(destRoot);
  return { destRoot, ledgerFile: join(dir, `ledger-${n}.jsonl`), station: 'HIGH', store: fx.store, now: FIXED_NOW, officer: 'olga', ...extra };
}
const pkgOf = async (transferId: string, sequence: number, extra = {}) => (await fx.makePackage({ transferId, sequence, ...extra })).packageDir;

test('a quarantine or import destination that is missing or a file is refused as no-destination', async () => {
  const s = await station();
  const pkg = await pkgOf('ND-1', 1);
  const aFile = join(dir, `a-file-${n}`);
  await writeFile(aFile, 'not a folder');
  await assert.rejects(stageImport(pkg, { ...s, destRoot: join(dir, 'missing') }), { code: 'no-destination', message: `${join(dir, 'missing')} is not a directory; create it or choose another destination.` });
  await assert.rejects(stageImport(pkg, { ...s, destRoot: aFile }), { code: 'no-destination' });
  await assert.rejects(stageImport(pkg, { ...s, releaseRoot: join(dir, 'missing-too') }), { code: 'no-destination', message: `The import destination ${join(dir, 'missing-too')} is not a directory; create it or choose another destination.` });
  await assert.rejects(stageImport(pkg, { ...s, releaseRoot: aFile }), { code: 'no-destination' });
  assert.deepEqual(await readdir(s.destRoot), []);
});

test("the station checks' words in the report, and extraction's progress phase", async () => {
  const s = await station();
  const phases = new Set<string>();
  const r = await stageImport(await pkgOf('WD-7', 7), { ...s, onProgress: (p) => phases.add(p.phase) });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.report.failures));
  const detail = (id: string) => r.report.checks.find((c) => c.id === id)?.detail;
  assert.equal(detail('destination'), 'addressed to HIGH');
  assert.equal(detail('replay'), 'transfer WD-7 and sequence 7 not imported before');
  assert.equal(detail('rollback'), "sequence 7 is within the channel's replay window");
  assert.deepEqual([...phases], ['extract']);
  if (r.ok) {
    await discardImport(r.staged);
    await discardImport(r.staged); // already gone: discarding again is not an error
  }
  assert.deepEqual(await readdir(s.destRoot), []);

  const other = await stageImport(await pkgOf('WD-8', 8), { ...s, station: 'OTHER' });
  assert.equal(other.ok, false);
  assert.deepEqual(other.report.failures, [{ check: 'destination', where: 'manifest.json', reason: 'package is addressed to HIGH, this station is OTHER' }]);
});

test('a transfer already imported is a replay at staging even when its folder was moved away', async () => {
  const s = await station();
  const pkg = await pkgOf('MV-1', 1);
  assert.equal((await importPackage(pkg, s)).ok, true);
  await rename(join(s.destRoot, 'MV-1'), join(dir, `moved-${n}`));
  const again = await stageImport(pkg, s);
  assert.equal(again.ok, false);
  assert.deepEqual(again.report.failures.map((f) => [f.check, f.where]), [['replay', 'MV-1']]);
  assert.match(again.report.failures[0]!.reason, /^transfer MV-1 was already imported on /);
  assert.deepEqual(await readdir(s.destRoot), [], 'no staging folder made');
});

test('commit judges with the window the import was staged with', async () => {
  const s = await station({ replayWindow: 0 });
  const staged = await stageImport(await pkgOf('SW-100', 100), s);
  assert.ok(staged.ok);
  if (!staged.ok) return;
  assert.equal((await importPackage(await pkgOf('SW-101', 101), s)).ok, true);
  // With window 0, 100 is now below the highest (101): a rollback, although 64 would take it.
  const r = await commitImport(staged.staged, { officer: 'olga' });
  assert.equal(r.imported, null);
  assert.deepEqual(r.failures.map((f) => f.check), ['rollback']);
  assert.match(r.failures[0]!.reason, /^sequence 100 is more than 0 below 101/);
});

test('commit refuses a rollback that became one after staging; only that check is marked failed', async () => {
  const s = await station();
  const staged = await stageImport(await pkgOf('RB-30', 30), s);
  assert.ok(staged.ok);
  if (!staged.ok) return;
  assert.equal((await importPackage(await pkgOf('RB-101', 101), s)).ok, true);
  const r = await commitImport(staged.staged, { officer: 'olga' });
  assert.equal(r.ok, false);
  assert.equal(r.imported, null);
  const reason = `sequence 30 is more than 64 below 101, the highest already imported on LOW→HIGH by key ${fx.key.keyId} (outside the replay window of 64)`;
  assert.deepEqual(r.failures, [{ check: 'rollback', where: 'RB-30', reason }]);
  assert.deepEqual(r.checks.filter((c) => c.status === 'fail').map((c) => [c.id, c.detail]), [['rollback', `RB-30: ${reason}`]]);
  assert.deepEqual(await readdir(s.destRoot), ['RB-101'], 'staging removed, nothing released');
  const last = (await readLedger(s.ledgerFile)).at(-1)!;
  assert.equal(last.event, 'transfer.rejected');
  assert.equal(last.data.reason, `rollback: ${reason}`);
});

test('commit refuses when a folder of the transfer id appeared after staging, and leaves that folder alone', async () => {
  const s = await station();
  const staged = await stageImport(await pkgOf('AP-1', 1), s);
  assert.ok(staged.ok);
  if (!staged.ok) return;
  const squatter = join(s.destRoot, 'AP-1');
  await mkdir(squatter);
  await writeFile(join(squatter, 'someone-elses.txt'), 'keep me');
  const r = await commitImport(staged.staged, { officer: 'olga' });
  assert.equal(r.imported, null);
  const reason = 'the destination already holds a directory of this transfer id';
  assert.deepEqual(r.failures, [{ check: 'replay', where: squatter, reason }]);
  assert.deepEqual(r.checks.filter((c) => c.status === 'fail').map((c) => [c.id, c.detail]), [['replay', `${squatter}: ${reason}`]]);
  assert.equal(r.checks.find((c) => c.id === 'signature')?.status, 'pass');
  assert.deepEqual(await readdir(s.destRoot), ['AP-1']);
  assert.deepEqual(await readdir(squatter), ['someone-elses.txt']);
  const last = (await readLedger(s.ledgerFile)).at(-1)!;
  assert.equal(last.data.reason, `replay: ${reason}`);
});

test('a rejection records at most 100 failures, and the manifest digest only with a manifest', async () => {
  const ledgerFile = join(dir, 'ledger-rejections.jsonl');
  const failures = Array.from({ length: 150 }, (_, i) => ({ check: 'entries' as const, where: `f${i}`, reason: 'bad' }));
  const base = { ok: false, failures, transferId: 'RJ-1', manifestSha256: 'ab'.repeat(32) } as unknown as VerifyReport;
  await recordRejection({ ledgerFile, station: 'HIGH' }, { ...base, manifest: { transferId: 'RJ-1' } } as unknown as VerifyReport);
  await recordRejection({ ledgerFile, station: 'HIGH', officer: 'olga' }, base);
  await recordRejection({ ledgerFile, station: 'HIGH' }, { ok: false, failures: [] } as unknown as VerifyReport);
  const [withManifest, without, empty] = await readLedger(ledgerFile);
  assert.equal(withManifest!.actor, 'system');
  assert.equal(withManifest!.transferId, 'RJ-1');
  assert.equal(withManifest!.data.manifestSha256, 'ab'.repeat(32));
  assert.equal(withManifest!.data.reason, 'entries: f0: bad');
  assert.equal((withManifest!.data.failures as string[]).length, 100);
  assert.equal((withManifest!.data.failures as string[])[99], 'entries: f99: bad');
  assert.equal(without!.actor, 'olga');
  assert.equal('manifestSha256' in without!.data, false, 'no digest without the manifest it is of');
  assert.equal(empty!.data.reason, 'verification did not complete');
  assert.equal(empty!.transferId, undefined);
});

test('staging settles an interrupted import first and says exactly what it settled', async () => {
  const s = await station();
  await appendEvent(s.ledgerFile, {
    event: 'transfer.importing', station: 'HIGH', actor: 'olga', transferId: 'ST-1',
    data: { transferId: 'ST-1', keyId: fx.key.keyId, source: 'LOW', destination: 'HIGH', sequence: 1, manifestSha256: 'ab'.repeat(32),
      path: join(s.destRoot, 'ST-1'), staging: join(s.destRoot, '.sluice-staging-gone'), files: 5, bytes: 1 },
  });
  const r = await stageImport(await pkgOf('ST-2', 2), s);
  assert.deepEqual(r.settled, [{ transferId: 'ST-1', intentSeq: 1, outcome: 'abandoned', detail: 'the import was interrupted; neither the destination nor the staging folder holds it' }]);
  if (r.ok) await discardImport(r.staged);
  const again = await stageImport(await pkgOf('ST-3', 3), s);
  assert.equal('settled' in again, false, 'nothing left to settle');
  if (again.ok) await discardImport(again.staged);
});
