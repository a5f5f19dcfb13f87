/**
 * The shape of a trust store as verification needs it. Structural, so the keys module's
 * `loadTrustStore(dir)` result fits without verify depending on how keys are stored.
 */
import type { PublicKey } from '../crypto/minisign';

/** A trusted (or revoked) public key with the label and fingerprint a person knows it by. */
export type TrustedKeyLike = PublicKey & { label: string; fingerprint: string };

/**
 * Keys whose signatures are accepted (signers), keys accepted only for co-signatures (witnesses),
 * and keys that were revoked (named as such when they sign).
 */
export interface TrustStoreLike {
  keys: readonly TrustedKeyLike[];
  /** Witness-role keys: counted for `cosign-<KEYID>.minisig` only, never as a package's signer. Absent = none. */
  witnesses?: readonly TrustedKeyLike[];
  revoked: readonly TrustedKeyLike[];
}
