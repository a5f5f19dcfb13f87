// electron-builder run for real with this repository's electron-builder.yml, offline, on a
// stand-in Electron: a zip named like Electron's release whose "binary" is a small file holding
// Electron's fuse wire (the sentinel @electron/fuses looks for, all fuses at their defaults). The
// real zip cannot be fetched here; the stand-in proves what the configuration makes electron-builder
// do — use the pre-staged zip (electronDist), flip the fuses, pack app.asar without tests, TypeScript
// or dev dependencies, and ship the `sluice` command line in resources/cli — and that it needs no
// network for the unpacked (`dir`) target. Installers proper (AppImage, deb) also need
// electron-builder's packaging tools; README says how to pre-stage them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli';
import { makeTempDir } from '../helpers/tmp';
import { assertFuses, readFuses } from './fuses';

const requireFromRoot = createRequire(join(repoRoot, 'package.json'));
const { version } = JSON.parse(readFileSync(join(repoRoot, 'node_modules/electron/package.json'), 'utf8')) as { version: string };

/** A zip laid out like electron-v<version>-linux-x64.zip with a fuse wire of 9 fuses, all '0' or '1' as Electron ships them. */
function standInElectronZip(dir: string): void {
  const r = spawnSync('python3', ['-c', `import sys, zipfile
sentinel = b'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
binary = b'#!/bin/sh\\necho stand-in\\n' + bytes(64) + sentinel + bytes([1, 9]) + b'101110000' + bytes(64)
z = zipfile.ZipFile(sys.argv[1], 'w')
exe = zipfile.ZipInfo('electron'); exe.external_attr = 0o755 << 16
z.writestr(exe, binary)
z.writestr('version', 'v${version}')
z.writestr('LICENSE', 'stand-in')
z.close()`, join(dir, `electron-v${version}-linux-x64.zip`)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

test('electron-builder packs the app offline from a pre-staged Electron zip: fuses flipped, a clean app.asar, the sluice CLI beside it', { timeout: 240_000 }, async (t) => {
  assert.ok(existsSync(join(repoRoot, 'dist/main.mjs')), 'dist/ is built (npm test builds it first)');
  const dir = await makeTempDir(t);
  const zips = join(dir, 'electron-cache');
  mkdirSync(zips);
  standInElectronZip(zips);
  const { bundleCli } = await import(join(repoRoot, 'scripts/cli-bundle.mjs')) as { bundleCli(out?: string): Promise<string> };
  await bundleCli();

  const out = join(dir, 'out');
  const env = { ...process.env, ELECTRON_BUILDER_CACHE: join(dir, 'builder-cache'), ELECTRON_MIRROR: 'http://127.0.0.1:9/', CSC_IDENTITY_AUTO_DISCOVERY: 'false' };
  const r = spawnSync(process.execPath, [join(repoRoot, 'node_modules/electron-builder/cli.js'), '--config', 'electron-builder.yml',
    `-c.electronDist=${zips}`, `-c.directories.output=${out}`, '--linux', 'dir'], { cwd: repoRoot, env, encoding: 'utf8', timeout: 200_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /using custom electronDist directory/);

  const app = join(out, 'linux-unpacked');
  assertFuses(await readFuses(join(app, 'sluice-desktop')));

  const { listPackage } = requireFromRoot('@electron/asar') as { listPackage(p: string): string[] };
  const files = listPackage(join(app, 'resources/app.asar')).map((p) => p.replace(/\\/g, '/'));
  assert.ok(files.includes('/dist/main.mjs') && files.includes('/resources/checklists/import.json'), 'bundles and templates packed');
  assert.deepEqual(files.filter((p) => /^\/(test|electron|renderer|shared|scripts)\//.test(p) || /\.tsx?$/.test(p) || p.endsWith('.map')), [], 'no tests, TypeScript or maps');
  const modules = new Set(files.filter((p) => p.startsWith('/node_modules/')).map((p) => p.split('/')[2]));
  const { dependencies, devDependencies } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
  for (const dep of Object.keys(dependencies!)) assert.ok(modules.has(dep.split('/')[0]!), `${dep} (a dependency) is packed`);
  for (const dev of Object.keys(devDependencies!)) assert.ok(!modules.has(dev.split('/')[0]!) || dep(dev), `${dev} (a devDependency) is not packed`);

  // The command line shipped beside the app runs (with this machine's Node).
  const help = spawnSync(join(app, 'resources/cli/sluice'), ['--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^sluice \d/);

  /** A devDependency's scope may be shared with a runtime dependency (e.g. @noble). */
  function dep(name: string): boolean {
    return Object.keys(dependencies!).some((d) => d.split('/')[0] === name.split('/')[0]);
  }
});
