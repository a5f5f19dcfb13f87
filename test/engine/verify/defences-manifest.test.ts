/**
 * Each manifest, freshness and tar defence, removed one at a time, must turn a test here red
 * (docs/SECURITY.md "Tests that guard the defences"). Packages are written by defence-kit.ts from
 * FORMAT.md; every expected reason is written out literally.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyPackage } from '../../../electron/engine/verify/index';
import type { Failure } from '../../../shared/format/report';
import { RawTarWriter, blockPadding } from '../../helpers/raw-tar';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { benignEntries, benignTar, HELLO, MTIME, NOW, sha256, storeOf, testKey, TOP, writePackage, type Spec } from './defence-kit';

const k = testKey(3);
const store = storeOf(k);
let root = '';
before(async () => { root = await makeTempDir(undefined, 'sluice-defence-manifest-'); });
after(() => removeTempDir(root));

let n = 0;
const write = (spec: Omit<Spec, 'id'> = {}) => writePackage(root, { id: `M-${++n}`, ...spec }, k);
const verify = (dir: string, now = NOW) => verifyPackage(dir, { store, now });
const failuresOf = (r: { failures: Failure[] }, check: string) => r.failures.filter((f) => f.check === check);
/** The manifest check's reasons, and that nothing after the signature stage was read. */
async function manifestRefusal(spec: Omit<Spec, 'id'>): Promise<string[]> {
  const r = await verify((await write(spec)).dir);
  assert.equal(r.ok, false);
  assert.equal(r.manifest, null, 'a refused manifest is never reported');
  for (const id of ['sums-signature', 'sums', 'volumes', 'payload', 'archive', 'entries'] as const) {
    assert.equal(r.checks.find((c) => c.id === id)?.status, 'skipped', `${id} not run`);
  }
  return failuresOf(r, 'manifest').map((f) => f.reason);
}

test('control: the kit package verifies at NOW', async () => {
  const r = await verify((await write()).dir);
  assert.deepEqual(r.failures, []);
});

test('a critical extension this reader does not know is refused ("x"); "cosign" alone needs its requirement', async () => {
  assert.deepEqual(await manifestRefusal({ tweak: (m) => { m.critical = ['x']; } }), ['manifest requires extensions this reader does not know: x']);
  assert.deepEqual(await manifestRefusal({ tweak: (m) => { m.critical = ['cosign', 'x']; m.cosign = { witnesses: 1 }; } }), ['manifest requires extensions this reader does not know: x']);
  assert.deepEqual(await manifestRefusal({ tweak: (m) => { m.critical = ['cosign']; } }), ['the cosign requirement and critical ["cosign"] must appear together']);
});

test('an entry whose parent directory has no entry is refused, though the tar agrees with the manifest', async () => {
  const entries = benignEntries().filter((e) => e.path !== 'docs');
  const tar = new RawTarWriter().file('docs/a.txt', HELLO, { mtime: MTIME }).file('top.txt', TOP, { mtime: MTIME }).end().bytes();
  assert.deepEqual(await manifestRefusal({ entries, volumes: [tar] }), ['entry "docs/a.txt" has no directory entry for "docs" before it']);
});

test('totals that do not add up to the entries are refused, each one', async () => {
  assert.deepEqual(await manifestRefusal({ tweak: (m) => { m.totals.files = 3; } }), ['totals.files is 3, entries hold 2']);
  assert.deepEqual(await manifestRefusal({ tweak: (m) => { m.totals.directories = 0; } }), ['totals.directories is 0, entries hold 1']);
  const bytes = HELLO.length + TOP.length;
  assert.deepEqual(await manifestRefusal({ tweak: (m) => { m.totals.bytes = bytes + 1; } }), [`totals.bytes is ${bytes + 1}, entries hold ${bytes}`]);
});

test('a volume named ../x is refused by name before any volume is opened, though a matching file waits at ../x', async () => {
  const tar = benignTar().end().bytes();
  // The package directory is <root>/<id>, so its "../x" is <root>/x: put the real payload there.
  const reasons = await manifestRefusal({ tweak: (m) => { m.payload.volumes[0].name = '../x'; } });
  assert.ok((await lstat(join(root, 'x'))).isFile(), 'the decoy exists, with the right bytes');
  assert.equal(tar.length, (await lstat(join(root, 'x'))).size);
  assert.deepEqual(reasons, ['volume 1 is named "../x", expected "payload.tar"']);
  assert.deepEqual(await manifestRefusal({ tweak: (m) => { m.payload.volumes[0].name = 'payload.tar.001'; } }), ['volume 1 is named "payload.tar.001", expected "payload.tar"']);
  assert.deepEqual(await manifestRefusal({ tweak: (m) => { m.payload.size += 1; } }), [`volume sizes add up to ${tar.length}, payload size is ${tar.length + 1}`]);
});

test('a package is refused at the very second it expires (expires <= now), accepted one second before', async () => {
  const w = await write({ expires: '2026-01-02T00:00:00Z' });
  const at = Date.UTC(2026, 0, 2);
  const r = await verify(w.dir, at);
  assert.equal(r.ok, false);
  assert.deepEqual(r.failures, [{ check: 'freshness', where: 'manifest.json', reason: 'package expired at 2026-01-02T00:00:00Z' }]);
  assert.deepEqual((await verify(w.dir, at - 1000)).failures, []);
  // The clock is read in milliseconds and floored to the second: 999 ms before is still before.
  assert.deepEqual((await verify(w.dir, at - 1)).failures, []);
});

test("a tar header whose mtime is not the manifest's is refused, though every hash matches", async () => {
  const tar = new RawTarWriter().dir('docs', { mtime: MTIME }).file('docs/a.txt', HELLO, { mtime: MTIME }).file('top.txt', TOP, { mtime: MTIME + 1 }).end().bytes();
  const r = await verify((await write({ volumes: [tar] })).dir);
  assert.equal(r.ok, false);
  const archive = failuresOf(r, 'archive');
  assert.equal(archive.length, 1, JSON.stringify(r.failures));
  assert.equal(archive[0]!.where, 'top.txt');
  assert.match(archive[0]!.reason, /mtime|136/);
  assert.equal(failuresOf(r, 'payload').length, 0, 'the payload hash matches: only the header check can refuse it');
});

test('non-zero bytes in the padding after a file are refused, though every hash matches', async () => {
  const padding = blockPadding(HELLO.length);
  padding[padding.length - 1] = 1;
  const tar = new RawTarWriter()
    .dir('docs', { mtime: MTIME })
    .entry({ name: 'docs/a.txt', typeflag: '0', mode: 0o644, mtime: MTIME }, Buffer.from(HELLO), false)
    .raw(padding)
    .file('top.txt', TOP, { mtime: MTIME })
    .end()
    .bytes();
  const r = await verify((await write({ volumes: [tar] })).dir);
  assert.equal(r.ok, false);
  assert.deepEqual(failuresOf(r, 'archive').map((f) => [f.where, /padding/.test(f.reason)]), [['docs/a.txt', true]], JSON.stringify(r.failures));
  assert.equal(failuresOf(r, 'payload').length, 0);
});

test('an empty path and a character Windows refuses are refused with their own reasons', async () => {
  for (const [path, reason] of [['', 'entry "": empty path'], ['a?b.txt', 'entry "a?b.txt": character not allowed on Windows (<>"|?*) in path']] as const) {
    const entries = [{ path, type: 'file', size: HELLO.length, mode: '0644', mtime: MTIME, sha256: sha256(HELLO) }];
    const tar = new RawTarWriter().file(path, HELLO, { mtime: MTIME }).end().bytes();
    // (A refused entry is not counted, so the totals then disagree too.)
    assert.equal((await manifestRefusal({ entries, volumes: [tar] }))[0], reason);
  }
});

test('entries out of byte order are refused, though the tar has them in the same order', async () => {
  const [docs, a, top] = benignEntries();
  const tar = new RawTarWriter().file('top.txt', TOP, { mtime: MTIME }).dir('docs', { mtime: MTIME }).file('docs/a.txt', HELLO, { mtime: MTIME }).end().bytes();
  assert.deepEqual(await manifestRefusal({ entries: [top!, docs!, a!], volumes: [tar] }), ['entry "docs" is out of order or repeated (after "top.txt")']);
});

test('vendor checksum details that do not add up are refused (FORMAT.md §3.11)', async () => {
  const entry = (m: Record<string, any>, path: string) => (m.entries as { path: string }[]).find((e) => e.path === path) as Record<string, unknown>;
  assert.deepEqual(await manifestRefusal({ tweak: (m) => { entry(m, 'docs/a.txt').details = { vouchedBy: ['top.txt'] }; } }),
    ['entry "docs/a.txt" is vouched for by "top.txt", which is not a checked checksum file of this package']);
  const checked = { status: 'checked', format: 'gnu', algorithm: 'sha256', listed: 1, matched: 1, absent: 0, absentNames: [], signatures: [] };
  assert.deepEqual(await manifestRefusal({ tweak: (m) => { entry(m, 'top.txt').details = { checksumFile: checked }; } }),
    ['entry "top.txt": details.checksumFile.matched is 1, 0 files name it in vouchedBy']);
  assert.deepEqual(await manifestRefusal({ tweak: (m) => { entry(m, 'top.txt').details = { checksumFile: { ...checked, signatures: [{ file: 'top.txt.asc', kind: 'openpgp', checked: false }] } }; entry(m, 'docs/a.txt').details = { vouchedBy: ['top.txt'] }; } }),
    ['entry "top.txt": signature "top.txt.asc" is not a file of this package']);
  assert.deepEqual(await manifestRefusal({ tweak: (m) => { entry(m, 'docs/a.txt').details = { checksumFile: checked }; entry(m, 'top.txt').details = { vouchedBy: ['docs/a.txt'] }; } }),
    ['entry "top.txt" is vouched for by "docs/a.txt", which can list only files inside its own folder']);
  // The consistent form verifies: a checksum file at the top vouching for a file in a folder below it.
  const r = await verify((await write({ tweak: (m) => { entry(m, 'top.txt').details = { checksumFile: checked }; entry(m, 'docs/a.txt').details = { vouchedBy: ['top.txt'] }; } })).dir);
  assert.deepEqual(r.failures, []);
});
