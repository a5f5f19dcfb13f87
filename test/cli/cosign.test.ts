// `sluice cosign` and `sluice verify --require-witnesses` end to end through the real entry point:
// the co-signature stock minisign accepts, the signer's own key refused, and what counts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readLedger } from '../../electron/engine/ledger/index';
import { runCli } from '../helpers/cli';
import { makeTestKey, TEST_PASSPHRASE, type TestKey } from '../helpers/keys';
import { makeTempDir, removeTempDir } from '../helpers/tmp';
import { makeFixture, type Fixture } from '../engine/verify/fixture';

let dir: string;
let fx: Fixture;
let trust: string;
let passFile: string;
let wendy: TestKey;
let bob: TestKey;
let n = 0;

before(async () => {
  dir = await makeTempDir(undefined, 'sluice-cli-cosign-');
  fx = await makeFixture(dir);
  trust = join(dir, 'trust');
  passFile = join(dir, 'pass.txt');
  await writeFile(passFile, `${TEST_PASSPHRASE}\n`, { mode: 0o600 });
  wendy = await makeTestKey(join(dir, 'keys'), 'wendy');
  bob = await makeTestKey(join(dir, 'keys'), 'bob');
  for (const [k, role] of [[wendy, 'witness'], [bob, 'signer']] as const) {
    const r = await runCli(['trust', 'add', k.pubFile, '--trust', trust, '--label', k.name, '--role', role, '--fingerprint', k.fingerprint]);
    assert.equal(r.code, 0, r.stderr);
  }
});
after(() => removeTempDir(dir));

/** A fresh package valid for the real clock (the CLI verifies at "now"). */
async function freshPackage(overrides = {}): Promise<string> {
  n++;
  return (await fx.makePackage({ transferId: `CLI-${n}`, sequence: 1000 + n, created: new Date(Date.now() - 60_000), expires: new Date(Date.now() + 86_400_000), ...overrides })).packageDir;
}
const cosign = (pkg: string, key: TestKey, ...extra: string[]) => runCli(['cosign', pkg, '--key', key.keyFile, '--passphrase-file', passFile, ...extra]);
const verify = (pkg: string, ...extra: string[]) => runCli(['verify', pkg, '--trust', trust, ...extra]);

test('sluice cosign writes cosign-<KEYID>.minisig that minisign -Vm accepts; verify --require-witnesses 1 then passes', async () => {
  const pkg = await freshPackage();
  const without = await verify(pkg, '--require-witnesses', '1');
  assert.equal(without.code, 1, without.stdout + without.stderr);
  assert.match(without.stdout, /^FAIL cosign: co-signatures: 1 witness co-signature required, 0 valid$/m);

  const r = await cosign(pkg, wendy);
  assert.equal(r.code, 0, r.stderr);
  const file = join(pkg, `cosign-${wendy.keyId}.minisig`);
  assert.ok(r.stdout.includes(file), r.stdout);
  assert.match(r.stdout, new RegExp(`Witness key id: +${wendy.keyId}`));
  assert.ok(r.stdout.includes(wendy.fingerprint), r.stdout);
  const mv = spawnSync('minisign', ['-Vm', join(pkg, 'manifest.json'), '-x', file, '-p', wendy.pubFile], { encoding: 'utf8' });
  assert.equal(mv.status, 0, mv.stderr);
  assert.match(mv.stdout, /role=witness/);

  const ok = await verify(pkg, '--require-witnesses', '1');
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /Co-signatures: 1 valid, 1 required\n +witness wendy \([0-9A-F]{16}, fingerprint /);
  const json = JSON.parse((await verify(pkg, '--require-witnesses', '1', '--json')).stdout);
  assert.equal(json.witnessesRequired, 1);
  assert.deepEqual(json.cosigners.map((c: { label: string; status: string }) => [c.label, c.status]), [['wendy', 'valid']]);
  assert.equal((await verify(pkg, '--require-witnesses', '2')).code, 1);

  const twice = await cosign(pkg, wendy);
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /already exists/);
});

test("sluice cosign with the package signer's own key exits 2 and writes nothing", async () => {
  const pkg = await freshPackage();
  const before = await readdir(pkg);
  const r = await cosign(pkg, fx.key);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /signed this package; a witness must co-sign with their own, different key/);
  assert.deepEqual(await readdir(pkg), before);
});

test('a co-signature by a key trusted only as a signer does not satisfy --require-witnesses', async () => {
  const pkg = await freshPackage();
  assert.equal((await cosign(pkg, bob)).code, 0);
  const r = await verify(pkg, '--require-witnesses', '1');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /bob \([0-9A-F]{16}, fingerprint [^)]*\): not-a-witness, not counted: key bob .* is trusted as a signer, not as a witness/);
  assert.equal((await verify(pkg)).code, 0, 'without a requirement it is listed, not a failure');
});

test('a manifest requiring a witness (critical cosign) is rejected without one even when verify asks for none', async () => {
  const pkg = await freshPackage({ requireWitnesses: 1 });
  const r = await verify(pkg, '--require-witnesses', '0');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /FAIL cosign: co-signatures: 1 witness co-signature required, 0 valid/);
  assert.equal((await cosign(pkg, wendy)).code, 0);
  assert.equal((await verify(pkg)).code, 0);
});

test('--require-witnesses must be a whole number from 0 to 16 (exit 2)', async () => {
  const pkg = await freshPackage();
  for (const bad of ['-1', 'one', '1.5', '17', '']) {
    const r = await verify(pkg, `--require-witnesses=${bad}`);
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /require-witnesses/, bad);
  }
});

test('cosign --trust refuses a package whose own signature does not verify (exit 1); --ledger records the witness', async () => {
  const pkg = await freshPackage();
  const manifest = join(pkg, 'manifest.json');
  const orig = await readFile(manifest);
  await writeFile(manifest, Buffer.concat([orig, Buffer.from(' ')]));
  const refused = await cosign(pkg, wendy, '--trust', trust);
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, /Not co-signed/);
  await writeFile(manifest, orig);

  const ledger = join(dir, 'low-ledger.jsonl');
  assert.equal((await cosign(pkg, wendy, '--trust', trust, '--ledger', ledger, '--station', 'LOW')).code, 2, '--actor is required with --ledger');
  const r = await cosign(pkg, wendy, '--trust', trust, '--ledger', ledger, '--station', 'LOW', '--actor', 'Wendy W');
  assert.equal(r.code, 0, r.stderr);
  const [e] = await readLedger(ledger);
  assert.equal(e?.event, 'transfer.cosigned');
  assert.equal(e?.actor, 'Wendy W');
  assert.equal((e?.data as { keyId: string }).keyId, wendy.keyId);
});
