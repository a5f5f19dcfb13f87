/**
 * The main thread's side of payload-hash.worker.ts: sends the tar stream's bytes to the worker in
 * order and keeps at most a few MiB unacknowledged, so a slow hash slows the pack down instead of
 * queueing the whole payload in memory. Chunks in the shared chunk pool are sent as locations (the
 * worker reads them in place; their slots stay held until the worker acknowledges), anything else
 * as a compact copy: no 1 MiB copies, no garbage buffers on either thread.
 */
import { Worker } from 'node:worker_threads';
import type { ChunkPool } from '../util/chunk-pool';
import { startWorker } from '../util/worker-url';
import type { StreamPart } from './payload-hash.worker';

/** Bytes sent but not yet hashed before `send` waits. */
const MAX_OUTSTANDING = 8 * 1024 * 1024;

/** SHA-256 digests of the payload and of each volume (one entry, equal to `payload`, when unsplit). */
export interface PayloadDigests {
  payload: string;
  volumes: string[];
}

/** Hashes the payload stream on a worker thread. Call `close()` whatever happens. */
export class PayloadHasher {
  private readonly worker: Worker;
  private outstanding = 0;
  /** Pool slots of each unacknowledged data message, in send order. */
  private readonly held: number[][] = [];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private done: ((d: PayloadDigests) => void) | null = null;
  private abandon: ((e: Error) => void) | null = null;

  constructor(split: boolean, private readonly pool: ChunkPool) {
    this.worker = startWorker(import.meta.url, 'payload-hash', { split, memory: pool.memory });
    this.worker.on('message', (m: { t: 'ack'; bytes: number } | ({ t: 'done' } & PayloadDigests)) => {
      if (m.t === 'ack') {
        this.outstanding -= m.bytes;
        for (const slot of this.held.shift() ?? []) this.pool.release(slot);
        this.wakeUp();
      } else {
        this.done?.({ payload: m.payload, volumes: m.volumes });
      }
    });
    const fail = (e: Error) => {
      this.failure ??= e;
      this.wakeUp();
      this.abandon?.(this.failure);
      this.pool.fail(this.failure);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`payload hash worker exited (code ${code})`)));
  }

  /** Queues bytes for hashing; resolves once the worker is within its back-pressure bound. */
  async send(chunks: Uint8Array[], bytes: number): Promise<void> {
    this.check();
    const slots: number[] = [];
    const parts: StreamPart[] = chunks.map((c) => {
      const slot = this.pool.slotOf(c);
      // A view of anything else would clone its whole ArrayBuffer (maybe Node's 8 KiB pool): copy.
      if (slot < 0) return c.slice();
      this.pool.retain(slot);
      slots.push(slot);
      return { at: c.byteOffset, length: c.byteLength };
    });
    this.held.push(slots);
    this.worker.postMessage({ t: 'data', parts });
    this.outstanding += bytes;
    while (this.outstanding > MAX_OUTSTANDING) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.check();
    }
  }

  /** Marks the end of the current volume. */
  volumeEnd(): void {
    this.check();
    this.worker.postMessage({ t: 'volume-end' });
  }

  /** Ends the stream and returns the digests. */
  async finish(): Promise<PayloadDigests> {
    this.check();
    return new Promise<PayloadDigests>((resolve, reject) => {
      this.done = resolve;
      this.abandon = reject;
      this.worker.postMessage({ t: 'end' });
    });
  }

  /** Stops the worker (idempotent). */
  async close(): Promise<void> {
    this.failure ??= new Error('payload hasher closed');
    await this.worker.terminate();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}

