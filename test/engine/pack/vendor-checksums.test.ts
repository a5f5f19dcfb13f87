// Vendor checksums checked while packing (issue 10 §2): a release bundle whose SHA256SUMS (GNU),
// CHECKSUMS.txt (BSD, `sha256sum --tag`) and `.sha256` sidecar are written by the real coreutils,
// checked against the pack's own per-file SHA-256 and recorded in the signed manifest; a mismatch
// refuses the pack naming the file and leaves nothing; a name outside the folder, another
// algorithm or a line not understood leaves the checksum file recorded as not checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest, serializeManifest, type Manifest } from '../../../shared/format/manifest';
import { summarizeVendorChecksums, vendorChecksumProblems } from '../../../shared/format/vendor-checksums';
import { pack } from '../../../electron/engine/pack/pack';
import { SluiceError } from '../../../electron/engine/errors';
import { makeTempDir } from '../../helpers/tmp';
import { baseOptions, run, setMtimes, testKey } from './fixtures';

const key = testKey();

/** A vendor's release folder: files, checksum files written by coreutils, a signature beside SHA256SUMS. */
async function release(root: string): Promise<string> {
  const dir = join(root, 'release');
  await mkdir(join(dir, 'charts'), { recursive: true });
  await writeFile(join(dir, 'app-image.tar'), Buffer.alloc(300_000, 1));
  await writeFile(join(dir, 'tool-linux-amd64'), 'tool binary\n');
  await writeFile(join(dir, 'not-carried.iso'), 'left at the vendor\n');
  await writeFile(join(dir, 'charts', 'app-1.2.0.tgz'), 'chart bytes\n');
  const gnu = run('sha256sum', ['app-image.tar', 'tool-linux-amd64', 'not-carried.iso', './charts/app-1.2.0.tgz'], { cwd: dir });
  assert.equal(gnu.code, 0, gnu.stderr);
  await writeFile(join(dir, 'SHA256SUMS'), gnu.stdout);
  await writeFile(join(dir, 'SHA256SUMS.minisig'), 'untrusted comment: vendor signature\nRWQ...\n');
  await writeFile(join(dir, 'SHA256SUMS.asc'), '-----BEGIN PGP SIGNATURE-----\n');
  const bsd = run('sha256sum', ['--tag', 'app-1.2.0.tgz'], { cwd: join(dir, 'charts') });
  assert.match(bsd.stdout, /^SHA256 \(app-1\.2\.0\.tgz\) = [0-9a-f]{64}\n$/);
  await writeFile(join(dir, 'charts', 'CHECKSUMS.txt'), bsd.stdout);
  const bare = run('sha256sum', ['app-image.tar'], { cwd: dir }).stdout.slice(0, 64);
  await writeFile(join(dir, 'app-image.tar.sha256'), `${bare}\n`);
  await rm(join(dir, 'not-carried.iso'));
  await setMtimes(dir);
  return dir;
}

function entry(m: Manifest, path: string): Record<string, unknown> {
  const e = m.entries.find((x) => x.path === path);
  assert.ok(e, `no entry ${path}`);
  return e as Record<string, unknown>;
}

test('a release bundle with GNU, BSD and sidecar checksums is checked and recorded in the signed manifest', async (t) => {
  const root = await makeTempDir(t);
  const dir = await release(root);
  await mkdir(join(root, 'out'));
  const { manifest: m } = await pack(baseOptions([dir], join(root, 'out'), key.signingKey));
  assert.deepEqual(entry(m, 'release/app-image.tar').details, { vouchedBy: ['release/SHA256SUMS', 'release/app-image.tar.sha256'] });
  assert.deepEqual(entry(m, 'release/charts/app-1.2.0.tgz').details, { vouchedBy: ['release/SHA256SUMS', 'release/charts/CHECKSUMS.txt'] });
  assert.deepEqual(entry(m, 'release/tool-linux-amd64').details, { vouchedBy: ['release/SHA256SUMS'] });
  assert.deepEqual(entry(m, 'release/SHA256SUMS').details, {
    checksumFile: {
      status: 'checked', format: 'gnu', algorithm: 'sha256', listed: 4, matched: 3, absent: 1, absentNames: ['not-carried.iso'],
      signatures: [
        { file: 'release/SHA256SUMS.asc', kind: 'openpgp', checked: false },
        { file: 'release/SHA256SUMS.minisig', kind: 'minisign', checked: false },
      ],
    },
  });
  assert.deepEqual(entry(m, 'release/charts/CHECKSUMS.txt').details, {
    checksumFile: { status: 'checked', format: 'bsd', algorithm: 'sha256', listed: 1, matched: 1, absent: 0, absentNames: [], signatures: [] },
  });
  assert.equal((entry(m, 'release/app-image.tar.sha256').details as { checksumFile: { format: string } }).checksumFile.format, 'bare');
  // Files no checksum file lists carry no details at all: their entries are what earlier versions wrote.
  assert.equal(entry(m, 'release/SHA256SUMS.minisig').details, undefined);
  const s = summarizeVendorChecksums(m);
  assert.deepEqual({ files: s.files, checked: s.checked, vouched: s.vouchedFiles, absent: s.absent, signatures: s.signatures }, { files: 3, checked: 3, vouched: 3, absent: 1, signatures: 2 });
  assert.equal(parseManifest(serializeManifest(m)).ok, true);
});

test('a file that does not match its vendor checksum refuses the pack naming it, and nothing is written', async (t) => {
  const root = await makeTempDir(t);
  const dir = await release(root);
  await writeFile(join(dir, 'tool-linux-amd64'), 'tool binarY\n'); // same size, one byte differs
  await setMtimes(dir);
  await mkdir(join(root, 'out'));
  await assert.rejects(pack(baseOptions([dir], join(root, 'out'), key.signingKey)), (e: unknown) => {
    assert.ok(e instanceof SluiceError);
    assert.equal(e.code, 'vendor-checksum-mismatch');
    assert.match(e.message, /release\/tool-linux-amd64 does not match its SHA-256 in release\/SHA256SUMS \(line 2\)/);
    assert.match(e.message, /nothing was packed/);
    assert.equal(e.details[0]!.path, join(dir, 'tool-linux-amd64'));
    return true;
  });
  assert.deepEqual(await readdir(join(root, 'out')), []);
});

test('a checksum file naming a file outside its folder, another algorithm or a hostile line is recorded as not checked, and the pack goes on', async (t) => {
  const root = await makeTempDir(t);
  const dir = join(root, 'bundle');
  await mkdir(join(dir, 'inner'), { recursive: true });
  await writeFile(join(root, 'outside.txt'), 'outside\n');
  await writeFile(join(dir, 'a.txt'), 'a\n');
  const hex = run('sha256sum', ['a.txt'], { cwd: dir }).stdout.slice(0, 64);
  const outside = run('sha256sum', ['outside.txt'], { cwd: root }).stdout.slice(0, 64);
  await writeFile(join(dir, 'inner', 'SHA256SUMS'), `${outside}  ../../outside.txt\n`);
  await writeFile(join(dir, 'SHA512SUMS'), run('sha512sum', ['a.txt'], { cwd: dir }).stdout);
  await writeFile(join(dir, 'CHECKSUMS.txt'), `${hex}  a.txt\n\u001b[2J\u202eevil line\n`);
  await setMtimes(dir);
  await mkdir(join(root, 'out'));
  const { manifest: m } = await pack(baseOptions([dir], join(root, 'out'), key.signingKey));
  const reason = (p: string) => (entry(m, p).details as { checksumFile: { status: string; reason: string } }).checksumFile;
  assert.equal(reason('bundle/inner/SHA256SUMS').status, 'not-checked');
  assert.match(reason('bundle/inner/SHA256SUMS').reason, /line 1 names "\.\.\/\.\.\/outside\.txt", not a file inside the checksum file's folder/);
  assert.match(reason('bundle/SHA512SUMS').reason, /lists SHA512 digests; Sluice computes SHA-256 only/);
  assert.match(reason('bundle/CHECKSUMS.txt').reason, /^line 2 is not a checksum line \(\\u001b\[2J\\u202eevil line\)$/);
  assert.equal(entry(m, 'bundle/a.txt').details, undefined, 'nothing is vouched for by a checksum file that was not used');
});

test('the manifest rules refuse vendor details that do not add up', async (t) => {
  const root = await makeTempDir(t);
  const dir = await release(root);
  await mkdir(join(root, 'out'));
  const { manifest } = await pack(baseOptions([dir], join(root, 'out'), key.signingKey));
  const tamper = (f: (m: Manifest) => void): string[] => {
    const m = JSON.parse(serializeManifest(manifest)) as Manifest;
    f(m);
    return vendorChecksumProblems(m);
  };
  assert.deepEqual(tamper(() => undefined), []);
  const details = (m: Manifest, p: string) => (m.entries.find((e) => e.path === p) as unknown as { details: Record<string, any> }).details;
  assert.match(tamper((m) => { details(m, 'release/tool-linux-amd64').vouchedBy = ['release/SHA256SUMS.asc']; }).join('\n'), /not a checked checksum file/);
  assert.match(tamper((m) => { details(m, 'release/SHA256SUMS').checksumFile.matched = 4; }).join('\n'), /matched is 4, 3 files name it/);
  assert.match(tamper((m) => { details(m, 'release/SHA256SUMS').checksumFile.signatures[0].file = 'release/gone.sig'; }).join('\n'), /signature "release\/gone\.sig" is not a file/);
  assert.match(tamper((m) => { details(m, 'release/app-image.tar').vouchedBy.reverse(); }).join('\n'), /sorted/);
  const bad = JSON.parse(serializeManifest(manifest)) as Manifest;
  details(bad, 'release/SHA256SUMS').checksumFile.signatures[0].checked = true;
  assert.equal(parseManifest(serializeManifest(bad)).ok, false, 'a signature is never recorded as checked');
});

test('a pack whose checklist the machine answered refuses when it finds no checksum file it can check', async (t) => {
  const root = await makeTempDir(t);
  const dir = await release(root);
  await mkdir(join(root, 'out'));
  const ok = await pack(baseOptions([dir], join(root, 'out'), key.signingKey, { vendorChecksumsAnswered: true }));
  assert.equal(summarizeVendorChecksums(ok.manifest).checked, 3);
  await writeFile(join(dir, 'SHA256SUMS'), 'changed since the probe\n');
  await setMtimes(dir);
  await assert.rejects(pack(baseOptions([dir], join(root, 'out'), key.signingKey, { vendorChecksumsAnswered: true, transferId: 'T-test-2' })), /checks 2 of 3 checksum files/);
  await assert.rejects(pack(baseOptions([join(dir, 'tool-linux-amd64')], join(root, 'out'), key.signingKey, { vendorChecksumsAnswered: true, transferId: 'T-test-3' })), (e: unknown) => e instanceof SluiceError && e.code === 'vendor-checksums-changed');
  assert.deepEqual(await readdir(join(root, 'out')), ['T-test-1']);
});

test('an image tarball vouched for by SHA256SUMS carries both details, image first, vouchedBy after (the fixed key order)', async (t) => {
  const { dockerSave } = await import('../content/artifacts');
  const root = await makeTempDir(t);
  const dir = join(root, 'release');
  await mkdir(dir);
  await dockerSave(root, dir, 'app-image.tar');
  await writeFile(join(dir, 'SHA256SUMS'), run('sha256sum', ['app-image.tar'], { cwd: dir }).stdout);
  await setMtimes(dir);
  await mkdir(join(root, 'out'));
  const { manifest: m } = await pack(baseOptions([dir], join(root, 'out'), key.signingKey));
  const details = entry(m, 'release/app-image.tar').details as Record<string, unknown>;
  assert.deepEqual(Object.keys(details), ['image', 'vouchedBy']);
  assert.deepEqual(details.vouchedBy, ['release/SHA256SUMS']);
  assert.equal(parseManifest(serializeManifest(m)).ok, true);
});
