// Where Electron's release zips live and how they are checked, shared by scripts/ensure-electron.mjs
// (`npm start`) and scripts/dist.mjs (`npm run dist`). `npm ci` never downloads Electron (.npmrc
// ignore-scripts), so on a network without internet the zip is carried across and put where these
// scripts look: the Electron cache folder, under the zip's own name.
//
// Every zip is checked against the SHA-256 that the electron npm package itself ships
// (node_modules/electron/checksums.json, pinned by package-lock.json's integrity hash) before it is
// used, so a pre-staged zip is as trustworthy as a downloaded one.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Sluice checkout (the folder holding package.json). */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** require() resolving from the checkout, for Electron's own helpers (@electron/get, extract-zip). */
export const requireFromRoot = createRequire(join(root, 'package.json'));

/**
 * The installed electron npm package: its folder, version and published checksums.
 * SLUICE_ELECTRON_PACKAGE points at another folder laid out the same way (tests use it so they
 * never touch the real node_modules/electron).
 */
export function electronPackage() {
  const dir = process.env.SLUICE_ELECTRON_PACKAGE || join(root, 'node_modules', 'electron');
  const pkgFile = join(dir, 'package.json');
  if (!existsSync(pkgFile)) {
    throw new Error(`The electron package is not installed (${pkgFile} is missing). Run \`npm ci\` in ${root} first.`);
  }
  const { version } = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const sumsFile = join(dir, 'checksums.json');
  const checksums = existsSync(sumsFile) ? JSON.parse(readFileSync(sumsFile, 'utf8')) : {};
  return { dir, version, checksums };
}

/** Electron's own names for platforms and architectures, as in its zip names. */
export function zipName(version, platform = process.platform, arch = process.arch) {
  return `electron-v${version}-${platform}-${arch}.zip`;
}

/**
 * Electron's cache folder, exactly as @electron/get and electron's install.js choose it:
 * `electron_config_cache` if set, else the per-user cache (env-paths('electron')).
 */
export function cacheRoot() {
  if (process.env.electron_config_cache) return process.env.electron_config_cache;
  try {
    return requireFromRoot('env-paths')('electron', { suffix: '' }).cache;
  } catch {
    const xdg = process.env.XDG_CACHE_HOME;
    return join(xdg || join(homedir(), '.cache'), 'electron');
  }
}

/**
 * The place @electron/get itself caches a download (`<cache>/<sha256 of the release URL>/<zip>`),
 * so a zip fetched on a connected machine's cache can be copied across folder and all.
 */
export function hashedCachePath(version, name) {
  try {
    const { Cache } = requireFromRoot('@electron/get/dist/cjs/Cache');
    const { getArtifactRemoteURL } = requireFromRoot('@electron/get/dist/cjs/artifact-utils');
    return getArtifactRemoteURL({ version: `v${version}`, artifactName: 'electron', platform: process.platform, arch: process.arch })
      .then((url) => new Cache(cacheRoot()).getCachePath(url, name));
  } catch {
    return Promise.resolve(null);
  }
}

/** SHA-256 of a file, streamed (Electron zips are ~100 MB). */
export function sha256File(file) {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file).on('error', reject).on('data', (b) => h.update(b)).on('end', () => resolve(h.digest('hex')));
  });
}

/**
 * Checks a zip against the checksum the electron package publishes for its name. Returns null when
 * it matches, else one sentence saying what is wrong.
 */
export async function zipProblem(file, name, checksums) {
  const expected = checksums[name];
  if (!expected) return `the electron package publishes no checksum for ${name}, so ${file} cannot be checked`;
  const actual = await sha256File(file);
  if (actual !== expected) {
    return `${file} does not match the SHA-256 the electron package publishes for ${name} (expected ${expected}, got ${actual}); it is damaged or not that release`;
  }
  return null;
}
