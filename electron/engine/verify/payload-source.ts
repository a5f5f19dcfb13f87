/**
 * Where the payload pass gets its bytes: each volume's chunks in order, with the volume's SHA-256,
 * its end checks (short, longer than declared) and the whole payload's SHA-256. Two implementations
 * of one interface: this file's inline source (small payloads, where starting a thread costs more
 * than it saves) and ./worker-source.ts (large payloads: a worker reads and hashes while this
 * thread parses and hashes the files).
 */
import type { FileHandle } from 'node:fs/promises';
import { VolumeDigests } from '../util/volume-digests';

/** How a volume's reading ended. */
export interface VolumeEnd {
  /** SHA-256 of the bytes read ('' when stopped early). */
  sha256: string;
  bytesRead: number;
  /** The file ended before the manifest's size. */
  short: boolean;
  /** The file holds at least one byte past the manifest's size. */
  longer: boolean;
  /** Reading was stopped before the end (`endVolume` before `next` returned null). */
  stopped: boolean;
}

/** The payload's bytes, volume by volume, with their digests. */
export interface PayloadSource {
  /** Starts the next volume: an open handle (owned by the caller) and the manifest's size. */
  startVolume(fh: FileHandle, size: number): void;
  /**
   * The next chunk of the current volume, or null once it has ended (whole or short). The chunk
   * is valid until the next call; a read error rejects.
   */
  next(): Promise<Uint8Array | null>;
  /** Ends the current volume (stopping it if unfinished); afterwards the handle is not used. */
  endVolume(): Promise<VolumeEnd>;
  /** The whole payload's SHA-256 (after the last volume ended whole). */
  finish(): Promise<string>;
  close(): Promise<void>;
}

/** Bytes per read for the inline source (payloads under the worker threshold). */
const INLINE_CHUNK = 256 * 1024;

/** Reads and hashes on the calling thread, one read at a time. */
export function inlineSource(volumeCount: number, largestVolume: number): PayloadSource {
  const buf = Buffer.allocUnsafe(Math.max(1, Math.min(INLINE_CHUNK, largestVolume)));
  const digests = new VolumeDigests(volumeCount > 1);
  let cur: { fh: FileHandle; size: number; pos: number; short: boolean; done: boolean } | null = null;
  return {
    startVolume(fh, size) {
      cur = { fh, size, pos: 0, short: false, done: false };
    },
    async next() {
      const v = cur!;
      if (v.done) return null;
      const want = Math.min(buf.length, v.size - v.pos);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await v.fh.read(buf, got, want - got, v.pos + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      if (got < want) v.short = true;
      if (got < want || v.pos + got === v.size) v.done = true;
      if (got === 0) return null;
      v.pos += got;
      const chunk = buf.subarray(0, got);
      digests.update(chunk);
      return chunk;
    },
    async endVolume() {
      const v = cur;
      cur = null;
      if (!v || !v.done) {
        digests.abandonVolume();
        return { sha256: '', bytesRead: v?.pos ?? 0, short: false, longer: false, stopped: true };
      }
      const longer = !v.short && (await v.fh.read(Buffer.alloc(1), 0, 1, v.size)).bytesRead > 0;
      return { sha256: digests.endVolume(), bytesRead: v.pos, short: v.short, longer, stopped: false };
    },
    async finish() {
      return digests.payload();
    },
    async close() {},
  };
}
