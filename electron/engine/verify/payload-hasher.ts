/**
 * SHA-256 of each payload volume and of the whole payload, fed chunk by chunk in stream order.
 * Two implementations of one interface: inline (small payloads, where starting a thread costs more
 * than it saves) and in a worker thread (large payloads: the hashing runs on the second core while
 * the main thread parses and hashes entries). With one volume, the volume's digest is the payload's,
 * so the payload is hashed once, not twice.
 */
import { createHash, type Hash } from 'node:crypto';
import type { ChunkPool } from '../util/chunk-pool';
import { startWorker } from '../util/worker-url';

/** Messages to the hashing worker. `at`/`length` locate a chunk in the shared chunk pool. */
export type HashRequest = { t: 'data'; at: number; length: number } | { t: 'end-volume'; id: number } | { t: 'finish'; id: number };
/** Messages from the hashing worker: one ack per data message, in order. */
export type HashResponse = { t: 'ack' } | { t: 'digest'; id: number; hex: string };

/** Volume and payload digests, computed in stream order. */
export interface PayloadHasher {
  /**
   * Adds a chunk, which must be a view of the pass's chunk pool. The hasher holds the chunk's slot
   * (ChunkPool.retain) until it has hashed it, so the caller may release its own hold at once.
   */
  update(chunk: Uint8Array): void;
  /** Ends the current volume; resolves to its SHA-256. */
  endVolume(): Promise<string>;
  /** Resolves to the whole payload's SHA-256 (call after the last endVolume). */
  finish(): Promise<string>;
  close(): Promise<void>;
}

/** Hashing on the calling thread. */
export function inlineHasher(volumeCount: number): PayloadHasher {
  let volume: Hash = createHash('sha256');
  const payload = volumeCount > 1 ? createHash('sha256') : null;
  let last = '';
  return {
    update(chunk) {
      volume.update(chunk);
      payload?.update(chunk);
    },
    async endVolume() {
      last = volume.digest('hex');
      volume = createHash('sha256');
      return last;
    },
    async finish() {
      return payload ? payload.digest('hex') : last;
    },
    async close() {},
  };
}

/**
 * Hashing in a worker thread that reads the chunks in place in `pool`'s shared memory. In-flight
 * bytes are bounded by the pool: a slot the worker has not acknowledged cannot be read into again.
 */
export function workerHasher(volumeCount: number, pool: ChunkPool): PayloadHasher {
  const worker = startWorker(import.meta.url, 'verify-hash', { separatePayload: volumeCount > 1, memory: pool.memory });
  /** Slots sent and not yet acknowledged, in send order (acks arrive in the same order). */
  const held: number[] = [];
  let failure: Error | null = null;
  const waiting = new Map<number, { resolve: (hex: string) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const failAll = (e: Error) => {
    failure ??= e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
    pool.fail(failure);
  };
  worker.on('message', (msg: HashResponse) => {
    if (msg.t === 'ack') {
      const slot = held.shift();
      if (slot !== undefined) pool.release(slot);
    } else {
      waiting.get(msg.id)?.resolve(msg.hex);
      waiting.delete(msg.id);
    }
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`hashing worker exited (code ${code})`)));
  const ask = (t: 'end-volume' | 'finish') => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<string>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ t, id } satisfies HashRequest);
    });
  };
  return {
    update(chunk) {
      if (failure) throw failure;
      const slot = pool.slotOf(chunk);
      if (slot < 0) throw new Error('hashing worker: chunk is not in the shared chunk pool');
      pool.retain(slot);
      held.push(slot);
      worker.postMessage({ t: 'data', at: chunk.byteOffset, length: chunk.byteLength } satisfies HashRequest);
    },
    endVolume: () => ask('end-volume'),
    finish: () => ask('finish'),
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
