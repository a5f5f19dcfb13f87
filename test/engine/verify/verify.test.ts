import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSignature, verifyPackage } from '../../../electron/engine/verify/index';
import { revokeKey } from '../../../electron/engine/keys/trust-store';
import { loadTrustStore } from '../../../electron/engine/keys/trust-store';
import type { CheckId } from '../../../shared/format/report';
import { makeTestKey, makeTrustStore } from '../../helpers/keys';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { FIXED_NOW, makeFixture, type Fixture } from './fixture';

let shared: { fixture: Fixture; single: string; split: string } | null = null;
let sharedDir: string | null = null;
after(async () => {
  if (sharedDir) await removeTempDir(sharedDir);
});
/** One fixture for the whole file (packing costs); tests restore what they damage. */
async function setup(_t: unknown) {
  if (shared) return shared;
  const dir = (sharedDir = await makeTempDir(undefined, 'sluice-verify-'));
  const fixture = await makeFixture(dir);
  const single = (await fixture.makePackage()).packageDir;
  const split = (await fixture.makePackage({ volumeSize: 10240 })).packageDir;
  shared = { fixture, single, split };
  return shared;
}

const failedChecks = (r: { failures: { check: CheckId }[] }) => [...new Set(r.failures.map((f) => f.check))].sort();

async function flipByte(file: string, at?: number): Promise<() => Promise<void>> {
  const orig = await readFile(file);
  const copy = Buffer.from(orig);
  const i = at ?? Math.floor(copy.length / 2);
  copy[i] = copy[i]! ^ 0x01;
  await writeFile(file, copy);
  return () => writeFile(file, orig);
}

test('a packed package verifies: every check and every file passes', async (t) => {
  const { fixture, single, split } = await setup(t);
  for (const dir of [single, split]) {
    const r = await verifyPackage(dir, { store: fixture.store, now: FIXED_NOW });
    assert.equal(r.ok, true, JSON.stringify(r.failures));
    assert.deepEqual(r.checks.map((c) => c.status), r.checks.map(() => 'pass'));
    assert.equal(r.checks.length, 12); // 'cosign' passes with none required
    assert.equal(r.files.length, r.manifest!.entries.length);
    assert.ok(r.files.every((f) => f.status === 'pass'));
    assert.equal(r.signer?.label, 'alice');
    assert.equal(r.signer?.fingerprint, fixture.key.fingerprint);
    assert.match(r.trustedComment!, /^sluice-transfer\/1 file=manifest\.json id=T-\d seq=\d from=LOW to=HIGH$/);
    assert.equal(r.checkedAt, '2026-01-01T00:00:00Z');
  }
  const m = (await verifyPackage(split, { store: fixture.store, now: FIXED_NOW })).manifest!;
  assert.ok(m.payload.volumes.length >= 3, 'the split package has several volumes');
});

test('hashing in the worker thread gives the same verdict', async (t) => {
  const { fixture, split } = await setup(t);
  const r = await verifyPackage(split, { store: fixture.store, now: FIXED_NOW, hashInWorker: true });
  assert.equal(r.ok, true, JSON.stringify(r.failures));
  const undo = await flipByte(join(split, 'payload.tar.002'), 100);
  try {
    const bad = await verifyPackage(split, { store: fixture.store, now: FIXED_NOW, hashInWorker: true });
    assert.ok(bad.failures.some((f) => f.check === 'volumes' && f.where === 'payload.tar.002'));
  } finally {
    await undo();
  }
});

/**
 * Where to flip a byte of each file: the middle of a data file; in a `.minisig`, chosen bytes of
 * each line (the signature's base64, the trusted comment's text, the global signature's base64) —
 * a base64 letter flipped by 0x01 stays base64 when it is one of B–Z, b–z, so the signature fails,
 * not the parser. The middle byte of a .minisig is the ':' of "trusted comment:" (malformed only).
 */
function flipOffsets(name: string, dir: string): [string, number | undefined][] {
  if (name === 'README.txt') return [];
  if (!name.endsWith('.minisig')) return [[name, undefined]];
  const text = readFileSync(join(dir, name), 'latin1');
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  // B–Y, b–y: flipping the low bit of Z or z gives [ or {, not base64 (the parser, not the signature, would fail).
  const letter = (from: number) => { let i = from; while (!/[B-Yb-y]/.test(text[i]!)) i++; return i; };
  return [
    [name, letter(starts[1]! + 4)], // key id in the signature line
    [name, letter(starts[1]! + 40)], // signature bytes
    [name, letter(starts[2]! + 'trusted comment: '.length + 2)], // the comment's text
    [name, letter(starts[3]! + 10)], // global signature
    [name, letter(starts[3]! + 40)],
  ];
}

test('one flipped byte in any signed or hashed file is rejected by the right check', async (t) => {
  const { fixture, split } = await setup(t);
  const names = (await readdir(split)).sort();
  const expected: Record<string, CheckId> = {
    'manifest.json': 'signature',
    'manifest.json.minisig': 'signature',
    'SHA256SUMS': 'sums-signature',
    'SHA256SUMS.minisig': 'sums-signature',
    'FILES.SHA256SUMS': 'sums',
  };
  let volumes = 0;
  for (const [name, at] of names.flatMap((n) => flipOffsets(n, split))) {
    const undo = await flipByte(join(split, name), at);
    try {
      const r = await verifyPackage(split, { store: fixture.store, now: FIXED_NOW });
      assert.equal(r.ok, false, name);
      const want = expected[name] ?? (name.startsWith('payload.tar.') ? 'volumes' : null);
      assert.ok(want, `unexpected file ${name}`);
      assert.ok(r.failures.some((f) => f.check === want), `${name}: ${JSON.stringify(r.failures)}`);
      if (want === 'volumes') {
        volumes++;
        assert.ok(r.failures.some((f) => f.check === 'volumes' && f.where === name && /SHA-256/.test(f.reason)));
        assert.ok(r.failures.some((f) => f.check === 'payload'));
        // The flipped byte is in a header, a body or padding: the tar reader or a file hash names it too.
        assert.ok(r.failures.some((f) => f.check === 'archive' || f.check === 'entries'), JSON.stringify(r.failures));
      }
      if (name.endsWith('.minisig')) {
        // Inside a line, never on the ':' of "trusted comment:": the signature or the comment must fail, not the parser.
        assert.ok(r.failures.some((f) => f.check === want && /does not match the file's contents|has been altered|not in the trust store|not by the manifest's signer/.test(f.reason)), `${name}@${at}: ${JSON.stringify(r.failures)}`);
      }
      if (want === 'signature') {
        assert.equal(r.manifest, null, 'an unverified manifest is never reported');
        assert.ok(r.checks.filter((c) => c.id !== 'package-files' && c.id !== 'signature').every((c) => c.status === 'skipped'));
      }
    } finally {
      await undo();
    }
  }
  assert.ok(volumes >= 3);
  assert.equal((await verifyPackage(split, { store: fixture.store, now: FIXED_NOW })).ok, true, 'restored');
});

test('a changed file body is named with its path', async (t) => {
  const { fixture, single } = await setup(t);
  const payload = join(single, 'payload.tar');
  const bytes = await readFile(payload);
  const at = bytes.indexOf(Buffer.from('hello, high side'));
  assert.ok(at > 0);
  const undo = await flipByte(payload, at);
  try {
    const r = await verifyPackage(single, { store: fixture.store, now: FIXED_NOW });
    assert.deepEqual(r.failures.filter((f) => f.check === 'entries'), [{ check: 'entries', where: 'docs/a.txt', reason: 'SHA-256 does not match the manifest' }]);
    assert.equal(r.files.find((f) => f.path === 'docs/a.txt')?.status, 'fail');
    assert.equal(r.files.find((f) => f.path === 'top.txt')?.status, 'pass');
    assert.deepEqual(failedChecks(r), ['entries', 'payload', 'volumes']);
  } finally {
    await undo();
  }
});

test('unknown and revoked signers are refused before anything else is read', async (t) => {
  const { fixture, single } = await setup(t);
  const dir = await makeTempDir(t, 'sluice-verify-keys-');
  const other = await makeTestKey(join(dir, 'keys'), 'bob');
  const otherStore = await makeTrustStore(join(dir, 'trust-bob'), [other]);
  const r = await verifyPackage(single, { store: otherStore, now: FIXED_NOW });
  assert.deepEqual(failedChecks(r), ['signature']);
  assert.match(r.failures[0]!.reason, /not in the trust store/);
  assert.equal(r.signer?.label, null);
  assert.equal(r.signer?.keyId, fixture.key.keyId);

  const revokedDir = join(dir, 'trust-revoked');
  await makeTrustStore(revokedDir, [fixture.key, other]);
  await revokeKey(revokedDir, 'alice');
  const revoked = await verifyPackage(single, { store: await loadTrustStore(revokedDir), now: FIXED_NOW });
  assert.deepEqual(failedChecks(revoked), ['signature']);
  assert.match(revoked.failures[0]!.reason, /key alice was revoked/);
  assert.equal(revoked.signer?.label, 'alice');
});

test('expired packages and packages from the future are refused by freshness', async (t) => {
  const { fixture, single } = await setup(t);
  const expired = await verifyPackage(single, { store: fixture.store, now: FIXED_NOW + 2 * 86_400_000 });
  assert.deepEqual(failedChecks(expired), ['freshness']);
  assert.match(expired.failures[0]!.reason, /expired at 2026-01-02T00:00:00Z/);
  const early = await verifyPackage(single, { store: fixture.store, now: FIXED_NOW - 60_000 - 301_000 });
  assert.deepEqual(failedChecks(early), ['freshness']);
  assert.match(early.failures[0]!.reason, /in the future/);
  const skewed = await verifyPackage(single, { store: fixture.store, now: FIXED_NOW - 60_000 - 299_000 });
  assert.equal(skewed.ok, true, 'within the allowed clock skew');
});

test('extra files, subdirectories and missing volumes are refused by package-files', async (t) => {
  const { fixture, split } = await setup(t);
  await writeFile(join(split, 'notes.txt'), 'hi');
  let r = await verifyPackage(split, { store: fixture.store, now: FIXED_NOW });
  assert.deepEqual(r.failures, [{ check: 'package-files', where: 'notes.txt', reason: 'file is not part of the package format (and not a listed attachment)' }]);
  await rm(join(split, 'notes.txt'));

  await mkdir(join(split, 'sub'));
  r = await verifyPackage(split, { store: fixture.store, now: FIXED_NOW });
  assert.deepEqual(r.failures.map((f) => [f.check, f.where]), [['package-files', 'sub']]);
  await rm(join(split, 'sub'), { recursive: true });

  await rename(join(split, 'payload.tar.003'), join(split, 'payload.tar.009'));
  r = await verifyPackage(split, { store: fixture.store, now: FIXED_NOW });
  assert.deepEqual(r.failures.map((f) => [f.check, f.where]).sort(), [['package-files', 'payload.tar.003'], ['package-files', 'payload.tar.009']]);
  assert.equal(r.checks.find((c) => c.id === 'archive')?.status, 'skipped', 'no payload byte is read');
  await rename(join(split, 'payload.tar.009'), join(split, 'payload.tar.003'));
  assert.equal((await verifyPackage(split, { store: fixture.store, now: FIXED_NOW })).ok, true);
});

test('a truncated volume is refused by its size before the payload is read', async (t) => {
  const { fixture, single } = await setup(t);
  const payload = join(single, 'payload.tar');
  const orig = await readFile(payload);
  await truncate(payload, orig.length - 512);
  try {
    const r = await verifyPackage(single, { store: fixture.store, now: FIXED_NOW });
    assert.deepEqual(r.failures, [{ check: 'volumes', where: 'payload.tar', reason: `volume is ${orig.length - 512} bytes; the manifest says ${orig.length}` }]);
  } finally {
    await writeFile(payload, orig);
  }
});

test('checkSignature reads no payload byte', async (t) => {
  const { fixture, single } = await setup(t);
  const payload = join(single, 'payload.tar');
  const orig = await readFile(payload);
  await writeFile(payload, Buffer.alloc(orig.length, 0xff));
  try {
    const s = await checkSignature(single, fixture.store);
    assert.equal(s.ok, true, JSON.stringify(s.failures));
    assert.equal(s.signer?.label, 'alice');
    assert.equal(s.manifest?.transferId, 'T-1');
    assert.match(s.manifestSha256!, /^[0-9a-f]{64}$/);
    assert.deepEqual(s.checks.map((c) => c.id), ['package-files', 'signature', 'trusted-comment', 'manifest', 'cosign']);
  } finally {
    await writeFile(payload, orig);
  }
});
