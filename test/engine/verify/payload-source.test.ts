/**
 * The two PayloadSource implementations against one contract, on real files: the chunks are the
 * file's bytes in order, the digests are SHA-256 of exactly the declared size, a file shorter or
 * longer than declared is reported, reading can be stopped mid-volume and the source reused, and
 * a read error rejects instead of hanging. The worker source is given files larger than its ring
 * (4 × 64 KiB), so slots are reused many times over.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inlineSource, type PayloadSource } from '../../../electron/engine/verify/payload-source';
import { workerSource } from '../../../electron/engine/verify/worker-source';
import { RING_CHUNK, RING_SLOTS } from '../../../electron/engine/verify/payload-ring';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

let dir: string;
const a = randomBytes(RING_CHUNK * RING_SLOTS * 3 + 12345); // not a multiple of the chunk size
const b = randomBytes(RING_CHUNK * 2); // exactly two chunks
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-source-');
  await writeFile(join(dir, 'a'), a);
  await writeFile(join(dir, 'b'), b);
});
after(() => removeTempDir(dir));

const sha = (x: Uint8Array) => createHash('sha256').update(x).digest('hex');

/**
 * Reads one volume whole through `src`, copying each chunk (chunks are reused after next()). A slow
 * reader holds each chunk a while first, as an extracting sink does, giving the reading side every
 * chance to overwrite a chunk still in use.
 */
async function readVolume(src: PayloadSource, name: string, size: number, slow = false) {
  const fh = await open(join(dir, name), constants.O_RDONLY);
  try {
    src.startVolume(fh, size);
    const parts: Buffer[] = [];
    let chunk: Uint8Array | null;
    while ((chunk = await src.next())) {
      if (slow) await sleep(3);
      parts.push(Buffer.from(chunk));
    }
    return { bytes: Buffer.concat(parts), end: await src.endVolume() };
  } finally {
    await fh.close();
  }
}

const kinds: [string, (volumes: number) => PayloadSource][] = [
  ['inline', (volumes) => inlineSource(volumes, a.length)],
  ['worker', (volumes) => workerSource(volumes)],
];

for (const [kind, make] of kinds) {
  test(`${kind} source: two volumes give their bytes in order, each volume's SHA-256 and the payload's`, async () => {
    const src = make(2);
    try {
      const va = await readVolume(src, 'a', a.length, true);
      const vb = await readVolume(src, 'b', b.length, true);
      assert.ok(va.bytes.equals(a) && vb.bytes.equals(b));
      assert.deepEqual(va.end, { sha256: sha(a), bytesRead: a.length, short: false, longer: false, stopped: false });
      assert.equal(vb.end.sha256, sha(b));
      assert.equal(await src.finish(), sha(Buffer.concat([a, b])));
    } finally {
      await src.close();
    }
  });

  test(`${kind} source: with one volume the payload digest is the volume's`, async () => {
    const src = make(1);
    try {
      await readVolume(src, 'a', a.length);
      assert.equal(await src.finish(), sha(a));
    } finally {
      await src.close();
    }
  });

  test(`${kind} source: a file shorter than declared is short; one longer is longer, and only the declared bytes are read`, async () => {
    const src = make(2);
    try {
      const short = await readVolume(src, 'b', b.length + 1000);
      assert.ok(short.bytes.equals(b));
      assert.equal(short.end.short, true);
      assert.equal(short.end.bytesRead, b.length);
      const longer = await readVolume(src, 'a', a.length - 1);
      assert.ok(longer.bytes.equals(a.subarray(0, a.length - 1)));
      assert.equal(longer.end.short, false);
      assert.equal(longer.end.longer, true);
      assert.equal(longer.end.sha256, sha(a.subarray(0, a.length - 1)));
    } finally {
      await src.close();
    }
  });

  test(`${kind} source: stopping mid-volume leaves the source usable for the next volume`, async () => {
    const src = make(2);
    const fh = await open(join(dir, 'a'), constants.O_RDONLY);
    try {
      src.startVolume(fh, a.length);
      assert.ok(await src.next());
      assert.ok(await src.next());
      const end = await src.endVolume();
      assert.equal(end.stopped, true);
      assert.equal(end.sha256, '');
      await fh.close(); // the source no longer touches the handle
      const again = await readVolume(src, 'b', b.length);
      assert.ok(again.bytes.equals(b));
      assert.equal(again.end.sha256, sha(b));
    } finally {
      await fh.close().catch(() => {});
      await src.close();
    }
  });

  test(`${kind} source: a read error rejects next() with the error's code`, async () => {
    const src = make(1);
    const fh = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY); // read(2) on a directory fails: EISDIR
    try {
      src.startVolume(fh, 100);
      await assert.rejects(src.next(), { code: 'EISDIR' });
      await src.endVolume().catch(() => {}); // whatever it says, it must not hang
    } finally {
      await fh.close();
      await src.close();
    }
  });
}
