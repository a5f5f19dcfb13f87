/**
 * Hashes the payload's tar stream off the main thread: SHA-256 of the whole stream and, when it is
 * split, of each volume. The main thread reads sources, hashes each file and writes volumes; this
 * thread sees the same bytes in the same order. File data is read in place from the shared chunk
 * pool (electron/engine/util/chunk-pool.ts), located by `{ at, length }`; the few small pieces the
 * tar stream makes itself (headers, padding) arrive as copies.
 *
 * Messages in:  { t: 'data', parts: (Uint8Array | { at, length })[] } | { t: 'volume-end' } | { t: 'end' }
 * Messages out: { t: 'ack', bytes } per data message, in order (the spawner then frees its slots),
 *               { t: 'done', payload: hex, volumes: hex[] } after 'end'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { VolumeDigests } from '../util/volume-digests';

/** Where a part of the stream is: a copy, or a range of the shared chunk pool. */
export type StreamPart = Uint8Array | { at: number; length: number };
type Message = { t: 'data'; parts: StreamPart[] } | { t: 'volume-end' } | { t: 'end' };

const data = workerData as { split?: boolean; memory: SharedArrayBuffer };
const memory = data.memory;
const digests = new VolumeDigests(Boolean(data.split));

parentPort!.on('message', (m: Message) => {
  if (m.t === 'data') {
    let bytes = 0;
    for (const part of m.parts) {
      const c = part instanceof Uint8Array ? part : new Uint8Array(memory, part.at, part.length);
      digests.update(c);
      bytes += c.byteLength;
    }
    parentPort!.postMessage({ t: 'ack', bytes });
  } else if (m.t === 'volume-end') {
    digests.endVolume();
  } else {
    parentPort!.postMessage({ t: 'done', payload: digests.payload(), volumes: digests.volumes });
  }
});
