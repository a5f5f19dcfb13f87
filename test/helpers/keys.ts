/**
 * Keys for tests, made the way `sluice keygen` makes them but with the fast 'test' scrypt cost.
 *
 *   const key = await makeTestKey(dir);                 // dir/sluice.key + dir/sluice.pub
 *   const store = await makeTrustStore(join(dir, 'trust'), [key]);   // label = key name
 *
 * The passphrase is always TEST_PASSPHRASE. Give each key in one directory its own name.
 */
import { join } from 'node:path';
import type { PublicKey, SigningKey } from '../../electron/engine/crypto/minisign';
import { createKey, loadSigningKey } from '../../electron/engine/keys/key-files';
import { loadTrustStore, trustKey, type TrustStore } from '../../electron/engine/keys/trust-store';
import { readFile } from 'node:fs/promises';

/** The passphrase of every key made by makeTestKey. */
export const TEST_PASSPHRASE = 'test-passphrase';

export interface TestKey {
  /** The name given (file stem), also used as its trust-store label by makeTrustStore. */
  name: string;
  keyFile: string;
  pubFile: string;
  signingKey: SigningKey;
  publicKey: PublicKey;
  keyId: string;
  fingerprint: string;
}

/** Creates `<dir>/<name>.key` and `.pub` with passphrase TEST_PASSPHRASE and cost 'test' (~0.2 s). */
export async function makeTestKey(dir: string, name = 'sluice'): Promise<TestKey> {
  const created = await createKey({ dir, name, passphrase: TEST_PASSPHRASE, cost: 'test' });
  const signingKey = await loadSigningKey(created.keyFile, TEST_PASSPHRASE);
  return { name, ...created, signingKey };
}

/**
 * Creates (or adds to) a trust store at `dir` holding each key's .pub under its name as label, and
 * returns the loaded store. Keys may be TestKeys or `{ pubFile, label }`.
 */
export async function makeTrustStore(dir: string, keys: readonly (TestKey | { pubFile: string; label: string })[]): Promise<TrustStore> {
  for (const key of keys) {
    const label = 'label' in key ? key.label : key.name;
    await trustKey(dir, await readFile(key.pubFile, 'utf8'), label);
  }
  return loadTrustStore(dir);
}

/** Convenience: a temp-dir-relative path for a trust store, so tests read alike. */
export const trustDirIn = (dir: string): string => join(dir, 'trust');
