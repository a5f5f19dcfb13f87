/**
 * The shape of a trust store as verification needs it. Structural, so the keys module's
 * `loadTrustStore(dir)` result fits without verify depending on how keys are stored.
 */
import type { PublicKey } from '../crypto/minisign';

/** A trusted (or revoked) public key with the label and fingerprint a person knows it by. */
export type TrustedKeyLike = PublicKey & { label: string; fingerprint: string };

/** Keys whose signatures are accepted, and keys that were revoked (named as such when they sign). */
export interface TrustStoreLike {
  keys: readonly TrustedKeyLike[];
  revoked: readonly TrustedKeyLike[];
}
