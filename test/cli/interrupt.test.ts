// Interrupted jobs leave nothing behind (issue 9 §3): real signals sent to a real `sluice` child
// mid-job on a payload big enough to be mid-way (a 200 MiB sparse file), then the target checked.
// SIGINT, SIGTERM and SIGHUP cancel cleanly (exit 128 + n, one line, nothing in DEST or on the
// target, no ledger line); after a kill -9 the next run removes its own leftover, and never a
// live owner's folder or a folder without Sluice's owner record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '../helpers/tmp';
import { runCli, spawnCli, type SpawnedCli } from '../helpers/cli';
import { makeTestKey, TEST_PASSPHRASE } from '../helpers/keys';
import { OWNER_FILE, ownerRecord, stagingPrefix } from '../../electron/engine/util/leftovers';

const BIG = 200 * 1024 * 1024;

async function setup(t: { after: (fn: () => void | Promise<void>) => void }) {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir);
  await writeFile(join(dir, 'pass'), `${TEST_PASSPHRASE}\n`);
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'src', 'big.bin'), '');
  await truncate(join(dir, 'src', 'big.bin'), BIG);
  await mkdir(join(dir, 'small'));
  await writeFile(join(dir, 'small', 'note.txt'), 'small\n');
  await mkdir(join(dir, 'out'));
  await mkdir(join(dir, 'dest'));
  await mkdir(join(dir, 'trust'));
  await writeFile(join(dir, 'trust', 'low.pub'), await readFile(key.pubFile));
  const packArgs = (src: string, id: string) => ['pack', src, '--key', key.keyFile, '--passphrase-file', join(dir, 'pass'), '--out', join(dir, 'out'), '--from', 'LOW', '--to', 'HIGH', '--state', join(dir, 'state.json'), '--id', id];
  const importArgs = (pkg: string) => ['import', pkg, '--trust', join(dir, 'trust'), '--to', join(dir, 'dest'), '--station', 'HIGH', '--ledger', join(dir, 'ledger.jsonl'), '--officer', 'olivia'];
  return { dir, key, packArgs, importArgs };
}

/** Waits until `dir` holds an entry matching `match` with at least `bytes` bytes written under it, then returns its name. */
async function waitForWork(job: SpawnedCli, dir: string, match: (name: string) => boolean, bytes: number): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const name = (await readdir(dir)).find(match);
    if (name && (await treeBytes(join(dir, name))) >= bytes) return name;
    if (job.child.exitCode !== null) throw new Error(`the job ended before it could be interrupted: ${job.stderr()}`);
    if (Date.now() > deadline) throw new Error(`no ${dir} entry with ${bytes} bytes; stderr: ${job.stderr()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function treeBytes(path: string): Promise<number> {
  const st = await stat(path).catch(() => null);
  if (!st) return 0;
  if (!st.isDirectory()) return st.blocks * 512;
  let total = 0;
  for (const n of await readdir(path).catch(() => [])) total += await treeBytes(join(path, n));
  return total;
}

for (const [sig, code] of [['SIGTERM', 143], ['SIGHUP', 129], ['SIGINT', 130]] as const) {
  test(`${sig} during pack removes <id>.partial, says so and exits ${code}`, async (t) => {
    const { dir, packArgs } = await setup(t);
    const job = spawnCli(packArgs(join(dir, 'src'), `T-${sig}`));
    await waitForWork(job, join(dir, 'out'), (n) => n.endsWith('.partial'), 16 * 1024 * 1024);
    job.child.kill(sig);
    const r = await job.done;
    assert.equal(r.code, code, r.stderr);
    assert.match(r.stderr, new RegExp(`^sluice pack: cancelled by ${sig}; nothing was written\\.$`, 'm'));
    assert.deepEqual(await readdir(join(dir, 'out')), [], 'nothing is left on the target');
  });
}

test('SIGTERM during import removes the staging folder, records nothing and exits 143', async (t) => {
  const { dir, packArgs, importArgs } = await setup(t);
  const packed = await runCli(packArgs(join(dir, 'src'), 'T-import'), { timeoutMs: 60_000 });
  assert.equal(packed.code, 0, packed.stderr);
  const job = spawnCli(importArgs(packed.stdout.trim()));
  await waitForWork(job, join(dir, 'dest'), (n) => n.startsWith('.sluice-staging-'), 16 * 1024 * 1024);
  job.child.kill('SIGTERM');
  const r = await job.done;
  assert.equal(r.code, 143, r.stderr);
  assert.match(r.stderr, /^sluice import: cancelled by SIGTERM; nothing was imported and nothing was recorded\.$/m);
  assert.deepEqual(await readdir(join(dir, 'dest')), [], 'no staging folder is left in DEST');
  const ledger = await readFile(join(dir, 'ledger.jsonl'), 'utf8').catch(() => '');
  assert.doesNotMatch(ledger, /transfer\.(rejected|imported)/, 'a cancel is not a verdict on the package');

  // The package is still importable: the cancel left no replay state behind.
  const again = await runCli(importArgs(packed.stdout.trim()), { timeoutMs: 60_000 });
  assert.equal(again.code, 0, again.stderr);
});

test('after kill -9 of pack, the next pack into that folder removes the leftover and says so', async (t) => {
  const { dir, packArgs } = await setup(t);
  const job = spawnCli(packArgs(join(dir, 'src'), 'T-killed'));
  const partial = await waitForWork(job, join(dir, 'out'), (n) => n.endsWith('.partial'), 16 * 1024 * 1024);
  job.child.kill('SIGKILL');
  await job.done;
  assert.deepEqual(await readdir(join(dir, 'out')), [partial], 'kill -9 leaves the partial package (nothing could run)');
  const owner = JSON.parse(await readFile(join(dir, 'out', partial, OWNER_FILE), 'utf8'));
  assert.equal(owner.pid, job.child.pid, 'the partial package records its owner');

  const next = await runCli(packArgs(join(dir, 'small'), 'T-next'));
  assert.equal(next.code, 0, next.stderr);
  assert.match(next.stderr, new RegExp(`removed a leftover partial package from an interrupted pack \\(pid ${job.child.pid}\\): .*T-killed\\.partial`));
  assert.deepEqual(await readdir(join(dir, 'out')), ['T-next']);
  assert.deepEqual(await readdir(join(dir, 'out', 'T-next')).then((n) => n.includes(OWNER_FILE)), false, 'the owner record is not part of the package');
});

test('after kill -9 of import, the next import into DEST removes the leftover staging folder', async (t) => {
  const { dir, packArgs, importArgs } = await setup(t);
  const packed = await runCli(packArgs(join(dir, 'src'), 'T-imp-killed'), { timeoutMs: 60_000 });
  assert.equal(packed.code, 0, packed.stderr);
  const job = spawnCli(importArgs(packed.stdout.trim()));
  const staging = await waitForWork(job, join(dir, 'dest'), (n) => n.startsWith('.sluice-staging-'), 16 * 1024 * 1024);
  job.child.kill('SIGKILL');
  await job.done;
  assert.deepEqual(await readdir(join(dir, 'dest')), [staging]);
  assert.ok(staging.startsWith(`.sluice-staging-${job.child.pid}-`), `the staging folder names its owner: ${staging}`);

  const next = await runCli(importArgs(packed.stdout.trim()), { timeoutMs: 60_000 });
  assert.equal(next.code, 0, next.stderr);
  assert.match(next.stderr, new RegExp(`removed a leftover staging folder from an interrupted import \\(pid ${job.child.pid}\\)`));
  assert.deepEqual(await readdir(join(dir, 'dest')), ['T-imp-killed']);
});

test("a live owner's leftovers and folders without Sluice's owner record are left alone", async (t) => {
  const { dir, packArgs, importArgs } = await setup(t);
  // This test process is alive on this boot: its folders belong to a running job.
  const liveStaging = `${stagingPrefix(ownerRecord(process.pid))}abcdef`;
  await mkdir(join(dir, 'dest', liveStaging));
  await writeFile(join(dir, 'dest', liveStaging, 'file'), 'in progress');
  await mkdir(join(dir, 'dest', '.sluice-staging-Ab12Cd')); // the old, ownerless form
  await mkdir(join(dir, 'out', 'T-live.partial'));
  await writeFile(join(dir, 'out', 'T-live.partial', OWNER_FILE), JSON.stringify({ tool: 'sluice', kind: 'pack', ...ownerRecord(process.pid) }));
  await mkdir(join(dir, 'out', 'T-foreign.partial')); // no owner record: not ours to judge

  const packed = await runCli(packArgs(join(dir, 'small'), 'T-small'));
  assert.equal(packed.code, 0, packed.stderr);
  assert.match(packed.stderr, new RegExp(`left .*T-live\\.partial alone: it belongs to a pack \\(pid ${process.pid}\\)`));
  assert.doesNotMatch(packed.stderr, /T-foreign/);
  assert.deepEqual((await readdir(join(dir, 'out'))).sort(), ['T-foreign.partial', 'T-live.partial', 'T-small']);

  const imported = await runCli(importArgs(packed.stdout.trim()));
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stderr, new RegExp(`left .*${liveStaging} alone: it belongs to an import \\(pid ${process.pid}\\)`));
  assert.deepEqual((await readdir(join(dir, 'dest'))).sort(), [liveStaging, '.sluice-staging-Ab12Cd', 'T-small'].sort());
  assert.equal(await readFile(join(dir, 'dest', liveStaging, 'file'), 'utf8'), 'in progress');
});
