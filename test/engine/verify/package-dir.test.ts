/**
 * FORMAT.md §2 on the package directory itself: it is named after its transfer id (a copy under
 * another name is not the package), a `<id>.partial` directory is never a package, README.txt must
 * be present, attachments keep clear of the format's names, and SHA256SUMS signed by another
 * trusted key is named as such — not as a key "not in the trust store".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyPackage } from '../../../electron/engine/verify/index';
import { stageImport } from '../../../electron/engine/import/import';
import { signBytes } from '../../../electron/engine/crypto/minisign';
import { attachmentNameProblems } from '../../../electron/engine/verify/package-files';
import type { Manifest } from '../../../shared/format/manifest';
import { makeTestKey, makeTrustStore } from '../../helpers/keys';
import { makeTempDir } from '../../helpers/tmp';
import { FIXED_NOW, makeFixture } from './fixture';

test('a copy of a package under another name, or named <id>.partial, does not verify', async (t) => {
  const dir = await makeTempDir(t);
  const fx = await makeFixture(dir);
  const { packageDir } = await fx.makePackage();
  assert.equal((await verifyPackage(packageDir, { store: fx.store, now: FIXED_NOW })).ok, true, 'the original verifies');

  const other = join(dir, 'Other');
  assert.equal(spawnSync('cp', ['-a', packageDir, other]).status, 0);
  let r = await verifyPackage(other, { store: fx.store, now: FIXED_NOW });
  assert.equal(r.ok, false);
  assert.deepEqual(r.failures.map((f) => [f.check, f.where]), [['package-files', 'Other']]);
  assert.equal(r.failures[0]!.reason, 'the package directory is named "Other" but its manifest\'s transferId is "T-1"; a package must keep its transfer id as its name (rename the folder back)');

  const partial = join(dir, 'T-1.partial');
  await rename(other, partial);
  r = await verifyPackage(partial, { store: fx.store, now: FIXED_NOW });
  assert.equal(r.ok, false);
  assert.deepEqual(r.failures.map((f) => [f.check, f.where]), [['package-files', 'T-1.partial']]);
  assert.match(r.failures[0]!.reason, /ends in "\.partial" is a pack that never finished, not a package/);

  // A trailing slash or a relative path names the same directory: still the package.
  r = await verifyPackage(`${packageDir}/`, { store: fx.store, now: FIXED_NOW });
  assert.equal(r.ok, true, JSON.stringify(r.failures));

  // Import refuses the copy too, before any payload byte, and lands nothing.
  await rename(partial, other);
  const destRoot = join(dir, 'dest');
  await mkdir(destRoot);
  const staged = await stageImport(other, { store: fx.store, destRoot, station: 'HIGH', ledgerFile: join(dir, 'ledger.jsonl'), now: FIXED_NOW });
  assert.equal(staged.ok, false);
  assert.deepEqual(staged.report.failures.map((f) => [f.check, f.where]), [['package-files', 'Other']]);
  assert.deepEqual(await readdir(destRoot), []);
});

test('a package without README.txt is refused by package-files', async (t) => {
  const fx = await makeFixture(await makeTempDir(t));
  const { packageDir } = await fx.makePackage();
  await rm(join(packageDir, 'README.txt'));
  const r = await verifyPackage(packageDir, { store: fx.store, now: FIXED_NOW });
  assert.equal(r.ok, false);
  assert.deepEqual(r.failures, [{ check: 'package-files', where: 'README.txt', reason: 'missing from the package directory' }]);
});

test('SHA256SUMS signed by another trusted key: named as a different signer, not as an unknown key', async (t) => {
  const dir = await makeTempDir(t);
  const fx = await makeFixture(dir);
  const bob = await makeTestKey(join(dir, 'keys'), 'bob');
  const store = await makeTrustStore(join(dir, 'trust'), [bob]); // alice (the signer) and bob, both trusted
  assert.equal(store.keys.length, 2);
  const { packageDir, manifest } = await fx.makePackage();
  const sums = await readFile(join(packageDir, 'SHA256SUMS'));
  const comment = `sluice-transfer/1 file=SHA256SUMS id=${manifest.transferId} seq=${manifest.sequence} from=${manifest.source} to=${manifest.destination}`;
  await writeFile(join(packageDir, 'SHA256SUMS.minisig'), signBytes(sums, bob.signingKey, comment));
  const r = await verifyPackage(packageDir, { store, now: FIXED_NOW });
  assert.equal(r.ok, false);
  const f = r.failures.find((x) => x.check === 'sums-signature');
  assert.ok(f, JSON.stringify(r.failures));
  assert.equal(f.reason, `signed by key ${bob.keyId}, not by the manifest's signer ${fx.key.keyId}; SHA256SUMS and manifest.json must be signed by the same key`);
  assert.doesNotMatch(f.reason, /trust store/);
});

test('attachment names never take a name of the format (any case) and never repeat', () => {
  const names = (list: string[]) => attachmentNameProblems({ attachments: list.map((name) => ({ name, role: 'parity', size: 1, sha256: '0'.repeat(64) })) } as unknown as Manifest);
  assert.deepEqual(names(['parity.001', 'parity.002', 'notes.pdf']), []);
  const refused = names(['README.txt', 'readme.TXT', 'manifest.json', 'SHA256SUMS.minisig', 'payload.tar', 'PAYLOAD.TAR.007', 'cosign-0123456789ABCDEF.minisig', 'x.partial', 'a.bin', 'A.BIN']);
  assert.deepEqual(refused.map((p) => [p.where, p.reason]), [
    ['README.txt', 'attachment name is reserved for a file of the format (compared without case)'],
    ['readme.TXT', 'attachment name is reserved for a file of the format (compared without case)'],
    ['manifest.json', 'attachment name is reserved for a file of the format (compared without case)'],
    ['SHA256SUMS.minisig', 'attachment name is reserved for a file of the format (compared without case)'],
    ['payload.tar', 'attachment name is reserved for payload volumes (compared without case)'],
    ['PAYLOAD.TAR.007', 'attachment name is reserved for payload volumes (compared without case)'],
    ['cosign-0123456789ABCDEF.minisig', 'attachment name is reserved for co-signatures (compared without case)'],
    ['x.partial', "attachment name is reserved for a writer's unfinished files (compared without case)"],
    ['A.BIN', 'attachment name repeats another attachment (compared without case)'],
  ]);
});
