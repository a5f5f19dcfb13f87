// minisign secret-key files: round trip, wrong passphrase, tampering, libsodium's parameter choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decryptSecretKey, encryptSecretKey, isEncryptedSecretKey } from '../../../electron/engine/keys/secret-key';
import { generateKeyPair } from '../../../electron/engine/keys/key-files';
import { KDF_LIMITS, pickParams } from '../../../electron/engine/keys/kdf';
import { SluiceError } from '../../../electron/engine/errors';
import { blake2b } from '@noble/hashes/blake2.js';

const isCode = (code: string) => (e: unknown) => e instanceof SluiceError && e.code === code;

function withBlob(text: string, edit: (blob: Buffer) => Buffer): string {
  const [comment, line] = text.split('\n') as [string, string];
  return `${comment}\n${edit(Buffer.from(line, 'base64')).toString('base64')}\n`;
}

test('pickParams matches libsodium for minisign default, Sluice standard/test and the low-opslimit branch', () => {
  assert.deepEqual(pickParams(2n ** 25n, 2n ** 30n), { N: 2 ** 20, r: 8, p: 1 }, 'minisign -G default');
  assert.deepEqual(pickParams(BigInt(KDF_LIMITS.standard.opslimit), BigInt(KDF_LIMITS.standard.memlimit)), { N: 2 ** 19, r: 8, p: 1 });
  assert.deepEqual(pickParams(BigInt(KDF_LIMITS.test.opslimit), BigInt(KDF_LIMITS.test.memlimit)), { N: 2 ** 15, r: 8, p: 1 });
  // opslimit < memlimit/32: p = 1, N from opslimit/(4r).
  assert.deepEqual(pickParams(2n ** 16n, 2n ** 30n), { N: 2 ** 11, r: 8, p: 1 });
  // Below 32768 opslimit is raised to 32768.
  assert.deepEqual(pickParams(1n, 2n ** 30n), pickParams(32768n, 2n ** 30n));
  // Plenty of ops for the memory: p grows.
  assert.deepEqual(pickParams(2n ** 28n, 2n ** 25n), { N: 2 ** 15, r: 8, p: 256 });
});

test('a key encrypted with the test cost decrypts with the right passphrase to the same key', async () => {
  const { signingKey } = generateKeyPair();
  const text = await encryptSecretKey(signingKey, 'correct horse', 'test');
  assert.match(text, /^untrusted comment: minisign encrypted secret key\n[A-Za-z0-9+/=]{212}\n$/);
  const blob = Buffer.from(text.split('\n')[1]!, 'base64');
  assert.equal(blob.length, 158);
  assert.equal(blob.subarray(0, 6).toString('latin1'), 'EdScB2');
  assert.equal(blob.readBigUInt64LE(38), 2n ** 20n);
  assert.equal(blob.readBigUInt64LE(46), 2n ** 25n);
  assert.ok(isEncryptedSecretKey(text));
  const back = await decryptSecretKey(text, 'correct horse');
  assert.deepEqual(back.keyIdBytes, signingKey.keyIdBytes);
  assert.deepEqual(back.secretKey, signingKey.secretKey);
  const again = await encryptSecretKey(signingKey, 'correct horse', 'test');
  assert.notEqual(again, text, 'a fresh salt each time');
});

test('a wrong passphrase is refused with wrong-passphrase and a message saying what to do', async () => {
  const { signingKey } = generateKeyPair();
  const text = await encryptSecretKey(signingKey, 'right', 'test');
  await assert.rejects(decryptSecretKey(text, 'Right'), (e) => isCode('wrong-passphrase')(e) && /passphrase/.test((e as Error).message) && /try again/.test((e as Error).message));
});

test('tampered and malformed key files are refused, never repaired', async () => {
  const { signingKey } = generateKeyPair();
  const text = await encryptSecretKey(signingKey, 'pw', 'test');
  // A flipped byte inside the encrypted key data: the checksum cannot match.
  await assert.rejects(decryptSecretKey(withBlob(text, (b) => ((b[100]! ^= 1), b)), 'pw'), isCode('wrong-passphrase'));
  // A flipped salt byte derives another keystream.
  await assert.rejects(decryptSecretKey(withBlob(text, (b) => ((b[10]! ^= 1), b)), 'pw'), isCode('wrong-passphrase'));
  // Header damage is recognised as not-a-key.
  await assert.rejects(decryptSecretKey(withBlob(text, (b) => ((b[0] = 0x45), (b[1] = 0x44), b)), 'pw'), isCode('bad-key-file'));
  await assert.rejects(decryptSecretKey(withBlob(text, (b) => ((b[2] = 0x41), b)), 'pw'), isCode('bad-key-file'));
  await assert.rejects(decryptSecretKey(withBlob(text, (b) => b.subarray(0, 157)), 'pw'), isCode('bad-key-file'));
  await assert.rejects(decryptSecretKey(text.replace('untrusted comment: ', ''), 'pw'), isCode('bad-key-file'));
  await assert.rejects(decryptSecretKey(text.replace(/\n(.)/, '\n$1 '), 'pw'), isCode('bad-key-file'));
  // Absurd scrypt limits are refused before any work is done.
  const huge = withBlob(text, (b) => (b.writeBigUInt64LE(2n ** 40n, 38), b.writeBigUInt64LE(2n ** 40n, 46), b));
  await assert.rejects(decryptSecretKey(huge, 'pw'), (e) => isCode('bad-key-file')(e) && /scrypt parameters/.test((e as Error).message));
});

test('an unencrypted key (kdf 0x0000) is read without a passphrase; altered, it is refused', async () => {
  const { signingKey } = generateKeyPair();
  const encrypted = await encryptSecretKey(signingKey, 'pw', 'test');
  // Build the clear form minisign -W writes: kdf bytes zero, salt and limits zero, keynum in clear.
  const chk = blake2b(Buffer.concat([Buffer.from('Ed'), signingKey.keyIdBytes, signingKey.secretKey]), { dkLen: 32 });
  const blob = Buffer.concat([Buffer.from('Ed'), Buffer.from([0, 0]), Buffer.from('B2'), Buffer.alloc(48), signingKey.keyIdBytes, signingKey.secretKey, chk]);
  const text = `${encrypted.split('\n')[0]}\n${blob.toString('base64')}\n`;
  assert.equal(isEncryptedSecretKey(text), false);
  const key = await decryptSecretKey(text, 'ignored');
  assert.deepEqual(key.secretKey, signingKey.secretKey);
  await assert.rejects(decryptSecretKey(withBlob(text, (b) => ((b[80]! ^= 0x80), b)), ''), isCode('bad-key-file'));
  // minisign -W leaves the checksum zero: accepted, but a damaged seed still fails the public-key check.
  const zeroChk = withBlob(text, (b) => (b.fill(0, 126), b));
  assert.deepEqual((await decryptSecretKey(zeroChk, '')).secretKey, signingKey.secretKey);
  await assert.rejects(decryptSecretKey(withBlob(zeroChk, (b) => ((b[70]! ^= 0x04), b)), ''), (e) => isCode('bad-key-file')(e) && /public half/.test((e as Error).message));
});
