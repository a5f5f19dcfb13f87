#!/usr/bin/env node
// Makes sure Electron's binary is there before `npm start` launches the app.
//
// `npm ci` does not download Electron (.npmrc sets ignore-scripts, so electron's postinstall never
// runs): set-up must succeed on a machine without internet, and the `sluice` command line never
// needs Electron. The binary is installed here instead, the first time the desktop app is started,
// in this order:
//   1. already installed (node_modules/electron/dist), or ELECTRON_OVERRIDE_DIST_PATH names a folder
//      holding an unpacked Electron — nothing to do;
//   2. a pre-staged zip in Electron's cache folder: `<cache>/electron-vX-<platform>-<arch>.zip`, or
//      where @electron/get caches its own downloads — checked against the SHA-256 the electron
//      package publishes, then unpacked;
//   3. otherwise Electron's own download logic (@electron/get: ELECTRON_MIRROR, electron_config_cache
//      and the same checksums apply), unless SLUICE_ELECTRON_OFFLINE=1.
// When none works it prints one message saying where to put the zip, and exits 2.
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheRoot, electronPackage, hashedCachePath, requireFromRoot, zipName, zipProblem } from './electron-zip.mjs';

/** The executable's path inside an unpacked Electron, as electron's install.js writes to path.txt. */
function platformPath() {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (process.platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** Unpacks a checked zip into the electron package the way its install.js does. */
async function install(pkg, zip) {
  const extract = requireFromRoot('extract-zip');
  const dist = join(pkg.dir, 'dist');
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  await extract(zip, { dir: dist });
  const exe = join(dist, platformPath());
  if (!existsSync(exe)) throw new Error(`${zip} holds no ${platformPath()}`);
  if (process.platform !== 'win32') chmodSync(exe, 0o755);
  writeFileSync(join(pkg.dir, 'path.txt'), platformPath());
}

/** Downloads through @electron/get (honours its cache, mirror variables and the pinned checksums). */
async function download(pkg) {
  const { downloadArtifact } = requireFromRoot('@electron/get');
  return downloadArtifact({
    version: pkg.version, artifactName: 'electron', platform: process.platform, arch: process.arch,
    cacheRoot: process.env.electron_config_cache, checksums: pkg.checksums,
    // One attempt: a machine without internet should hear so at once, not after got's retries.
    downloadOptions: { retry: { limit: 0 } },
  });
}

/** The one message a person sees when there is no binary; `reason` says what was tried. */
function advice(pkg, name, reason) {
  return [
    `Sluice's desktop app needs Electron ${pkg.version}, which is not installed: ${reason}.`,
    `Put ${name} (from Electron's v${pkg.version} release) at ${join(cacheRoot(), name)} and run this again,`,
    `or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding that Electron unpacked.`,
    `The sluice command line works without it: npm run build && node bin/sluice.mjs --help`,
  ].join('\n');
}

/**
 * Returns 0 when Electron can be launched (installing it from a checked zip if need be), else
 * prints one message to stderr and returns 2.
 */
export async function ensureElectron() {
  let pkg;
  try {
    pkg = electronPackage();
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
  const name = zipName(pkg.version);
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    if (existsSync(join(override, platformPath()))) return 0;
    process.stderr.write(`${advice(pkg, name, `ELECTRON_OVERRIDE_DIST_PATH is set to ${override}, which holds no ${platformPath()}`)}\n`);
    return 2;
  }
  if (existsSync(join(pkg.dir, 'path.txt')) && existsSync(join(pkg.dir, 'dist', platformPath()))) return 0;

  const staged = [join(cacheRoot(), name), await hashedCachePath(pkg.version, name)].filter((p) => p && existsSync(p));
  for (const zip of staged) {
    const problem = await zipProblem(zip, name, pkg.checksums);
    if (problem) {
      process.stderr.write(`${advice(pkg, name, problem)}\n`);
      return 2;
    }
    try {
      await install(pkg, zip);
      process.stderr.write(`Installed Electron ${pkg.version} from ${zip}\n`);
      return 0;
    } catch (e) {
      process.stderr.write(`${advice(pkg, name, `unpacking ${zip} failed (${e.message})`)}\n`);
      return 2;
    }
  }
  if (process.env.SLUICE_ELECTRON_OFFLINE === '1') {
    process.stderr.write(`${advice(pkg, name, 'no pre-staged zip was found and SLUICE_ELECTRON_OFFLINE=1 forbids downloading')}\n`);
    return 2;
  }
  try {
    const zip = await download(pkg);
    await install(pkg, zip);
    process.stderr.write(`Installed Electron ${pkg.version} from ${zip}\n`);
    return 0;
  } catch (e) {
    const why = String(e?.message ?? e).split('\n')[0];
    process.stderr.write(`${advice(pkg, name, `no pre-staged zip was found and downloading it failed (${why})`)}\n`);
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // Exit at once: a failed download leaves got's timers behind, which would hold the process ~30 s.
  process.exit(await ensureElectron());
}
