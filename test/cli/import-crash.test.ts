// Crash consistency between DEST and the ledger: a real `sluice import` child is killed with
// SIGKILL at the commit point (SLUICE_TEST_KILL_AT, a test-only hook in commit.ts), and the next
// run settles the write-ahead intent from what DEST and the staging folder hold — so the ledger
// and DEST agree, and a re-import is refused as a replay of the earlier import (not as "DEST
// already holds a directory").
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { makeTempDir, removeTempDir } from '../helpers/tmp';
import { makeFixture, type Fixture } from '../engine/verify/fixture';

let dir: string;
let fx: Fixture;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-cli-crash-');
  fx = await makeFixture(dir);
});
after(() => removeTempDir(dir));

const fresh = () => ({ created: new Date(Date.now() - 60_000), expires: new Date(Date.now() + 86_400_000) });
const events = async (ledger: string) =>
  (await readFile(ledger, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { seq: number; event: string; data: Record<string, unknown> });

async function station(name: string) {
  const dest = join(dir, name);
  await mkdir(dest);
  const ledger = join(dir, `${name}.jsonl`);
  const args = (pkg: string) => ['import', pkg, '--trust', join(dir, 'trust'), '--to', dest, '--station', 'HIGH', '--officer', 'olga', '--ledger', ledger];
  return { dest, ledger, args };
}

test('kill -9 right after the rename into DEST: the next run records the import, and a re-import is a replay', async () => {
  const s = await station('dest-after-rename');
  const pkg = (await fx.makePackage({ ...fresh(), transferId: 'KC-1', sequence: 7 })).packageDir;
  const killed = await runCli(s.args(pkg), { env: { SLUICE_TEST_KILL_AT: 'after-rename' } });
  assert.equal(killed.code, 128, `the child was killed: ${killed.stderr}`);
  assert.deepEqual(await readdir(s.dest), ['KC-1'], 'the tree is in DEST');
  assert.deepEqual((await events(s.ledger)).map((e) => e.event), ['transfer.importing'], 'only the intent was recorded');

  const again = await runCli(s.args(pkg));
  assert.equal(again.code, 1, again.stdout + again.stderr);
  assert.match(again.stderr, /an earlier import of KC-1 was interrupted after its release; .* is now recorded as imported/);
  assert.match(again.stdout, /^FAIL replay: KC-1: transfer KC-1 was already imported on .* by olga, ledger entry 2$/m);
  assert.doesNotMatch(again.stdout, /already holds a directory|FAIL rollback/);
  assert.match(again.stdout, /^Already imported on .* by olga, ledger entry 2$/m);
  const ledger = await events(s.ledger);
  assert.deepEqual(ledger.map((e) => e.event), ['transfer.importing', 'transfer.imported', 'transfer.rejected']);
  assert.equal(ledger[1]!.data.intentSeq, 1);
  assert.equal(ledger[1]!.data.settled, 'after-interruption');
  assert.deepEqual(ledger[1]!.data.found, { files: 5, bytes: ledger[0]!.data.bytes });
  assert.equal(ledger[1]!.data.path, join(s.dest, 'KC-1'));
  assert.deepEqual(await readdir(s.dest), ['KC-1']);
  assert.equal(await readFile(join(s.dest, 'KC-1', 'docs', 'a.txt'), 'utf8'), 'hello, high side\n');
  assert.equal((await runCli(['ledger', 'verify', s.ledger])).code, 0);
});

test('kill -9 after the intent, before the rename: the next run rolls back the staging and imports afresh', async () => {
  const s = await station('dest-after-intent');
  const pkg = (await fx.makePackage({ ...fresh(), transferId: 'KC-2', sequence: 8 })).packageDir;
  const killed = await runCli(s.args(pkg), { env: { SLUICE_TEST_KILL_AT: 'after-intent' } });
  assert.equal(killed.code, 128, killed.stderr);
  const left = await readdir(s.dest);
  assert.equal(left.length, 1);
  assert.match(left[0]!, /^\.sluice-staging-/, 'the staged tree was never released');

  const again = await runCli(s.args(pkg));
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.match(again.stderr, /an earlier import of KC-2 was interrupted; nothing of it was imported \(the import was interrupted before its release into the destination; the staging folder was removed\); recorded as abandoned/);
  const ledger = await events(s.ledger);
  assert.deepEqual(ledger.map((e) => e.event), ['transfer.importing', 'transfer.import-abandoned', 'transfer.importing', 'transfer.imported']);
  assert.equal(ledger[1]!.data.intentSeq, 1);
  assert.equal(ledger[3]!.data.intentSeq, 3);
  assert.deepEqual(await readdir(s.dest), ['KC-2']);
});
