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
  dir = await makeTempDir(undefined, 'sluice-cli-import-');
  fx = await makeFixture(dir);
});
after(() => removeTempDir(dir));

const fresh = () => ({ created: new Date(Date.now() - 60_000), expires: new Date(Date.now() + 86_400_000) });

test('sluice import: imports into DEST/<id>, records it, and refuses the replay with exit 1', async () => {
  const pkg = (await fx.makePackage({ ...fresh(), transferId: 'CLI-1', sequence: 3 })).packageDir;
  const dest = join(dir, 'dest');
  await mkdir(dest);
  const home = join(dir, 'home');
  const args = ['import', pkg, '--trust', join(dir, 'trust'), '--to', dest, '--station', 'HIGH', '--officer', 'olga'];
  const r = await runCli(args, { env: { SLUICE_HOME: home } });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /Imported/);
  assert.ok(r.stdout.includes(join(dest, 'CLI-1')));
  assert.match(r.stdout, /Signer: +alice/);
  assert.equal(await readFile(join(dest, 'CLI-1', 'docs', 'a.txt'), 'utf8'), 'hello, high side\n');
  const ledger = (await readFile(join(home, 'ledger.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(ledger.map((e) => [e.event, e.actor]), [['transfer.importing', 'olga'], ['transfer.imported', 'olga']]);

  const again = await runCli(args, { env: { SLUICE_HOME: home } });
  assert.equal(again.code, 1);
  assert.match(again.stdout, /^FAIL replay: CLI-1: transfer CLI-1 was already imported/m);
  // A replay only: the folder in DEST and the sequence belong to the earlier import, not extra faults.
  assert.doesNotMatch(again.stdout, /^FAIL rollback|already holds a directory/m);
  assert.deepEqual(await readdir(dest), ['CLI-1']);
});

test('sluice import --json: a wrong station is refused and DEST stays empty', async () => {
  const pkg = (await fx.makePackage(fresh())).packageDir;
  const dest = join(dir, 'dest-json');
  await mkdir(dest);
  const r = await runCli(['import', pkg, '--trust', join(dir, 'trust'), '--to', dest, '--station', 'ELSEWHERE', '--ledger', join(dir, 'l2.jsonl'), '--json']);
  assert.equal(r.code, 1);
  const report = JSON.parse(r.stdout);
  assert.equal(report.imported, null);
  assert.deepEqual(report.failures.map((f: { check: string }) => f.check), ['destination']);
  assert.deepEqual(await readdir(dest), []);
});

test('sluice import: missing --to or --station is a usage error', async () => {
  const r = await runCli(['import', dir, '--trust', join(dir, 'trust'), '--station', 'HIGH']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /missing --to DEST/);
});
