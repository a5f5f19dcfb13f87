/**
 * A fixed set of equal-size slots in one SharedArrayBuffer, for pack's streaming pass, in which the
 * main thread reads bytes and a hashing worker hashes the same bytes. (Verify uses a smaller,
 * simpler ring: electron/engine/verify/payload-ring.ts.)
 *
 * Why: a fresh Buffer per 1 MiB read left hundreds of MiB of garbage ArrayBuffers waiting for the
 * collector (on both threads, when chunks were copied to the worker), so peak RSS grew with the
 * payload's speed rather than with any real need. Slots are reused, so the pool's size is the
 * memory whatever the payload size, and the worker reads the bytes in place: no copy, no transfer.
 *
 * A slot is reference counted: it returns to the free list only when every holder (the reader,
 * the tar stream, a pending file write, the hashing worker) has released it, so no byte is
 * overwritten while anyone still reads it. `fail()` wakes every waiter with an error, so a dead
 * pipeline never leaves a reader waiting for a slot forever.
 */

/** Slots of `slotBytes` in one SharedArrayBuffer; `acquire` waits while all are in use. */
export class ChunkPool {
  readonly memory: SharedArrayBuffer;
  /** Holders per slot; 0 means free. */
  private readonly refs: Int32Array;
  private readonly free: number[] = [];
  private readonly waiters: { resolve: (slot: number) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;

  constructor(readonly slotBytes: number, readonly slots: number) {
    this.memory = new SharedArrayBuffer(slotBytes * slots);
    this.refs = new Int32Array(slots);
    for (let i = 0; i < slots; i++) this.free.push(i);
  }

  /** A whole free slot as a Buffer, held once by the caller. Waits while every slot is in use. */
  async acquire(): Promise<Buffer> {
    if (this.failure) throw this.failure;
    const free = this.free.pop();
    let slot: number;
    if (free !== undefined) {
      slot = free;
      this.refs[slot] = 1;
    } else {
      // release() hands the slot over already held once, so nobody else can take it meanwhile.
      slot = await new Promise<number>((resolve, reject) => this.waiters.push({ resolve, reject }));
    }
    return Buffer.from(this.memory, slot * this.slotBytes, this.slotBytes);
  }

  /** The slot `chunk` lies in, or -1 when it is not a view of this pool. */
  slotOf(chunk: Uint8Array): number {
    if (chunk.buffer !== this.memory) return -1;
    return Math.floor(chunk.byteOffset / this.slotBytes);
  }

  /** One more holder of `slot`. */
  retain(slot: number): void {
    const held = this.refs[slot] ?? 0;
    if (held <= 0) throw new Error(`chunk pool: retain of free slot ${slot}`);
    this.refs[slot] = held + 1;
  }

  /** One holder fewer; the last one returns the slot (to a waiter first). */
  release(slot: number): void {
    const held = this.refs[slot] ?? 0;
    if (held <= 0) throw new Error(`chunk pool: release of free slot ${slot}`);
    this.refs[slot] = held - 1;
    if (held > 1) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      this.refs[slot] = 1;
      waiter.resolve(slot);
    } else this.free.push(slot);
  }

  /** Fails every current and future `acquire` (the pipeline has stopped). Idempotent. */
  fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiters.splice(0)) w.reject(this.failure);
  }
}
