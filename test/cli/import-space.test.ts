// Import checks the quarantine's free space before extracting: into a 1 MiB tmpfs, a 2 MiB package
// is refused with one line and exit 2 before any byte is written (no staging folder, no ledger
// line), while a small package still imports there. Needs root for `mount -t tmpfs`; skipped otherwise.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { makeTempDir, removeTempDir } from '../helpers/tmp';
import { mountSmallVolume, type SmallVolume } from '../helpers/small-volume';
import { makeFixture, type Fixture } from '../engine/verify/fixture';

let dir: string;
let fx: Fixture;
let dest: string;
let mounted = false;
let volume: SmallVolume;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-cli-space-');
  fx = await makeFixture(dir);
  volume = await mountSmallVolume(dir, '1m');
  ({ path: dest, mounted } = volume);
});
after(async () => {
  await volume.remove();
  await removeTempDir(dir);
});

const fresh = () => ({ created: new Date(Date.now() - 60_000), expires: new Date(Date.now() + 86_400_000) });

test('a package larger than the free space is refused before extraction, in one line, exit 2', async (t) => {
  if (!mounted) return t.skip('mount -t tmpfs needs root');
  const src = join(dir, 'big-src');
  await mkdir(src);
  await writeFile(join(src, 'two-mib.bin'), Buffer.alloc(2 * 1024 * 1024, 3));
  const pkg = (await fx.makePackage({ ...fresh(), sources: [src], transferId: 'SP-1', sequence: 1 })).packageDir;
  const ledger = join(dir, 'ledger.jsonl');
  const args = (p: string) => ['import', p, '--trust', join(dir, 'trust'), '--to', dest, '--station', 'HIGH', '--officer', 'olga', '--ledger', ledger];
  const r = await runCli(args(pkg));
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^sluice import: ${dest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has [0-9.]+ [KMG]?i?B free; importing SP-1 needs 2\\.\\d+ MiB\\. Free some space there or import elsewhere; nothing was written\\.\\n$`));
  assert.deepEqual(await readdir(dest), [], 'no staging folder, no byte written');
  assert.equal(existsSync(ledger), false, 'an environment error is not a rejection');

  const small = (await fx.makePackage({ ...fresh(), transferId: 'SP-2', sequence: 2 })).packageDir;
  const ok = await runCli(args(small));
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.deepEqual(await readdir(dest), ['SP-2']);
});
