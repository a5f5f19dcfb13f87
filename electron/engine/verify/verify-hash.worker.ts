/**
 * Hashes payload volumes off the main thread: SHA-256 of each volume and, when there are several,
 * of the whole payload. The main thread transfers each chunk here after parsing it, so both cores
 * work: this one on volume/payload digests, the main one on tar headers and per-file digests.
 */
import { createHash, type Hash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { HashRequest, HashResponse } from './payload-hasher';

const port = parentPort!;
const separatePayload = Boolean((workerData as { separatePayload: boolean }).separatePayload);
let volume: Hash = createHash('sha256');
const payload: Hash | null = separatePayload ? createHash('sha256') : null;
let lastVolume = '';

port.on('message', (msg: HashRequest) => {
  let reply: HashResponse;
  if (msg.t === 'data') {
    volume.update(msg.bytes);
    payload?.update(msg.bytes);
    reply = { t: 'ack', bytes: msg.bytes.byteLength };
  } else if (msg.t === 'end-volume') {
    lastVolume = volume.digest('hex');
    volume = createHash('sha256');
    reply = { t: 'digest', id: msg.id, hex: lastVolume };
  } else {
    reply = { t: 'digest', id: msg.id, hex: payload ? payload.digest('hex') : lastVolume };
  }
  port.postMessage(reply);
});
