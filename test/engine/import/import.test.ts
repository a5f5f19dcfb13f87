import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commitImport, discardImport, importPackage, stageImport } from '../../../electron/engine/import/import';
import { readLedger } from '../../../electron/engine/ledger/index';
import { isAbort } from '../../../electron/engine/errors';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { makeFixture, type Fixture } from '../verify/fixture';
import { freshStation } from './station';

let dir: string;
let fx: Fixture;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-import-');
  fx = await makeFixture(dir);
});
after(() => removeTempDir(dir));

const station = () => freshStation(dir, fx);

async function listing(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true })).map(String).sort();
}

test('pack → import: the tree lands in DEST/<id>/ with modes and mtimes, and the ledger records it', async () => {
  const s = await station();
  const pkg = await fx.makePackage({ transferId: 'RT-1', sequence: 10 });
  const r = await importPackage(pkg.packageDir, { ...s, reason: 'ticket T1' });
  assert.equal(r.ok, true, JSON.stringify(r.failures));
  const root = join(s.destRoot, 'RT-1');
  assert.equal(r.imported?.path, root);
  assert.deepEqual(await readdir(s.destRoot), ['RT-1'], 'no staging left behind');
  assert.equal(await readFile(join(root, 'docs/a.txt'), 'utf8'), 'hello, high side\n');
  assert.equal((await readFile(join(root, 'docs/deep/c.bin'))).length, 30000);
  for (const e of pkg.manifest.entries) {
    const st = await stat(join(root, e.path));
    assert.equal((st.mode & 0o7777).toString(8).padStart(4, '0'), e.mode, e.path);
    assert.equal(Math.floor(st.mtimeMs / 1000), e.mtime, e.path);
  }
  const entries = await readLedger(s.ledgerFile);
  // Write-ahead: the intent before the rename, the outcome after it.
  assert.deepEqual(entries.map((x) => x.event), ['transfer.importing', 'transfer.imported']);
  const e = entries[1]!;
  assert.equal(e.event, 'transfer.imported');
  assert.equal(e.actor, 'olga');
  assert.equal(r.imported?.ledgerSeq, e.seq);
  assert.deepEqual(
    { ...e.data },
    {
      transferId: 'RT-1', sequence: 10, keyId: fx.key.keyId, signer: 'alice', source: 'LOW', destination: 'HIGH',
      manifestSha256: pkg.manifestSha256, payloadSha256: pkg.manifest.payload.sha256, path: root, officer: 'olga',
      reason: 'ticket T1', files: 5, bytes: pkg.manifest.totals.bytes, intentSeq: entries[0]!.seq,
    },
  );
  assert.match(String(entries[0]!.data.staging), /\/\.sluice-staging-/);
});

test('replay, replay of a sequence under a new id, and rollback are refused; DEST is untouched', async () => {
  const s = await station();
  const first = await fx.makePackage({ transferId: 'RP-5', sequence: 100 });
  assert.equal((await importPackage(first.packageDir, s)).ok, true);
  const before = await listing(s.destRoot);

  const again = await importPackage(first.packageDir, s);
  assert.equal(again.ok, false);
  assert.ok(again.failures.some((f) => f.check === 'replay' && /already imported/.test(f.reason)), JSON.stringify(again.failures));
  assert.equal(again.imported, null);

  // An exact replay is a replay only: the DEST folder and the sequence are its consequences.
  assert.deepEqual(again.failures.map((f) => f.check), ['replay']);

  const sameSeq = await fx.makePackage({ transferId: 'RP-5b', sequence: 100 });
  const r2 = await importPackage(sameSeq.packageDir, s);
  assert.ok(r2.failures.some((f) => f.check === 'replay' && /sequence 100 .* already imported as RP-5/.test(f.reason)), JSON.stringify(r2.failures));

  const lower = await fx.makePackage({ transferId: 'RP-4', sequence: 35 });
  const r3 = await importPackage(lower.packageDir, s);
  assert.deepEqual(r3.failures.map((f) => f.check), ['rollback']);
  assert.match(r3.failures[0]!.reason, /sequence 35 is more than 64 below 100/);
  assert.equal(r3.checks.find((c) => c.id === 'archive')?.status, 'skipped', 'no payload byte read');

  assert.deepEqual(await listing(s.destRoot), before);
  const events = (await readLedger(s.ledgerFile)).map((e) => e.event);
  assert.deepEqual(events, ['transfer.importing', 'transfer.imported', 'transfer.rejected', 'transfer.rejected', 'transfer.rejected']);

  const higher = await fx.makePackage({ transferId: 'RP-6', sequence: 101 });
  assert.equal((await importPackage(higher.packageDir, s)).ok, true);
});

test('a package for another network is refused by destination', async () => {
  const s = await station();
  const pkg = await fx.makePackage({ destination: 'OTHER' });
  const r = await importPackage(pkg.packageDir, s);
  assert.deepEqual(r.failures.map((f) => [f.check, f.reason]), [['destination', 'package is addressed to OTHER, this station is HIGH']]);
  assert.deepEqual(await readdir(s.destRoot), []);
});

test('a damaged payload is refused during extraction and leaves DEST exactly as it was', async () => {
  const s = await station();
  await mkdir(join(s.destRoot, 'existing'));
  await writeFile(join(s.destRoot, 'existing', 'keep.txt'), 'keep');
  const before = await listing(s.destRoot);
  const pkg = await fx.makePackage({ volumeSize: 10240 });
  const vol = join(pkg.packageDir, 'payload.tar.003');
  const bytes = await readFile(vol);
  bytes[5000] = bytes[5000]! ^ 0xff;
  await writeFile(vol, bytes);
  const r = await importPackage(pkg.packageDir, s);
  assert.equal(r.ok, false);
  // The volume's digest completes before the file spanning into the next volume does: import stops there.
  assert.deepEqual(r.failures, [{ check: 'volumes', where: 'payload.tar.003', reason: 'SHA-256 does not match the manifest' }]);
  // Checks cut short by the failure say so, rather than claiming they were never reached.
  assert.equal(r.checks.find((c) => c.id === 'payload')?.status, 'skipped');
  assert.equal(r.checks.find((c) => c.id === 'payload')?.detail, 'not completed: checking stopped at the first failure');
  assert.deepEqual(await listing(s.destRoot), before);
  const [rejected] = await readLedger(s.ledgerFile);
  assert.equal(rejected?.event, 'transfer.rejected');
  assert.equal(rejected?.transferId, pkg.manifest.transferId);
});

test('aborting mid-import throws an abort error and leaves nothing behind', async () => {
  const s = await station();
  const pkg = await fx.makePackage({ volumeSize: 10240 });
  const controller = new AbortController();
  let progressed = false;
  await assert.rejects(
    stageImport(pkg.packageDir, { ...s, signal: controller.signal, onProgress: () => { progressed = true; controller.abort(); } }),
    (e) => isAbort(e),
  );
  assert.ok(progressed, 'extraction had started');
  assert.deepEqual(await readdir(s.destRoot), []);
  assert.deepEqual(await readLedger(s.ledgerFile), [], 'an abort is not a rejection');
});

test('stage then discard leaves nothing; commit re-checks replay under the ledger lock', async () => {
  const s = await station();
  const a = await fx.makePackage({ transferId: 'RC-A', sequence: 7 });
  const b = await fx.makePackage({ transferId: 'RC-B', sequence: 7 });
  const sa = await stageImport(a.packageDir, s);
  const sb = await stageImport(b.packageDir, s);
  assert.ok(sa.ok && sb.ok);
  const staging = await readdir(s.destRoot);
  assert.equal(staging.length, 2);
  for (const name of staging) {
    assert.match(name, /^\.sluice-staging-/);
    assert.equal((await stat(join(s.destRoot, name))).mode & 0o777, 0o700);
  }
  const ra = await commitImport(sa.staged, { officer: 'olga' });
  assert.equal(ra.ok, true);
  const rb = await commitImport(sb.staged, { officer: 'olga' });
  assert.equal(rb.ok, false);
  assert.deepEqual(rb.failures.map((f) => f.check), ['replay']);
  assert.deepEqual(await readdir(s.destRoot), ['RC-A']);

  const c = await fx.makePackage({ transferId: 'RC-C', sequence: 8 });
  const sc = await stageImport(c.packageDir, s);
  assert.ok(sc.ok);
  await discardImport(sc.staged);
  assert.deepEqual(await readdir(s.destRoot), ['RC-A']);
});

test('an existing DEST/<id> is refused before any payload byte', async () => {
  const s = await station();
  const pkg = await fx.makePackage({ transferId: 'EX-1' });
  await mkdir(join(s.destRoot, 'EX-1'));
  const r = await importPackage(pkg.packageDir, s);
  assert.deepEqual(r.failures.map((f) => [f.check, f.reason]), [['replay', 'the destination already holds a directory of this transfer id']]);
  assert.deepEqual(await readdir(s.destRoot), ['EX-1']);
  assert.deepEqual(await readdir(join(s.destRoot, 'EX-1')), []);
});
