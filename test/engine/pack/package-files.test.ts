// The package files beside the payload, as pack writes them piece by piece (package-files.ts):
// the bytes must be exactly what the whole-text renderers make — serializeManifest for
// manifest.json, renderFilesSums for FILES.SHA256SUMS — over more than one 1 MiB piece and with
// paths of every UTF-8 width; the signatures must cover those bytes; and pack's check of the object
// it built must decide as the verifier's parseManifest decides on the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FILE_NAMES } from '../../../shared/format/constants';
import { parseManifest, serializeManifest, type Manifest } from '../../../shared/format/manifest';
import { renderFilesSums } from '../../../shared/format/sums';
import { verifySignature } from '../../../electron/engine/crypto/minisign';
import { SluiceError } from '../../../electron/engine/errors';
import { buildManifest, writePackageFiles, type ManifestFields } from '../../../electron/engine/pack/package-files';
import type { ScanResult } from '../../../electron/engine/pack/scan';
import type { WrittenPayload } from '../../../electron/engine/pack/write-payload';
import { CREATED, EXPIRES, testKey } from './fixtures';

const fields = (keyId: string, extra: Partial<ManifestFields> = {}): ManifestFields => ({
  transferId: 'T-pieces-1', sequence: 3, source: 'LOW', destination: 'HIGH', created: CREATED, expires: EXPIRES,
  operator: 'alice', classification: 'OFFICIAL', purpose: 'piece by piece', ticket: '', keyId, checklist: [], ...extra,
});

/** `count` files in folders whose names take 1, 2, 3 and 4 UTF-8 bytes a character. */
function plan(count: number): { scan: ScanResult; payload: WrittenPayload } {
  const dirs = ['d-ascii', 'd-ü', 'd-€', 'd-😀'];
  const entries: ScanResult['entries'] = dirs.map((d) => ({ path: d, type: 'dir', mtime: 1_767_225_600 }) as ScanResult['entries'][number]);
  const fileSha256 = new Map<string, string>();
  const files = [];
  for (let i = 0; i < count; i++) files.push(`${dirs[i % 4]}/${String(i).padStart(6, '0')}-é😀.txt`);
  files.sort();
  for (const path of files) {
    entries.push({ path, type: 'file', size: 1, mode: '0644', mtime: 1_767_225_600, source: '/nowhere' } as ScanResult['entries'][number]);
    fileSha256.set(path, createHash('sha256').update(path).digest('hex'));
  }
  entries.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  return {
    scan: { entries, files: count, directories: dirs.length, bytes: count },
    payload: { fileSha256, size: 1024, sha256: 'a'.repeat(64), volumes: [{ name: FILE_NAMES.payload, size: 1024, sha256: 'a'.repeat(64) }] },
  };
}

test('manifest.json and FILES.SHA256SUMS are byte for byte the whole-text renderings, over several pieces, and signed as written', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-package-files-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { signingKey, publicKey } = testKey();
  const { scan, payload } = plan(12_000);
  const manifest = buildManifest(fields(publicKey.keyId), scan, payload);
  const manifestSha256 = await writePackageFiles(dir, manifest, signingKey);

  const manifestBytes = await readFile(join(dir, FILE_NAMES.manifest));
  assert.ok(manifestBytes.length > 2 * 1024 * 1024, 'the manifest spans several 1 MiB pieces');
  assert.ok(manifestBytes.equals(Buffer.from(serializeManifest(manifest), 'utf8')));
  assert.equal(manifestSha256, createHash('sha256').update(manifestBytes).digest('hex'));
  const filesSums = await readFile(join(dir, FILE_NAMES.filesSums));
  assert.ok(filesSums.length > 1024 * 1024);
  assert.ok(filesSums.equals(Buffer.from(renderFilesSums(manifest), 'utf8')));
  const sums = await readFile(join(dir, FILE_NAMES.sums), 'utf8');
  assert.ok(sums.includes(`${createHash('sha256').update(filesSums).digest('hex')}  ${FILE_NAMES.filesSums}\n`));
  assert.ok(sums.startsWith(`${manifestSha256}  ${FILE_NAMES.manifest}\n`));

  const sig = await readFile(join(dir, FILE_NAMES.manifestSig), 'utf8');
  assert.equal(verifySignature(manifestBytes, sig, [publicKey]).ok, true);
  const flipped = Buffer.from(manifestBytes);
  flipped[flipped.length - 10]! ^= 1;
  assert.equal(verifySignature(flipped, sig, [publicKey]).ok, false);
  assert.deepEqual((await readdir(dir)).filter((n) => n.endsWith('.partial')), [], 'nothing left half-written');
});

test("pack's check of the object it built decides as parseManifest decides on its text", () => {
  const { publicKey } = testKey();
  const { scan, payload } = plan(40);
  const good = buildManifest(fields(publicKey.keyId), scan, payload);
  assert.equal(parseManifest(serializeManifest(good)).ok, true);

  const refusals: [string, Partial<ManifestFields>][] = [
    ['a bidi control in the classification', { classification: 'OFFICIAL\u202e' }],
    ['expires before created', { expires: new Date(CREATED.getTime() - 1000) }],
    ['an operator of 201 characters', { operator: 'o'.repeat(201) }],
    ['a sequence that is no integer', { sequence: 1.5 }],
  ];
  for (const [what, extra] of refusals) {
    const f = fields(publicKey.keyId, extra);
    assert.throws(() => buildManifest(f, scan, payload), (e: unknown) => e instanceof SluiceError && e.code === 'bad-manifest', what);
    // The same fields, built without pack's check, are refused by the verifier's reading too.
    const unchecked: Manifest = { ...good, classification: f.classification, operator: f.operator, sequence: f.sequence, expires: extra.expires ? '2026-03-01T09:59:59Z' : good.expires };
    assert.equal(parseManifest(serializeManifest(unchecked)).ok, false, what);
  }
  // Entries out of order are refused by both readings too.
  const swapped = { ...payload };
  const shuffled: ScanResult = { ...scan, entries: [...scan.entries].reverse() };
  assert.throws(() => buildManifest(fields(publicKey.keyId), shuffled, swapped), /out of order/);
  assert.equal(parseManifest(serializeManifest({ ...good, entries: [...good.entries].reverse() })).ok, false);
});
