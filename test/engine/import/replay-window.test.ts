// The anti-replay window: a sequence already imported is a replay; one more than W below the
// channel's highest is refused as too old; anything else — also out of order — is accepted. And an
// intent without an outcome counts as imported until a run that can see its folders settles it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { importPackage, judgeReplay } from '../../../electron/engine/import/import';
import { replayIndex } from '../../../electron/engine/import/replay-guard';
import { appendEvent, readLedger } from '../../../electron/engine/ledger/index';
import type { LedgerEntry } from '../../../shared/ledger-events';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { FIXED_NOW, makeFixture, type Fixture } from '../verify/fixture';

let dir: string;
let fx: Fixture;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-window-');
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
const importSeq = async (s: Awaited<ReturnType<typeof station>>, id: string, sequence: number) =>
  importPackage((await fx.makePackage({ transferId: id, sequence })).packageDir, s);

test('101 then 100 (out of order, within the window): both imported; 100 again is a replay', async () => {
  const s = await station();
  assert.equal((await importSeq(s, 'W-101', 101)).ok, true);
  const late = await importSeq(s, 'W-100', 100);
  assert.equal(late.ok, true, JSON.stringify(late.failures));
  const again = await importSeq(s, 'W-100b', 100);
  assert.deepEqual(again.failures.map((f) => f.check), ['replay']);
  assert.match(again.failures[0]!.reason, /^sequence 100 of LOW→HIGH by key \S+ was already imported as W-100 on /);
});

test('101 then 30 with the default window of 64: refused as too old; exactly 64 below is still accepted', async () => {
  const s = await station();
  assert.equal((await importSeq(s, 'X-101', 101)).ok, true);
  const old = await importSeq(s, 'X-30', 30);
  assert.deepEqual(old.failures.map((f) => f.check), ['rollback']);
  assert.match(old.failures[0]!.reason, /^sequence 30 is more than 64 below 101, the highest already imported on LOW→HIGH by key \S+ \(outside the replay window of 64\)$/);
  assert.equal(old.checks.find((c) => c.id === 'archive')?.status, 'skipped', 'no payload byte read');
  assert.deepEqual((await importSeq(s, 'X-36', 36)).failures.map((f) => f.check), ['rollback'], '65 below');
  assert.equal((await importSeq(s, 'X-37', 37)).ok, true, '64 below is inside the window');
});

test('the window is configurable: 0 means only above the highest, a wide one takes older packages', async () => {
  const strict = await station({ replayWindow: 0 });
  assert.equal((await importSeq(strict, 'Y-101', 101)).ok, true);
  assert.deepEqual((await importSeq(strict, 'Y-100', 100)).failures.map((f) => f.check), ['rollback']);
  const wide = await station({ replayWindow: 1000 });
  assert.equal((await importSeq(wide, 'Z-101', 101)).ok, true);
  assert.equal((await importSeq(wide, 'Z-30', 30)).ok, true);
});

test('an intent with no outcome counts as imported while its folders cannot be seen', async () => {
  const s = await station();
  const gone = join(dir, `unmounted-${n}`);
  const pkg = await fx.makePackage({ transferId: 'P-5', sequence: 5 });
  // An import interrupted on a destination volume that is not mounted now.
  await appendEvent(s.ledgerFile, {
    event: 'transfer.importing', station: 'HIGH', actor: 'olga', transferId: 'P-5',
    data: { transferId: 'P-5', keyId: fx.key.keyId, source: 'LOW', destination: 'HIGH', sequence: 5, manifestSha256: pkg.manifestSha256,
      path: join(gone, 'P-5'), staging: join(gone, '.sluice-staging-x'), files: 5, bytes: 1 },
  });
  const r = await importPackage(pkg.packageDir, s);
  assert.deepEqual(r.failures.map((f) => f.check), ['replay']);
  assert.match(r.failures[0]!.reason, /^transfer P-5 is being imported, or its import was interrupted \(begun on .* by olga, ledger entry 1, not settled yet\)$/);
  const sameSeq = await importPackage((await fx.makePackage({ transferId: 'P-5b', sequence: 5 })).packageDir, s);
  assert.match(sameSeq.failures[0]!.reason, /^sequence 5 .* was taken by P-5, which is being imported/);
  assert.deepEqual((await readLedger(s.ledgerFile)).map((e) => e.event), ['transfer.importing', 'transfer.rejected', 'transfer.rejected'], 'left unsettled');

  // Once its folders are there (the volume is back) and hold nothing of it, it is abandoned and the transfer imports.
  await mkdir(gone);
  const back = await importPackage(pkg.packageDir, s);
  assert.equal(back.ok, true, JSON.stringify(back.failures));
  assert.deepEqual((await readLedger(s.ledgerFile)).map((e) => e.event).slice(3), ['transfer.import-abandoned', 'transfer.importing', 'transfer.imported']);
  await rm(gone, { recursive: true });
});

test('the replay index answers from what it built once, not by scanning the ledger: 20 000 imports, 10 000 judgements', () => {
  const entries: LedgerEntry[] = [];
  for (let i = 1; i <= 20_000; i++) {
    entries.push({ seq: i, time: '2026-01-01T00:00:00Z', prev: '0'.repeat(64), event: 'transfer.imported', station: 'HIGH', actor: 'olga', transferId: `I-${i}`,
      data: { transferId: `I-${i}`, keyId: 'K', source: 'LOW', destination: 'HIGH', sequence: i, manifestSha256: 'a'.repeat(64), path: '/x' } });
  }
  const index = replayIndex(entries);
  // Judged with the ledger's entries gone: an answer that still scanned them would find nothing.
  entries.length = 0;
  let replays = 0;
  for (let i = 0; i < 10_000; i++) {
    if (judgeReplay(index, { transferId: `N-${i}`, keyId: 'K', source: 'LOW', destination: 'HIGH', sequence: 19_990 + (i % 20) }).replay) replays++;
  }
  assert.equal(replays, 5_500);
});
