import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { makeTempDir, removeTempDir } from '../helpers/tmp';
import { makeFixture, type Fixture } from '../engine/verify/fixture';

let dir: string;
let fx: Fixture;
let pkg: string;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-cli-verify-');
  fx = await makeFixture(dir);
  pkg = (await fx.makePackage({ created: new Date(Date.now() - 60_000), expires: new Date(Date.now() + 86_400_000) })).packageDir;
});
after(() => removeTempDir(dir));

test('sluice verify: exit 0 with signer, fingerprint and transfer id', async () => {
  const r = await runCli(['verify', pkg, '--trust', join(dir, 'trust')]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /Verified/);
  assert.match(r.stdout, /Transfer: +T-1/);
  assert.match(r.stdout, /Signer: +alice/);
  assert.ok(r.stdout.includes(fx.key.fingerprint));
});

test('sluice verify: exit 1 with one FAIL line per failed check; --json prints the report', async () => {
  const file = join(pkg, 'payload.tar');
  const orig = await readFile(file);
  const bytes = Buffer.from(orig);
  const at = bytes.indexOf(Buffer.from('hello, high side'));
  bytes[at] = bytes[at]! ^ 1;
  await writeFile(file, bytes);
  try {
    const r = await runCli(['verify', pkg, '--trust', join(dir, 'trust')]);
    assert.equal(r.code, 1);
    const fails = r.stdout.split('\n').filter((l) => l.startsWith('FAIL '));
    assert.deepEqual(fails, [
      'FAIL volumes: payload.tar: SHA-256 does not match the manifest',
      'FAIL entries: docs/a.txt: SHA-256 does not match the manifest',
      'FAIL payload: payload: SHA-256 of the whole payload does not match the manifest',
    ].sort((a, b) => r.stdout.indexOf(a) - r.stdout.indexOf(b)));
    const j = await runCli(['verify', pkg, '--trust', join(dir, 'trust'), '--json']);
    assert.equal(j.code, 1);
    const report = JSON.parse(j.stdout);
    assert.equal(report.report, 'sluice-verify-report/1');
    assert.equal(report.ok, false);
    assert.equal(report.files.find((f: { path: string }) => f.path === 'docs/a.txt').status, 'fail');
  } finally {
    await writeFile(file, orig);
  }
});

test('sluice verify: usage and environment errors exit 2', async () => {
  assert.equal((await runCli(['verify', pkg])).code, 2, 'missing --trust');
  const missing = await runCli(['verify', join(dir, 'nope'), '--trust', join(dir, 'trust')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /not a package directory/);
});
