/**
 * Shared setup for the pack tests: a throwaway signing key (tweetnacl directly, so these tests do
 * not depend on the keys module), small source trees, and helpers to run real tools.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { chmod, mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import nacl from 'tweetnacl';
import { encodePublicKey, formatKeyId, type PublicKey, type SigningKey } from '../../../electron/engine/crypto/minisign';
import type { PackOptions } from '../../../electron/engine/pack/pack';

/** A fresh Ed25519 key with a random minisign key id. */
export function testKey(): { signingKey: SigningKey; publicKey: PublicKey; pubText: string } {
  const pair = nacl.sign.keyPair();
  const keyIdBytes = new Uint8Array(randomBytes(8));
  const publicKey: PublicKey = { keyIdBytes, keyId: formatKeyId(keyIdBytes), publicKey: pair.publicKey };
  return { signingKey: { keyIdBytes, secretKey: pair.secretKey }, publicKey, pubText: encodePublicKey(publicKey) };
}

/** Fixed times so packs are reproducible. */
export const CREATED = new Date('2026-03-01T10:00:00Z');
export const EXPIRES = new Date('2026-03-08T10:00:00Z');
export const MTIME = 1_700_000_000;

/** Pack options with everything but sources and outDir filled in deterministically. */
export function baseOptions(sources: string[], outDir: string, signingKey: SigningKey, extra: Partial<PackOptions> = {}): PackOptions {
  return {
    sources, outDir, signingKey, source: 'LOW', destination: 'HIGH', transferId: 'T-test-1', sequence: 7,
    created: CREATED, expires: EXPIRES, operator: 'alice', classification: 'OFFICIAL', purpose: 'test', ticket: 'CHG-1',
    ...extra,
  };
}

/** A tree description: path → file content (string) or null for an empty directory. Modes via `exec`. */
export async function writeTree(root: string, files: Record<string, string | Buffer | null>, exec: string[] = []): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    if (content === null) {
      await mkdir(p, { recursive: true });
    } else {
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, content);
      await chmod(p, exec.includes(rel) ? 0o755 : 0o644);
    }
  }
  await setMtimes(root);
}

/** Sets every mtime under (and including) `root` to MTIME, so packs are reproducible. */
export async function setMtimes(root: string): Promise<void> {
  for (const d of await readdir(root, { withFileTypes: true })) {
    const p = join(root, d.name);
    if (d.isDirectory()) await setMtimes(p);
    await utimes(p, MTIME, MTIME);
  }
  await utimes(root, MTIME, MTIME);
}

/** Runs a command; returns status and output (never throws). */
export function run(cmd: string, args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, input: opts.input, env: opts.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

/** How to run a README's commands: where from, and whether the package may be written to. */
export interface ReadmeRunOptions {
  /** The directory the person runs the commands in (placeholders may be relative to it). Default '/'. */
  cwd?: string;
  /** Run with the package directory read-only (chmod -R a-w; as root, without the capability that ignores it). */
  readOnly?: boolean;
}

/** The `    $ ` lines of a package's README, as written. */
export async function readmeCommands(packageDir: string): Promise<string[]> {
  const readme = await readFile(join(packageDir, 'README.txt'), 'utf8');
  return readme.split('\n').filter((l) => l.startsWith('    $ ')).map((l) => l.slice(6));
}

/**
 * Runs a package's README commands with bash -e, every placeholder replaced by the given text
 * (absolute or relative to `cwd`); returns the result without judging it.
 */
export async function runReadme(packageDir: string, placeholders: { packageDir: string; pubFile: string; outDir: string }, o: ReadmeRunOptions = {}): Promise<{ code: number; stdout: string; stderr: string; script: string }> {
  const commands = await readmeCommands(packageDir);
  assert.ok(commands.length >= 5, 'README lists the commands');
  const script = ['set -e -o pipefail', ...commands.map((c) => c.replaceAll('PACKAGE_DIR', placeholders.packageDir).replaceAll('KEY.pub', placeholders.pubFile).replaceAll('OUT', placeholders.outDir))].join('\n');
  if (!o.readOnly) return { ...run('bash', ['-c', script], { cwd: o.cwd ?? '/' }), script };
  const chmodAll = (mode: string) => assert.equal(run('chmod', ['-R', mode, packageDir]).code, 0);
  chmodAll('a-w');
  try {
    // Root writes through a-w; without CAP_DAC_OVERRIDE it sees what a read-only medium shows anyone.
    const asRoot = process.getuid?.() === 0;
    const r = asRoot ? run('setpriv', ['--bounding-set=-dac_override,-dac_read_search', '--', 'bash', '-c', script], { cwd: o.cwd ?? '/' }) : run('bash', ['-c', script], { cwd: o.cwd ?? '/' });
    return { ...r, script };
  } finally {
    chmodAll('u+w');
  }
}

/** Runs the `    $ ` lines of a package's README with bash -e, placeholders replaced by real paths; asserts every command succeeded. */
export async function runReadmeCommands(packageDir: string, pubFile: string, outDir: string, o: ReadmeRunOptions = {}): Promise<{ stdout: string }> {
  try {
    const r = await runReadme(packageDir, { packageDir, pubFile, outDir }, o);
    assert.equal(r.code, 0, `${r.script}\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /payload\.tar[^\n]*: OK/);
    return r;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
