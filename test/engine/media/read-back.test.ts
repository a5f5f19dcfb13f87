// Read-back proves the medium, not the page cache: after a package is written to an ext4 medium
// on a loop device, one byte of a volume is changed in the loop device's backing file (behind the
// filesystem's cached pages). An ordinary read still returns the written bytes from the cache; the
// read-back reads the device, reports the volume, and the medium is not marked verified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeMediaSet } from '../../../electron/engine/media/write-set';
import { pack } from '../../../electron/engine/pack/pack';
import { makeTestKey } from '../../helpers/keys';
import { ext4Medium, mediaBench, mediaSkipReason } from '../../helpers/media';

const skip = mediaSkipReason();

test('a byte changed on the device behind the page cache fails the read-back; untouched, it verifies', { skip, timeout: 120_000 }, async (t) => {
  const bench = await mediaBench(t);
  const key = await makeTestKey(bench.dir);
  const src = join(bench.dir, 'src');
  await mkdir(src);
  const marker = randomBytes(64);
  await writeFile(join(src, 'data.bin'), Buffer.concat([randomBytes(300_000), marker, randomBytes(300_000)]));
  const out = join(bench.dir, 'out');
  await mkdir(out);
  const p = await pack({ sources: [src], outDir: out, signingKey: key.signingKey, source: 'LOW', destination: 'HIGH', transferId: 'T-rb', sequence: 1, expires: new Date(Date.now() + 86400_000) });

  const good = await ext4Medium(bench.t, bench.dir, 'good', 16);
  const ok = await writeMediaSet({ packageDir: p.packageDir, targets: [good.mountPoint], readBack: true });
  assert.deepEqual(ok.media.map((m) => [m.verified, m.readBack, m.mismatches.length]), [[true, 'o_direct', 0]]);

  const bad = await ext4Medium(bench.t, bench.dir, 'bad', 16);
  const volume = join(bad.mountPoint, 'T-rb', 'payload.tar');
  let cachedAfterChange: Buffer | null = null;
  const r = await writeMediaSet({
    packageDir: p.packageDir, targets: [bad.mountPoint], readBack: true,
    onMedium: (e) => {
      if (e.phase !== 'verifying') return;
      // Written and fsynced: the volume's bytes are in the image file. Change one behind ext4.
      const image = readFileSync(bad.image);
      const at = image.indexOf(marker);
      assert.ok(at > 0, 'the marker is in the image');
      assert.equal(image.indexOf(marker, at + 1), -1, 'once');
      const fd = openSync(bad.image, 'r+');
      writeSync(fd, Buffer.from([marker[10]! ^ 0xff]), 0, 1, at + 10);
      closeSync(fd);
      cachedAfterChange = readFileSync(volume);
    },
  });
  // The page cache still answers with the written bytes: a plain read would have "verified" it.
  assert.ok(cachedAfterChange !== null && (cachedAfterChange as Buffer).includes(marker), 'an ordinary read is answered by the cache');
  const m = r.media[0]!;
  assert.equal(m.verified, false);
  assert.deepEqual(m.mismatches.map((x) => x.file), ['T-rb/payload.tar']);
  assert.match(m.mismatches[0]!.reason, /reads back with SHA-256 [0-9a-f]{64}, not [0-9a-f]{64}/);
  assert.ok((await readFile(volume)).includes(marker), 'still cached after the read-back');
});
