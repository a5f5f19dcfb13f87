// The trust store: loading, adding, refusing duplicates, revoking, and refusing broken files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, stat, symlink, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePublicKey } from '../../../electron/engine/crypto/minisign';
import { generateKeyPair } from '../../../electron/engine/keys/key-files';
import { describeSigner, loadTrustStore, revokeKey, trustKey } from '../../../electron/engine/keys/trust-store';
import { SluiceError } from '../../../electron/engine/errors';
import { makeTempDir } from '../../helpers/tmp';

const isCode = (code: string) => (e: unknown) => e instanceof SluiceError && e.code === code;
const newPub = () => generateKeyPair().publicKey;

test('a missing trust store is refused with how to create one', async (t) => {
  const dir = join(await makeTempDir(t), 'absent');
  await assert.rejects(loadTrustStore(dir), (e) => isCode('no-trust-store')(e) && /sluice trust add/.test((e as Error).message));
});

test('trustKey creates the store 0700, lists keys by label with fingerprints', async (t) => {
  const dir = join(await makeTempDir(t), 'trust');
  const alice = newPub();
  const bob = newPub();
  const added = await trustKey(dir, encodePublicKey(bob), 'bob');
  await trustKey(dir, encodePublicKey(alice), 'alice');
  assert.equal((await stat(dir)).mode & 0o777, 0o700);
  assert.equal(added.file, join(dir, 'bob.pub'));
  const store = await loadTrustStore(dir);
  assert.deepEqual(store.keys.map((k) => [k.label, k.keyId]), [['alice', alice.keyId], ['bob', bob.keyId]]);
  assert.match(store.keys[0]!.fingerprint, /^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
  assert.deepEqual(store.revoked, []);
  assert.equal(describeSigner(store, alice.keyId).status, 'trusted');
  assert.match(describeSigner(store, alice.keyId).text, /"alice"/);
  assert.equal(describeSigner(store, 'FFFFFFFFFFFFFFFF').status, 'unknown');
});

test('a duplicate key id or label is refused and nothing changes', async (t) => {
  const dir = join(await makeTempDir(t), 'trust');
  const key = newPub();
  await trustKey(dir, encodePublicKey(key), 'alice');
  await assert.rejects(trustKey(dir, encodePublicKey(key, 'other comment'), 'alice2'), (e) => isCode('already-trusted')(e) && /already trusted as "alice"/.test((e as Error).message));
  await assert.rejects(trustKey(dir, encodePublicKey(newPub()), 'alice'), (e) => isCode('already-trusted')(e) && /label "alice"/.test((e as Error).message));
  await assert.rejects(trustKey(dir, 'not a key', 'carol'), isCode('bad-public-key'));
  await assert.rejects(trustKey(dir, encodePublicKey(newPub()), '../up'), isCode('bad-label'));
  assert.deepEqual(await readdir(dir), ['alice.pub']);
});

test('revokeKey moves the file to revoked/; the signer is then named as revoked and cannot be re-added', async (t) => {
  const dir = join(await makeTempDir(t), 'trust');
  const key = newPub();
  await trustKey(dir, encodePublicKey(key), 'alice');
  const text = await readFile(join(dir, 'alice.pub'), 'utf8');
  const revoked = await revokeKey(dir, 'alice');
  assert.equal(revoked.file, join(dir, 'revoked', 'alice.pub'));
  assert.deepEqual(await readdir(dir), ['revoked']);
  assert.equal(await readFile(revoked.file, 'utf8'), text);
  const store = await loadTrustStore(dir);
  assert.deepEqual(store.keys, []);
  assert.equal(store.revoked[0]!.keyId, key.keyId);
  const who = describeSigner(store, key.keyId);
  assert.equal(who.status, 'revoked');
  assert.match(who.text, /REVOKED signer "alice"/);
  await assert.rejects(trustKey(dir, encodePublicKey(key), 'alice-again'), (e) => isCode('already-trusted')(e) && /already revoked/.test((e as Error).message));
  await assert.rejects(revokeKey(dir, 'alice'), isCode('not-trusted'));
});

test('a .pub that does not parse, a symlink or a bad label stops the load, naming each file', async (t) => {
  const dir = join(await makeTempDir(t), 'trust');
  await trustKey(dir, encodePublicKey(newPub()), 'good');
  await writeFile(join(dir, 'broken.pub'), 'untrusted comment: x\nnot base64!\n');
  await writeFile(join(dir, 'bad label.pub'), encodePublicKey(newPub()));
  await symlink(join(dir, 'good.pub'), join(dir, 'link.pub'));
  await writeFile(join(dir, 'README.txt'), 'notes are ignored');
  await assert.rejects(loadTrustStore(dir), (e) => {
    assert.ok(isCode('bad-trust-store')(e));
    const paths = (e as SluiceError).details.map((d) => d.path).sort();
    assert.deepEqual(paths, [join(dir, 'bad label.pub'), join(dir, 'broken.pub'), join(dir, 'link.pub')]);
    return true;
  });
});

test('the same key both trusted and revoked (hand-edited store) is refused', async (t) => {
  const dir = join(await makeTempDir(t), 'trust');
  const key = newPub();
  await trustKey(dir, encodePublicKey(key), 'a');
  await mkdir(join(dir, 'revoked'));
  await writeFile(join(dir, 'revoked', 'b.pub'), encodePublicKey(key));
  await assert.rejects(loadTrustStore(dir), (e) => isCode('bad-trust-store')(e) && (e as SluiceError).details.some((d) => d.reason.includes(key.keyId)));
});

test('witness keys live in witnesses/, are listed apart from signers and never as signers', async (t) => {
  const dir = join(await makeTempDir(t), 'trust');
  const signer = newPub();
  const witness = newPub();
  await trustKey(dir, encodePublicKey(signer), 'alice');
  const added = await trustKey(dir, encodePublicKey(witness), 'wendy', 'witness');
  assert.equal(added.file, join(dir, 'witnesses', 'wendy.pub'));
  assert.equal(added.role, 'witness');
  assert.equal((await stat(join(dir, 'witnesses'))).mode & 0o777, 0o700);
  const store = await loadTrustStore(dir);
  assert.deepEqual(store.keys.map((k) => [k.label, k.role]), [['alice', 'signer']]);
  assert.deepEqual(store.witnesses.map((k) => [k.label, k.role, k.keyId]), [['wendy', 'witness', witness.keyId]]);
  const who = describeSigner(store, witness.keyId);
  assert.equal(who.status, 'witness');
  assert.doesNotMatch(who.text, /trusted signer/);
  assert.match(who.text, /co-sign only/);
});

test('labels and key ids are unique across roles; an unknown role is refused', async (t) => {
  const dir = join(await makeTempDir(t), 'trust');
  const key = newPub();
  await trustKey(dir, encodePublicKey(key), 'alice');
  await assert.rejects(trustKey(dir, encodePublicKey(key), 'alice-w', 'witness'), (e) => isCode('already-trusted')(e) && /already trusted as "alice" \(signer key/.test((e as Error).message));
  await assert.rejects(trustKey(dir, encodePublicKey(newPub()), 'alice', 'witness'), (e) => isCode('already-trusted')(e) && /label "alice"/.test((e as Error).message));
  const w = newPub();
  await trustKey(dir, encodePublicKey(w), 'wendy', 'witness');
  await assert.rejects(trustKey(dir, encodePublicKey(w), 'wendy-s'), (e) => isCode('already-trusted')(e) && /witness key/.test((e as Error).message));
  await assert.rejects(trustKey(dir, encodePublicKey(newPub()), 'x', 'admin' as never), isCode('bad-role'));
  // A hand-placed clash between a signer and a witness label stops the load.
  await writeFile(join(dir, 'witnesses', 'alice.pub'), encodePublicKey(newPub()));
  await assert.rejects(loadTrustStore(dir), (e) => isCode('bad-trust-store')(e) && (e as SluiceError).details.some((d) => /label "alice"/.test(d.reason)));
});

test('revokeKey revokes a witness into revoked/witnesses/, keeping its role', async (t) => {
  const dir = join(await makeTempDir(t), 'trust');
  const w = newPub();
  await trustKey(dir, encodePublicKey(w), 'wendy', 'witness');
  const revoked = await revokeKey(dir, 'wendy');
  assert.equal(revoked.file, join(dir, 'revoked', 'witnesses', 'wendy.pub'));
  const store = await loadTrustStore(dir);
  assert.deepEqual(store.witnesses, []);
  assert.deepEqual(store.revoked.map((k) => [k.label, k.role]), [['wendy', 'witness']]);
  assert.match(describeSigner(store, w.keyId).text, /REVOKED witness "wendy"/);
  await assert.rejects(trustKey(dir, encodePublicKey(w), 'wendy2', 'witness'), (e) => isCode('already-trusted')(e) && /already revoked/.test((e as Error).message));
  await assert.rejects(trustKey(dir, encodePublicKey(newPub()), 'wendy'), isCode('already-trusted'));
});

test('witnesses/ that is a file, not a folder, stops the load', async (t) => {
  const dir = join(await makeTempDir(t), 'trust');
  await trustKey(dir, encodePublicKey(newPub()), 'alice');
  await writeFile(join(dir, 'witnesses'), 'oops');
  await assert.rejects(loadTrustStore(dir), (e) => isCode('bad-trust-store')(e) && (e as SluiceError).details.some((d) => d.path === join(dir, 'witnesses')));
});
