/**
 * The scrypt parameters of minisign secret keys. minisign stores libsodium's opslimit/memlimit,
 * not N/r/p, so reading and writing keys must derive N/r/p exactly as libsodium's `pickparams`
 * (crypto_pwhash_scryptsalsa208sha256) does — otherwise `minisign -S` derives a different stream.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { SluiceError } from '../errors';

/**
 * How expensive the passphrase protection is. 'standard' (opslimit 2^24, memlimit 2^29: scrypt
 * N=2^19, r=8, p=1, 512 MiB, a few seconds) for real keys; 'test' (opslimit 2^20, memlimit 2^25:
 * N=2^15, 32 MiB, ~0.2 s) for automated tests only. Both are readable by `minisign -S`.
 */
export type KdfCost = 'standard' | 'test';

/** libsodium's opslimit and memlimit for each cost. */
export const KDF_LIMITS: Record<KdfCost, { opslimit: number; memlimit: number }> = {
  standard: { opslimit: 2 ** 24, memlimit: 2 ** 29 },
  test: { opslimit: 2 ** 20, memlimit: 2 ** 25 },
};

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** The most work a key file may ask for: minisign's own default (N=2^20, 1 GiB). More is refused, not attempted. */
const MAX_N_TIMES_P = 2 ** 20;

/** libsodium's pickparams: opslimit/memlimit → scrypt N, r, p. Inputs are bigints because key files carry u64s. */
export function pickParams(opslimitIn: bigint, memlimit: bigint): ScryptParams {
  const opslimit = opslimitIn < 32768n ? 32768n : opslimitIn;
  const r = 8n;
  let nLog2 = 1n;
  let p: bigint;
  const smallestLog2Above = (maxN: bigint): bigint => {
    let n = 1n;
    for (; n < 63n; n++) if (1n << n > maxN / 2n) break;
    return n;
  };
  if (opslimit < memlimit / 32n) {
    p = 1n;
    nLog2 = smallestLog2Above(opslimit / (r * 4n));
  } else {
    nLog2 = smallestLog2Above(memlimit / (r * 128n));
    let maxrp = opslimit / 4n / (1n << nLog2);
    if (maxrp > 0x3fffffffn) maxrp = 0x3fffffffn;
    // libsodium computes (uint32_t)maxrp / r; maxrp ≤ 0x3fffffff so the cast changes nothing.
    p = maxrp / r;
  }
  return { N: Number(1n << nLog2), r: Number(r), p: Number(p) };
}

/**
 * scrypt(passphrase, salt) → `dkLen` bytes for the given limits. Refuses parameters libsodium
 * would reject (p = 0) or that ask for more work than minisign's default, so a hostile key file
 * cannot make Sluice allocate gigabytes or spin for hours.
 */
export async function deriveKeystream(passphrase: string, salt: Uint8Array, opslimit: bigint, memlimit: bigint, dkLen: number): Promise<Uint8Array> {
  const { N, r, p } = pickParams(opslimit, memlimit);
  if (p < 1 || N * p > MAX_N_TIMES_P) {
    throw new SluiceError('bad-key-file', `the secret key asks for unsupported scrypt parameters (N=${N}, r=${r}, p=${p}); it was not made by minisign or Sluice.`);
  }
  return scryptAsync(passphrase, salt, { N, r, p, dkLen, maxmem: 128 * r * (N + p + 1) });
}
