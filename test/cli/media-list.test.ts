// `sluice media list --json`: a loop-mounted test image is listed only when loop devices are asked
// for (SLUICE_MEDIA_INCLUDE_LOOP=1 or --include-loop), with its filesystem, size and free space;
// the system disk (the one holding /) is never listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli';
import { ext4Medium, fatMedium, mediaBench, mediaSkipReason } from '../helpers/media';

const skip = mediaSkipReason();

interface Listed { mountPoint: string; filesystem: string; size: number; free: number; readOnly: boolean; transport: string }

test('media list shows test images only when asked, and never the system disk', { skip, timeout: 60_000 }, async (t) => {
  const bench = await mediaBench(t);
  const ext = await ext4Medium(bench.t, bench.dir, 'stick', 32);
  const fat = await fatMedium(bench.t, bench.dir, 'fatstick', 72, { fsname: true });

  const plain = await runCli(['media', 'list', '--json']);
  assert.equal(plain.code, 0, plain.stderr);
  const without = (JSON.parse(plain.stdout) as { media: Listed[] }).media;
  assert.ok(!without.some((m) => m.mountPoint === ext.mountPoint || m.mountPoint === fat.mountPoint), 'a loop device does not look removable');

  const asked = await runCli(['media', 'list', '--json'], { env: { SLUICE_MEDIA_INCLUDE_LOOP: '1' } });
  assert.equal(asked.code, 0, asked.stderr);
  const media = (JSON.parse(asked.stdout) as { media: Listed[] }).media;
  const e = media.find((m) => m.mountPoint === ext.mountPoint);
  assert.ok(e, asked.stdout);
  assert.deepEqual([e.filesystem, e.readOnly, e.transport], ['ext4', false, 'loop']);
  assert.ok(e.size > 20 * 1024 * 1024 && e.free > 10 * 1024 * 1024 && e.free <= e.size, JSON.stringify(e));
  const f = media.find((m) => m.mountPoint === fat.mountPoint);
  assert.ok(f, asked.stdout);
  assert.deepEqual([f.filesystem, f.transport], ['FAT32', 'image']);
  assert.ok(!media.some((m) => m.mountPoint === '/'), 'the system disk is never listed');

  const text = await runCli(['media', 'list', '--include-loop']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`${ext.mountPoint}\\n  ext4, [0-9.]+ MiB free of [0-9.]+ MiB`));
});
