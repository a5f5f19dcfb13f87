// pack() with a seal number and a sender's co-signature requirement: both land in the signed
// manifest (only when given, in a fixed place), the package still verifies, and bad values are
// refused before anything is written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest } from '../../../shared/format/manifest';
import { verifySignature } from '../../../electron/engine/crypto/minisign';
import { SluiceError } from '../../../electron/engine/errors';
import { verifyPackage } from '../../../electron/engine/verify/verify';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { FIXED_NOW, makeFixture, type Fixture } from '../verify/fixture';

let dir: string;
let fx: Fixture;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-pack-seal-');
  fx = await makeFixture(dir);
});
after(() => removeTempDir(dir));

test('a seal number is signed into manifest.json and the package verifies', async () => {
  const r = await fx.makePackage({ seal: 'SEAL-4711' });
  const text = await readFile(join(r.packageDir, 'manifest.json'), 'utf8');
  assert.match(text, /"seal": "SEAL-4711"/);
  const parsed = parseManifest(text);
  assert.ok(parsed.ok);
  assert.equal(parsed.manifest.seal, 'SEAL-4711');
  assert.deepEqual(parsed.manifest.critical, [], 'a seal is an optional field, not a critical extension');
  assert.deepEqual(Object.keys(JSON.parse(text)).slice(-4), ['checklist', 'attachments', 'seal', 'scan']);
  const report = await verifyPackage(r.packageDir, { store: fx.store, now: FIXED_NOW });
  assert.equal(report.ok, true, JSON.stringify(report.failures));
  assert.equal(report.manifest?.seal, 'SEAL-4711');
  assert.match(await readFile(join(r.packageDir, 'README.txt'), 'utf8'), /^ {2}Seal number: +SEAL-4711$/m);
});

test('without seal or witnesses the manifest has neither key and critical stays empty', async () => {
  const r = await fx.makePackage();
  const json = JSON.parse(await readFile(join(r.packageDir, 'manifest.json'), 'utf8'));
  assert.equal('seal' in json, false);
  assert.equal('cosign' in json, false);
  assert.deepEqual(json.critical, []);
  assert.doesNotMatch(await readFile(join(r.packageDir, 'README.txt'), 'utf8'), /Seal number|Co-signatures/);
});

test('requireWitnesses declares the critical cosign extension in the signed manifest', async () => {
  const r = await fx.makePackage({ requireWitnesses: 2, seal: 'te-0042' });
  const bytes = await readFile(join(r.packageDir, 'manifest.json'));
  const json = JSON.parse(bytes.toString('utf8'));
  assert.deepEqual(json.critical, ['cosign']);
  assert.deepEqual(json.cosign, { witnesses: 2 });
  assert.deepEqual(Object.keys(json).slice(-5), ['checklist', 'attachments', 'seal', 'cosign', 'scan']);
  assert.ok(parseManifest(bytes.toString('utf8')).ok);
  const sig = await readFile(join(r.packageDir, 'manifest.json.minisig'), 'utf8');
  assert.equal(verifySignature(bytes, sig, [fx.key.publicKey]).ok, true, 'the manifest with the requirement is what was signed');
  assert.match(await readFile(join(r.packageDir, 'README.txt'), 'utf8'), /Co-signatures: 2 witness/);
});

test('a malformed seal or witness count is refused before anything is written', async () => {
  const before = await readdir(join(dir, 'out'));
  for (const seal of ['AB', 'SEAL 4711', 'x'.repeat(33), 'SEAL-47\n11', '']) {
    await assert.rejects(fx.makePackage({ seal }), (e: unknown) => e instanceof SluiceError && e.code === 'bad-seal' && !e.message.includes('\n'), seal);
  }
  for (const n of [0, 17, 1.5, -1]) {
    await assert.rejects(fx.makePackage({ requireWitnesses: n }), (e: unknown) => e instanceof SluiceError && e.code === 'bad-witnesses', String(n));
  }
  assert.deepEqual(await readdir(join(dir, 'out')), before);
});
