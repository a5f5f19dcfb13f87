/**
 * minisign's public-key and signature file formats (../shared/REFERENCES.md §2), written and read
 * with tweetnacl's Ed25519 and @noble/hashes' BLAKE2b. Sluice writes only the prehashed `ED`
 * algorithm and accepts only it, so every signature here verifies with stock `minisign -Vm`.
 */
import nacl from 'tweetnacl';
import { quoted } from '../../../shared/format/display-text';
import { blake2b } from '@noble/hashes/blake2.js';
import { createHash, getHashes } from 'node:crypto';

const PK_ALG = 'Ed';
const SIG_ALG_PREHASHED = 'ED';
const TRUSTED_PREFIX = 'trusted comment: ';
const UNTRUSTED_PREFIX = 'untrusted comment: ';

/** An Ed25519 public key with its minisign key id. */
export interface PublicKey {
  /** The 8 key-id bytes as stored in minisign files. */
  keyIdBytes: Uint8Array;
  /** The key id as minisign prints it: the 8 bytes as a little-endian u64, 16 uppercase hex digits. */
  keyId: string;
  publicKey: Uint8Array;
}

/** A secret key ready to sign: tweetnacl's 64-byte form (seed ‖ public key) and its key id. */
export interface SigningKey {
  keyIdBytes: Uint8Array;
  secretKey: Uint8Array;
}

/** Prints key-id bytes the way minisign does (`%016X` of a little-endian u64). */
export function formatKeyId(keyIdBytes: Uint8Array): string {
  return Buffer.from(keyIdBytes).reverse().toString('hex').toUpperCase();
}

/** Renders a minisign public-key file. */
export function encodePublicKey(key: PublicKey, comment = `minisign public key ${key.keyId}`): string {
  const blob = Buffer.concat([Buffer.from(PK_ALG), key.keyIdBytes, key.publicKey]);
  return `${UNTRUSTED_PREFIX}${comment}\n${blob.toString('base64')}\n`;
}

/** Parses a minisign public-key file (or its bare base64 line). Throws with a reason on anything else. */
export function parsePublicKey(text: string): PublicKey {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const line = lines.length === 1 ? lines[0]! : lines.length === 2 && lines[0]!.startsWith(UNTRUSTED_PREFIX) ? lines[1]! : null;
  if (line === null) throw new Error('not a minisign public key: expected a comment line and one base64 line');
  const blob = strictBase64(line);
  if (blob === null || blob.length !== 42) throw new Error('not a minisign public key: the key line must be base64 of 42 bytes');
  if (blob.subarray(0, 2).toString('latin1') !== PK_ALG) throw new Error('not an Ed25519 minisign public key');
  const keyIdBytes = new Uint8Array(blob.subarray(2, 10));
  return { keyIdBytes, keyId: formatKeyId(keyIdBytes), publicKey: new Uint8Array(blob.subarray(10, 42)) };
}

/**
 * Node's OpenSSL BLAKE2b-512, when this runtime has it. Electron's BoringSSL does not, so there
 * @noble/hashes' (same digest) is used. Why bother: a 100,000-entry manifest is 23 MB, and the
 * JavaScript BLAKE2b took ~1 s of it on the bench machine (docs/PERFORMANCE.md, "Many small files").
 */
const NATIVE_BLAKE2B = getHashes().includes('blake2b512');

/** BLAKE2b-512 fed piece by piece: a file signed as it is written is never held whole (pack's manifest). */
export interface Prehasher {
  update(bytes: Uint8Array): void;
  /** The 64-byte digest; call once, after the last update. */
  digest(): Uint8Array;
}

/** A fresh BLAKE2b-512 for minisign's `ED` algorithm: native where the runtime has it, else @noble/hashes'. */
export function createPrehasher(native = NATIVE_BLAKE2B): Prehasher {
  if (native) {
    const h = createHash('blake2b512');
    return { update: (bytes) => { h.update(bytes); }, digest: () => new Uint8Array(h.digest()) };
  }
  const h = blake2b.create({ dkLen: 64 });
  return { update: (bytes) => { h.update(bytes); }, digest: () => h.digest() };
}

/** BLAKE2b-512 of a file's bytes: what minisign's `ED` algorithm signs. */
export function prehash(bytes: Uint8Array, native = NATIVE_BLAKE2B): Uint8Array {
  const h = createPrehasher(native);
  h.update(bytes);
  return h.digest();
}

/**
 * Signs `bytes` in minisign's prehashed form and renders the `.minisig` file. The trusted comment
 * is signed too (the global signature); the untrusted comment is not and carries nothing that matters.
 */
export function signBytes(bytes: Uint8Array, key: SigningKey, trustedComment: string, untrustedComment = 'signature from Sluice'): string {
  return signPrehash(prehash(bytes), key, trustedComment, untrustedComment);
}

/** signBytes for a file whose BLAKE2b-512 (createPrehasher) was taken as it was written. */
export function signPrehash(hash: Uint8Array, key: SigningKey, trustedComment: string, untrustedComment = 'signature from Sluice'): string {
  if (/[\r\n]/.test(trustedComment) || /[\r\n]/.test(untrustedComment)) throw new Error('comments must be one line');
  if (hash.length !== 64) throw new Error('a minisign prehash is 64 bytes of BLAKE2b-512');
  const signature = nacl.sign.detached(hash, key.secretKey);
  const globalSignature = nacl.sign.detached(concat(signature, Buffer.from(trustedComment, 'utf8')), key.secretKey);
  const blob = Buffer.concat([Buffer.from(SIG_ALG_PREHASHED), key.keyIdBytes, signature]);
  return (
    `${UNTRUSTED_PREFIX}${untrustedComment}\n${blob.toString('base64')}\n` +
    `${TRUSTED_PREFIX}${trustedComment}\n${Buffer.from(globalSignature).toString('base64')}\n`
  );
}

/** Why a signature did not verify, as a stable code plus words for a person. */
export type SignatureFailure =
  | { code: 'malformed'; message: string }
  | { code: 'unsupported-algorithm'; message: string }
  | { code: 'unknown-key'; message: string; keyId: string }
  | { code: 'bad-signature'; message: string; keyId: string }
  | { code: 'bad-trusted-comment'; message: string; keyId: string };

export type SignatureCheck =
  | { ok: true; key: PublicKey; trustedComment: string }
  | { ok: false; failure: SignatureFailure };

/**
 * Verifies a `.minisig` file over `bytes` against a set of trusted keys: format and lengths, then
 * the key id must name a trusted key, then the signature, then the global signature over the
 * trusted comment. The trusted comment is returned only when all of that holds.
 */
export function verifySignature(bytes: Uint8Array, sigText: string, trusted: readonly PublicKey[]): SignatureCheck {
  const fail = (failure: SignatureFailure): SignatureCheck => ({ ok: false, failure });
  const lines = sigText.split('\n');
  if (lines.length === 5 && lines[4] === '') lines.pop();
  if (lines.length !== 4) return fail({ code: 'malformed', message: 'signature file must have exactly four lines' });
  const [untrusted, sigLine, trustedLine, globalLine] = lines as [string, string, string, string];
  if (!untrusted.startsWith(UNTRUSTED_PREFIX)) return fail({ code: 'malformed', message: 'signature file does not start with an untrusted comment' });
  if (!trustedLine.startsWith(TRUSTED_PREFIX)) return fail({ code: 'malformed', message: 'signature file has no trusted comment line' });
  const blob = strictBase64(sigLine);
  const globalSignature = strictBase64(globalLine);
  if (blob === null || blob.length !== 74) return fail({ code: 'malformed', message: 'signature line must be base64 of 74 bytes' });
  if (globalSignature === null || globalSignature.length !== 64) return fail({ code: 'malformed', message: 'global signature must be base64 of 64 bytes' });
  const alg = blob.subarray(0, 2).toString('latin1');
  if (alg !== SIG_ALG_PREHASHED) return fail({ code: 'unsupported-algorithm', message: `signature algorithm ${quoted(alg, { max: 8 })} is not accepted (only prehashed Ed25519, "ED")` });
  const keyId = formatKeyId(blob.subarray(2, 10));
  const key = trusted.find((k) => Buffer.from(k.keyIdBytes).equals(blob.subarray(2, 10)));
  if (!key) return fail({ code: 'unknown-key', message: `signed by key ${keyId}, which is not in the trust store`, keyId });
  const signature = new Uint8Array(blob.subarray(10, 74));
  if (!nacl.sign.detached.verify(prehash(bytes), signature, key.publicKey)) {
    return fail({ code: 'bad-signature', message: `signature by key ${keyId} does not match the file's contents`, keyId });
  }
  const trustedComment = trustedLine.slice(TRUSTED_PREFIX.length);
  if (!nacl.sign.detached.verify(concat(signature, Buffer.from(trustedComment, 'utf8')), new Uint8Array(globalSignature), key.publicKey)) {
    return fail({ code: 'bad-trusted-comment', message: `trusted comment of the signature by key ${keyId} has been altered`, keyId });
  }
  return { ok: true, key, trustedComment };
}

/** Decodes canonical base64 only: anything Buffer would silently skip or repair is refused. */
function strictBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
