/**
 * The payload stream as it is assembled: headers, file bodies and padding are put straight into
 * the current slot of the shared chunk pool, and each full slot is handed to the payload writer
 * (which writes it and has the worker hash it in place). A hundred small files share one slot, so
 * the cost per file is its own system calls — no stream, promise or message per file.
 *
 * Hand-offs are queued in order behind one another while the caller goes on filling the next slot,
 * so reading overlaps writing; the pool's size bounds the bytes in flight (`next()` waits for a
 * free slot). Each hand-off also lets the event loop run once, so write completions, the worker's
 * acknowledgements and a cancel are seen while a long run of small files is packed.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ChunkPool } from '../util/chunk-pool';
import type { PayloadWriter } from './payload-writer';

/** Fills pool slots in stream order and passes them on. Call `end()` after the last byte. */
export class PayloadSlots {
  private slot: Buffer | null = null;
  private used = 0;
  private writing: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  /** `onHandOff` runs as each slot is passed on (progress), before the event loop gets a turn. */
  constructor(
    private readonly pool: ChunkPool,
    private readonly writer: PayloadWriter,
    private readonly onHandOff: () => void = () => undefined,
  ) {}

  /**
   * A slot with at least `min` free bytes (min ≤ the slot size), and the offset of its first free
   * byte. A slot without that much room is passed on first (its tail unused by this caller).
   */
  async room(min = 1): Promise<{ buf: Buffer; at: number; free: number }> {
    if (this.slot && this.pool.slotBytes - this.used < min) await this.handOff();
    if (!this.slot) {
      this.slot = await this.pool.acquire();
      this.used = 0;
    }
    return { buf: this.slot, at: this.used, free: this.pool.slotBytes - this.used };
  }

  /**
   * The current slot when it has at least `min` free bytes, else null (then await `room(min)`).
   * The synchronous path of a small file that fits: no promise, no microtask.
   */
  roomNow(min: number): { buf: Buffer; at: number; free: number } | null {
    if (!this.slot || this.pool.slotBytes - this.used < min) return null;
    return { buf: this.slot, at: this.used, free: this.pool.slotBytes - this.used };
  }

  /** Marks `n` bytes after the last `room()` offset as filled. */
  commit(n: number): void {
    this.used += n;
  }

  /** Appends `n` zero bytes (padding, the end blocks). */
  async zeros(n: number): Promise<void> {
    let left = n;
    while (left > 0) {
      const r = await this.room();
      const k = Math.min(left, r.free);
      r.buf.fill(0, r.at, r.at + k);
      this.commit(k);
      left -= k;
    }
  }

  /** Passes the last slot on and waits until every slot is written (and sent for hashing). */
  async end(): Promise<void> {
    if (this.slot && this.used > 0) await this.handOff();
    await this.writing;
    this.check();
  }

  /** Throws the first write failure, if any. */
  check(): void {
    if (this.failure) throw this.failure.error;
  }

  private async handOff(): Promise<void> {
    const chunk = this.slot!.subarray(0, this.used);
    this.slot = null;
    this.used = 0;
    // The writer takes over this caller's hold on the slot (payload-writer.ts).
    this.writing = this.writing.then(() => this.writer.write(chunk));
    this.writing.catch((error: unknown) => {
      this.failure ??= { error };
      // A filler waiting for a slot must not wait for a writer that has stopped.
      this.pool.fail(error instanceof Error ? error : new Error(String(error)));
    });
    this.onHandOff();
    await nextTurn();
    this.check();
  }
}
