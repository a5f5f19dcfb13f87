/**
 * The checks around the signature and before the payload (signature-stage.ts, package-checks.ts,
 * read-capped.ts), each at its edge and with its reason written out: mutation testing
 * (docs/SECURITY.md, "Mutation score") found them refused or accepted right but unguarded — the
 * reason could change, or the edge move, with every test still green. Packages come from
 * defence-kit.ts (bytes this test writes, signed here); nothing expected is computed by Sluice.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyPackage } from '../../../electron/engine/verify/index';
import { checkSignature } from '../../../electron/engine/verify/signature-stage';
import { CappedReadError, readCapped } from '../../../electron/engine/verify/read-capped';
import type { Failure } from '../../../shared/format/report';
import { RawTarWriter } from '../../helpers/raw-tar';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { benignEntries, CREATED, EXPIRES, HELLO, minisig, MTIME, NOW, sha256, storeOf, testKey, TOP, writePackage, type Spec } from './defence-kit';

const k = testKey(5);
const other = testKey(6);
const third = testKey(7);
const store = storeOf(k);
let root = '';
before(async () => { root = await makeTempDir(undefined, 'sluice-mutants-checks-'); });
after(() => removeTempDir(root));

let n = 0;
const write = (spec: Omit<Spec, 'id'> = {}, key = k) => writePackage(root, { id: `C-${++n}`, ...spec }, key);
const verify = (dir: string, s: Parameters<typeof verifyPackage>[1]['store'] = store) => verifyPackage(dir, { store: s, now: NOW });
const pairs = (fs: Failure[]) => fs.map((f) => [f.check, f.where, f.reason]);
const trustedKey = (key: typeof k, label: string) => ({ keyIdBytes: key.idBytes, keyId: key.keyId, publicKey: key.publicKey, label, fingerprint: `fp-${label}` });

test("a package that verifies: every check's words", async () => {
  const w = await write();
  const r = await verify(w.dir);
  assert.deepEqual(r.failures, []);
  const bytes = HELLO.length + TOP.length;
  const said = Object.fromEntries(r.checks.map((c) => [c.id, `${c.status}: ${c.detail}`]));
  assert.deepEqual(
    ['package-files', 'signature', 'trusted-comment', 'manifest', 'sums-signature', 'sums', 'freshness'].map((id) => said[id]),
    [
      'pass: 7 files, as the format allows',
      `pass: signed by key1 (${k.keyId})`,
      `pass: sluice-transfer/1 file=manifest.json id=${w.manifest.transferId} seq=1 from=LOW to=HIGH`,
      `pass: 2 files, 1 directories, ${bytes} bytes in 1 volume(s)`,
      `pass: SHA256SUMS signed by ${k.keyId}`,
      'pass: SHA256SUMS and FILES.SHA256SUMS match the manifest',
      `pass: created ${CREATED}, expires ${EXPIRES}`,
    ],
  );
  assert.deepEqual(r.signer, { keyId: k.keyId, label: 'key1', fingerprint: 'test' });
});

test('a key that signs but is revoked, or trusted only as a witness, is named as such', async () => {
  const w = await write({}, other);
  const revoked = await verify(w.dir, { keys: [trustedKey(k, 'signer')], revoked: [trustedKey(other, 'old-key')] });
  assert.deepEqual(pairs(revoked.failures), [['signature', 'manifest.json.minisig', `signed by key old-key (${other.keyId}), but key old-key was revoked`]]);
  assert.deepEqual(revoked.signer, { keyId: other.keyId, label: 'old-key', fingerprint: 'fp-old-key' });
  const witness = await verify(w.dir, { keys: [trustedKey(k, 'signer')], witnesses: [trustedKey(other, 'wit')], revoked: [] });
  assert.deepEqual(pairs(witness.failures), [['signature', 'manifest.json.minisig', `signed by key wit (${other.keyId}), which is trusted only as a witness (to co-sign), not to sign packages`]]);
  assert.deepEqual(witness.signer, { keyId: other.keyId, label: null, fingerprint: null });
  const unknown = await verify(w.dir);
  assert.deepEqual(pairs(unknown.failures), [['signature', 'manifest.json.minisig', `signed by key ${other.keyId}, which is not in the trust store`]]);
  assert.equal(unknown.checks.find((c) => c.id === 'manifest')?.status, 'skipped', 'unauthenticated JSON is never read');
});

test('a package folder that cannot be listed, and a manifest that is missing, a link or a folder', async () => {
  const gone = join(root, 'no-such-package');
  const r = await verify(gone);
  assert.deepEqual(pairs(r.failures), [['package-files', gone, 'cannot read the package directory: ENOENT']]);

  const missing = await write();
  await rm(join(missing.dir, 'manifest.json'));
  assert.deepEqual(pairs((await verify(missing.dir)).failures), [
    ['signature', 'manifest.json', 'file is missing'],
    ['package-files', 'manifest.json', 'missing from the package directory'],
  ]);

  const linked = await write();
  await rename(join(linked.dir, 'manifest.json'), join(root, `elsewhere-${n}.json`));
  await symlink(join(root, `elsewhere-${n}.json`), join(linked.dir, 'manifest.json'));
  assert.deepEqual(pairs((await verify(linked.dir)).failures), [
    ['signature', 'manifest.json', 'file is a symbolic link'],
    ['package-files', 'manifest.json', 'symbolic link in the package directory'],
  ]);

  const folder = await write();
  await rm(join(folder.dir, 'manifest.json'));
  await mkdir(join(folder.dir, 'manifest.json'));
  assert.deepEqual(pairs((await verify(folder.dir)).failures), [
    ['signature', 'manifest.json', 'not a regular file'],
    ['package-files', 'manifest.json', 'subdirectory in the package directory'],
  ]);
});

test('readCapped: a file whose size lies (procfs says 0) is read to its end, and refused once past the cap', async () => {
  const whole = await readCapped('/proc/self/status', 1 << 20);
  assert.match(whole.toString('utf8'), /^Name:\t/);
  assert.match(whole.toString('utf8'), /\nVmPeak:|\nThreads:/, 'read on to the end, not one read');
  await assert.rejects(readCapped('/proc/self/status', 10), (e: unknown) => e instanceof CappedReadError && e.message === 'file grew past the 10 bytes allowed while being read');
  await assert.rejects(readCapped('/proc/self/status', 0), (e: unknown) => e instanceof CappedReadError && e.message === 'file grew past the 0 bytes allowed while being read');
});

test('SHA256SUMS is read up to 4096 + 100 per line it should hold, no further', async () => {
  // One volume: three lines, a cap of 4096 + 300 bytes.
  for (const [size, refused] of [[4396, false], [4397, true]] as const) {
    const w = await write();
    const legit = (await readFile(join(w.dir, 'SHA256SUMS'))).length;
    const sums = Buffer.alloc(size, 0x61);
    await writeFile(join(w.dir, 'SHA256SUMS'), sums);
    await writeFile(join(w.dir, 'SHA256SUMS.minisig'), minisig(sums, k, `sluice-transfer/1 file=SHA256SUMS id=${w.manifest.transferId} seq=1 from=LOW to=HIGH`));
    const r = await verify(w.dir);
    const sig = r.failures.filter((f) => f.check === 'sums-signature');
    if (refused) assert.deepEqual(pairs(sig), [['sums-signature', 'SHA256SUMS', 'file is 4397 bytes, more than the 4396 allowed']]);
    else {
      assert.deepEqual(pairs(sig), [], 'read, and its signature verified');
      // checkSums then reads it up to one byte more than the file it should be.
      assert.deepEqual(pairs(r.failures.filter((f) => f.check === 'sums')), [['sums', 'SHA256SUMS', `file is 4396 bytes, more than the ${legit + 1} allowed`]]);
    }
  }
});

test("SHA256SUMS signed by the manifest's key over other bytes is refused with minisign's reason", async () => {
  const w = await write();
  const sig = minisig(Buffer.from('other bytes\n'), k, `sluice-transfer/1 file=SHA256SUMS id=${w.manifest.transferId} seq=1 from=LOW to=HIGH`);
  await writeFile(join(w.dir, 'SHA256SUMS.minisig'), sig);
  assert.deepEqual(pairs((await verify(w.dir)).failures), [['sums-signature', 'SHA256SUMS.minisig', `signature by key ${k.keyId} does not match the file's contents`]]);
});

test('FILES.SHA256SUMS of another size, or the same size and other bytes; each file is compared', async () => {
  const longer = await write();
  const files = `${sha256(HELLO)}  docs/a.txt\n${sha256(TOP)}  top.txt\n`;
  await writeFile(join(longer.dir, 'FILES.SHA256SUMS'), files + '\n');
  assert.deepEqual(pairs((await verify(longer.dir)).failures), [['sums', 'FILES.SHA256SUMS', `file is ${files.length + 1} bytes; the manifest implies ${files.length}`]]);

  const swapped = await write();
  await writeFile(join(swapped.dir, 'FILES.SHA256SUMS'), files.replace('docs/a.txt', 'docs/b.txt'));
  // Its digest in SHA256SUMS no longer matches either: both refusals are reported.
  assert.deepEqual(pairs((await verify(swapped.dir)).failures), [
    ['sums', 'FILES.SHA256SUMS', "contents differ from the manifest's entries"],
    ['sums', 'SHA256SUMS', 'contents differ from what the manifest and FILES.SHA256SUMS imply'],
  ]);
});

test('created up to 300 s in the future of the station clock is accepted; 301 s is refused', async () => {
  const at = (iso: string) => write({ tweak: (m) => { m.created = iso; } });
  assert.deepEqual((await verify((await at('2026-01-02T00:05:00Z')).dir)).failures, []);
  assert.deepEqual(pairs((await verify((await at('2026-01-02T00:05:01Z')).dir)).failures), [
    ['freshness', 'manifest.json', "package was created at 2026-01-02T00:05:01Z, in the future of this station's clock by more than 300 s"],
  ]);
});

test('attachments: the right bytes pass; other bytes, fewer or more are refused, each with its reason', async () => {
  const good = 'notes for the officer\n';
  const spec = { tweak: (m: Record<string, any>) => { m.attachments = [{ name: 'notes.txt', role: 'notes', size: good.length, sha256: sha256(good) }]; } };
  const cases: [string, string | null][] = [
    [good, null],
    [good.toUpperCase(), 'attachment SHA-256 does not match the manifest'],
    [good.slice(1), `attachment is ${good.length - 1} bytes; the manifest says ${good.length}`],
    [good + 'x', `file is ${good.length + 1} bytes, more than the ${good.length} allowed`],
  ];
  for (const [bytes, reason] of cases) {
    const w = await write(spec);
    await writeFile(join(w.dir, 'notes.txt'), bytes);
    const r = await verify(w.dir);
    assert.deepEqual(pairs(r.failures), reason ? [['package-files', 'notes.txt', reason]] : [], JSON.stringify(bytes));
  }
});

test('volume sizes: each volume the size the manifest says, and the cut at one volume size', async () => {
  // A tar of about 31 KiB: big enough to cut at 10240.
  const big = Buffer.from(Array.from({ length: 30000 }, (_, i) => (i * 13) & 0xff));
  const entries = [...benignEntries(), { path: 'z.bin', type: 'file', size: big.length, mode: '0644', mtime: MTIME, sha256: sha256(big) }];
  const tar = new RawTarWriter().dir('docs', { mtime: MTIME }).file('docs/a.txt', HELLO, { mtime: MTIME }).file('top.txt', TOP, { mtime: MTIME }).file('z.bin', big, { mtime: MTIME }).end().bytes();
  const cut = (...sizes: number[]) => {
    const out: Uint8Array[] = [];
    let at = 0;
    for (const s of sizes) { out.push(tar.subarray(at, at + s)); at += s; }
    out.push(tar.subarray(at));
    return out;
  };
  const volumeFailures = async (volumes: Uint8Array[]) => pairs((await verify((await write({ entries, volumes })).dir)).failures);

  assert.equal(tar.length, 34816);
  assert.deepEqual(await volumeFailures(cut(10240, 10240, 10240)), [], 'the writer\'s cut');
  assert.deepEqual(await volumeFailures(cut(10240, 9000, 10240)), [
    ['volumes', 'payload.tar.002', "volume is 9000 bytes; every volume but the last is exactly the first one's size (10240 bytes)"],
  ]);
  const rest = tar.length - 10240;
  assert.ok(rest > 10240);
  assert.deepEqual(await volumeFailures(cut(10240)), [
    ['volumes', 'payload.tar.002', `the last volume is ${rest} bytes, more than the volume size (10240 bytes)`],
  ]);
  // 34816 bytes: two volumes of 17408 and nothing left for a third.
  assert.deepEqual(await volumeFailures([tar.subarray(0, 17408), tar.subarray(17408), new Uint8Array(0)]), [
    ['volumes', 'payload.tar.003', 'the last volume is empty; it holds the rest of the payload, 1 to 17408 bytes'],
  ]);
  const small = new RawTarWriter().dir('docs', { mtime: MTIME }).file('docs/a.txt', HELLO, { mtime: MTIME }).file('top.txt', TOP, { mtime: MTIME }).end().bytes();
  const half = Math.ceil(small.length / 2);
  assert.deepEqual(pairs((await verify((await write({ volumes: [small.subarray(0, half), small.subarray(half)] })).dir)).failures), [
    ['volumes', 'payload.tar.001', `split volume of ${half} bytes; a split payload's volume size is at least 10240 bytes`],
  ]);

  // A volume of another size than the manifest says: refused before any volume is read.
  const w = await write({ entries, volumes: cut(10240, 10240, 10240) });
  await writeFile(join(w.dir, 'payload.tar.004'), Buffer.concat([tar.subarray(30720), Buffer.alloc(512)]));
  const r = await verify(w.dir);
  assert.deepEqual(pairs(r.failures), [['volumes', 'payload.tar.004', 'volume is 4608 bytes; the manifest says 4096']]);
  assert.equal(r.checks.find((c) => c.id === 'payload')?.status, 'skipped');
});

test('the revoked or witness key named is the one that signed, not the first listed', async () => {
  const w = await write({}, other);
  const revoked = await verify(w.dir, { keys: [trustedKey(k, 'signer')], revoked: [trustedKey(third, 'unrelated'), trustedKey(other, 'old-key')] });
  assert.deepEqual(pairs(revoked.failures), [['signature', 'manifest.json.minisig', `signed by key old-key (${other.keyId}), but key old-key was revoked`]]);
  const witness = await verify(w.dir, { keys: [trustedKey(k, 'signer')], witnesses: [trustedKey(third, 'unrelated'), trustedKey(other, 'wit')], revoked: [] });
  assert.deepEqual(pairs(witness.failures), [['signature', 'manifest.json.minisig', `signed by key wit (${other.keyId}), which is trusted only as a witness (to co-sign), not to sign packages`]]);
});

test('a tampered manifest is refused for the tampering, even by a key also listed as witness or revoked', async () => {
  const w = await write();
  await writeFile(join(w.dir, 'manifest.json'), Buffer.from(w.manifestBytes.toString('utf8').replace('Defence Tests', 'Defence Tasts')));
  const reason = `signature by key ${k.keyId} does not match the file's contents`;
  for (const s of [
    { keys: [trustedKey(k, 'signer')], witnesses: [trustedKey(k, 'also-witness')], revoked: [] },
    { keys: [trustedKey(k, 'signer')], revoked: [trustedKey(k, 'also-revoked')] },
  ]) {
    assert.deepEqual(pairs((await verify(w.dir, s)).failures), [['signature', 'manifest.json.minisig', reason]]);
  }
});

test('a signature file with no key id names no signer', async () => {
  const w = await write({ editSig: (f, text) => (f === 'manifest.json.minisig' ? text.split('\n').slice(0, 3).join('\n') + '\n' : text) });
  const r = await verify(w.dir);
  assert.deepEqual(pairs(r.failures), [['signature', 'manifest.json.minisig', 'global signature must be base64 of 64 bytes']]);
  assert.equal(r.signer, null);
});

test('an unparsable trusted comment is quoted capped at 200 characters', async () => {
  const w = await write({ comment: (file, m) => (file === 'manifest.json' ? 'y'.repeat(1000) : `sluice-transfer/1 file=${file} id=${m.transferId} seq=1 from=LOW to=HIGH`) });
  const f = (await verify(w.dir)).failures;
  assert.equal(f.length, 1);
  assert.match(f[0]!.reason, /^trusted comment is not in Sluice's form: "y+/);
  assert.ok(f[0]!.reason.length < 300, `capped: ${f[0]!.reason.length} characters`);
});

test('checkSignature alone: ok only when the whole stage passed; no co-signers and no requirement before the manifest', async () => {
  const good = await checkSignature((await write()).dir, store);
  assert.equal(good.ok, true);
  assert.deepEqual(good.cosigners, []);
  assert.equal(good.witnessesRequired, 0);
  const unknown = await checkSignature((await write({}, other)).dir, store);
  assert.equal(unknown.ok, false);
  assert.deepEqual(unknown.cosigners, []);
  assert.equal(unknown.witnessesRequired, null);
  assert.equal(unknown.manifest, null);
});

test('readCapped leaves no descriptor open, after a read and after a refusal', async () => {
  const file = join(root, 'capped.bin');
  await writeFile(file, Buffer.alloc(100, 1));
  const openOnIt = async () => {
    let count = 0;
    for (const fd of await readdir('/proc/self/fd')) if ((await readlink(join('/proc/self/fd', fd)).catch(() => '')) === file) count++;
    return count;
  };
  assert.equal((await readCapped(file, 100)).length, 100);
  assert.equal(await openOnIt(), 0);
  await assert.rejects(readCapped(file, 99), CappedReadError);
  assert.equal(await openOnIt(), 0);
});
