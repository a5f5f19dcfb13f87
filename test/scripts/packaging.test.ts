// The installers' configuration (electron-builder.yml) and what they carry, checked without
// Electron: fuses, what goes into app.asar, the targets, and the stand-alone `sluice` command line.
// Where a packaged app exists (after `npm run dist` with the Electron zip, not in CI here) the fuses
// are also read back from the built binary.
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
const yaml = requireFromRoot('js-yaml') as { load(text: string): unknown };
const { minimatch } = requireFromRoot('minimatch') as { minimatch(path: string, pattern: string, opts?: object): boolean };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const config = yaml.load(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as any;

test('electron-builder accepts the configuration (its own schema check)', async () => {
  const { validateConfiguration } = requireFromRoot('app-builder-lib/out/util/config/config');
  const { DebugLogger } = requireFromRoot('builder-util');
  await validateConfiguration(structuredClone(config), new DebugLogger(false));
});

test('the fuses are set: no run-as-node, no NODE_OPTIONS, no --inspect, asar integrity on, app only from the asar', () => {
  assert.equal(config.asar, true);
  assert.deepEqual(
    [config.electronFuses.runAsNode, config.electronFuses.enableNodeOptionsEnvironmentVariable, config.electronFuses.enableNodeCliInspectArguments,
      config.electronFuses.enableEmbeddedAsarIntegrityValidation, config.electronFuses.onlyLoadAppFromAsar],
    [false, false, false, true, true],
  );
});

test('app.asar gets the bundles and templates, never tests, TypeScript source or source maps', () => {
  const included = (path: string) => {
    let inside = false;
    for (const pattern of config.files as string[]) {
      if (pattern.startsWith('!')) { if (minimatch(path, pattern.slice(1), { dot: true })) inside = false; }
      else if (minimatch(path, pattern, { dot: true })) inside = true;
    }
    return inside;
  };
  for (const p of ['dist/main.mjs', 'dist/cli.mjs', 'dist/preload.cjs', 'dist/renderer/app.js', 'resources/checklists/import.json', 'package.json']) {
    assert.ok(included(p), `${p} is packed`);
  }
  for (const p of ['test/engine/pack/pack.test.ts', 'electron/cli/main.ts', 'renderer/main.tsx', 'shared/format/manifest.ts', 'dist/main.mjs.map',
    'dist/x.d.ts', 'node_modules/electron/index.js', 'scripts/release.mjs', 'README.md']) {
    assert.ok(!included(p), `${p} is not packed`);
  }
  assert.equal(config.npmRebuild, false, 'no native modules: nothing to rebuild');
});

test('Linux AppImage and deb, Windows NSIS and macOS dmg are configured, with no publishing', () => {
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.deepEqual(config.win.target, ['nsis']);
  assert.equal(config.mac.target[0].target, 'dmg');
  assert.equal(config.publish, null);
});

test('the installers carry the sluice command line: dist-cli/ as resources/cli, and /usr/bin/sluice in the deb', () => {
  assert.deepEqual(config.extraResources, [{ from: 'dist-cli', to: 'cli' }]);
  assert.ok((config.deb.fpm as string[]).includes('bin/sluice-installed=/usr/bin/sluice'));
  assert.notEqual(config.linux.executableName, 'sluice', 'the app must not take the command line\'s name');
});

test('the stand-alone CLI bundle runs with nothing but Node: keygen, pack and verify from a folder with no node_modules', { timeout: 120_000 }, async (t) => {
  const dir = await makeTempDir(t);
  const { bundleCli } = await import(join(repoRoot, 'scripts/cli-bundle.mjs')) as { bundleCli(out: string): Promise<string> };
  const cli = await bundleCli(join(dir, 'cli'));
  const env = { ...process.env, SLUICE_KDF_COST: 'test', SLUICE_PASSPHRASE: 'release passphrase', SLUICE_HOME: join(dir, 'home'), NODE_PATH: '' };
  const run = (...args: string[]) => {
    const r = spawnSync(join(cli, 'sluice'), args, { cwd: dir, env, encoding: 'utf8' });
    return { code: r.status, out: r.stdout + r.stderr, stdout: r.stdout };
  };
  assert.equal(run('--help').code, 0);
  const keygen = run('keygen', '--out', 'keys', '--name', 'k');
  assert.equal(keygen.code, 0, keygen.out);
  const fingerprint = /^ *Fingerprint: *(.+)$/m.exec(keygen.stdout)?.[1];
  assert.ok(fingerprint, keygen.out);
  writeFileSync(join(dir, 'file.txt'), 'payload\n');
  mkdirSync(join(dir, 'media'));
  mkdirSync(join(dir, 'quarantine'));
  const packed = run('pack', 'file.txt', '--key', 'keys/k.key', '--out', 'media', '--from', 'LOW', '--to', 'HIGH', '--operator', 'o');
  assert.equal(packed.code, 0, packed.out);
  const pkg = packed.stdout.trim();
  assert.equal(run('trust', 'add', 'keys/k.pub', '--trust', 'trust', '--label', 'k', '--fingerprint', fingerprint).code, 0);
  const verified = run('verify', pkg, '--trust', 'trust');
  assert.equal(verified.code, 0, verified.out);
  // import hashes in a worker: the bundled workers are found beside cli.mjs.
  const imported = run('import', pkg, '--trust', 'trust', '--to', 'quarantine', '--station', 'HIGH', '--ledger', 'ledger.jsonl');
  assert.equal(imported.code, 0, imported.out);
});

test('fuses read back from the packaged binary', async (t) => {
  const exe = join(repoRoot, 'release/linux-unpacked', config.linux.executableName as string);
  if (!existsSync(exe)) {
    t.skip(`no packaged app at ${exe}: \`npm run dist\` needs electron-v*-linux-x64.zip pre-staged (README), which CI here cannot fetch`);
    return;
  }
  assertFuses(await readFuses(exe));
});
