/**
 * SHA-256 of each payload volume and of the whole payload, fed chunk by chunk in stream order.
 * Two implementations of one interface: inline (small payloads, where starting a thread costs more
 * than it saves) and in a worker thread (large payloads: the hashing runs on the second core while
 * the main thread parses and hashes entries). With one volume, the volume's digest is the payload's.
 */
import { createHash, type Hash } from 'node:crypto';
import { startWorker } from '../util/worker-url';

/** Messages to the hashing worker. */
export type HashRequest = { t: 'data'; bytes: Uint8Array } | { t: 'end-volume'; id: number } | { t: 'finish'; id: number };
/** Messages from the hashing worker. */
export type HashResponse = { t: 'ack'; bytes: number } | { t: 'digest'; id: number; hex: string };

/** Volume and payload digests, computed in stream order. */
export interface PayloadHasher {
  /** Adds a chunk. Takes ownership: the chunk (and its whole ArrayBuffer) must not be used afterwards. */
  update(chunk: Uint8Array): Promise<void>;
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
    async update(chunk) {
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

/** Bytes handed to the worker but not yet hashed, before `update` waits: bounds memory. */
const MAX_IN_FLIGHT = 16 * 1024 * 1024;

/** Hashing in a worker thread; chunks are transferred, not copied. */
export function workerHasher(volumeCount: number): PayloadHasher {
  const worker = startWorker(import.meta.url, 'verify-hash', { separatePayload: volumeCount > 1 });
  let inFlight = 0;
  let failure: Error | null = null;
  let drained: (() => void) | null = null;
  const waiting = new Map<number, { resolve: (hex: string) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const failAll = (e: Error) => {
    failure ??= e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
    drained?.();
  };
  worker.on('message', (msg: HashResponse) => {
    if (msg.t === 'ack') {
      inFlight -= msg.bytes;
      if (inFlight <= MAX_IN_FLIGHT / 2 && drained) {
        const d = drained;
        drained = null;
        d();
      }
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
    async update(chunk) {
      if (failure) throw failure;
      inFlight += chunk.byteLength;
      const whole = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
      if (whole) worker.postMessage({ t: 'data', bytes: chunk } satisfies HashRequest, [chunk.buffer as ArrayBuffer]);
      else worker.postMessage({ t: 'data', bytes: chunk } satisfies HashRequest);
      if (inFlight > MAX_IN_FLIGHT) {
        await new Promise<void>((resolve) => { drained = resolve; });
        if (failure) throw failure;
      }
    },
    endVolume: () => ask('end-volume'),
    finish: () => ask('finish'),
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

