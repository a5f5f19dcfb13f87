#!/usr/bin/env node
// `npm run dist [-- --linux|--win|--mac ...]`: builds the installers into release/ without touching
// the network. electron-builder is given the Electron cache folder as `electronDist`, where it uses
// `electron-v<version>-<platform>-<arch>.zip` for each target — the same folder and names that
// `npm start` uses (scripts/electron-zip.mjs). Each zip is checked against the checksum the electron
// package publishes before electron-builder sees it, so a pre-staged zip is as good as a download.
//
// With no platform flag it builds for this machine's platform, as electron-builder does.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheRoot, electronPackage, requireFromRoot, root, zipName, zipProblem } from './electron-zip.mjs';

/** The Electron zips each platform flag needs (the archs electron-builder.yml configures). */
const NEEDS = {
  linux: [['linux', 'x64']],
  win: [['win32', 'x64']],
  mac: [['darwin', 'x64'], ['darwin', 'arm64']],
};
const FLAGS = { '--linux': 'linux', '-l': 'linux', '--win': 'win', '-w': 'win', '--mac': 'mac', '-m': 'mac' };
const HOST = { linux: 'linux', win32: 'win', darwin: 'mac' }[process.platform] ?? 'linux';

const args = process.argv.slice(2);
const platforms = [...new Set(args.map((a) => FLAGS[a]).filter(Boolean))];
if (platforms.length === 0) platforms.push(HOST);

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  // electron-builder's @electron/rebuild and node-abi declare Node >= 22.12. Sluice has no native
  // modules and sets npmRebuild: false, so neither runs; the warning is here so nobody is surprised.
  process.stderr.write(`note: Node ${process.versions.node}; electron-builder's dependencies declare Node >= 22.12 (README: "Building and installing on an air-gapped network").\n`);
}

const run = (cmd, argv) => {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, [join(root, 'scripts/build.mjs')]);

const pkg = electronPackage();
const folder = cacheRoot();
const problems = [];
for (const [platform, arch] of platforms.flatMap((p) => NEEDS[p])) {
  const name = zipName(pkg.version, platform, arch);
  const flat = join(folder, name);
  if (!existsSync(flat) && process.env.SLUICE_ELECTRON_OFFLINE !== '1') {
    // Not pre-staged: let Electron's own downloader fetch it (into its cache), then copy it beside
    // the others so electron-builder finds every zip in one folder.
    try {
      const { downloadArtifact } = requireFromRoot('@electron/get');
      const got = await downloadArtifact({
        version: pkg.version, artifactName: 'electron', platform, arch,
        cacheRoot: process.env.electron_config_cache, checksums: pkg.checksums, downloadOptions: { retry: { limit: 0 } },
      });
      mkdirSync(dirname(flat), { recursive: true });
      copyFileSync(got, flat);
    } catch (e) {
      problems.push(`${name}: not at ${flat}, and downloading it failed (${String(e?.message ?? e).split('\n')[0]})`);
      continue;
    }
  }
  if (!existsSync(flat)) {
    problems.push(`${name}: not at ${flat}`);
    continue;
  }
  const problem = await zipProblem(flat, name, pkg.checksums);
  if (problem) problems.push(problem);
}
if (problems.length) {
  process.stderr.write([
    `Building installers needs Electron ${pkg.version}'s release zips in ${folder} (electron_config_cache moves that folder):`,
    ...problems.map((p) => `  ${p}`),
    `Copy each zip there under exactly that name (README: "Building and installing on an air-gapped network") and run this again.`,
  ].join('\n') + '\n');
  // Exit at once: a failed download leaves got's timers behind.
  process.exit(2);
}

const builder = join(root, 'node_modules/electron-builder/cli.js');
run(process.execPath, [builder, '--config', 'electron-builder.yml', `-c.electronDist=${folder}`, ...args]);
process.exit(0);
