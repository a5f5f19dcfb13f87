/**
 * The trust store: a directory of minisign public keys, one `<label>.pub` per trusted signer, the
 * label being the file-name stem. Revoked keys are moved to `<dir>/revoked/`, so a package signed
 * by one is reported as signed by a revoked key rather than an unknown one. Every file is parsed
 * on load; one that does not parse stops the load with an error naming it — a trust store is never
 * silently partial.
 */
import { lstat, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { encodePublicKey, parsePublicKey, type PublicKey } from '../crypto/minisign';
import { SluiceError } from '../errors';
import { fingerprint, nameProblem, readKeyText } from './key-files';

/** A public key from the trust store, with the label it was trusted under. */
export type TrustedKey = PublicKey & {
  label: string;
  /** See `fingerprint()`: 10 groups of 4 hex digits. */
  fingerprint: string;
  /** Absolute path of its .pub file. */
  file: string;
};

export interface TrustStore {
  /** Absolute path of the store. */
  dir: string;
  /** Trusted keys, sorted by label. Pass these to verifySignature. */
  keys: TrustedKey[];
  /** Keys moved to revoked/, sorted by label. Never trusted; named when they signed something. */
  revoked: TrustedKey[];
}

const REVOKED_DIR = 'revoked';

/**
 * Loads every `<label>.pub` in `dir` and in `dir/revoked/`. Errors: 'no-trust-store' when `dir`
 * is missing or not a directory; 'bad-trust-store' (with one detail per file) when any file is
 * not a regular file with a valid label and a parseable key, or a key id appears twice.
 */
export async function loadTrustStore(dir: string): Promise<TrustStore> {
  const root = resolve(dir);
  const st = await lstat(root).catch(() => null);
  if (!st || !st.isDirectory()) {
    throw new SluiceError(
      'no-trust-store',
      `no trust store at ${root}. Create one by trusting a signer's public key: sluice trust add SIGNER.pub --trust ${dir} --label NAME`,
    );
  }
  const problems: { path: string; reason: string }[] = [];
  const keys = await readKeysIn(root, problems);
  const revokedDir = join(root, REVOKED_DIR);
  const revokedSt = await lstat(revokedDir).catch(() => null);
  const revoked = revokedSt ? (revokedSt.isDirectory() ? await readKeysIn(revokedDir, problems) : []) : [];
  if (revokedSt && !revokedSt.isDirectory()) problems.push({ path: revokedDir, reason: 'must be a directory' });
  const seen = new Map<string, string>();
  for (const key of [...keys, ...revoked]) {
    const other = seen.get(key.keyId);
    if (other) problems.push({ path: key.file, reason: `key ${key.keyId} is also in ${other}` });
    else seen.set(key.keyId, key.file);
  }
  if (problems.length > 0) {
    throw new SluiceError('bad-trust-store', `the trust store ${root} has ${problems.length} problem(s); fix or remove these files:`, problems);
  }
  return { dir: root, keys, revoked };
}

/**
 * Adds a public key (the text of a minisign .pub file) under `label`, creating `dir` (0700) if
 * needed. Refuses a label or key id already present, trusted or revoked ('already-trusted'), and
 * text that is not a public key ('bad-public-key'). Returns the new entry.
 */
export async function trustKey(dir: string, pubText: string, label: string): Promise<TrustedKey> {
  const problem = nameProblem(label);
  if (problem) throw new SluiceError('bad-label', `bad label: ${problem}.`);
  let key: PublicKey;
  try {
    key = parsePublicKey(pubText);
  } catch (e) {
    throw new SluiceError('bad-public-key', `not a minisign public key: ${(e as Error).message}.`);
  }
  const root = resolve(dir);
  await mkdir(root, { recursive: true, mode: 0o700 });
  const store = await loadTrustStore(root);
  for (const existing of [...store.keys, ...store.revoked]) {
    const where = store.revoked.includes(existing) ? 'revoked' : 'trusted';
    if (existing.label === label) {
      throw new SluiceError('already-trusted', `the label "${label}" is already used by ${where} key ${existing.keyId} (${existing.file}); choose another label.`);
    }
    if (existing.keyId === key.keyId) {
      throw new SluiceError('already-trusted', `key ${key.keyId} is already ${where} as "${existing.label}" (${existing.file}); nothing was changed.`);
    }
  }
  const file = join(root, `${label}.pub`);
  try {
    await writeFile(file, encodePublicKey(key), { flag: 'wx', mode: 0o644 });
  } catch (e) {
    throw new SluiceError('unwritable-trust-store', `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  return { ...key, label, fingerprint: fingerprint(key), file };
}

/**
 * Revokes the key trusted as `label` by moving its file to `dir/revoked/`. Errors: 'not-trusted'
 * when no such label is trusted. Returns the entry as it now is (its file under revoked/).
 */
export async function revokeKey(dir: string, label: string): Promise<TrustedKey> {
  const store = await loadTrustStore(dir);
  const key = store.keys.find((k) => k.label === label);
  if (!key) {
    const labels = store.keys.map((k) => k.label).join(', ') || 'none';
    throw new SluiceError('not-trusted', `no trusted key is labelled "${label}" in ${store.dir} (trusted labels: ${labels}).`);
  }
  const revokedDir = join(store.dir, REVOKED_DIR);
  await mkdir(revokedDir, { recursive: true, mode: 0o700 });
  const target = join(revokedDir, `${label}.pub`);
  // loadTrustStore refused label clashes with revoked/ on add, but a hand-placed file could exist:
  // never replace it.
  if (await lstat(target).catch(() => null)) {
    throw new SluiceError('bad-trust-store', `${target} already exists; move it away by hand, then revoke again.`);
  }
  await rename(key.file, target);
  return { ...key, file: target };
}

/** Who a key id is, for reports: trusted (with label), revoked (with label), or unknown. */
export type SignerDescription =
  | { status: 'trusted'; key: TrustedKey; text: string }
  | { status: 'revoked'; key: TrustedKey; text: string }
  | { status: 'unknown'; keyId: string; text: string };

/** Names the signer behind `keyId` (as formatKeyId prints it) for a person reading a report. */
export function describeSigner(store: TrustStore, keyId: string): SignerDescription {
  const id = keyId.toUpperCase();
  const trusted = store.keys.find((k) => k.keyId === id);
  if (trusted) return { status: 'trusted', key: trusted, text: `trusted signer "${trusted.label}" (key ${id}, fingerprint ${trusted.fingerprint})` };
  const revoked = store.revoked.find((k) => k.keyId === id);
  if (revoked) return { status: 'revoked', key: revoked, text: `REVOKED signer "${revoked.label}" (key ${id}, fingerprint ${revoked.fingerprint}); its signatures are no longer accepted` };
  return { status: 'unknown', keyId: id, text: `unknown key ${id}: not in the trust store` };
}

async function readKeysIn(dir: string, problems: { path: string; reason: string }[]): Promise<TrustedKey[]> {
  const found: TrustedKey[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (!name.endsWith('.pub')) continue; // notes, READMEs and the revoked/ folder are not keys
    const file = join(dir, name);
    const label = name.slice(0, -'.pub'.length);
    const labelProblem = nameProblem(label);
    if (labelProblem) {
      problems.push({ path: file, reason: `bad label: ${labelProblem}` });
      continue;
    }
    const st = await lstat(file);
    if (!st.isFile()) {
      problems.push({ path: file, reason: 'not a regular file (symlinks and folders are not accepted)' });
      continue;
    }
    try {
      const key = parsePublicKey(await readKeyText(file, 'public key'));
      found.push({ ...key, label, fingerprint: fingerprint(key), file });
    } catch (e) {
      problems.push({ path: file, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return found;
}
