// `sluice gather SOURCE --into DIR --incremental`: a set gathered one medium per call, as with one
// USB port, on real ext4 media in image files. Each call says how far the set is; a medium of
// another set of the same transfer id (another manifest) is named and changes nothing; a medium
// given twice copies nothing; the last one completes a package that verifies byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { makeTestKey, makeTrustStore, TEST_PASSPHRASE } from '../helpers/keys';
import { ext4Medium, mediaBench, mediaSkipReason } from '../helpers/media';

const skip = mediaSkipReason();

async function packIn(dir: string, tag: string, id: string, bytes: number, extra: string[] = []) {
  const key = await makeTestKey(dir, `k-${tag}`);
  await writeFile(join(dir, 'pass'), `${TEST_PASSPHRASE}\n`);
  const src = join(dir, `src-${tag}`);
  await mkdir(src);
  await writeFile(join(src, 'data.bin'), randomBytes(bytes));
  await mkdir(join(dir, `out-${tag}`));
  const r = await runCli(['pack', src, '--key', key.keyFile, '--passphrase-file', join(dir, 'pass'), '--out', join(dir, `out-${tag}`),
    '--from', 'LOW', '--to', 'HIGH', '--id', id, '--state', join(dir, `state-${tag}.json`), ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return { pkg: r.stdout.trim(), key };
}

test('gather --incremental: one medium per call in any order, a foreign medium named, the last call completes a package that verifies', { skip, timeout: 300_000 }, async (t) => {
  const bench = await mediaBench(t);
  const media = [];
  for (const n of ['m1', 'm2', 'm3']) media.push(await ext4Medium(bench.t, bench.dir, n, 12));
  const { pkg, key } = await packIn(bench.dir, 'a', 'T-inc', 18 * 1024 * 1024, ['--volume-size', '3M']);
  await makeTrustStore(join(bench.dir, 'trust'), [key]);
  const w = await runCli(['write', pkg, ...media.map((m) => m.mountPoint)], { timeoutMs: 120_000 });
  assert.equal(w.code, 0, w.stderr);
  assert.match(w.stderr, /medium 3 of 3/);
  // Another package under the same transfer id: its medium belongs to another set.
  const other = await ext4Medium(bench.t, bench.dir, 'other', 12);
  const b = await packIn(bench.dir, 'b', 'T-inc', 100_000);
  assert.equal((await runCli(['write', b.pkg, other.mountPoint])).code, 0);

  const inbox = join(bench.dir, 'inbox');
  await mkdir(inbox);
  const gather = (source: string) => runCli(['gather', source, '--into', inbox, '--incremental'], { timeoutMs: 120_000 });
  const g2 = await gather(media[1]!.mountPoint);
  assert.equal(g2.code, 0, g2.stderr);
  assert.match(g2.stderr, /medium 2 of 3 gathered; 2 to go \(medium 1, 3\)/);
  assert.equal(g2.stdout, '', 'no package yet');
  assert.deepEqual(await readdir(inbox), ['T-inc.gathering']);

  const before = (await readdir(join(inbox, 'T-inc.gathering'))).sort();
  const foreign = await gather(other.mountPoint);
  assert.equal(foreign.code, 1, foreign.stderr);
  assert.match(foreign.stderr, new RegExp(`${other.mountPoint}: medium of another set \\(manifest [0-9a-f]{16}…\\), not of T-inc`));
  assert.deepEqual((await readdir(join(inbox, 'T-inc.gathering'))).sort(), before, 'nothing gathered changed');

  const g3 = await gather(media[2]!.mountPoint);
  assert.match(g3.stderr, /medium 3 of 3 gathered; 1 to go \(medium 1\)/);
  const again = await gather(media[2]!.mountPoint);
  assert.equal(again.code, 0);
  assert.match(again.stderr, /medium 3 of 3 was already gathered; 1 to go/);
  const g1 = await gather(media[0]!.mountPoint);
  assert.equal(g1.code, 0, g1.stderr);
  assert.match(g1.stderr, /medium 1 of 3 gathered; the set is complete/);
  assert.equal(g1.stdout.trim(), join(inbox, 'T-inc'));
  assert.deepEqual(await readdir(inbox), ['T-inc']);
  assert.deepEqual((await readdir(join(inbox, 'T-inc'))).sort(), (await readdir(pkg)).sort(), 'no gathering record or .partial left');
  for (const f of await readdir(pkg)) assert.ok((await readFile(join(pkg, f))).equals(await readFile(join(inbox, 'T-inc', f))), f);
  const v = await runCli(['verify', join(inbox, 'T-inc'), '--trust', join(bench.dir, 'trust')]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
});

test('gather --incremental: a volume damaged on its medium is named and not gathered', { skip, timeout: 120_000 }, async (t) => {
  const bench = await mediaBench(t);
  const media = [await ext4Medium(bench.t, bench.dir, 'd1', 12), await ext4Medium(bench.t, bench.dir, 'd2', 12)];
  const { pkg } = await packIn(bench.dir, 'd', 'T-dmg', 12 * 1024 * 1024, ['--volume-size', '3M']);
  assert.equal((await runCli(['write', pkg, ...media.map((m) => m.mountPoint)], { timeoutMs: 120_000 })).code, 0);
  const label = JSON.parse(await readFile(join(media[1]!.mountPoint, 'T-dmg.medium.json'), 'utf8')) as { volumes: string[] };
  const vol = join(media[1]!.mountPoint, 'T-dmg', label.volumes[0]!);
  const bytes = await readFile(vol);
  bytes[100] = bytes[100]! ^ 1;
  await writeFile(vol, bytes);
  const inbox = join(bench.dir, 'inbox');
  await mkdir(inbox);
  assert.equal((await runCli(['gather', media[0]!.mountPoint, '--into', inbox, '--incremental'])).code, 0);
  const bad = await runCli(['gather', media[1]!.mountPoint, '--into', inbox, '--incremental']);
  assert.equal(bad.code, 1, bad.stderr);
  assert.match(bad.stderr, new RegExp(`${label.volumes[0]!.replace(/\./g, '\\.')} has SHA-256 [0-9a-f]{64}, the manifest says`));
  const left = await readdir(join(inbox, 'T-dmg.gathering'));
  assert.ok(!left.includes(label.volumes[0]!) && !left.some((n) => n.endsWith('.partial')), 'the bad volume is not kept');
});
