// Sluice's key files against the real `minisign` binary, both directions. minisign reads the
// password as a line on stdin when stdin is not a terminal (and twice for -G).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signBytes, verifySignature } from '../../../electron/engine/crypto/minisign';
import { generateKeyPair, loadPublicKeyFile, loadSigningKey, publicKeyOf } from '../../../electron/engine/keys/key-files';
import { encryptSecretKey, encryptSecretKeyWithLimits } from '../../../electron/engine/keys/secret-key';
import { SluiceError } from '../../../electron/engine/errors';
import { makeTempDir } from '../../helpers/tmp';
import { makeTestKey, TEST_PASSPHRASE } from '../../helpers/keys';

function minisign(args: string[], input = '') {
  const r = spawnSync('minisign', args, { input, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

test('a key written by Sluice signs with `minisign -S` and the signature verifies in Sluice', async (t) => {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir, 'sender');
  const file = join(dir, 'payload.txt');
  await writeFile(file, 'data for the high side\n');
  const signed = minisign(['-S', '-s', key.keyFile, '-m', file, '-t', 'transfer 42'], `${TEST_PASSPHRASE}\n`);
  assert.equal(signed.code, 0, signed.out);
  const check = verifySignature(await readFile(file), await readFile(`${file}.minisig`, 'utf8'), [await loadPublicKeyFile(key.pubFile)]);
  assert.equal(check.ok, true, JSON.stringify(check));
  assert.equal(check.ok && check.trustedComment, 'transfer 42');
  // minisign itself rejects the wrong password for the same file.
  assert.notEqual(minisign(['-S', '-s', key.keyFile, '-m', file, '-x', join(dir, 'x.minisig')], 'nope\n').code, 0);
});

test('scrypt parameters from the low-opslimit branch of pickparams agree with minisign', async (t) => {
  // Neither named cost uses this branch, so only minisign can confirm our N for it.
  const dir = await makeTempDir(t);
  const { signingKey } = generateKeyPair();
  const keyFile = join(dir, 'odd.key');
  await writeFile(keyFile, await encryptSecretKeyWithLimits(signingKey, 'pw', { opslimit: 2 ** 16, memlimit: 2 ** 30 }));
  const file = join(dir, 'f');
  await writeFile(file, 'x');
  const signed = minisign(['-S', '-s', keyFile, '-m', file], 'pw\n');
  assert.equal(signed.code, 0, signed.out);
  assert.equal(verifySignature(await readFile(file), await readFile(`${file}.minisig`, 'utf8'), [publicKeyOf(signingKey)]).ok, true);
});

test('an unencrypted `minisign -G -W` key signs in Sluice and `minisign -Vm` accepts it; .pub parses', async (t) => {
  const dir = await makeTempDir(t);
  const pub = join(dir, 'm.pub');
  const sec = join(dir, 'm.key');
  const made = minisign(['-G', '-W', '-p', pub, '-s', sec]);
  assert.equal(made.code, 0, made.out);
  const signingKey = await loadSigningKey(sec, '');
  const publicKey = await loadPublicKeyFile(pub);
  assert.deepEqual(publicKeyOf(signingKey).publicKey, publicKey.publicKey);
  const file = join(dir, 'f.bin');
  await writeFile(file, Buffer.from([0, 1, 2, 255]));
  await writeFile(`${file}.minisig`, signBytes(await readFile(file), signingKey, 'from sluice'));
  const verified = minisign(['-Vm', file, '-p', pub]);
  assert.equal(verified.code, 0, verified.out);
  assert.match(verified.out, /Trusted comment: from sluice/);
});

// 1 GiB of scrypt and 10–30 s on a shared machine, so opt-in: the two tests around it already pin
// both branches of pickparams against minisign itself.
const slow = process.env.SLUICE_SLOW_TESTS === '1' ? false : 'set SLUICE_SLOW_TESTS=1 (1 GiB scrypt)';
test('an encrypted `minisign -G` key (default cost: scrypt N=2^20, 1 GiB) is read with its password', { skip: slow }, async (t) => {
  const dir = await makeTempDir(t);
  const pub = join(dir, 'm.pub');
  const sec = join(dir, 'm.key');
  const made = minisign(['-G', '-p', pub, '-s', sec], 'minisign pw\nminisign pw\n');
  assert.equal(made.code, 0, made.out);
  const signingKey = await loadSigningKey(sec, 'minisign pw');
  const file = join(dir, 'f');
  await writeFile(file, 'abc');
  await writeFile(`${file}.minisig`, signBytes(await readFile(file), signingKey, 'ok'));
  assert.equal(minisign(['-Vm', file, '-p', pub]).code, 0);
  assert.equal((await loadPublicKeyFile(pub)).keyId, publicKeyOf(signingKey).keyId);
});

test('a tampered minisign key file is refused, naming the problem', async (t) => {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir);
  const text = await readFile(key.keyFile, 'utf8');
  const [comment, line] = text.split('\n') as [string, string];
  const blob = Buffer.from(line, 'base64');
  blob[120]! ^= 0x01;
  await writeFile(key.keyFile, `${comment}\n${blob.toString('base64')}\n`);
  await assert.rejects(loadSigningKey(key.keyFile, TEST_PASSPHRASE), (e) => e instanceof SluiceError && e.code === 'wrong-passphrase');
  await assert.rejects(loadSigningKey(join(dir, 'missing.key'), 'x'), (e) => e instanceof SluiceError && e.code === 'no-key-file' && /missing\.key/.test(e.message));
});

test("the 'standard' cost (scrypt N=2^19, 512 MiB) is what minisign -S derives too", async (t) => {
  const dir = await makeTempDir(t);
  const { signingKey } = generateKeyPair();
  const keyFile = join(dir, 'std.key');
  await writeFile(keyFile, await encryptSecretKey(signingKey, 'standard pw', 'standard'));
  const file = join(dir, 'f');
  await writeFile(file, 'standard');
  const signed = minisign(['-S', '-s', keyFile, '-m', file], 'standard pw\n');
  assert.equal(signed.code, 0, signed.out);
  assert.equal(verifySignature(await readFile(file), await readFile(`${file}.minisig`, 'utf8'), [publicKeyOf(signingKey)]).ok, true);
});
