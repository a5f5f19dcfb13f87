/**
 * The trust store: a directory of minisign public keys, the label being the file-name stem.
 * Two roles, kept in separate folders so a key's role is visible in a plain `ls`:
 *
 *   <dir>/<label>.pub                 signer keys: may sign packages
 *   <dir>/witnesses/<label>.pub       witness keys: may only co-sign (cosign-<KEYID>.minisig)
 *   <dir>/revoked/<label>.pub         revoked signer keys
 *   <dir>/revoked/witnesses/<label>.pub   revoked witness keys
 *
 * `keys` holds the signer keys only, so a witness key can never sign a package. Revoked keys stay,
 * so a package (or co-signature) made with one is reported as made by a revoked key rather than an
 * unknown one. Labels and key ids are unique across all four folders. Every file is parsed on
 * load; one that does not parse stops the load with an error naming it — a trust store is never
 * silently partial.
 */
import { lstat, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { encodePublicKey, parsePublicKey, type PublicKey } from '../crypto/minisign';
import { SluiceError } from '../errors';
import { fingerprint, nameProblem, readKeyText } from './key-files';

/** What a trusted key may do: sign packages, or only co-sign them as a witness. */
export type KeyRole = 'signer' | 'witness';

/** The roles, for flag parsing and validation. */
export const KEY_ROLES: readonly KeyRole[] = ['signer', 'witness'];

/** A public key from the trust store, with the label it was trusted under. */
export type TrustedKey = PublicKey & {
  label: string;
  role: KeyRole;
  /** See `fingerprint()`: 10 groups of 4 hex digits. */
  fingerprint: string;
  /** Absolute path of its .pub file. */
  file: string;
};

export interface TrustStore {
  /** Absolute path of the store. */
  dir: string;
  /** Trusted SIGNER keys, sorted by label. Pass these to verifySignature for manifest.json.minisig. */
  keys: TrustedKey[];
  /** Trusted witness keys, sorted by label: they count only for co-signatures, never as signers. */
  witnesses: TrustedKey[];
  /** Keys moved to revoked/ (either role), signers then witnesses, each sorted by label. Never trusted; named when they signed something. */
  revoked: TrustedKey[];
}

const REVOKED_DIR = 'revoked';
const WITNESS_DIR = 'witnesses';

/** The folder (relative to the store) holding keys of `role`, trusted or revoked. */
function roleDir(root: string, role: KeyRole, revoked: boolean): string {
  const base = revoked ? join(root, REVOKED_DIR) : root;
  return role === 'witness' ? join(base, WITNESS_DIR) : base;
}

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
  const keys = await readKeysIn(roleDir(root, 'signer', false), 'signer', problems);
  const witnesses = await readOptionalDir(roleDir(root, 'witness', false), 'witness', problems);
  const revoked = [
    ...(await readOptionalDir(roleDir(root, 'signer', true), 'signer', problems)),
    ...(await readOptionalDir(roleDir(root, 'witness', true), 'witness', problems)),
  ];
  const seenIds = new Map<string, string>();
  const seenLabels = new Map<string, string>();
  for (const key of [...keys, ...witnesses, ...revoked]) {
    const other = seenIds.get(key.keyId);
    if (other) problems.push({ path: key.file, reason: `key ${key.keyId} is also in ${other}` });
    else seenIds.set(key.keyId, key.file);
  }
  // A label names one trusted key: "witness bob" and "signer bob" would make reports ambiguous.
  // (A revoked label reused by hand was always tolerated on load; trustKey refuses it.)
  for (const key of [...keys, ...witnesses]) {
    const sameLabel = seenLabels.get(key.label);
    if (sameLabel) problems.push({ path: key.file, reason: `label "${key.label}" is also used by ${sameLabel}` });
    else seenLabels.set(key.label, key.file);
  }
  if (problems.length > 0) {
    throw new SluiceError('bad-trust-store', `the trust store ${root} has ${problems.length} problem(s); fix or remove these files:`, problems);
  }
  return { dir: root, keys, witnesses, revoked };
}

/** Reads a role folder that may be absent; present but not a folder is a problem. */
async function readOptionalDir(dir: string, role: KeyRole, problems: { path: string; reason: string }[]): Promise<TrustedKey[]> {
  const st = await lstat(dir).catch(() => null);
  if (!st) return [];
  if (!st.isDirectory()) {
    problems.push({ path: dir, reason: 'must be a directory' });
    return [];
  }
  return readKeysIn(dir, role, problems);
}

/**
 * Adds a public key (the text of a minisign .pub file) under `label` with `role` (default
 * 'signer'; 'witness' keys go to `witnesses/`), creating the folders (0700) if needed. Refuses a
 * label or key id already present in either role, trusted or revoked ('already-trusted'), an
 * unknown role ('bad-role') and text that is not a public key ('bad-public-key'). Returns the new entry.
 */
export async function trustKey(dir: string, pubText: string, label: string, role: KeyRole = 'signer'): Promise<TrustedKey> {
  if (!KEY_ROLES.includes(role)) throw new SluiceError('bad-role', `bad role "${String(role)}": use signer or witness.`);
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
  for (const existing of [...store.keys, ...store.witnesses, ...store.revoked]) {
    const state = store.revoked.includes(existing) ? 'revoked' : 'trusted';
    if (existing.label === label) {
      throw new SluiceError('already-trusted', `the label "${label}" is already used by ${state} ${existing.role} key ${existing.keyId} (${existing.file}); choose another label.`);
    }
    if (existing.keyId === key.keyId) {
      throw new SluiceError('already-trusted', `key ${key.keyId} is already ${state} as "${existing.label}" (${existing.role} key, ${existing.file}); nothing was changed.`);
    }
  }
  const folder = roleDir(root, role, false);
  const file = join(folder, `${label}.pub`);
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await writeFile(file, encodePublicKey(key), { flag: 'wx', mode: 0o644 });
  } catch (e) {
    throw new SluiceError('unwritable-trust-store', `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  return { ...key, label, role, fingerprint: fingerprint(key), file };
}

/**
 * Revokes the key trusted as `label`, signer or witness, by moving its file to `dir/revoked/`
 * (witness keys to `dir/revoked/witnesses/`, so the role is kept). Errors: 'not-trusted' when no
 * such label is trusted. Returns the entry as it now is (its file under revoked/).
 */
export async function revokeKey(dir: string, label: string): Promise<TrustedKey> {
  const store = await loadTrustStore(dir);
  const key = [...store.keys, ...store.witnesses].find((k) => k.label === label);
  if (!key) {
    const labels = [...store.keys, ...store.witnesses].map((k) => k.label).join(', ') || 'none';
    throw new SluiceError('not-trusted', `no trusted key is labelled "${label}" in ${store.dir} (trusted labels: ${labels}).`);
  }
  const revokedDir = roleDir(store.dir, key.role, true);
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

/** Who a key id is, for reports: trusted signer, witness (co-sign only), revoked (with label), or unknown. */
export type SignerDescription =
  | { status: 'trusted'; key: TrustedKey; text: string }
  | { status: 'witness'; key: TrustedKey; text: string }
  | { status: 'revoked'; key: TrustedKey; text: string }
  | { status: 'unknown'; keyId: string; text: string };

/**
 * Names the signer behind `keyId` (as formatKeyId prints it) for a person reading a report. A
 * witness key is 'witness', never 'trusted': it may co-sign but not sign a package.
 */
export function describeSigner(store: TrustStore, keyId: string): SignerDescription {
  const id = keyId.toUpperCase();
  const trusted = store.keys.find((k) => k.keyId === id);
  if (trusted) return { status: 'trusted', key: trusted, text: `trusted signer "${trusted.label}" (key ${id}, fingerprint ${trusted.fingerprint})` };
  const witness = (store.witnesses ?? []).find((k) => k.keyId === id);
  if (witness) {
    return { status: 'witness', key: witness, text: `witness "${witness.label}" (key ${id}, fingerprint ${witness.fingerprint}): trusted to co-sign only, not to sign packages` };
  }
  const revoked = store.revoked.find((k) => k.keyId === id);
  if (revoked) return { status: 'revoked', key: revoked, text: `REVOKED ${revoked.role} "${revoked.label}" (key ${id}, fingerprint ${revoked.fingerprint}); its signatures are no longer accepted` };
  return { status: 'unknown', keyId: id, text: `unknown key ${id}: not in the trust store` };
}

async function readKeysIn(dir: string, role: KeyRole, problems: { path: string; reason: string }[]): Promise<TrustedKey[]> {
  const found: TrustedKey[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (!name.endsWith('.pub')) continue; // notes, READMEs and the revoked/ and witnesses/ folders are not keys
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
      found.push({ ...key, label, role, fingerprint: fingerprint(key), file });
    } catch (e) {
      problems.push({ path: file, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return found;
}
