/**
 * Hashes payload volumes off the main thread: SHA-256 of each volume and, when there are several,
 * of the whole payload. The main thread reads each chunk into a slot of a shared chunk pool
 * (electron/engine/util/chunk-pool.ts) and tells this thread where it is before parsing it, so
 * both cores work on the same bytes at once: this one on volume/payload digests, the main one on
 * tar headers and per-file digests. The slot stays held for this thread until it acknowledges.
 */
import { createHash, type Hash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { HashRequest, HashResponse } from './payload-hasher';

const port = parentPort!;
const data = workerData as { separatePayload: boolean; memory: SharedArrayBuffer };
const separatePayload = Boolean(data.separatePayload);
const memory = data.memory;
let volume: Hash = createHash('sha256');
const payload: Hash | null = separatePayload ? createHash('sha256') : null;
let lastVolume = '';

port.on('message', (msg: HashRequest) => {
  let reply: HashResponse;
  if (msg.t === 'data') {
    const bytes = new Uint8Array(memory, msg.at, msg.length);
    volume.update(bytes);
    payload?.update(bytes);
    reply = { t: 'ack' };
  } else if (msg.t === 'end-volume') {
    lastVolume = volume.digest('hex');
    volume = createHash('sha256');
    reply = { t: 'digest', id: msg.id, hex: lastVolume };
  } else {
    reply = { t: 'digest', id: msg.id, hex: payload ? payload.digest('hex') : lastVolume };
  }
  port.postMessage(reply);
});
