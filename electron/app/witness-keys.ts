/**
 * The import side's witness, proved with a key. Where the station holds witness keys — secret keys
 * in its keys folder whose public keys the trust store trusts with the role `witness` — naming a
 * witness is not enough to approve an import: the witness unlocks one of those keys with their own
 * passphrase, in front of the officer. The key id is recorded with the checklist and printed on the
 * receipt. A station without witness keys keeps the named-witness rule (a person other than the
 * officer, from the station's list).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SluiceError } from '../engine/errors';
import { formatKeyId } from '../engine/crypto/minisign';
import { loadPublicKeyFile, loadSigningKey, nameProblem } from '../engine/keys/key-files';
import type { TrustStore } from '../engine/keys/trust-store';

/** A witness key this station holds: its name in the keys folder and the trust store's entry. */
export interface StationWitnessKey {
  name: string;
  keyId: string;
  label: string;
  fingerprint: string;
}

/**
 * The station's witness keys: every `<name>.pub` in `keysDir` (with its `<name>.key` beside it)
 * whose key id the trust store trusts as a witness. Unreadable or foreign files are skipped — they
 * are not witness keys — but a missing folder is the caller's to report.
 */
export async function stationWitnessKeys(keysDir: string, store: Pick<TrustStore, 'witnesses'>): Promise<StationWitnessKey[]> {
  const files = new Set(await readdir(keysDir));
  const names = [...files].filter((n) => n.endsWith('.pub')).map((n) => n.slice(0, -4)).sort();
  const out: StationWitnessKey[] = [];
  for (const name of names) {
    if (nameProblem(name) || !files.has(`${name}.key`)) continue;
    const pub = await loadPublicKeyFile(join(keysDir, `${name}.pub`)).catch(() => null);
    const trusted = pub && store.witnesses.find((w) => w.keyId === pub.keyId);
    if (trusted) out.push({ name, keyId: trusted.keyId, label: trusted.label, fingerprint: trusted.fingerprint });
  }
  return out;
}

/**
 * Proves the witness's presence: decrypts `<keysDir>/<keyName>.key` with `passphrase` and checks
 * that the secret key is one of `candidates` (not only its .pub file: a .pub can be copied).
 * Errors: 'witness-key-unknown' (not one of the station's witness keys), 'wrong-passphrase'.
 */
export async function proveWitness(keysDir: string, keyName: string, passphrase: string, candidates: readonly StationWitnessKey[]): Promise<StationWitnessKey> {
  const candidate = candidates.find((c) => c.name === keyName);
  if (!candidate) {
    throw new SluiceError('witness-key-unknown', `"${keyName}" is not one of this station's witness keys (${candidates.map((c) => c.name).join(', ') || 'none'}).`);
  }
  const key = await loadSigningKey(join(keysDir, `${keyName}.key`), passphrase);
  if (formatKeyId(key.keyIdBytes) !== candidate.keyId) {
    throw new SluiceError('witness-key-unknown', `The secret key ${keyName}.key is not the key its .pub file names; it cannot prove a witness. Ask an administrator to check the keys folder.`);
  }
  return candidate;
}
