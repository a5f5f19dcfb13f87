// `sluice write … --read-back --eject` on a real ext4 medium in an image file (a loop device, so
// eject unmounts with umount: udisks2 does not run here, see test/engine/media/eject.test.ts): the
// medium is written, read back, recorded and unmounted; a medium a program still holds is written
// and verified but not ejected, and the program is named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runCli } from '../helpers/cli';
import { makeTestKey, TEST_PASSPHRASE } from '../helpers/keys';
import { ext4Medium, isMounted, mediaBench, mediaSkipReason } from '../helpers/media';

const skip = mediaSkipReason();

test('write --read-back --eject unmounts the verified medium; a held medium is named and stays mounted', { skip, timeout: 120_000 }, async (t) => {
  const bench = await mediaBench(t);
  const key = await makeTestKey(bench.dir);
  await writeFile(join(bench.dir, 'pass'), `${TEST_PASSPHRASE}\n`);
  await mkdir(join(bench.dir, 'src'));
  await writeFile(join(bench.dir, 'src', 'a.bin'), randomBytes(200_000));
  await mkdir(join(bench.dir, 'out'));
  const p = await runCli(['pack', join(bench.dir, 'src'), '--key', key.keyFile, '--passphrase-file', join(bench.dir, 'pass'), '--out', join(bench.dir, 'out'),
    '--from', 'LOW', '--to', 'HIGH', '--id', 'T-ej', '--state', join(bench.dir, 'state.json')]);
  assert.equal(p.code, 0, p.stderr);
  const pkg = p.stdout.trim();
  const ledger = join(bench.dir, 'ledger.jsonl');

  const m = await ext4Medium(bench.t, bench.dir, 'stick', 16);
  const w = await runCli(['write', pkg, m.mountPoint, '--read-back', '--eject', '--json', '--ledger', ledger, '--station', 'LOW', '--actor', 'alice']);
  assert.equal(w.code, 0, w.stderr);
  const out = JSON.parse(w.stdout) as { ejected: string[]; media: { verified: boolean }[] };
  assert.deepEqual(out.ejected, [m.mountPoint]);
  assert.equal(out.media[0]!.verified, true);
  assert.equal(isMounted(m.mountPoint), false, 'unmounted');
  const events = (await readFile(ledger, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { event: string; data: { verified: boolean } });
  assert.deepEqual(events.map((e) => [e.event, e.data.verified]), [['media.written', true]]);

  const held = await ext4Medium(bench.t, bench.dir, 'held', 16);
  const holder = spawn('sleep', ['60'], { cwd: held.mountPoint, stdio: 'ignore' });
  t.after(() => void holder.kill());
  const h = await runCli(['write', pkg, held.mountPoint, '--read-back', '--eject']);
  assert.equal(h.code, 2, h.stderr);
  assert.match(h.stderr, new RegExp(`Cannot eject ${held.mountPoint}: it is still in use by ${holder.pid} \\(sleep\\)\\. Close those programs`));
  assert.equal(isMounted(held.mountPoint), true, 'still mounted');
  assert.ok((await readFile(join(held.mountPoint, 'T-ej.medium.json'), 'utf8')).includes('"medium": 1'), 'written and labelled before the eject was refused');
});
