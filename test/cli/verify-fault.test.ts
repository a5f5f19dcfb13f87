/**
 * The CLI words a rejection by its fault: a package missing a volume is "Incomplete — copy it
 * again from the medium" (still exit 1), a flipped byte stays an incident, and a second import
 * names the first by date, officer and ledger entry.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { makeTempDir, removeTempDir } from '../helpers/tmp';
import { makeFixture, type Fixture } from '../engine/verify/fixture';

let dir: string;
let fx: Fixture;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-cli-fault-');
  fx = await makeFixture(dir);
});
after(() => removeTempDir(dir));

const fresh = () => ({ created: new Date(Date.now() - 60_000), expires: new Date(Date.now() + 86_400_000) });

test('sluice verify on a package missing a volume: the incomplete line, no security wording, exit 1', async () => {
  const pkg = (await fx.makePackage({ ...fresh(), volumeSize: 10240 })).packageDir;
  await rm(join(pkg, 'payload.tar.002'));
  const r = await runCli(['verify', pkg, '--trust', join(dir, 'trust')]);
  assert.equal(r.code, 1, r.stderr + r.stdout);
  assert.match(r.stdout, /^FAIL package-files: payload\.tar\.002: missing from the package directory$/m);
  assert.match(r.stdout, /^Incomplete — copy it again from the medium$/m);
  assert.match(r.stdout, /^ {2}payload\.tar\.002: missing from the package directory\. The copy from the medium did not finish/m);
  assert.match(r.stdout, /^Rejected: 1 problem\(s\); do not import this package\.$/m);
  assert.doesNotMatch(r.stdout, /security|tamper/i);
});

test('sluice verify on a flipped byte: the incident line', async () => {
  const pkg = (await fx.makePackage({ ...fresh(), volumeSize: 10240 })).packageDir;
  const vol = join(pkg, 'payload.tar.002');
  const bytes = await readFile(vol);
  bytes[300] = bytes[300]! ^ 0x40;
  await writeFile(vol, bytes);
  const r = await runCli(['verify', pkg, '--trust', join(dir, 'trust')]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^Possible tampering — report it to security$/m);
  assert.match(r.stdout, /keep the medium as it is/);
  assert.doesNotMatch(r.stdout, /Incomplete/);
});

test('sluice import twice: the rejection names the earlier import', async () => {
  const pkg = (await fx.makePackage({ ...fresh(), transferId: 'CF-1', sequence: 30 })).packageDir;
  const dest = join(dir, 'dest');
  await mkdir(dest);
  const home = join(dir, 'home');
  const args = (officer: string) => ['import', pkg, '--trust', join(dir, 'trust'), '--to', dest, '--station', 'HIGH', '--officer', officer];
  const first = await runCli(args('alice'), { env: { SLUICE_HOME: home } });
  assert.equal(first.code, 0, first.stderr + first.stdout);
  const [, entry] = (await readFile(join(home, 'ledger.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { seq: number; time: string });
  const again = await runCli(args('bob'), { env: { SLUICE_HOME: home } });
  assert.equal(again.code, 1);
  const when = `${entry!.time.slice(0, 10)} at ${entry!.time.slice(11, 19)} UTC`;
  assert.ok(again.stdout.includes(`FAIL replay: CF-1: transfer CF-1 was already imported on ${when} by alice, ledger entry ${entry!.seq}\n`), again.stdout);
  assert.ok(again.stdout.includes(`\nAlready imported on ${when} by alice, ledger entry ${entry!.seq}\n`), again.stdout);
  assert.doesNotMatch(again.stdout, /security|medium again/i);
});
