// `sluice manifest`: a real package from pack(), checked at the signature stage, printed as HTML and PDF.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dispatch } from '../../electron/cli/dispatch';
import { pathHtml } from '../../shared/print/escape';
import { bufferIo } from '../helpers/cli';
import { makeTempDir, removeTempDir } from '../helpers/tmp';
import { makeTestKey, makeTrustStore } from '../helpers/keys';
import { makeFixture, type Fixture } from '../engine/verify/fixture';
import type { PackResult } from '../../electron/engine/pack/pack';

let dir: string;
let fx: Fixture;
let pkg: PackResult;
let trust: string;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-manifest-cli-');
  fx = await makeFixture(dir);
  trust = join(dir, 'trust');
  pkg = await fx.makePackage({ transferId: 'PRINT-1', sequence: 3, classification: 'RESTRICTED <b>x</b>', volumeSize: 10240 });
});
after(() => removeTempDir(dir));

async function sluice(...argv: string[]) {
  return sluiceEnv({}, ...argv);
}
async function sluiceEnv(env: Record<string, string>, ...argv: string[]) {
  const io = bufferIo({ env });
  const code = await dispatch(argv, io);
  return { code, out: io.out(), err: io.err() };
}

let n = 0;
const out = (ext: string) => join(dir, `out-${++n}.${ext}`);

test('prints the manifest of a verified package as HTML: every path, hash and the signed digest', async () => {
  const html = out('html');
  const r = await sluice('manifest', pkg.packageDir, '--trust', trust, '--html', html);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^wrote .*out-\d+\.html$/m);
  const text = await readFile(html, 'utf8');
  const digest = createHash('sha256').update(await readFile(join(pkg.packageDir, 'manifest.json'))).digest('hex');
  assert.equal(digest, pkg.manifestSha256);
  assert.ok(text.includes(digest) && r.out.includes(digest));
  for (const e of pkg.manifest.entries) {
    assert.ok(text.includes(pathHtml(e.type === 'dir' ? `${e.path}/` : e.path)), e.path);
    if (e.type === 'file') assert.ok(text.includes(e.sha256), `hash of ${e.path}`);
  }
  assert.ok(pkg.manifest.payload.volumes.length > 1, 'the fixture splits into volumes');
  for (const v of pkg.manifest.payload.volumes) assert.ok(text.includes(v.sha256));
  assert.ok(text.includes(`1 of ${pkg.manifest.payload.volumes.length}`));
  assert.ok(text.includes('>alice<') && text.includes(fx.key.keyId) && text.includes(fx.key.fingerprint));
  assert.ok(text.includes('RESTRICTED &lt;b&gt;x&lt;/b&gt;') && !text.includes('<b>x</b>'));
});

test('--pdf prints through Chromium, as many pages as the HTML has, on the paper asked for', async () => {
  const html = out('html');
  const pdf = out('pdf');
  const r = await sluice('manifest', pkg.packageDir, '--trust', trust, '--html', html, '--pdf', pdf, '--paper', 'Letter', '--media', '1');
  assert.equal(r.code, 0, r.err);
  const text = await readFile(html, 'utf8');
  assert.ok(text.includes('on 1 medium)'));
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  assert.match(info, /\(letter\)/);
  assert.equal(Number(/^Pages:\s+(\d+)/m.exec(info)![1]), (text.match(/<section class="page"/g) ?? []).length);
  const printed = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  assert.ok(printed.includes(pkg.manifestSha256));
});

test('a package whose manifest was altered is not printed (exit 1, the failure named)', async () => {
  const copy = join(dir, 'tampered');
  await mkdir(copy);
  for (const name of await readdir(pkg.packageDir)) await writeFile(join(copy, name), await readFile(join(pkg.packageDir, name)));
  const m = await readFile(join(copy, 'manifest.json'), 'utf8');
  await writeFile(join(copy, 'manifest.json'), m.replace('"sequence": 3', '"sequence": 4'));
  const html = out('html');
  const r = await sluice('manifest', copy, '--trust', trust, '--html', html);
  assert.equal(r.code, 1);
  assert.match(r.err, /signature stage .* failed/);
  assert.match(r.err, /signature: manifest\.json\.minisig: /);
  assert.equal(existsSync(html), false);
});

test('a package signed by a key outside the trust store is not printed', async () => {
  const other = await makeTestKey(join(dir, 'other-keys'), 'mallory');
  const otherTrust = join(dir, 'other-trust');
  await makeTrustStore(otherTrust, [other]);
  const r = await sluice('manifest', pkg.packageDir, '--trust', otherTrust, '--html', out('html'));
  assert.equal(r.code, 1);
  assert.match(r.err, /signature/);
});

test('refuses to overwrite a file or to write into the package', async () => {
  const existing = out('html');
  await writeFile(existing, 'keep me');
  let r = await sluice('manifest', pkg.packageDir, '--trust', trust, '--html', existing);
  assert.equal(r.code, 2);
  assert.match(r.err, /already exists/);
  assert.equal(await readFile(existing, 'utf8'), 'keep me');
  r = await sluice('manifest', pkg.packageDir, '--trust', trust, '--pdf', join(pkg.packageDir, 'manifest.pdf'));
  assert.equal(r.code, 2);
  assert.match(r.err, /inside the package/);
  assert.equal(existsSync(join(pkg.packageDir, 'manifest.pdf')), false);
});

test('without a Chromium, --pdf says what to install and writes nothing', async () => {
  const pdf = out('pdf');
  const r = await sluiceEnv({ SLUICE_CHROMIUM: join(dir, 'no-such-chromium') }, 'manifest', pkg.packageDir, '--trust', trust, '--pdf', pdf);
  assert.equal(r.code, 2);
  assert.match(r.err, /SLUICE_CHROMIUM is set to .*not an executable/);
  assert.equal(existsSync(pdf), false);
});

test('usage errors name the problem (exit 2)', async () => {
  const cases: [string[], RegExp][] = [
    [['manifest', pkg.packageDir, '--html', 'x.html'], /missing --trust DIR/],
    [['manifest', pkg.packageDir, '--trust', trust], /missing --html OUT or --pdf OUT/],
    [['manifest', pkg.packageDir, '--trust', trust, '--html', 'x.html', '--paper', 'a3'], /--paper must be a4 or letter/],
    [['manifest', pkg.packageDir, '--trust', trust, '--html', 'x.html', '--media', '0'], /--media must be a whole number/],
    [['manifest', '--trust', trust, '--html', 'x.html'], /missing PACKAGE/],
  ];
  for (const [argv, re] of cases) {
    const r = await sluice(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, re);
  }
  const help = await sluice('manifest', '--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /Usage: sluice manifest PACKAGE --trust DIR/);
  assert.match((await sluice('--help')).out, /manifest .*\n.*receipt /);
});
