/**
 * SHA-256 of a payload stream and of each of its volumes, fed in stream order. Pack (in its hashing
 * worker) and verify (in its reading worker, or inline for small payloads) compute the same pair.
 * With a single volume the volume's digest is the payload's, so every byte is hashed once, not twice.
 */
import { createHash, type Hash } from 'node:crypto';

export class VolumeDigests {
  private volume: Hash = createHash('sha256');
  private readonly whole: Hash | null;
  /** Digests of the volumes ended so far, in order. */
  readonly volumes: string[] = [];

  /** `split`: the stream has (or may have) more than one volume. */
  constructor(split: boolean) {
    this.whole = split ? createHash('sha256') : null;
  }

  update(bytes: Uint8Array): void {
    this.volume.update(bytes);
    this.whole?.update(bytes);
  }

  /** Ends the current volume; returns its SHA-256 (hex). */
  endVolume(): string {
    const hex = this.volume.digest('hex');
    this.volume = createHash('sha256');
    this.volumes.push(hex);
    return hex;
  }

  /** Drops what the current volume has been fed (it was stopped early), so the next one starts clean. */
  abandonVolume(): void {
    this.volume = createHash('sha256');
  }

  /** The whole payload's SHA-256 (hex); call once, after the last endVolume. */
  payload(): string {
    return this.whole ? this.whole.digest('hex') : (this.volumes.at(-1) ?? '');
  }
}
