// Co-signatures end to end in the engine: cosignPackage writes what stock minisign accepts, and
// verification counts only valid co-signatures by trusted witness-role keys other than the signer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cosignPackage, cosignFileName } from '../../../electron/engine/cosign/index';
import { signBytes } from '../../../electron/engine/crypto/minisign';
import { SluiceError } from '../../../electron/engine/errors';
import { importPackage } from '../../../electron/engine/import/import';
import { loadTrustStore, revokeKey, trustKey, type TrustStore } from '../../../electron/engine/keys/trust-store';
import { checkSignature, verifyPackage } from '../../../electron/engine/verify/index';
import { renderCosignComment } from '../../../shared/format/trusted-comment';
import type { VerifyReport } from '../../../shared/format/report';
import { makeTestKey, type TestKey } from '../../helpers/keys';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { FIXED_NOW, makeFixture, type Fixture } from '../verify/fixture';

let dir: string;
let fx: Fixture;
let store: TrustStore;
let wendy: TestKey; // trusted witness
let walt: TestKey; // second trusted witness
let bob: TestKey; // trusted as a SIGNER, not a witness
let rita: TestKey; // witness, revoked
let uma: TestKey; // not in the trust store at all

before(async () => {
  dir = await makeTempDir(undefined, 'sluice-cosign-');
  fx = await makeFixture(dir);
  const keys = join(dir, 'keys');
  wendy = await makeTestKey(keys, 'wendy');
  walt = await makeTestKey(keys, 'walt');
  bob = await makeTestKey(keys, 'bob');
  rita = await makeTestKey(keys, 'rita');
  uma = await makeTestKey(keys, 'uma');
  const trust = join(dir, 'trust');
  for (const k of [wendy, walt, rita]) await trustKey(trust, await readFile(k.pubFile, 'utf8'), k.name, 'witness');
  await trustKey(trust, await readFile(bob.pubFile, 'utf8'), 'bob');
  await revokeKey(trust, 'rita');
  store = await loadTrustStore(trust);
});
after(() => removeTempDir(dir));

const cosignCheck = (r: VerifyReport) => r.checks.find((c) => c.id === 'cosign')!;
const cosignFailures = (r: VerifyReport) => r.failures.filter((f) => f.check === 'cosign');
const verify = (pkg: string, requireWitnesses?: number) => verifyPackage(pkg, { store, now: FIXED_NOW, requireWitnesses });

test('cosignPackage writes cosign-<KEYID>.minisig that stock minisign accepts, and it counts', async () => {
  const pkg = (await fx.makePackage()).packageDir;
  const r = await cosignPackage(pkg, wendy.signingKey, { role: 'witness' });
  assert.equal(r.file, join(pkg, `cosign-${wendy.keyId}.minisig`));
  assert.match(wendy.keyId, /^[0-9A-F]{16}$/);
  assert.equal(r.keyId, wendy.keyId);
  assert.equal(r.fingerprint, wendy.fingerprint);
  const mv = spawnSync('minisign', ['-Vm', join(pkg, 'manifest.json'), '-x', r.file, '-p', wendy.pubFile], { encoding: 'utf8' });
  assert.equal(mv.status, 0, mv.stderr);
  assert.match(mv.stdout, /Trusted comment: sluice-transfer\/1 file=manifest\.json id=\S+ seq=\d+ from=LOW to=HIGH role=witness/);
  // The wrong public key is refused by minisign: the test can fail.
  assert.notEqual(spawnSync('minisign', ['-Vm', join(pkg, 'manifest.json'), '-x', r.file, '-p', walt.pubFile]).status, 0);

  const report = await verify(pkg, 1);
  assert.equal(report.ok, true, JSON.stringify(report.failures));
  assert.equal(report.witnessesRequired, 1);
  assert.deepEqual(report.cosigners?.map((c) => [c.keyId, c.label, c.role, c.status]), [[wendy.keyId, 'wendy', 'witness', 'valid']]);
  assert.equal(report.cosigners?.[0]?.fingerprint, wendy.fingerprint);
  const stage = await checkSignature(pkg, store, { requireWitnesses: 1 });
  assert.equal(stage.ok, true);
  assert.equal(stage.cosigners[0]?.status, 'valid');
  assert.equal(stage.witnessesRequired, 1);
});

test("the signer's own key is refused ('cosign-own-key'); a second co-signature by one key is refused", async () => {
  const pkg = (await fx.makePackage()).packageDir;
  const before = await readdir(pkg);
  await assert.rejects(cosignPackage(pkg, fx.key.signingKey, { role: 'witness' }), (e) => e instanceof SluiceError && e.code === 'cosign-own-key');
  assert.deepEqual(await readdir(pkg), before);
  await cosignPackage(pkg, wendy.signingKey, { role: 'witness' });
  const first = await readFile(join(pkg, cosignFileName(wendy.keyId)));
  await assert.rejects(cosignPackage(pkg, wendy.signingKey, { role: 'witness' }), (e) => e instanceof SluiceError && e.code === 'already-cosigned');
  assert.deepEqual(await readFile(join(pkg, cosignFileName(wendy.keyId))), first);
});

test('the station requires witnesses: none, or too few, is a cosign failure with a clear reason', async () => {
  const pkg = (await fx.makePackage()).packageDir;
  const none = await verify(pkg, 1);
  assert.equal(none.ok, false);
  assert.deepEqual(none.failures.map((f) => f.check), ['cosign']);
  assert.match(cosignFailures(none)[0]!.reason, /^1 witness co-signature required, 0 valid/);
  assert.equal(none.checks.find((c) => c.id === 'entries')?.status, 'skipped', 'no payload byte read');
  assert.equal((await verify(pkg)).ok, true, 'no requirement: no co-signature needed');
  await cosignPackage(pkg, wendy.signingKey, { role: 'witness' });
  const two = await verify(pkg, 2);
  assert.equal(two.ok, false);
  assert.match(cosignFailures(two)[0]!.reason, /^2 witness co-signatures required, 1 valid: wendy \([0-9A-F]{16}\)$/);
  await cosignPackage(pkg, walt.signingKey, { role: 'witness' });
  assert.equal((await verify(pkg, 2)).ok, true);
});

test("co-signatures by a signer-role key, the signer's own key, a revoked witness or an unknown key do not count and are not failures", async () => {
  const pkg = (await fx.makePackage()).packageDir;
  const m = (await checkSignature(pkg, store)).manifest!;
  for (const k of [bob, rita, uma]) await cosignPackage(pkg, k.signingKey, { role: 'witness' });
  // cosignPackage refuses the signer's key, so write that one by hand, as a hostile sender could.
  const comment = renderCosignComment({ file: 'manifest.json', id: m.transferId, seq: m.sequence, from: m.source, to: m.destination, role: 'witness' });
  await writeFile(join(pkg, cosignFileName(fx.key.keyId)), signBytes(await readFile(join(pkg, 'manifest.json')), fx.key.signingKey, comment));

  const plain = await verify(pkg);
  assert.equal(plain.ok, true, JSON.stringify(plain.failures));
  const status = Object.fromEntries(plain.cosigners!.map((c) => [c.keyId, c.status]));
  assert.deepEqual(status, { [bob.keyId]: 'not-a-witness', [rita.keyId]: 'revoked', [uma.keyId]: 'unknown-key', [fx.key.keyId]: 'signer-key' });
  const required = await verify(pkg, 1);
  assert.equal(required.ok, false);
  const reason = cosignFailures(required)[0]!.reason;
  assert.match(reason, /^1 witness co-signature required, 0 valid; not counted: /);
  for (const why of [/bob .* is trusted as a signer, not as a witness/, /rita .* was revoked/, /not in the trust store/, /signer's own key/]) assert.match(reason, why);
});

test("a flipped byte in a witness's co-signature, or one made for another transfer, is a cosign failure (tampering)", async () => {
  const pkg = (await fx.makePackage()).packageDir;
  const { file } = await cosignPackage(pkg, wendy.signingKey, { role: 'witness' });
  const good = await readFile(file, 'utf8');
  const lines = good.split('\n');
  // Flip one bit of the signature's last byte (inside the base64 of line 2, keeping it canonical).
  const sig = Buffer.from(lines[1]!, 'base64');
  sig[40] = sig[40]! ^ 0x01;
  await writeFile(file, [lines[0], sig.toString('base64'), ...lines.slice(2)].join('\n'));
  const flipped = await verify(pkg);
  assert.equal(flipped.ok, false);
  assert.deepEqual(cosignFailures(flipped).map((f) => f.where), [`cosign-${wendy.keyId}.minisig`]);
  assert.equal(flipped.cosigners?.[0]?.status, 'bad-signature');

  // The trusted comment changed (role, or another sequence): the global signature catches it.
  await writeFile(file, good.replace('role=witness', 'role=witnesx'));
  assert.equal((await verify(pkg)).cosigners?.[0]?.status, 'bad-comment');

  // A genuine co-signature by the same witness, copied from another transfer: the comment differs.
  const other = (await fx.makePackage()).packageDir;
  const moved = await cosignPackage(other, wendy.signingKey, { role: 'witness' });
  await writeFile(file, await readFile(moved.file));
  const replayed = await verify(pkg);
  assert.equal(cosignCheck(replayed).status, 'fail');
  assert.equal(replayed.cosigners?.[0]?.status, 'bad-signature', 'the signature is over another manifest');
});

test('malformed co-signature files: a legacy Ed signature, a name that lies about the key, a bad name', async () => {
  const pkg = (await fx.makePackage()).packageDir;
  const { file } = await cosignPackage(pkg, wendy.signingKey, { role: 'witness' });
  const good = await readFile(file, 'utf8');
  const lines = good.split('\n');
  const blob = Buffer.from(lines[1]!, 'base64');
  blob.write('Ed', 0, 'latin1');
  await writeFile(file, [lines[0], blob.toString('base64'), ...lines.slice(2)].join('\n'));
  const legacy = await verify(pkg);
  assert.equal(legacy.cosigners?.[0]?.status, 'malformed');
  assert.match(cosignFailures(legacy)[0]!.reason, /"Ed" is not accepted/);

  await writeFile(file, good);
  const uFile = (await cosignPackage(pkg, uma.signingKey, { role: 'witness' })).file;
  await rename(uFile, join(pkg, `cosign-${walt.keyId}.minisig`)); // uma's signature under walt's name
  const lying = await verify(pkg);
  assert.match(cosignFailures(lying).map((f) => f.reason).join('\n'), new RegExp(`named for key ${walt.keyId} but holds a signature by key ${uma.keyId}`));
  await rename(join(pkg, `cosign-${walt.keyId}.minisig`), join(pkg, `cosign-${walt.keyId.toLowerCase()}.minisig`));
  const badName = await verify(pkg);
  assert.ok(badName.failures.some((f) => f.check === 'package-files' && /cosign-<KEYID>\.minisig/.test(f.reason)), JSON.stringify(badName.failures));

  await rename(join(pkg, `cosign-${walt.keyId.toLowerCase()}.minisig`), join(pkg, `cosign-${walt.keyId}.minisig`));
  await writeFile(join(pkg, `cosign-${walt.keyId}.minisig`), 'x'.repeat(4097));
  assert.match(cosignFailures(await verify(pkg)).map((f) => f.reason).join('\n'), /more than the 4096 allowed/);
});

test('a sender-declared requirement (critical ["cosign"]) is enforced even when the station requires none', async () => {
  const packed = await fx.makePackage({ requireWitnesses: 1 });
  const m = packed.manifest;
  assert.deepEqual(m.critical, ['cosign']);
  assert.deepEqual(m.cosign, { witnesses: 1 });
  const without = await verify(packed.packageDir, 0);
  assert.equal(without.ok, false);
  assert.equal(without.witnessesRequired, 1);
  assert.match(cosignFailures(without)[0]!.reason, /1 witness co-signature required, 0 valid/);
  // A signer-role key co-signing does not satisfy it.
  await cosignPackage(packed.packageDir, bob.signingKey, { role: 'witness' });
  assert.equal((await verify(packed.packageDir)).ok, false);
  await cosignPackage(packed.packageDir, wendy.signingKey, { role: 'witness' });
  assert.equal((await verify(packed.packageDir)).ok, true);
  // The station may ask for more than the sender; the larger number wins.
  const more = await verify(packed.packageDir, 2);
  assert.equal(more.witnessesRequired, 2);
  assert.equal(more.ok, false);
});

test('importPackage enforces requireWitnesses: rejected and recorded without, imported with', async () => {
  const destRoot = join(dir, 'dest');
  await mkdir(destRoot);
  const s = { destRoot, ledgerFile: join(dir, 'ledger.jsonl'), station: 'HIGH', store, now: FIXED_NOW, officer: 'olga', requireWitnesses: 1 };
  const pkg = (await fx.makePackage({ transferId: 'CO-1', sequence: 100 })).packageDir;
  const refused = await importPackage(pkg, s);
  assert.equal(refused.ok, false);
  assert.deepEqual(refused.failures.map((f) => f.check), ['cosign']);
  assert.deepEqual(await readdir(destRoot), [], 'nothing imported, no staging left');
  await cosignPackage(pkg, wendy.signingKey, { role: 'witness' });
  const done = await importPackage(pkg, s);
  assert.equal(done.ok, true, JSON.stringify(done.failures));
  assert.equal(done.cosigners?.[0]?.status, 'valid');
  assert.deepEqual(await readdir(destRoot), ['CO-1']);
});

test('a package signed by a witness-role key is refused: a witness may co-sign, never sign', async () => {
  const packed = await fx.makePackage({ signingKey: wendy.signingKey });
  const r = await verify(packed.packageDir);
  assert.equal(r.ok, false);
  assert.deepEqual(r.failures.map((f) => f.check), ['signature']);
  assert.match(r.failures[0]!.reason, /wendy .* trusted only as a witness/);
});
