// Key pairs on disk: createKey's files and modes, never overwriting, fingerprints, public keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePublicKey, parsePublicKey } from '../../../electron/engine/crypto/minisign';
import { createKey, fingerprint, generateKeyPair, loadPublicKeyFile, loadSigningKey, nameProblem, publicKeyOf } from '../../../electron/engine/keys/key-files';
import { SluiceError } from '../../../electron/engine/errors';
import { makeTempDir } from '../../helpers/tmp';

const isCode = (code: string) => (e: unknown) => e instanceof SluiceError && e.code === code;

test('createKey writes a 0600 secret key and a public key that belong together', async (t) => {
  const dir = join(await makeTempDir(t), 'keys');
  const made = await createKey({ dir, name: 'ops-1', passphrase: 'pw', cost: 'test' });
  assert.equal(made.keyFile, join(dir, 'ops-1.key'));
  assert.equal(made.pubFile, join(dir, 'ops-1.pub'));
  assert.equal((await stat(made.keyFile)).mode & 0o777, 0o600);
  assert.equal((await stat(dir)).mode & 0o777, 0o700);
  const pub = await loadPublicKeyFile(made.pubFile);
  assert.equal(pub.keyId, made.keyId);
  assert.match(await readFile(made.pubFile, 'utf8'), new RegExp(`^untrusted comment: minisign public key ${made.keyId}\\n`));
  const signing = await loadSigningKey(made.keyFile, 'pw');
  assert.deepEqual(publicKeyOf(signing).publicKey, pub.publicKey);
  assert.equal(made.fingerprint, fingerprint(pub));
});

test('createKey never overwrites an existing key or public key, and leaves nothing behind', async (t) => {
  const dir = await makeTempDir(t);
  const first = await createKey({ dir, name: 'k', passphrase: 'pw', cost: 'test' });
  const before = await readFile(first.keyFile, 'utf8');
  await assert.rejects(createKey({ dir, name: 'k', passphrase: 'other', cost: 'test' }), (e) => isCode('key-exists')(e) && /k\.key already exists/.test((e as Error).message));
  assert.equal(await readFile(first.keyFile, 'utf8'), before);
  await writeFile(join(dir, 'lonely.pub'), 'someone else');
  await assert.rejects(createKey({ dir, name: 'lonely', passphrase: 'pw', cost: 'test' }), isCode('key-exists'));
  assert.deepEqual((await readdir(dir)).sort(), ['k.key', 'k.pub', 'lonely.pub']);
  await assert.rejects(createKey({ dir, name: '../escape', passphrase: 'pw', cost: 'test' }), isCode('bad-key-name'));
  await assert.rejects(createKey({ dir, name: 'x', passphrase: '', cost: 'test' }), isCode('empty-passphrase'));
});

test('fingerprint: SHA-256 of "Ed" ‖ key id ‖ public key, first 20 bytes, 10 groups of 4', () => {
  const { publicKey } = generateKeyPair();
  const fp = fingerprint(publicKey);
  assert.match(fp, /^[0-9A-F]{4}( [0-9A-F]{4}){9}$/);
  const expected = createHash('sha256').update(Buffer.concat([Buffer.from('Ed'), publicKey.keyIdBytes, publicKey.publicKey])).digest('hex').slice(0, 40).toUpperCase();
  assert.equal(fp.replaceAll(' ', ''), expected);
  const otherId = { ...publicKey, keyIdBytes: new Uint8Array(8) };
  assert.notEqual(fingerprint(otherId), fp, 'the key id is covered');
});

test('public keys round-trip through encodePublicKey/parsePublicKey; bad files are named', async (t) => {
  const dir = await makeTempDir(t);
  const { publicKey } = generateKeyPair();
  assert.deepEqual(parsePublicKey(encodePublicKey(publicKey)), publicKey);
  const bad = join(dir, 'bad.pub');
  await writeFile(bad, 'untrusted comment: nope\nAAAA\n');
  await assert.rejects(loadPublicKeyFile(bad), (e) => isCode('bad-public-key')(e) && (e as Error).message.includes(bad));
  await assert.rejects(loadPublicKeyFile(join(dir, 'none.pub')), isCode('no-key-file'));
});

test('nameProblem allows [A-Za-z0-9._-]{1,64} not starting with a dot', () => {
  for (const ok of ['a', 'ops-team_2', 'A.B', 'x'.repeat(64)]) assert.equal(nameProblem(ok), null, ok);
  for (const bad of ['', '.hidden', '..', 'a/b', 'a b', 'é', 'x'.repeat(65)]) assert.notEqual(nameProblem(bad), null, bad);
});
