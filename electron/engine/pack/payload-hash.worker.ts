/**
 * Hashes the payload's tar stream off the main thread: SHA-256 of the whole stream and, when it is
 * split, of each volume. The main thread reads sources, hashes each file and writes volumes; this
 * thread sees the same bytes (copied by postMessage, cheap next to hashing) in the same order.
 *
 * Messages in:  { t: 'data', chunks: Uint8Array[] } | { t: 'volume-end' } | { t: 'end' }
 * Messages out: { t: 'ack', bytes } per data message (the spawner's back-pressure),
 *               { t: 'done', payload: hex, volumes: hex[] } after 'end'.
 */
import { createHash, type Hash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

type Message = { t: 'data'; chunks: Uint8Array[] } | { t: 'volume-end' } | { t: 'end' };

const split = Boolean((workerData as { split?: boolean } | undefined)?.split);
const payload = createHash('sha256');
let volume: Hash | null = split ? createHash('sha256') : null;
const volumes: string[] = [];

parentPort!.on('message', (m: Message) => {
  if (m.t === 'data') {
    let bytes = 0;
    for (const c of m.chunks) {
      payload.update(c);
      volume?.update(c);
      bytes += c.byteLength;
    }
    parentPort!.postMessage({ t: 'ack', bytes });
  } else if (m.t === 'volume-end') {
    if (volume) {
      volumes.push(volume.digest('hex'));
      volume = createHash('sha256');
    }
  } else {
    const whole = payload.digest('hex');
    parentPort!.postMessage({ t: 'done', payload: whole, volumes: split ? volumes : [whole] });
  }
});
