/**
 * minisign's secret-key file (REFERENCES.md §2): 158 bytes, base64 under an untrusted comment.
 *
 *   "Ed" ‖ kdf "Sc" ‖ checksum "B2" ‖ salt(32) ‖ opslimit(u64 LE) ‖ memlimit(u64 LE) ‖ keynum_sk(104)
 *   keynum_sk = key_id(8) ‖ sk(64) ‖ chk(32), XORed with scrypt(passphrase, salt) (104 bytes)
 *   chk = BLAKE2b-256("Ed" ‖ key_id ‖ sk)
 *
 * Keys written here are read by `minisign -S`, and keys written by `minisign -G` are read here,
 * including unencrypted ones (`minisign -G -W`: kdf bytes 0x00 0x00, keynum_sk stored in clear).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { blake2b } from '@noble/hashes/blake2.js';
import nacl from 'tweetnacl';
import type { SigningKey } from '../crypto/minisign';
import { SluiceError } from '../errors';
import { deriveKeystream, KDF_LIMITS, type KdfCost } from './kdf';

const SIG_ALG = Buffer.from('Ed');
const KDF_SCRYPT = Buffer.from('Sc');
const KDF_NONE = Buffer.from([0, 0]);
const CHK_ALG = Buffer.from('B2');
const KEY_BYTES = 158;
const KEYNUM_BYTES = 104;
const COMMENT = 'untrusted comment: minisign encrypted secret key';

/** BLAKE2b-256("Ed" ‖ key_id ‖ sk): the checksum that tells a wrong passphrase from a right one. */
function checksum(keyIdBytes: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return blake2b(Buffer.concat([SIG_ALG, keyIdBytes, secretKey]), { dkLen: 32 });
}

/**
 * Renders `key` as a minisign encrypted secret-key file protected by `passphrase`, with a fresh
 * random salt. `cost` 'test' is for automated tests only.
 */
export async function encryptSecretKey(key: SigningKey, passphrase: string, cost: KdfCost = 'standard'): Promise<string> {
  return encryptSecretKeyWithLimits(key, passphrase, KDF_LIMITS[cost]);
}

/**
 * encryptSecretKey with explicit libsodium limits. For tests that check the N/r/p derivation
 * against `minisign` itself; products use the named costs.
 */
export async function encryptSecretKeyWithLimits(key: SigningKey, passphrase: string, { opslimit, memlimit }: { opslimit: number; memlimit: number }): Promise<string> {
  if (key.keyIdBytes.length !== 8 || key.secretKey.length !== 64) throw new Error('signing key must have an 8-byte key id and a 64-byte secret key');
  const salt = randomBytes(32);
  const limits = Buffer.alloc(16);
  limits.writeBigUInt64LE(BigInt(opslimit), 0);
  limits.writeBigUInt64LE(BigInt(memlimit), 8);
  const keynum = Buffer.concat([key.keyIdBytes, key.secretKey, checksum(key.keyIdBytes, key.secretKey)]);
  const stream = await deriveKeystream(passphrase, salt, BigInt(opslimit), BigInt(memlimit), KEYNUM_BYTES);
  for (let i = 0; i < KEYNUM_BYTES; i++) keynum[i]! ^= stream[i]!;
  const blob = Buffer.concat([SIG_ALG, KDF_SCRYPT, CHK_ALG, salt, limits, keynum]);
  return `${COMMENT}\n${blob.toString('base64')}\n`;
}

/** True when the key file is passphrase-protected (so a CLI knows whether to ask). Throws 'bad-key-file' when it is no key. */
export function isEncryptedSecretKey(text: string): boolean {
  return !decodeKeyFile(text).subarray(2, 4).equals(KDF_NONE);
}

/**
 * Reads a minisign secret-key file. A wrong passphrase throws SluiceError 'wrong-passphrase';
 * anything that is not a well-formed minisign Ed25519 secret key (or whose bytes were altered)
 * throws 'bad-key-file'. The passphrase is ignored for unencrypted keys.
 */
export async function decryptSecretKey(text: string, passphrase: string): Promise<SigningKey> {
  const blob = decodeKeyFile(text);
  const kdf = blob.subarray(2, 4);
  const keynum = Buffer.from(blob.subarray(54, 158));
  if (kdf.equals(KDF_SCRYPT)) {
    const stream = await deriveKeystream(passphrase, blob.subarray(6, 38), blob.readBigUInt64LE(38), blob.readBigUInt64LE(46), KEYNUM_BYTES);
    for (let i = 0; i < KEYNUM_BYTES; i++) keynum[i]! ^= stream[i]!;
  } else if (!kdf.equals(KDF_NONE)) {
    throw badKey(`unknown key-derivation algorithm "${kdf.toString('latin1')}"`);
  }
  const keyIdBytes = new Uint8Array(keynum.subarray(0, 8));
  const secretKey = new Uint8Array(keynum.subarray(8, 72));
  const storedChk = keynum.subarray(72, 104);
  // minisign 0.11 leaves the checksum zero in unencrypted (-W) keys; for those the seed/public-key
  // check below is what catches damage.
  const unencryptedWithoutChk = kdf.equals(KDF_NONE) && storedChk.every((b) => b === 0);
  if (!unencryptedWithoutChk && !timingSafeEqual(checksum(keyIdBytes, secretKey), storedChk)) {
    if (kdf.equals(KDF_NONE)) throw badKey('its checksum does not match (the file was altered or damaged)');
    throw new SluiceError(
      'wrong-passphrase',
      'wrong passphrase for this secret key (or the key file was altered). Check the passphrase — it is case-sensitive — and try again.',
    );
  }
  // The 64-byte key is seed ‖ public key; a key whose halves disagree would sign with a public key
  // nobody holds, so it is refused rather than used.
  const derived = nacl.sign.keyPair.fromSeed(secretKey.subarray(0, 32));
  if (!Buffer.from(derived.publicKey).equals(secretKey.subarray(32, 64))) throw badKey('its public half does not match its seed');
  return { keyIdBytes, secretKey };
}

function decodeKeyFile(text: string): Buffer {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length !== 2 || !lines[0]!.startsWith('untrusted comment: ')) throw badKey('expected an "untrusted comment:" line and one base64 line');
  const line = lines[1]!;
  const blob = /^[A-Za-z0-9+/]+={0,2}$/.test(line) ? Buffer.from(line, 'base64') : null;
  if (!blob || blob.toString('base64') !== line || blob.length !== KEY_BYTES) throw badKey(`the key line must be base64 of ${KEY_BYTES} bytes`);
  if (!blob.subarray(0, 2).equals(SIG_ALG)) throw badKey('it is not an Ed25519 minisign key');
  if (!blob.subarray(4, 6).equals(CHK_ALG)) throw badKey('unknown checksum algorithm');
  return blob;
}

function badKey(reason: string): SluiceError {
  return new SluiceError('bad-key-file', `not a usable minisign secret key: ${reason}. Use the .key file written by \`sluice keygen\` or \`minisign -G\`.`);
}
