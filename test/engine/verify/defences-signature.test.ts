/**
 * Each signature defence of FORMAT.md §5, removed one at a time, must turn a test here red
 * (docs/SECURITY.md "Tests that guard the defences"). Packages and signatures are written by
 * defence-kit.ts from the spec, and every expected reason is written out literally, so neither the
 * package nor the expectation comes from the code under test.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyPackage } from '../../../electron/engine/verify/index';
import type { Failure } from '../../../shared/format/report';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { minisig, NOW, storeOf, testKey, writePackage, type Spec } from './defence-kit';

const k = testKey(1);
const other = testKey(2);
const store = storeOf(k, other);
let root = '';
before(async () => { root = await makeTempDir(undefined, 'sluice-defence-sig-'); });
after(() => removeTempDir(root));

const verify = (dir: string) => verifyPackage(dir, { store, now: NOW });
let n = 0;
/** A package with a fresh id, written by `k` unless the spec says otherwise. */
const write = (spec: Omit<Spec, 'id'> & { id?: string } = {}, key = k) => writePackage(root, { id: `S-${++n}`, ...spec }, key);
const failuresOf = (r: { failures: Failure[] }, check: string) => r.failures.filter((f) => f.check === check);

test('control: a package written from FORMAT.md alone verifies', async () => {
  const r = await verify((await write()).dir);
  assert.deepEqual(r.failures, []);
  assert.equal(r.ok, true);
});

test('control: a many-digit sequence (9007199254740991, the largest) is read whole from the trusted comment', async () => {
  const r = await verify((await write({ seq: 9007199254740991 })).dir);
  assert.deepEqual(r.failures, []);
});

test("mix-and-match: package A's manifest signature in package B (same key) is refused", async () => {
  const a = await write({ seq: 1 });
  const b = await write({ seq: 2 });
  await copyFile(join(a.dir, 'manifest.json.minisig'), join(b.dir, 'manifest.json.minisig'));
  const r = await verify(b.dir);
  assert.equal(r.ok, false);
  assert.deepEqual(failuresOf(r, 'signature'), [{ check: 'signature', where: 'manifest.json.minisig', reason: `signature by key ${k.keyId} does not match the file's contents` }]);

  // The same transfer id packed twice (sequence 3, then 4): C's manifest with its own valid
  // signature under D's SHA256SUMS. The sums signature is valid too — only its comment tells.
  const c = await writePackage(join(root, 'c'), { id: 'MIX-SAME', seq: 3 }, k);
  const d = await writePackage(join(root, 'd'), { id: 'MIX-SAME', seq: 4 }, k);
  for (const f of ['manifest.json', 'manifest.json.minisig']) await copyFile(join(c.dir, f), join(d.dir, f));
  const r2 = await verify(d.dir);
  assert.equal(r2.ok, false);
  assert.ok(failuresOf(r2, 'sums-signature').some((f) => f.reason === 'trusted comment says seq=4, the manifest implies seq=3'), JSON.stringify(r2.failures));
});

// One field of the trusted comment differs from the manifest, the signature itself valid.
const FIELD_LIES = [
  { field: 'file', comment: (f: string) => `sluice-transfer/1 file=${f === 'manifest.json' ? 'SHA256SUMS' : 'manifest.json'} id=ID seq=1 from=LOW to=HIGH`, says: (f: string) => (f === 'manifest.json' ? 'SHA256SUMS' : 'manifest.json') },
  { field: 'id', comment: (f: string) => `sluice-transfer/1 file=${f} id=OTHER-ID seq=1 from=LOW to=HIGH`, says: () => 'OTHER-ID' },
  { field: 'seq', comment: (f: string) => `sluice-transfer/1 file=${f} id=ID seq=2 from=LOW to=HIGH`, says: () => '2' },
  { field: 'from', comment: (f: string) => `sluice-transfer/1 file=${f} id=ID seq=1 from=ELSEWHERE to=HIGH`, says: () => 'ELSEWHERE' },
  { field: 'to', comment: (f: string) => `sluice-transfer/1 file=${f} id=ID seq=1 from=LOW to=NOWHERE`, says: () => 'NOWHERE' },
] as const;
const IMPLIED = (field: string, file: string, id: string) => ({ file, id, seq: '1', from: 'LOW', to: 'HIGH' })[field];

for (const [signed, check, sigFile] of [['manifest.json', 'trusted-comment', 'manifest.json.minisig'], ['SHA256SUMS', 'sums-signature', 'SHA256SUMS.minisig']] as const) {
  for (const lie of FIELD_LIES) {
    test(`${sigFile} whose trusted comment has another ${lie.field}= is refused by '${check}'`, async () => {
      const id = `S-${++n}`;
      const w = await writePackage(root, {
        id,
        comment: (file) => (file === signed ? lie.comment(file).replace('id=ID', `id=${id}`) : `sluice-transfer/1 file=${file} id=${id} seq=1 from=LOW to=HIGH`),
      }, k);
      const r = await verify(w.dir);
      assert.equal(r.ok, false);
      assert.deepEqual(failuresOf(r, check), [
        { check, where: sigFile, reason: `trusted comment says ${lie.field}=${lie.says(signed)}, the manifest implies ${lie.field}=${IMPLIED(lie.field, signed, id)}` },
      ]);
    });
  }
}

/** Changes the base64 character at `i` of line `line` (0-based) to another base64 character. */
function changeBase64(text: string, line: number, i: number): string {
  const lines = text.split('\n');
  const s = lines[line]!;
  lines[line] = s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  return lines.join('\n');
}
/** Flips one bit of byte `i` of the global signature, keeping canonical base64. */
function flipGlobal(text: string, i: number): string {
  const lines = text.split('\n');
  const bytes = Buffer.from(lines[3]!, 'base64');
  bytes[i] = bytes[i]! ^ 0x01;
  lines[3] = bytes.toString('base64');
  return lines.join('\n');
}

const ALTERED = `trusted comment of the signature by key ${k.keyId} has been altered`;
const BAD_SIG = `signature by key ${k.keyId} does not match the file's contents`;
/** Chosen bytes of each line — never the ':' of "trusted comment:", which only tests the malformed-file path. */
const FLIPS: { what: string; edit: (t: string) => string; reason: string | RegExp }[] = [
  { what: 'the key id in the signature line', edit: (t) => changeBase64(t, 1, 6), reason: /^signed by key [0-9A-F]{16}(, which is not in the trust store$|, not by the manifest's signer )/ },
  { what: 'the signature bytes (early)', edit: (t) => changeBase64(t, 1, 20), reason: BAD_SIG },
  { what: 'the signature bytes (late)', edit: (t) => changeBase64(t, 1, 90), reason: BAD_SIG },
  { what: 'the trusted comment text', edit: (t) => t.replace('trusted comment: sluice-transfer/1', 'trusted comment: sluice-transfer/2'), reason: ALTERED },
  { what: "the trusted comment's id", edit: (t) => t.replace(/ id=S-(\d+) /, ' id=S-$1x '), reason: ALTERED },
  { what: 'the global signature (byte 0)', edit: (t) => flipGlobal(t, 0), reason: ALTERED },
  { what: 'the global signature (byte 40)', edit: (t) => flipGlobal(t, 40), reason: ALTERED },
  { what: 'the global signature (byte 63)', edit: (t) => flipGlobal(t, 63), reason: ALTERED },
  { what: "the ':' of 'trusted comment:'", edit: (t) => t.replace('\ntrusted comment:', '\ntrusted comment;'), reason: 'signature file has no trusted comment line' },
];

for (const [sigFile, check] of [['manifest.json.minisig', 'signature'], ['SHA256SUMS.minisig', 'sums-signature']] as const) {
  for (const flip of FLIPS) {
    test(`${sigFile}: a change in ${flip.what} is refused by '${check}'`, async () => {
      const w = await write({ editSig: (f, text) => (f === sigFile ? flip.edit(text) : text) });
      const text = await readFile(join(w.dir, sigFile), 'utf8');
      assert.equal(text.split('\n').length, 5, 'still four lines');
      const r = await verify(w.dir);
      assert.equal(r.ok, false);
      const got = failuresOf(r, check);
      assert.equal(got.length, 1, JSON.stringify(r.failures));
      assert.equal(got[0]!.where, sigFile);
      if (typeof flip.reason === 'string') assert.equal(got[0]!.reason.replace(/ \(it must be signed by the manifest's signer, [0-9A-F]{16}\)$/, ''), flip.reason);
      else assert.match(got[0]!.reason.replace(/ \(it must be signed by the manifest's signer, [0-9A-F]{16}\)$/, ''), flip.reason);
    });
  }
}

test("signer.keyId must name the key that signed: a manifest naming trusted key Y, signed by trusted key X, is refused", async () => {
  const w = await write({ tweak: (m) => { m.signer.keyId = other.keyId; } });
  const r = await verify(w.dir);
  assert.equal(r.ok, false);
  assert.deepEqual(failuresOf(r, 'manifest'), [{ check: 'manifest', where: 'manifest.json', reason: `manifest names signer ${other.keyId} but is signed by ${k.keyId}` }]);
  // …and naming a key nobody trusts.
  const u = await write({ tweak: (m) => { m.signer.keyId = '0123456789ABCDEF'; } });
  const r2 = await verify(u.dir);
  assert.equal(r2.ok, false);
  assert.deepEqual(failuresOf(r2, 'manifest'), [{ check: 'manifest', where: 'manifest.json', reason: `manifest names signer 0123456789ABCDEF but is signed by ${k.keyId}` }]);
});

/** A valid signature file padded (in its untrusted comment) to exactly `size` bytes. */
function sigOfSize(bytes: Uint8Array, comment: string, size: number): string {
  const base = minisig(bytes, k, comment, '');
  const text = minisig(bytes, k, comment, 'p'.repeat(size - Buffer.byteLength(base)));
  assert.equal(Buffer.byteLength(text), size);
  return text;
}

for (const [sigFile, signed, check] of [['manifest.json.minisig', 'manifest.json', 'signature'], ['SHA256SUMS.minisig', 'SHA256SUMS', 'sums-signature']] as const) {
  test(`${sigFile} of 4097 bytes is refused by its size even though it is a valid signature; 4096 bytes is accepted`, async () => {
    for (const size of [4096, 4097]) {
      const w = await write();
      const comment = `sluice-transfer/1 file=${signed} id=${w.manifest.transferId} seq=1 from=LOW to=HIGH`;
      await writeFile(join(w.dir, sigFile), sigOfSize(await readFile(join(w.dir, signed)), comment, size));
      const r = await verify(w.dir);
      if (size === 4096) {
        assert.deepEqual(r.failures, []);
        continue;
      }
      assert.equal(r.ok, false);
      assert.deepEqual(failuresOf(r, check), [{ check, where: sigFile, reason: 'file is 4097 bytes, more than the 4096 allowed' }]);
    }
  });
}

// The trusted comment must be exactly §5's line: nothing before, nothing after, seq in plain decimal.
for (const [what, lie] of [
  ['text before it', (c: string) => `x ${c}`],
  ['a co-signature role after it', (c: string) => `${c} role=witness`],
  ['seq with a leading zero', (c: string) => c.replace(' seq=1 ', ' seq=01 ')],
  ['seq that is not a number', (c: string) => c.replace(' seq=1 ', ' seq=1a ')],
  ['seq beyond 2^53', (c: string) => c.replace(' seq=1 ', ' seq=9007199254740993 ')],
] as const) {
  test(`a manifest signature whose trusted comment has ${what} is refused as not in Sluice's form`, async () => {
    const w = await write({ comment: (file, m) => {
      const c = `sluice-transfer/1 file=${file} id=${m.transferId} seq=1 from=LOW to=HIGH`;
      return file === 'manifest.json' ? lie(c) : c;
    } });
    const r = await verify(w.dir);
    assert.equal(r.ok, false);
    const got = failuresOf(r, 'trusted-comment');
    assert.equal(got.length, 1, JSON.stringify(r.failures));
    assert.match(got[0]!.reason, /^trusted comment is not in Sluice's form: /);
  });
}
