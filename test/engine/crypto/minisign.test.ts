/**
 * minisign's file formats as FORMAT.md §5 states them, checked against signature files written by
 * the test (test/engine/verify/defence-kit.ts `minisig`), with every expected outcome written out.
 * Each rule of `verifySignature` here has a case that breaks exactly it, so removing the rule fails
 * a test (the mutation run, `MUTATE=crypto npm run mutate`, holds the suite to that).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodePublicKey, formatKeyId, parsePublicKey, signBytes, verifySignature, type PublicKey,
} from '../../../electron/engine/crypto/minisign';
import { minisig, testKey } from '../verify/defence-kit';

const k = testKey(5);
const other = testKey(6);
const pub = (key = k): PublicKey => ({ keyIdBytes: key.idBytes, keyId: key.keyId, publicKey: key.publicKey });
const BYTES = Buffer.from('the signed file\n');
const COMMENT = 'sluice-transfer/1 file=manifest.json id=C-1 seq=1 from=LOW to=HIGH';
const good = minisig(BYTES, k, COMMENT);
const lines = good.split('\n');
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const failure = (text: string, trusted = [pub()]) => {
  const r = verifySignature(BYTES, text, trusted);
  assert.equal(r.ok, false, 'must not verify');
  return r.ok ? null : r.failure;
};

test('key ids print as minisign prints them: the 8 bytes as a little-endian u64', () => {
  assert.equal(formatKeyId(new Uint8Array([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0xab])), 'AB07060504030201');
  assert.equal(k.keyId, '0DD6D5D4D3D2D105');
  assert.equal(formatKeyId(k.idBytes), k.keyId);
});

test('a signature written from the spec verifies, with or without the final newline, and returns its key and comment', () => {
  for (const text of [good, good.slice(0, -1)]) {
    const r = verifySignature(BYTES, text, [pub(other), pub()]);
    assert.equal(r.ok, true);
    if (r.ok) {
      assert.equal(r.trustedComment, COMMENT);
      assert.equal(r.key.keyId, k.keyId);
    }
  }
});

test('signBytes writes what the spec says: it verifies as the spec-written one does, and one-line comments only', () => {
  const text = signBytes(BYTES, { keyIdBytes: k.idBytes, secretKey: k.secretKey }, COMMENT, 'u');
  assert.equal(text, minisig(BYTES, k, COMMENT, 'u'), 'Ed25519 is deterministic: byte for byte the same file');
  assert.ok(signBytes(BYTES, { keyIdBytes: k.idBytes, secretKey: k.secretKey }, COMMENT).startsWith('untrusted comment: signature from Sluice\n'));
  assert.throws(() => signBytes(BYTES, { keyIdBytes: k.idBytes, secretKey: k.secretKey }, 'a\nb'), /comments must be one line/);
  assert.throws(() => signBytes(BYTES, { keyIdBytes: k.idBytes, secretKey: k.secretKey }, 'a', 'b\rc'), /comments must be one line/);
});

test('the layout is exactly four lines with their prefixes', () => {
  assert.deepEqual(failure(lines.slice(0, 3).join('\n')), { code: 'malformed', message: 'signature file must have exactly four lines' });
  assert.deepEqual(failure(good + 'extra\n'), { code: 'malformed', message: 'signature file must have exactly four lines' });
  // Only an empty fifth piece (the final newline) is dropped; a fifth line without a newline is not.
  assert.deepEqual(failure(good + 'extra'), { code: 'malformed', message: 'signature file must have exactly four lines' });
  assert.deepEqual(failure(good + '\n'), { code: 'malformed', message: 'signature file must have exactly four lines' });
  assert.deepEqual(failure(good.replace('untrusted comment: ', 'untrusted comment ')), { code: 'malformed', message: 'signature file does not start with an untrusted comment' });
  assert.deepEqual(failure(good.replace('\ntrusted comment: ', '\ntrusted comment:')), { code: 'malformed', message: 'signature file has no trusted comment line' });
  // CRLF line ends leave a '\r' on each line: the base64 is no longer base64.
  assert.deepEqual(failure(good.replace(/\n/g, '\r\n')), { code: 'malformed', message: 'signature line must be base64 of 74 bytes' });
});

test('both signature lines must be canonical base64 of the right length', () => {
  const sig = lines[1]!;
  const glob = lines[3]!;
  const withLine = (i: number, s: string) => lines.map((l, j) => (j === i ? s : l)).join('\n');
  const SIG = { code: 'malformed', message: 'signature line must be base64 of 74 bytes' };
  const GLOBAL = { code: 'malformed', message: 'global signature must be base64 of 64 bytes' };
  assert.deepEqual(failure(withLine(1, b64(Buffer.from(sig, 'base64').subarray(0, 73)))), SIG);
  assert.deepEqual(failure(withLine(1, b64(Buffer.concat([Buffer.from(sig, 'base64'), Buffer.alloc(1)])))), SIG);
  assert.deepEqual(failure(withLine(1, ` ${sig}`)), SIG);
  assert.deepEqual(failure(withLine(1, sig.slice(0, -1))), SIG, 'length not a multiple of 4');
  // 74 bytes end in one '=' after a character carrying 2 spare bits: a set spare bit is not canonical.
  const last = sig.at(-2)!;
  const sloppy = sig.slice(0, -2) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.indexOf(last) | 1] + '=';
  assert.deepEqual(failure(withLine(1, sloppy)), SIG);
  assert.deepEqual(failure(withLine(3, b64(Buffer.from(glob, 'base64').subarray(0, 63)))), GLOBAL);
  assert.deepEqual(failure(withLine(3, `${glob}==`)), GLOBAL);
  assert.deepEqual(failure(withLine(3, glob.replace(/^./, '*'))), GLOBAL);
});

test("the legacy 'Ed' algorithm and any other are refused before the key is looked up", () => {
  const blob = Buffer.from(lines[1]!, 'base64');
  for (const alg of ['Ed', 'EE', 'ed']) {
    const text = lines.map((l, j) => (j === 1 ? b64(Buffer.concat([Buffer.from(alg), blob.subarray(2)])) : l)).join('\n');
    const f = failure(text);
    assert.equal(f?.code, 'unsupported-algorithm');
    assert.equal(f?.message, `signature algorithm "${alg}" is not accepted (only prehashed Ed25519, "ED")`);
  }
});

test('a key id not in the trusted list is refused, naming the key id', () => {
  assert.deepEqual(failure(good, [pub(other)]), { code: 'unknown-key', message: `signed by key ${k.keyId}, which is not in the trust store`, keyId: k.keyId });
  assert.deepEqual(failure(good, []), { code: 'unknown-key', message: `signed by key ${k.keyId}, which is not in the trust store`, keyId: k.keyId });
  // The right key id but another public key (a forged trust entry) is a bad signature, not a pass.
  assert.equal(failure(good, [{ ...pub(other), keyIdBytes: k.idBytes, keyId: k.keyId }])?.code, 'bad-signature');
});

test('a signature over other bytes, and an altered trusted comment, are refused by their own codes', () => {
  const r = verifySignature(Buffer.from('the signed file!\n'), good, [pub()]);
  assert.deepEqual(r, { ok: false, failure: { code: 'bad-signature', message: `signature by key ${k.keyId} does not match the file's contents`, keyId: k.keyId } });
  const altered = good.replace('seq=1', 'seq=2');
  assert.deepEqual(failure(altered), { code: 'bad-trusted-comment', message: `trusted comment of the signature by key ${k.keyId} has been altered`, keyId: k.keyId });
  const appended = good.replace(COMMENT, `${COMMENT} `);
  assert.equal(failure(appended)?.code, 'bad-trusted-comment', 'a trailing space is part of the signed comment');
  // The untrusted comment is not signed: changing it changes nothing.
  assert.equal(verifySignature(BYTES, good.replace('signature from the defence tests', 'anything at all'), [pub()]).ok, true);
});

test('public key files: encode, and parse only the exact forms', () => {
  const text = encodePublicKey(pub());
  const blob = Buffer.concat([Buffer.from('Ed'), k.idBytes, k.publicKey]);
  assert.equal(text, `untrusted comment: minisign public key ${k.keyId}\n${b64(blob)}\n`);
  for (const form of [text, b64(blob), `${b64(blob)}\n`, text.replace(/\n/g, '\r\n')]) {
    const p = parsePublicKey(form);
    assert.equal(p.keyId, k.keyId);
    assert.deepEqual(Buffer.from(p.publicKey), Buffer.from(k.publicKey));
    assert.deepEqual(Buffer.from(p.keyIdBytes), Buffer.from(k.idBytes));
  }
  assert.throws(() => parsePublicKey(''), /^Error: not a minisign public key: expected a comment line and one base64 line$/);
  assert.throws(() => parsePublicKey(`comment: x\n${b64(blob)}\n`), /expected a comment line and one base64 line/);
  assert.throws(() => parsePublicKey(`${text}${b64(blob)}\n`), /expected a comment line and one base64 line/);
  assert.throws(() => parsePublicKey(b64(blob.subarray(0, 41))), /the key line must be base64 of 42 bytes/);
  assert.throws(() => parsePublicKey(b64(Buffer.concat([blob, Buffer.alloc(3)]))), /the key line must be base64 of 42 bytes/);
  assert.throws(() => parsePublicKey(`${b64(blob)}=`), /the key line must be base64 of 42 bytes/);
  assert.throws(() => parsePublicKey(b64(Buffer.concat([Buffer.from('ED'), blob.subarray(2)]))), /^Error: not an Ed25519 minisign public key$/);
});
