/**
 * Which checks run after a failure, and what the package directory may hold (verify.ts,
 * package-files.ts): mutation testing (docs/SECURITY.md, "Mutation score") found that a check
 * skipped after a failure could silently run on, strict mode (import's sink) could read on past a
 * failure, the station's witness rule and clock could be dropped, and the listing's name patterns
 * could lose an anchor — all with every test still green. Each report here is pinned check by
 * check (id, status, detail) with literal values; packages come from defence-kit.ts (bytes this
 * test writes, signed here) and listings are written out by hand.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, symlink, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runVerification, verifyPackage } from '../../../electron/engine/verify/verify';
import { IMPORT_CHECKS, VERIFY_CHECKS } from '../../../electron/engine/verify/report-builder';
import { listingProblems, listPackage } from '../../../electron/engine/verify/package-files';
import type { Manifest } from '../../../shared/format/manifest';
import type { VerifyReport } from '../../../shared/format/report';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { NOW, storeOf, testKey, writePackage, type Spec } from './defence-kit';

const k = testKey(9);
const store = storeOf(k);
let root = '';
before(async () => { root = await makeTempDir(undefined, 'sluice-mutants-verify-'); });
after(() => removeTempDir(root));

let n = 0;
const write = (spec: Omit<Spec, 'id'> = {}) => writePackage(root, { id: `V-${++n}`, ...spec }, k);
const said = (r: VerifyReport) => r.checks.map((c) => `${c.id} ${c.status}: ${c.detail}`);
const comment = (id: string) => `sluice-transfer/1 file=manifest.json id=${id} seq=1 from=LOW to=HIGH`;
/** The signature stage of a defence-kit package that passed it, as the report words it. */
const signed = (id: string) => [
  `signature pass: signed by key1 (${k.keyId})`,
  `trusted-comment pass: ${comment(id)}`,
  'manifest pass: 2 files, 1 directories, 717 bytes in 1 volume(s)',
];
const STOPPED = 'not completed: checking stopped at the first failure';
const SIG_FAILED = 'not checked: the signature stage failed';
const tail = (ids: string[], detail: string) => ids.map((id) => `${id} skipped: ${detail}`);

test('a stray file fails the signature stage: nothing after it runs, each check says why', async () => {
  const w = await write();
  await writeFile(join(w.dir, 'stray.bin'), 'x');
  const r = await verifyPackage(w.dir, { store, now: NOW });
  assert.equal(r.ok, false);
  assert.deepEqual(said(r), [
    'package-files fail: stray.bin: file is not part of the package format (and not a listed attachment)',
    ...signed('V-1'),
    'cosign pass: no witness co-signatures; 0 required',
    ...tail(['sums-signature', 'sums', 'freshness', 'volumes', 'payload', 'archive', 'entries'], SIG_FAILED),
  ]);
});

test("the station's witness rule reaches the signature stage; without it none is required", async () => {
  const w = await write();
  const r = await verifyPackage(w.dir, { store, now: NOW, requireWitnesses: 1 });
  assert.equal(r.ok, false);
  assert.equal(r.witnessesRequired, 1);
  assert.deepEqual(r.failures, [{ check: 'cosign', where: 'co-signatures', reason: '1 witness co-signature required, 0 valid' }]);
  assert.deepEqual(said(r), [
    'package-files pass: 7 files, as the format allows',
    ...signed(w.manifest.transferId),
    'cosign fail: co-signatures: 1 witness co-signature required, 0 valid',
    ...tail(['sums-signature', 'sums', 'freshness', 'volumes', 'payload', 'archive', 'entries'], SIG_FAILED),
  ]);
  const without = await verifyPackage(w.dir, { store, now: NOW });
  assert.equal(without.ok, true, JSON.stringify(without.failures));
  assert.equal(without.witnessesRequired, 0);
});

test('a volume of the wrong size: payload, archive and entries are skipped with that reason', async () => {
  const w = await write();
  await appendFile(join(w.dir, 'payload.tar'), Buffer.alloc(512));
  const r = await verifyPackage(w.dir, { store, now: NOW });
  const id = w.manifest.transferId;
  assert.deepEqual(said(r), [
    'package-files pass: 7 files, as the format allows',
    ...signed(id),
    'cosign pass: no witness co-signatures; 0 required',
    `sums-signature pass: SHA256SUMS signed by ${k.keyId}`,
    'sums pass: SHA256SUMS and FILES.SHA256SUMS match the manifest',
    'freshness pass: created 2026-01-01T00:00:00Z, expires 2026-01-08T00:00:00Z',
    'volumes fail: payload.tar: volume is 4608 bytes; the manifest says 4096',
    ...tail(['payload', 'archive', 'entries'], 'not checked: a volume has the wrong size or is missing'),
  ]);
});

test('the clock: a number and a Date are the same instant; without one, the real clock is read', async () => {
  const w = await write();
  for (const now of [Date.UTC(2026, 0, 9), new Date(Date.UTC(2026, 0, 9))]) {
    const r = await verifyPackage(w.dir, { store, now });
    assert.equal(r.checkedAt, '2026-01-09T00:00:00Z');
    assert.deepEqual(r.failures, [{ check: 'freshness', where: 'manifest.json', reason: 'package expired at 2026-01-08T00:00:00Z' }]);
  }
  const r = await verifyPackage(w.dir, { store, now: new Date(NOW) });
  assert.equal(r.checkedAt, '2026-01-02T00:00:00Z');
  assert.equal(r.ok, true);

  const lasting = await write({ expires: '2099-01-01T00:00:00Z' });
  const before = Math.floor(Date.now() / 1000) * 1000;
  const real = await verifyPackage(lasting.dir, { store });
  const afterMs = Date.now();
  assert.equal(real.ok, true, JSON.stringify(real.failures));
  const at = Date.parse(real.checkedAt);
  assert.ok(at >= before && at <= afterMs, `${real.checkedAt} is the clock read during the call`);
});

/** A sink that records what reached it: in strict mode nothing may, after a failure. */
const recorder = () => {
  const seen: string[] = [];
  return {
    seen,
    sink: {
      begin: async (e: { path: string }) => { seen.push(`begin ${e.path}`); },
      data: async () => {},
      end: async (e: { path: string }) => { seen.push(`end ${e.path}`); },
    },
  };
};

test("strict mode (a sink): a station check's failure stops the run before SHA256SUMS is read", async () => {
  const w = await write();
  const { seen, sink } = recorder();
  const run = await runVerification(w.dir, { store, now: NOW }, {
    checks: IMPORT_CHECKS,
    sink,
    beforeContents: async (_m, _key, b) => { b.fail('destination', 'manifest.json', 'station says no'); },
  });
  assert.deepEqual(said(run.report), [
    'package-files pass: 7 files, as the format allows',
    ...signed(w.manifest.transferId),
    'cosign pass: no witness co-signatures; 0 required',
    'destination fail: manifest.json: station says no',
    ...tail(['replay', 'rollback', 'sums-signature', 'sums', 'freshness', 'volumes', 'payload', 'archive', 'entries'], STOPPED),
  ]);
  assert.deepEqual(seen, []);
});

test('strict mode: a failure among the package checks stops the run before any volume is read', async () => {
  const w = await write({ expires: '2026-01-01T12:00:00Z' });
  const { seen, sink } = recorder();
  const run = await runVerification(w.dir, { store, now: NOW }, { checks: VERIFY_CHECKS, sink });
  assert.deepEqual(said(run.report), [
    'package-files pass: 7 files, as the format allows',
    ...signed(w.manifest.transferId),
    'cosign pass: no witness co-signatures; 0 required',
    `sums-signature pass: SHA256SUMS signed by ${k.keyId}`,
    'sums pass: SHA256SUMS and FILES.SHA256SUMS match the manifest',
    'freshness fail: manifest.json: package expired at 2026-01-01T12:00:00Z',
    ...tail(['volumes', 'payload', 'archive', 'entries'], STOPPED),
  ]);
  assert.deepEqual(seen, []);
  // Without a sink the same package is read to the end: every other check passes.
  const all = await verifyPackage(w.dir, { store, now: NOW });
  assert.deepEqual(all.checks.filter((c) => c.status !== 'pass').map((c) => c.id), ['freshness']);
});

test('listPackage: regular files sorted; a folder, a link and a FIFO each named for what it is', async () => {
  const dir = join(root, 'listing');
  await mkdir(dir);
  // Node on Linux already lists in byte (UTF-8) order; sort() makes it UTF-16 order on every
  // platform, which puts U+1F600 (a surrogate pair, 0xD83D…) before U+FF58 — the reverse of bytes.
  for (const name of ['m.txt', 'ｘ.txt', 'b.txt', 'z.txt', '😀.txt', 'a.txt', 'k.txt', 'c.txt', 'y.txt']) await writeFile(join(dir, name), name);
  await mkdir(join(dir, 'sub'));
  await symlink('m.txt', join(dir, 'link'));
  assert.equal(spawnSync('mkfifo', [join(dir, 'pipe')]).status, 0);
  const l = await listPackage(dir);
  assert.equal(l.name, 'listing');
  assert.deepEqual(l.files, ['a.txt', 'b.txt', 'c.txt', 'k.txt', 'm.txt', 'y.txt', 'z.txt', '😀.txt', 'ｘ.txt']);
  const byName = Object.fromEntries(l.problems.map((p) => [p.where, p.reason]));
  assert.deepEqual(byName, {
    sub: 'subdirectory in the package directory',
    link: 'symbolic link in the package directory',
    pipe: 'special file (not a regular file) in the package directory',
  });
});

const FIXED_FILES = ['FILES.SHA256SUMS', 'README.txt', 'SHA256SUMS', 'SHA256SUMS.minisig', 'manifest.json', 'manifest.json.minisig'];
const NOT_FORMAT = 'file is not part of the package format (and not a listed attachment)';
const COSIGN_NAME = 'co-signature file name must be cosign-<KEYID>.minisig, KEYID being 16 uppercase hex digits';

test('listingProblems without a manifest: volume and co-signature names judged by pattern, anchored', () => {
  const files = [
    ...FIXED_FILES, 'payload.tar', 'payload.tar.001', 'cosign-0123456789ABCDEF.minisig',
    'xpayload.tar', 'payload.tar.001x', 'payload.tarx', 'payload.tar.0012',
    'xcosign-0123456789ABCDEF.minisig', 'cosign-0123456789ABCDEF.minisigx', 'cosign-A.minisig', 'cosign-0123456789abcdef.minisig',
  ];
  const problems = listingProblems({ name: 'T-1', files, problems: [] }, null);
  assert.deepEqual(problems.map((p) => [p.where, p.reason]), [
    ['xpayload.tar', NOT_FORMAT],
    ['payload.tar.001x', NOT_FORMAT],
    ['payload.tarx', NOT_FORMAT],
    ['payload.tar.0012', NOT_FORMAT],
    ['xcosign-0123456789ABCDEF.minisig', NOT_FORMAT],
    ['cosign-0123456789ABCDEF.minisigx', COSIGN_NAME],
    ['cosign-A.minisig', COSIGN_NAME],
    ['cosign-0123456789abcdef.minisig', COSIGN_NAME],
  ]);
});

/** Just the parts of a manifest listingProblems reads. */
const manifestOf = (transferId: string, volumes: string[]) => ({ transferId, payload: { volumes: volumes.map((name) => ({ name })) }, attachments: [] }) as unknown as Manifest;

test('listingProblems with a manifest: an unlisted volume, a missing one, a non-file not also called missing', () => {
  const files = [...FIXED_FILES.filter((f) => f !== 'README.txt'), 'payload.tar.001', 'payload.tar.003', 'payload.tar'];
  const problems = listingProblems({ name: 'T-1', files, problems: [{ where: 'README.txt', reason: 'subdirectory in the package directory' }] }, manifestOf('T-1', ['payload.tar.001', 'payload.tar.002']));
  assert.deepEqual(problems.map((p) => [p.where, p.reason]), [
    ['README.txt', 'subdirectory in the package directory'],
    ['payload.tar.003', 'payload volume not listed in the manifest'],
    ['payload.tar', 'payload volume not listed in the manifest'],
    ['payload.tar.002', 'missing from the package directory'],
  ]);
});

test("a long directory name is capped at 80 characters where it is named and where it is quoted", () => {
  const files = [...FIXED_FILES, 'payload.tar'];
  const partial = listingProblems({ name: `${'N'.repeat(100)}.partial`, files, problems: [] }, null);
  assert.deepEqual(partial.map((p) => [p.where, p.reason]), [
    [`${'N'.repeat(80)}…(28 more characters)`, 'a directory whose name ends in ".partial" is a pack that never finished, not a package; pack again'],
  ]);
  const renamed = listingProblems({ name: 'N'.repeat(100), files, problems: [] }, manifestOf('T-1', ['payload.tar']));
  assert.deepEqual(renamed.map((p) => [p.where, p.reason]), [
    [`${'N'.repeat(80)}…(20 more characters)`, `the package directory is named "${'N'.repeat(80)}…(20 more characters)" but its manifest's transferId is "T-1"; a package must keep its transfer id as its name (rename the folder back)`],
  ]);
});
