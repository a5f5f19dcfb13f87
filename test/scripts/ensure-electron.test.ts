// `npm start`'s pre-launch check (scripts/ensure-electron.mjs): with no Electron binary it must say,
// in one message, where to put the zip and that the CLI works without it — and never reach the
// internet. Each case runs the script against a stand-in electron package folder and a temp cache
// (SLUICE_ELECTRON_PACKAGE, electron_config_cache), with Electron's download mirror pointed at a
// closed port on 127.0.0.1, so the real node_modules/electron and ~/.cache are never touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli';
import { makeTempDir } from '../helpers/tmp';

const { version } = JSON.parse(readFileSync(join(repoRoot, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;

/** A stand-in for node_modules/electron: its package.json and checksums.json, no binary. */
function standInPackage(dir: string, checksums?: Record<string, string>): string {
  const pkg = join(dir, 'electron-package');
  mkdirSync(pkg, { recursive: true });
  copyFileSync(join(repoRoot, 'node_modules/electron/package.json'), join(pkg, 'package.json'));
  if (checksums) writeFileSync(join(pkg, 'checksums.json'), JSON.stringify(checksums));
  else copyFileSync(join(repoRoot, 'node_modules/electron/checksums.json'), join(pkg, 'checksums.json'));
  return pkg;
}

function ensure(env: Record<string, string>) {
  const clean: Record<string, string> = {};
  // Drop every inherited Electron setting (npm passes .npmrc's as npm_config_electron_*).
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/electron/i.test(k)) clean[k] = v;
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts/ensure-electron.mjs')], {
    encoding: 'utf8', timeout: 30_000, env: { ...clean, ELECTRON_MIRROR: 'http://127.0.0.1:9/', ...env },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

test('npm start runs the pre-launch check before launching Electron', () => {
  const { scripts } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.match(scripts.start!, /node scripts\/ensure-electron\.mjs && electron \.$/);
});

test('with no binary and no zip it exits 2 with one message: where the zip goes, the override, and that the CLI works', async (t) => {
  const dir = await makeTempDir(t);
  const pkg = standInPackage(dir);
  const cache = join(dir, 'cache');
  for (const offline of ['1', '']) {
    const { code, out } = ensure({ SLUICE_ELECTRON_PACKAGE: pkg, electron_config_cache: cache, SLUICE_ELECTRON_OFFLINE: offline });
    assert.equal(code, 2, out);
    assert.ok(out.includes(`at ${join(cache, zipName)} and run this again`), out);
    assert.match(out, /ELECTRON_OVERRIDE_DIST_PATH/);
    assert.match(out, /The sluice command line works without it/);
    assert.equal(out.match(/needs Electron/g)?.length, 1, `one message, not several:\n${out}`);
    // Offline it does not try; otherwise the one download attempt went to the closed local port.
    assert.match(out, offline ? /forbids downloading/ : /downloading it failed \(connect ECONNREFUSED 127\.0\.0\.1:9\)/);
    assert.ok(!existsSync(join(pkg, 'path.txt')) && !existsSync(join(pkg, 'dist')), 'nothing installed');
  }
});

test('a pre-staged zip that is not the published release is refused by its checksum', async (t) => {
  const dir = await makeTempDir(t);
  const pkg = standInPackage(dir);
  const cache = join(dir, 'cache');
  mkdirSync(cache);
  writeFileSync(join(cache, zipName), 'not electron');
  const { code, out } = ensure({ SLUICE_ELECTRON_PACKAGE: pkg, electron_config_cache: cache, SLUICE_ELECTRON_OFFLINE: '1' });
  assert.equal(code, 2, out);
  assert.match(out, /does not match the SHA-256 the electron package publishes/);
  assert.ok(!existsSync(join(pkg, 'path.txt')));
});

test('a pre-staged zip whose checksum matches is unpacked the way electron\'s install.js does', async (t) => {
  const dir = await makeTempDir(t);
  const cache = join(dir, 'cache');
  mkdirSync(cache);
  const zip = join(cache, zipName);
  const made = spawnSync('python3', ['-c', `import zipfile,sys
z = zipfile.ZipFile(sys.argv[1], 'w')
z.writestr('electron', '#!/bin/sh\\necho stand-in\\n')
z.writestr('version', 'v${version}')
z.close()`, zip], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const sha = createHash('sha256').update(readFileSync(zip)).digest('hex');
  const pkg = standInPackage(dir, { [zipName]: sha });
  const { code, out } = ensure({ SLUICE_ELECTRON_PACKAGE: pkg, electron_config_cache: cache, SLUICE_ELECTRON_OFFLINE: '1' });
  assert.equal(code, 0, out);
  assert.match(out, /Installed Electron/);
  assert.equal(readFileSync(join(pkg, 'path.txt'), 'utf8'), 'electron');
  assert.ok(statSync(join(pkg, 'dist/electron')).mode & 0o100, 'the binary is executable');
  // Once installed, the check passes without looking at the cache again.
  assert.equal(ensure({ SLUICE_ELECTRON_PACKAGE: pkg, electron_config_cache: join(dir, 'empty'), SLUICE_ELECTRON_OFFLINE: '1' }).code, 0);
});

test('ELECTRON_OVERRIDE_DIST_PATH is honoured when it holds the binary and named when it does not', async (t) => {
  const dir = await makeTempDir(t);
  const pkg = standInPackage(dir);
  const unpacked = join(dir, 'unpacked');
  mkdirSync(unpacked);
  const env = { SLUICE_ELECTRON_PACKAGE: pkg, electron_config_cache: join(dir, 'cache'), SLUICE_ELECTRON_OFFLINE: '1', ELECTRON_OVERRIDE_DIST_PATH: unpacked };
  const missing = ensure(env);
  assert.equal(missing.code, 2, missing.out);
  assert.ok(missing.out.includes(`ELECTRON_OVERRIDE_DIST_PATH is set to ${unpacked}, which holds no electron`), missing.out);
  writeFileSync(join(unpacked, process.platform === 'win32' ? 'electron.exe' : 'electron'), '');
  assert.equal(ensure(env).code, 0);
});
