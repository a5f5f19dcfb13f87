#!/usr/bin/env node
// `npm run release -- --key FILE --out DIR --from NET --to NET [options] [INSTALLER...]`
//
// Sluice crosses the air gap the way every other file does: this turns the installers (the files
// `npm run dist` left in release/, or those named) into one Sluice transfer package signed with the
// release key. The package holds one folder, sluice-<version>/, with the installers and a
// SHA256SUMS for them, so the secure side can check the first delivery with stock tools only
// (minisign, sha256sum, tar: docs/FORMAT.md §7 and README) and every later one with Sluice itself.
//
// Signing is the engine's own `sluice pack` (dist/cli.mjs), given the key file and the passphrase
// from --passphrase-file, SLUICE_RELEASE_PASSPHRASE_FILE or SLUICE_PASSPHRASE.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sha256File } from './electron-zip.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
/** What electron-builder makes that a person installs; blockmaps, latest*.yml and unpacked folders are not. */
const INSTALLER = /\.(AppImage|deb|rpm|exe|msi|dmg|pkg|zip)$/;

const usage = `Usage: npm run release -- --key FILE --out DIR --from NET --to NET [options] [INSTALLER...]

Packs the installers into a Sluice transfer package signed with the release key, and prints its path.
  --installers DIR        take every installer in DIR (default: release/, where npm run dist puts them)
  --key FILE              the release signing key (or SLUICE_RELEASE_KEY)
  --passphrase-file FILE  the key's passphrase (or SLUICE_RELEASE_PASSPHRASE_FILE, or SLUICE_PASSPHRASE)
  --out DIR               an existing folder for the package (the medium or a diode's send folder)
  --from NET, --to NET    the networks it leaves and enters
  --classification TEXT   (default OFFICIAL)      --purpose TEXT  (default "Sluice <version> installers")
  --operator NAME         (default $USER)         --expires DURATION (default 30d)
  --state FILE            sequence state, as for sluice pack
Exit codes: 0 packed; 2 usage or environment error, or sluice pack refused.`;

function fail(message) {
  process.stderr.write(`release: ${message}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      installers: { type: 'string' }, key: { type: 'string' }, 'passphrase-file': { type: 'string' },
      out: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
      classification: { type: 'string' }, purpose: { type: 'string' }, operator: { type: 'string' },
      expires: { type: 'string' }, state: { type: 'string' }, help: { type: 'boolean' },
    },
  });
} catch (e) {
  fail(`${e.message}\n${usage}`);
}
const { values: o, positionals } = parsed;
if (o.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const key = o.key ?? process.env.SLUICE_RELEASE_KEY;
const passphraseFile = o['passphrase-file'] ?? process.env.SLUICE_RELEASE_PASSPHRASE_FILE;
for (const [flag, value] of [['--key', key], ['--out', o.out], ['--from', o.from], ['--to', o.to]]) {
  if (!value) fail(`${flag} is required.\n${usage}`);
}

let installers;
if (positionals.length) {
  installers = positionals.map((p) => resolve(p));
} else {
  const dir = resolve(o.installers ?? join(root, 'release'));
  if (!existsSync(dir)) fail(`${dir} does not exist: run \`npm run dist\` first, or give --installers DIR or the installer files.`);
  installers = readdirSync(dir).filter((n) => INSTALLER.test(n)).sort().map((n) => join(dir, n));
  if (installers.length === 0) fail(`${dir} holds no installer (*.AppImage, *.deb, *.exe, *.dmg …): run \`npm run dist\` first.`);
}
for (const file of installers) {
  if (!existsSync(file) || !statSync(file).isFile()) fail(`${file} is not a file.`);
}
const names = installers.map((f) => basename(f));
if (new Set(names).size !== names.length) fail('two installers have the same file name.');

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const cli = join(root, 'dist/cli.mjs');
if (!existsSync(cli)) {
  const b = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  if (b.status !== 0) fail('building the CLI (scripts/build.mjs) failed.');
}

// sluice-<version>/ with the installers and SHA256SUMS in sha256sum's own format ("HASH  NAME").
const staging = mkdtempSync(join(tmpdir(), 'sluice-release-'));
try {
  const folder = join(staging, `sluice-${version}`);
  mkdirSync(folder);
  const lines = [];
  for (const file of installers) {
    const name = basename(file);
    copyFileSync(file, join(folder, name));
    lines.push(`${await sha256File(join(folder, name))}  ${name}`);
  }
  writeFileSync(join(folder, 'SHA256SUMS'), `${lines.join('\n')}\n`);

  const args = [
    cli, 'pack', folder, '--key', resolve(key), '--out', resolve(o.out), '--from', o.from, '--to', o.to,
    '--classification', o.classification ?? 'OFFICIAL',
    '--purpose', o.purpose ?? `Sluice ${version} installers`,
    '--expires', o.expires ?? '30d',
  ];
  if (o.operator) args.push('--operator', o.operator);
  if (passphraseFile) args.push('--passphrase-file', resolve(passphraseFile));
  if (o.state) args.push('--state', resolve(o.state));
  const r = spawnSync(process.execPath, args, { stdio: ['inherit', 'inherit', 'inherit'] });
  process.exitCode = r.status === 0 ? 0 : 2;
} finally {
  rmSync(staging, { recursive: true, force: true });
}
