/**
 * Key pairs and their files: generating a pair, the fingerprint people compare aloud, writing
 * `<name>.key` (0600, never over an existing file) and `<name>.pub`, and reading them back.
 */
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nacl from 'tweetnacl';
import { groupHex } from '../../../shared/units';
import { encodePublicKey, formatKeyId, parsePublicKey, type PublicKey, type SigningKey } from '../crypto/minisign';
import { environmentError, SluiceError } from '../errors';
import type { KdfCost } from './kdf';
import { decryptSecretKey, encryptSecretKey } from './secret-key';

/** File-name stems allowed for key names and trust-store labels. */
const NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Why `name` cannot be a key name or trust label, or null when it can: 1–64 characters from
 * A–Z a–z 0–9 . _ -, not starting with a dot (no hidden files, no "." or "..").
 */
export function nameProblem(name: string): string | null {
  if (!NAME_PATTERN.test(name)) return `"${name}" must be 1–64 characters from A–Z, a–z, 0–9, ".", "_" and "-"`;
  if (name.startsWith('.')) return `"${name}" must not start with "."`;
  return null;
}

/** A fresh Ed25519 key pair with 8 random key-id bytes (as minisign makes them). */
export function generateKeyPair(): { publicKey: PublicKey; signingKey: SigningKey } {
  const pair = nacl.sign.keyPair();
  const keyIdBytes = new Uint8Array(randomBytes(8));
  return {
    publicKey: { keyIdBytes, keyId: formatKeyId(keyIdBytes), publicKey: pair.publicKey },
    signingKey: { keyIdBytes, secretKey: pair.secretKey },
  };
}

/** The public key belonging to a signing key (the second half of tweetnacl's 64-byte secret key). */
export function publicKeyOf(key: SigningKey): PublicKey {
  return { keyIdBytes: key.keyIdBytes, keyId: formatKeyId(key.keyIdBytes), publicKey: key.secretKey.slice(32, 64) };
}

/**
 * A key's fingerprint, for two people to compare aloud (on the phone, or the printed form against
 * the screen) before trusting a key: SHA-256 over "Ed" ‖ key id (8 bytes) ‖ public key (32 bytes),
 * the first 20 bytes as uppercase hex in 10 groups of 4 — e.g. "3F9A 1C22 0B7E … 55D1".
 * It covers the key id too, so two files with the same key but different ids differ.
 */
export function fingerprint(pk: PublicKey): string {
  const digest = createHash('sha256').update('Ed').update(pk.keyIdBytes).update(pk.publicKey).digest();
  return groupHex(digest.subarray(0, 20).toString('hex').toUpperCase());
}

export interface CreateKeyOptions {
  /** Directory for the two files; created (0700) when missing. */
  dir: string;
  /** File-name stem: `<name>.key`, `<name>.pub`. */
  name: string;
  passphrase: string;
  /** 'standard' unless this is an automated test. */
  cost?: KdfCost;
}

export interface CreatedKey {
  keyFile: string;
  pubFile: string;
  keyId: string;
  fingerprint: string;
  publicKey: PublicKey;
}

/**
 * Generates a key pair and writes `<name>.key` (minisign encrypted secret key, mode 0600) and
 * `<name>.pub` (minisign public key). Refuses — 'key-exists' — when either file already exists:
 * an existing secret key is never overwritten. On any failure nothing is left behind.
 */
export async function createKey(options: CreateKeyOptions): Promise<CreatedKey> {
  const problem = nameProblem(options.name);
  if (problem) throw new SluiceError('bad-key-name', `bad key name: ${problem}.`);
  if (options.passphrase.length === 0) throw new SluiceError('empty-passphrase', 'a signing key must be protected by a non-empty passphrase.');
  const dir = resolve(options.dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keyFile = join(dir, `${options.name}.key`);
  const pubFile = join(dir, `${options.name}.pub`);
  // Checked before the (slow) key derivation so a clash is reported at once; writeNew's O_EXCL is
  // what actually guarantees nothing is overwritten.
  for (const f of [keyFile, pubFile]) if (await exists(f)) throw keyExists(f);
  const { publicKey, signingKey } = generateKeyPair();
  const keyText = await encryptSecretKey(signingKey, options.passphrase, options.cost ?? 'standard');
  await writeNew(keyFile, keyText, 0o600);
  try {
    await writeNew(pubFile, encodePublicKey(publicKey), 0o644);
  } catch (e) {
    await rm(keyFile, { force: true });
    throw e;
  }
  return { keyFile, pubFile, keyId: publicKey.keyId, fingerprint: fingerprint(publicKey), publicKey };
}

/** Reads and decrypts a secret-key file. Errors: 'no-key-file', 'bad-key-file', 'wrong-passphrase'. */
export async function loadSigningKey(file: string, passphrase: string): Promise<SigningKey> {
  return decryptSecretKey(await readKeyText(file, 'secret key'), passphrase);
}

/** Reads a minisign public-key file. Errors: 'no-key-file', 'bad-public-key' (naming the file). */
export async function loadPublicKeyFile(file: string): Promise<PublicKey> {
  const text = await readKeyText(file, 'public key');
  try {
    return parsePublicKey(text);
  } catch (e) {
    throw new SluiceError('bad-public-key', `${file} is not a minisign public key: ${(e as Error).message}.`);
  }
}

/** Reads a small key file as text, turning fs errors into a SluiceError that names the file. */
export async function readKeyText(file: string, what: string): Promise<string> {
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      // Key files are a few hundred bytes; refuse to slurp something else by mistake.
      if (size > 64 * 1024) throw new SluiceError('bad-key-file', `${file} is ${size} bytes: too large to be a minisign ${what}.`);
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (e instanceof SluiceError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    // A missing file keeps its familiar words; a failing medium or a permission problem says what to do.
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      const env = environmentError(e, `read the ${what}`, file);
      if (env instanceof SluiceError) throw env;
    }
    throw new SluiceError('no-key-file', `cannot read the ${what} ${file}: ${code ?? (e as Error).message}. Check the path.`);
  }
}

/** Creates `file` exclusively (O_EXCL) with `mode`; 'key-exists' when it is already there. */
async function writeNew(file: string, text: string, mode: number): Promise<void> {
  let handle;
  try {
    handle = await open(file, 'wx', mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw keyExists(file);
    }
    const env = environmentError(e, 'create the key file', file);
    throw env instanceof SluiceError ? env : new SluiceError('unwritable-key-dir', `cannot create ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(file, { force: true });
    throw environmentError(e, 'write the key file', file);
  }
  await handle.close();
}

function keyExists(file: string): SluiceError {
  return new SluiceError('key-exists', `${file} already exists; Sluice never overwrites a key. Choose another --name or --out directory.`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
