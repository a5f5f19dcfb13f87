/**
 * Reads payload volumes for the payload pass, in order, into the shared ring
 * (./payload-ring.ts), and computes each volume's SHA-256 and, when there are several volumes, the
 * whole payload's. Blocking reads are fine here: this thread does nothing else, and the main thread
 * never blocks on the medium (its event loop keeps turning while a stalled stick stalls this
 * thread; a cancel is seen at once, though the pass ends only when the stalled read returns).
 *
 * The file descriptor belongs to the main thread, which opened it (O_NOFOLLOW) and closes it only
 * after this thread has reported the volume's end, so a descriptor is never closed mid-read.
 */
import { readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { VolumeDigests } from '../util/volume-digests';
import { END, RING_CHUNK, RING_SLOTS, RingView, TAIL, type RingMemory } from './payload-ring';
import type { VolumeReadRequest, VolumeReadResponse } from './worker-source';

const port = parentPort!;
const data = workerData as { ring: RingMemory; separatePayload: boolean };
const ring = new RingView(data.ring);
const digests = new VolumeDigests(data.separatePayload);
/** One byte, for the probe past a volume's declared end. */
const probe = new Uint8Array(1);

/** Waits until chunk `seq`'s slot is free (the main thread is done with what it held). */
function waitForSlot(seq: number): boolean {
  let tail: number;
  while (seq - (tail = Atomics.load(ring.control, TAIL)) >= RING_SLOTS) {
    if (ring.stopped) return false;
    ring.waitChange(TAIL, tail, 1000);
  }
  return !ring.stopped;
}

/** Reads volume `fd` of `size` bytes through the ring; reports its end by message, then END. */
function readVolume(fd: number, size: number): void {
  let seq = 0;
  let pos = 0;
  let short = false;
  const stopped = () => {
    digests.abandonVolume();
    port.postMessage({ t: 'volume-end', stopped: true, bytesRead: pos, short: false, longer: false, sha256: '' } satisfies VolumeReadResponse);
  };
  const end = (r: VolumeReadResponse) => {
    // END takes a slot too: never overwrite the length of a chunk the main thread has not taken.
    if (!waitForSlot(seq)) return stopped();
    port.postMessage(r); // before END is published, so the main thread finds it when it sees END
    ring.publish(seq, END);
  };
  try {
    while (pos < size) {
      if (!waitForSlot(seq)) return stopped();
      const slot = ring.slots[ring.slotOf(seq)]!;
      const want = Math.min(RING_CHUNK, size - pos);
      let got = 0;
      while (got < want) {
        const n = readSync(fd, slot, got, want - got, pos + got);
        if (n === 0) break;
        got += n;
      }
      if (got > 0) {
        const bytes = slot.subarray(0, got);
        digests.update(bytes);
        ring.publish(seq++, got);
        pos += got;
      }
      if (got < want) {
        short = true;
        break;
      }
    }
    const longer = !short && readSync(fd, probe, 0, 1, size) > 0;
    end({ t: 'volume-end', stopped: false, bytesRead: pos, short, longer, sha256: digests.endVolume() });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    digests.abandonVolume();
    end({ t: 'volume-end', stopped: false, bytesRead: pos, short, longer: false, sha256: '', error: { message: err.message, code: err.code } });
  }
}

port.on('message', (msg: VolumeReadRequest) => {
  if (msg.t === 'volume') readVolume(msg.fd, msg.size);
  else port.postMessage({ t: 'payload', sha256: digests.payload() } satisfies VolumeReadResponse);
});
