/** Keys and trust: minisign key files, fingerprints and the trust store. */
export { KDF_LIMITS, pickParams, type KdfCost, type ScryptParams } from './kdf';
export { decryptSecretKey, encryptSecretKey, isEncryptedSecretKey } from './secret-key';
export {
  createKey,
  fingerprint,
  generateKeyPair,
  loadPublicKeyFile,
  loadSigningKey,
  nameProblem,
  publicKeyOf,
  type CreatedKey,
  type CreateKeyOptions,
} from './key-files';
export { describeSigner, KEY_ROLES, loadTrustStore, revokeKey, trustKey, type KeyRole, type SignerDescription, type TrustedKey, type TrustStore } from './trust-store';
