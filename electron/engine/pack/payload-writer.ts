/**
 * Writes the tar stream into the staging directory as one `payload.tar` or as volumes of exactly
 * `volumeSize` bytes (the last one shorter), each through `NAME.partial` + fsync + rename, and
 * hands every byte to the payload hasher in the same order. Small chunks (headers, padding) are
 * gathered into one writev and one message, so many small files cost few system calls.
 *
 * File data arrives in slots of the shared chunk pool, held once by the reader. The writer takes
 * that hold over: it holds each slot until the bytes are written (the hasher holds it until they
 * are hashed), then releases it so the reader can fill it again. Pending pool chunks are flushed
 * after a few, even when small, so the writer never sits on slots the reader is waiting for.
 */
import { open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { PARTIAL_SUFFIX } from './durable';
import type { ChunkPool } from '../util/chunk-pool';
import type { PayloadHasher } from './payload-hasher';

/** Gather this many bytes before writing and hashing them. */
const FLUSH_BYTES = 1024 * 1024;
/** Flush once this many pool slots are pending, however few bytes they hold (no starving the reader). */
const FLUSH_SLOTS = 4;

/** Splits, writes and hashes the payload stream. Call `close()` whatever happens. */
export class PayloadWriter {
  private index = 0;
  private fh: FileHandle | null = null;
  /** Bytes in the current volume, written or pending. */
  private inVolume = 0;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Pool slots of the pending chunks, one entry per hold taken by this writer. */
  private pendingSlots: number[] = [];
  /** Bytes of the whole stream, written or pending. */
  total = 0;
  readonly sizes: number[] = [];

  constructor(
    private readonly dir: string,
    private readonly names: readonly string[],
    private readonly volumeSize: number,
    private readonly hasher: PayloadHasher,
    private readonly pool: ChunkPool,
  ) {}

  /** Appends bytes of the tar stream; takes over the reader's hold when `chunk` is in the pool. */
  async write(chunk: Uint8Array): Promise<void> {
    const slot = this.pool.slotOf(chunk);
    try {
      let rest = chunk;
      while (rest.byteLength > 0) {
        const room = this.volumeSize - this.inVolume;
        const take = rest.byteLength <= room ? rest : rest.subarray(0, room);
        this.pending.push(take);
        if (slot >= 0) {
          this.pool.retain(slot);
          this.pendingSlots.push(slot);
        }
        this.pendingBytes += take.byteLength;
        this.inVolume += take.byteLength;
        this.total += take.byteLength;
        rest = rest.subarray(take.byteLength);
        if (this.inVolume === this.volumeSize) await this.endVolume();
        else if (this.pendingBytes >= FLUSH_BYTES || this.pendingSlots.length >= FLUSH_SLOTS) await this.flush();
      }
    } finally {
      if (slot >= 0) this.pool.release(slot);
    }
  }

  /**
   * Writes what is pending and ends the last volume. Returns the volume sizes as soon as every
   * byte is written, and `durable`: the last volume's fsync and rename, still under way. The
   * manifest needs the sizes and digests, not the bytes on disk, so pack builds and signs it
   * meanwhile; it must await `durable` before it syncs the folder and commits, and before it
   * removes the staging folder on a failure.
   */
  async finish(): Promise<{ sizes: number[]; durable: Promise<void> }> {
    let durable = Promise.resolve();
    if (this.inVolume > 0 || this.sizes.length === 0) durable = (await this.endVolume(true)).sealed;
    if (this.sizes.length !== this.names.length) {
      await durable.catch(() => undefined);
      throw new Error(`payload filled ${this.sizes.length} volumes, planned ${this.names.length}`);
    }
    return { sizes: this.sizes, durable };
  }

  /** Closes an open volume file (the staging directory is removed by the caller). */
  async close(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    await fh?.close().catch(() => undefined);
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const chunks = this.pending;
    const bytes = this.pendingBytes;
    const slots = this.pendingSlots;
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingSlots = [];
    const fh = await this.current();
    // Hash and write the same bytes concurrently: the worker hashes while the kernel copies.
    const hashed = this.hasher.send(chunks, bytes);
    hashed.catch(() => undefined); // awaited below; a write failure must not leave it unobserved
    await writeAll(fh, chunks, bytes);
    for (const slot of slots) this.pool.release(slot);
    await hashed;
  }

  private async current(): Promise<FileHandle> {
    if (this.fh) return this.fh;
    const name = this.names[this.index];
    if (name === undefined) throw new Error('payload is larger than planned');
    this.fh = await open(join(this.dir, name + PARTIAL_SUFFIX), 'wx', 0o644);
    return this.fh;
  }

  /** Ends the current volume: fsync, then the rename from `.partial`; `later` leaves that running. */
  private async endVolume(later = false): Promise<{ sealed: Promise<void> }> {
    await this.flush();
    const fh = await this.current();
    this.fh = null;
    const name = this.names[this.index]!;
    this.hasher.volumeEnd();
    this.sizes.push(this.inVolume);
    this.inVolume = 0;
    this.index++;
    const sealed = sealVolume(fh, join(this.dir, name + PARTIAL_SUFFIX), join(this.dir, name));
    if (!later) await sealed;
    else sealed.catch(() => undefined); // the caller awaits it; no unhandled rejection meanwhile
    return { sealed };
  }
}

/** A volume is renamed to its name only once its bytes are on the medium. */
async function sealVolume(fh: FileHandle, partial: string, final: string): Promise<void> {
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(partial, final);
}

/** writev until every byte is down (a regular file may take fewer bytes than asked). */
async function writeAll(fh: FileHandle, chunks: Uint8Array[], bytes: number): Promise<void> {
  let { bytesWritten } = await fh.writev(chunks);
  while (bytesWritten < bytes) {
    let skip = bytesWritten;
    const rest: Uint8Array[] = [];
    for (const c of chunks) {
      if (skip >= c.byteLength) { skip -= c.byteLength; continue; }
      rest.push(skip > 0 ? c.subarray(skip) : c);
      skip = 0;
    }
    chunks = rest;
    bytes -= bytesWritten;
    ({ bytesWritten } = await fh.writev(chunks));
    if (bytesWritten === 0) throw new Error('write made no progress');
  }
}
