/**
 * A PayloadSource whose reading and volume/payload hashing run in a worker thread
 * (./volume-read.worker.ts), handing chunks over through the shared ring of ./payload-ring.ts.
 * This thread only parses and hashes files, so the two digests every byte needs run on two cores.
 *
 * This thread never blocks, on the medium or on the ring: it waits with Atomics.waitAsync, so
 * cancellation, progress and a dead worker are noticed even while a read is stalled, and it lets
 * its event loop run at least every YIELD_MS while bytes flow without waiting.
 */
import type { FileHandle } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { startWorker } from '../util/worker-url';
import { END, HEAD, createRingMemory, RingView } from './payload-ring';
import type { PayloadSource, VolumeEnd } from './payload-source';

/** Messages to the worker. */
export type VolumeReadRequest = { t: 'volume'; fd: number; size: number } | { t: 'finish' };
/** Messages from the worker: one 'volume-end' per volume, one 'payload' per 'finish'. */
export type VolumeReadResponse =
  | ({ t: 'volume-end'; error?: { message: string; code?: string } } & VolumeEnd)
  | { t: 'payload'; sha256: string };

/** Longest single wait on the ring before this thread looks at the worker's state again. */
const WAIT_MS = 50;
/** Longest stretch without an event-loop turn while chunks flow. */
const YIELD_MS = 20;

/** Starts the worker; `volumeCount` > 1 makes it hash the whole payload besides each volume. */
export function workerSource(volumeCount: number): PayloadSource {
  const memory = createRingMemory();
  const ring = new RingView(memory);
  const worker = startWorker(import.meta.url, 'volume-read', { ring: memory, separatePayload: volumeCount > 1 });
  let failure: Error | null = null;
  let pending: { resolve: (m: VolumeReadResponse) => void; reject: (e: Error) => void } | null = null;
  /** The current volume's end, once the worker has reported it. */
  let ended: Promise<VolumeReadResponse> | null = null;
  let seq = 0;
  let holding = false;
  let lastYield = performance.now();
  let finished = false;

  const fail = (e: Error) => {
    failure ??= e;
    pending?.reject(failure);
    pending = null;
  };
  worker.on('message', (msg: VolumeReadResponse) => {
    const p = pending;
    pending = null;
    p?.resolve(msg);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`volume-read worker exited (code ${code})`)));
  /** The worker's next message. One request is outstanding at a time. */
  const reply = () => {
    if (failure) return Promise.reject(failure);
    const p = new Promise<VolumeReadResponse>((resolve, reject) => (pending = { resolve, reject }));
    p.catch(() => {}); // observed by whoever awaits it; an abandoned pass must not leave it unhandled
    return p;
  };
  const release = () => {
    if (holding) ring.free(seq++);
    holding = false;
  };

  return {
    startVolume(fh, size) {
      if (failure) throw failure;
      ring.reset();
      seq = 0;
      holding = false;
      finished = false;
      ended = reply();
      worker.postMessage({ t: 'volume', fd: fh.fd, size } satisfies VolumeReadRequest);
    },
    async next() {
      release();
      if (finished) return null;
      if (performance.now() - lastYield > YIELD_MS) {
        await yieldToLoop();
        lastYield = performance.now();
      }
      while (Atomics.load(ring.control, HEAD) === seq) {
        if (failure) throw failure;
        await ring.waitChangeAsync(HEAD, seq, WAIT_MS);
      }
      const length = ring.length(seq);
      if (length === END) {
        finished = true;
        const end = await ended!;
        if (end.t === 'volume-end' && end.error) throw Object.assign(new Error(end.error.message), { code: end.error.code });
        return null;
      }
      holding = true;
      return ring.slots[ring.slotOf(seq)]!.subarray(0, length);
    },
    async endVolume() {
      release();
      if (!ended) return { sha256: '', bytesRead: 0, short: false, longer: false, stopped: true };
      if (!finished) ring.stop();
      const end = await ended.finally(() => (ended = null));
      if (end.t !== 'volume-end') throw new Error('volume-read worker: unexpected reply');
      if (end.error) throw Object.assign(new Error(end.error.message), { code: end.error.code });
      return { sha256: end.sha256, bytesRead: end.bytesRead, short: end.short, longer: end.longer, stopped: end.stopped };
    },
    async finish() {
      const p = reply();
      worker.postMessage({ t: 'finish' } satisfies VolumeReadRequest);
      const r = await p;
      if (r.t !== 'payload') throw new Error('volume-read worker: unexpected reply');
      return r.sha256;
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
