// Media sets end to end through the real CLI on real filesystems in image files (FAT32 through
// fusefat, ext4 on a loop device, exFAT through exfat-fuse): a package written across three media
// with read-back, gathered back byte for byte and verified; a missing and a foreign medium named
// (exit 1); a full and a read-only medium refused before a byte is written (exit 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { makeTestKey, makeTrustStore, TEST_PASSPHRASE } from '../helpers/keys';
import { ext4Medium, exfatMedium, fatMedium, mediaBench, mediaSkipReason } from '../helpers/media';

const skip = mediaSkipReason();

async function packIn(dir: string, name: string, bytes: number, extra: string[] = []) {
  const key = await makeTestKey(dir, `k-${name}`);
  await writeFile(join(dir, 'pass'), `${TEST_PASSPHRASE}\n`);
  const src = join(dir, `src-${name}`);
  await mkdir(src);
  await writeFile(join(src, 'data.bin'), randomBytes(bytes));
  await mkdir(join(dir, `out-${name}`));
  const r = await runCli(['pack', src, '--key', key.keyFile, '--passphrase-file', join(dir, 'pass'), '--out', join(dir, `out-${name}`),
    '--from', 'LOW', '--to', 'HIGH', '--id', name, '--state', join(dir, `state-${name}.json`), ...extra]);
  assert.equal(r.code, 0, r.stderr);
  await makeTrustStore(join(dir, 'trust'), [key]);
  return r.stdout.trim();
}

test('a package written across three media (read back past the cache) is gathered back byte for byte and verifies; missing and foreign media are named', { skip, timeout: 300_000 }, async (t) => {
  const bench = await mediaBench(t);
  const fat = await fatMedium(bench.t, bench.dir, 'fat', 72);
  // Leave about 20 MiB free on the FAT medium, so that it is filled "up to its free space".
  await writeFile(join(fat.mountPoint, 'filler.bin'), Buffer.alloc(50 * 1024 * 1024, 1));
  const ext = await ext4Medium(bench.t, bench.dir, 'ext', 24);
  const exf = await exfatMedium(bench.t, bench.dir, 'exf', 24);
  const pkg = await packIn(bench.dir, 'T-set', 40 * 1024 * 1024, ['--volume-size', '5M']);
  const ledger = join(bench.dir, 'ledger.jsonl');

  const w = await runCli(['write', pkg, fat.mountPoint, ext.mountPoint, exf.mountPoint, '--read-back', '--json',
    '--ledger', ledger, '--station', 'LOW', '--actor', 'alice'], { timeoutMs: 240_000 });
  assert.equal(w.code, 0, w.stderr + w.stdout);
  const out = JSON.parse(w.stdout) as { media: { target: string; medium: number; of: number; volumes: string[]; verified: boolean; readBack: string }[] };
  assert.equal(out.media.length, 3);
  assert.deepEqual(out.media.map((m) => [m.target, m.medium, m.of, m.verified, m.readBack]),
    [[fat.mountPoint, 1, 3, true, 'o_direct'], [ext.mountPoint, 2, 3, true, 'o_direct'], [exf.mountPoint, 3, 3, true, 'o_direct']]);
  assert.deepEqual(out.media.flatMap((m) => m.volumes), Array.from({ length: 9 }, (_, i) => `payload.tar.${String(i + 1).padStart(3, '0')}`));
  assert.match(w.stderr, /medium 2 of 3: writing/);
  // Each medium: the package files, its share of the volumes, and the label beside the folder.
  assert.deepEqual((await readdir(ext.mountPoint)).sort(), ['T-set', 'T-set.medium.json', 'lost+found']);
  const onExt = await readdir(join(ext.mountPoint, 'T-set'));
  for (const f of ['manifest.json', 'manifest.json.minisig', 'SHA256SUMS', 'SHA256SUMS.minisig', 'FILES.SHA256SUMS', 'README.txt']) assert.ok(onExt.includes(f), f);
  assert.deepEqual(onExt.filter((f) => f.startsWith('payload')).sort(), out.media[1]!.volumes);
  const label = JSON.parse(await readFile(join(exf.mountPoint, 'T-set.medium.json'), 'utf8'));
  assert.deepEqual([label.format, label.transferId, label.medium, label.of], ['sluice-media-set/1', 'T-set', 3, 3]);
  const events = (await readFile(ledger, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(events.map((e) => [e.event, e.data.medium, e.data.verified]), [['media.written', 1, true], ['media.written', 2, true], ['media.written', 3, true]]);

  // Gathered in any order, one package, byte for byte, that verifies.
  const inbox = join(bench.dir, 'inbox');
  await mkdir(inbox);
  const g = await runCli(['gather', exf.mountPoint, fat.mountPoint, join(ext.mountPoint, 'T-set'), '--into', inbox], { timeoutMs: 120_000 });
  assert.equal(g.code, 0, g.stderr);
  assert.equal(g.stdout.trim(), join(inbox, 'T-set'));
  assert.deepEqual((await readdir(join(inbox, 'T-set'))).sort(), (await readdir(pkg)).sort());
  for (const f of await readdir(pkg)) assert.ok((await readFile(join(pkg, f))).equals(await readFile(join(inbox, 'T-set', f))), f);
  const v = await runCli(['verify', join(inbox, 'T-set'), '--trust', join(bench.dir, 'trust')]);
  assert.equal(v.code, 0, v.stdout + v.stderr);

  // A missing medium is named; nothing is written.
  const inbox2 = join(bench.dir, 'inbox2');
  await mkdir(inbox2);
  const missing = await runCli(['gather', fat.mountPoint, exf.mountPoint, '--into', inbox2]);
  assert.equal(missing.code, 1, missing.stderr);
  assert.match(missing.stderr, /medium 2 of 3: missing/);
  assert.deepEqual(await readdir(inbox2), []);

  // A medium of another set is named by its path.
  const other = await ext4Medium(bench.t, bench.dir, 'other', 16);
  const pkg2 = await packIn(bench.dir, 'T-other', 100_000);
  const w2 = await runCli(['write', pkg2, other.mountPoint]);
  assert.equal(w2.code, 0, w2.stderr);
  const foreign = await runCli(['gather', fat.mountPoint, other.mountPoint, exf.mountPoint, '--into', inbox2]);
  assert.equal(foreign.code, 1, foreign.stderr);
  assert.match(foreign.stderr, new RegExp(`${other.mountPoint}: medium of another set \\(transfer T-other`));
  assert.deepEqual(await readdir(inbox2), []);
});

test('a full and a read-only medium are refused before a byte is written (exit 2)', { skip, timeout: 120_000 }, async (t) => {
  const bench = await mediaBench(t);
  const pkg = await packIn(bench.dir, 'T-refused', 4 * 1024 * 1024);
  const full = await ext4Medium(bench.t, bench.dir, 'full', 16);
  await writeFile(join(full.mountPoint, 'filler.bin'), Buffer.alloc(12 * 1024 * 1024, 7));
  const ro = await ext4Medium(bench.t, bench.dir, 'ro', 16, { readOnly: true });
  const before = (await readdir(full.mountPoint)).sort();

  const r1 = await runCli(['write', pkg, full.mountPoint]);
  assert.equal(r1.code, 2, r1.stderr);
  assert.match(r1.stderr, new RegExp(`${full.mountPoint} has [0-9.]+ [KM]i?B free; it needs at least .* nothing was written|does not fit on ${full.mountPoint}`));
  assert.deepEqual((await readdir(full.mountPoint)).sort(), before);

  const r2 = await runCli(['write', pkg, ro.mountPoint]);
  assert.equal(r2.code, 2, r2.stderr);
  assert.match(r2.stderr, new RegExp(`${ro.mountPoint}: the medium is read-only`));
  assert.match(r2.stderr, /nothing was written/);

  // Refused together, before the writable first medium gets a byte.
  const ok = await ext4Medium(bench.t, bench.dir, 'ok', 16);
  const r3 = await runCli(['write', pkg, ok.mountPoint, ro.mountPoint]);
  assert.equal(r3.code, 2, r3.stderr);
  assert.deepEqual(await readdir(ok.mountPoint), ['lost+found']);
});
