// unlockSigningKey (passphrase.ts), the helper pack and other signing commands use to load a key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unlockSigningKey } from '../../electron/cli/passphrase';
import { SluiceError } from '../../electron/engine/errors';
import { generateKeyPair } from '../../electron/engine/keys/key-files';
import { blake2b } from '@noble/hashes/blake2.js';
import { bufferIo } from '../helpers/cli';
import { makeTestKey, TEST_PASSPHRASE } from '../helpers/keys';
import { makeTempDir } from '../helpers/tmp';

test('unlockSigningKey decrypts with the passphrase from the environment or a file', async (t) => {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir);
  const fromEnv = await unlockSigningKey(bufferIo({ env: { SLUICE_PASSPHRASE: TEST_PASSPHRASE } }), key.keyFile);
  assert.deepEqual(fromEnv.secretKey, key.signingKey.secretKey);
  const passFile = join(dir, 'pass');
  await writeFile(passFile, `${TEST_PASSPHRASE}\n`);
  assert.deepEqual((await unlockSigningKey(bufferIo(), key.keyFile, passFile)).keyIdBytes, key.signingKey.keyIdBytes);
});

test('unlockSigningKey: wrong passphrase, no passphrase source, missing file', async (t) => {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir);
  const io = bufferIo({ env: { SLUICE_PASSPHRASE: 'wrong' } });
  await assert.rejects(unlockSigningKey(io, key.keyFile), (e) => e instanceof SluiceError && e.code === 'wrong-passphrase');
  assert.equal(io.err(), '', 'no retry prompt when the passphrase did not come from a terminal');
  await assert.rejects(unlockSigningKey(bufferIo(), key.keyFile), (e) => e instanceof SluiceError && e.code === 'no-passphrase');
  await assert.rejects(unlockSigningKey(bufferIo(), join(dir, 'nope.key')), (e) => e instanceof SluiceError && e.code === 'no-key-file');
});

test('an unencrypted key needs no passphrase at all', async (t) => {
  const dir = await makeTempDir(t);
  const { signingKey } = generateKeyPair();
  const chk = blake2b(Buffer.concat([Buffer.from('Ed'), signingKey.keyIdBytes, signingKey.secretKey]), { dkLen: 32 });
  const blob = Buffer.concat([Buffer.from('Ed'), Buffer.from([0, 0]), Buffer.from('B2'), Buffer.alloc(48), signingKey.keyIdBytes, signingKey.secretKey, chk]);
  const file = join(dir, 'clear.key');
  await writeFile(file, `untrusted comment: minisign secret key\n${blob.toString('base64')}\n`);
  assert.deepEqual((await unlockSigningKey(bufferIo(), file)).secretKey, signingKey.secretKey);
});
