// `npm run release` (scripts/release.mjs): the installers become a Sluice transfer package signed
// with the release key, which the secure side checks with stock tools (minisign, sha256sum, tar)
// before Sluice is installed, and with `sluice verify` afterwards. A few-byte stand-in installer
// plays the part of the real ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCli } from '../helpers/cli';
import { makeTestKey, TEST_PASSPHRASE } from '../helpers/keys';
import { makeTempDir } from '../helpers/tmp';

const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };

function sh(cmd: string, args: string[], cwd?: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function release(args: string[], home: string) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts/release.mjs'), ...args], {
    encoding: 'utf8', env: { ...process.env, SLUICE_KDF_COST: 'test', SLUICE_HOME: home, SLUICE_PASSPHRASE: '' },
  });
  return { code: r.status, stdout: r.stdout, out: r.stdout + r.stderr };
}

test('the release package carries the installers and their SHA256SUMS, and minisign, sha256sum -c and sluice verify accept it', { timeout: 120_000 }, async (t) => {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(join(dir, 'keys'), 'release');
  writeFileSync(join(dir, 'passphrase'), `${TEST_PASSPHRASE}\n`);
  const installers = join(dir, 'release');
  mkdirSync(installers);
  writeFileSync(join(installers, `Sluice-${version}.AppImage`), 'stand-in installer\n');
  writeFileSync(join(installers, `sluice_${version}_amd64.deb`), 'another\n');
  // What electron-builder leaves beside the installers is not carried across.
  writeFileSync(join(installers, 'latest-linux.yml'), 'x');
  writeFileSync(join(installers, `Sluice-${version}.AppImage.blockmap`), 'x');
  mkdirSync(join(installers, 'linux-unpacked'));
  const media = join(dir, 'media');
  mkdirSync(media);

  const r = release(['--installers', installers, '--key', key.keyFile, '--passphrase-file', join(dir, 'passphrase'),
    '--out', media, '--from', 'BUILD', '--to', 'HIGH', '--operator', 'release-manager'], join(dir, 'home'));
  assert.equal(r.code, 0, r.out);
  const pkg = r.stdout.trim().split('\n').pop()!;
  assert.equal(readdirSync(media).length, 1);

  // Stock tools, as README's "Building and installing on an air-gapped network" tells the officer.
  for (const file of ['manifest.json', 'SHA256SUMS']) {
    const m = sh('minisign', ['-VHm', join(pkg, file), '-p', key.pubFile]);
    assert.equal(m.code, 0, m.out);
    assert.match(m.out, /Signature and comment signature verified/);
  }
  const sums = sh('sha256sum', ['-c', 'SHA256SUMS'], pkg);
  assert.equal(sums.code, 0, sums.out);
  const out = join(dir, 'out');
  mkdirSync(out);
  const x = sh('tar', ['-x', '--no-same-owner', '-f', join(pkg, 'payload.tar'), '-C', out]);
  assert.equal(x.code, 0, x.out);
  const folder = join(out, `sluice-${version}`);
  assert.deepEqual(readdirSync(folder).sort(), ['SHA256SUMS', `Sluice-${version}.AppImage`, `sluice_${version}_amd64.deb`]);
  const inner = sh('sha256sum', ['-c', 'SHA256SUMS'], folder);
  assert.equal(inner.code, 0, inner.out);
  assert.match(inner.out, new RegExp(`Sluice-${version}\\.AppImage: OK`));

  // Sluice itself, for every later release.
  mkdirSync(join(dir, 'trust'));
  const trusted = await runCli(['trust', 'add', key.pubFile, '--trust', join(dir, 'trust'), '--label', 'release', '--fingerprint', key.fingerprint]);
  assert.equal(trusted.code, 0, trusted.stderr);
  const verified = await runCli(['verify', pkg, '--trust', join(dir, 'trust')]);
  assert.equal(verified.code, 0, verified.stdout + verified.stderr);

  // The inner SHA256SUMS really checks the installers: a changed byte is caught.
  writeFileSync(join(folder, `Sluice-${version}.AppImage`), 'stand-in installeR\n');
  assert.equal(sh('sha256sum', ['-c', 'SHA256SUMS'], folder).code, 1);
});

test('release refuses without a key, or with no installers to carry, in one line each', async (t) => {
  const dir = await makeTempDir(t);
  const noKey = release(['--out', dir, '--from', 'A', '--to', 'B', join(dir, 'x')], dir);
  assert.equal(noKey.code, 2);
  assert.match(noKey.out, /^release: --key is required\./);
  mkdirSync(join(dir, 'empty'));
  const none = release(['--installers', join(dir, 'empty'), '--key', 'k', '--out', dir, '--from', 'A', '--to', 'B'], dir);
  assert.equal(none.code, 2);
  assert.match(none.out, /holds no installer .*npm run dist/);
});
